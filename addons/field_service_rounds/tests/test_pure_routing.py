import itertools
from datetime import date
from pathlib import Path

import pytest

from odoo.addons.field_service_rounds.tools import calendar_it, geo, routing
from odoo.addons.field_service_rounds.tools.errors import PlanningInputError
from odoo.addons.field_service_rounds.tools.routing import Job, Params, Technician

BASE = (45.0, 9.0)
DAY = (480, 1080)  # 08:00-18:00
FAST = Params(time_budget=0.5)
FIXTURES = Path(__file__).parent / "fixtures"
# Shared data lives beside the repository: <repo>/../shared/data/solomon.
SOLOMON = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "solomon"


def _job(job_id, lat, lon, minutes=30, windows=((0, 480, 1080),), **kwargs):
    kwargs.setdefault("mandatory", True)
    return Job(job_id, lat, lon, minutes, list(windows), **kwargs)


def _tech(tech_id="t1", windows=None, **kwargs):
    return Technician(tech_id, *BASE, windows=windows or {0: DAY}, **kwargs)


def _by_job(result):
    return {stop.job_id: (rnd, stop) for rnd in result.rounds for stop in rnd.stops}


def _reasons(result):
    return {item.job_id: item.reason for item in result.unplanned}


def test_finds_the_optimal_tour():
    points = [
        (45.02, 9.0),
        (45.02, 9.03),
        (45.0, 9.05),
        (44.98, 9.03),
        (44.98, 9.0),
        (45.01, 8.97),
    ]
    jobs = [_job(i, *p) for i, p in enumerate(points)]
    result = routing.plan_rounds(jobs, [_tech()], FAST)
    metres, _ = geo.travel_matrix([BASE, *points])
    best = min(
        sum(metres[a, b] for a, b in zip((0, *order), (*order, 0), strict=True))
        for order in itertools.permutations(range(1, 7))
    )
    assert result.feasible
    assert len(result.rounds) == 1
    assert result.rounds[0].distance_m == best
    assert sum(s.travel_m for s in result.rounds[0].stops) < best  # + way back


def test_time_windows_are_respected():
    jobs = [
        _job("a", 45.0, 9.01),
        _job("b", 45.0, 9.02),
        _job("c", 45.0, 9.03, windows=[(0, 480, 540)]),  # 08:00-09:00
        _job("d", 45.0, 9.04, windows=[(0, 900, 1000)]),  # 15:00-16:40
    ]
    result = routing.plan_rounds(jobs, [_tech()], FAST)
    assert result.feasible
    stops = result.rounds[0].stops
    assert stops[0].job_id == "c"
    for stop in stops:
        job = next(j for j in jobs if j.id == stop.job_id)
        _, start, end = job.windows[0]
        assert start * 60 <= stop.start_sec
        assert stop.end_sec == stop.start_sec + job.service_minutes * 60
        assert stop.end_sec <= end * 60
        assert stop.arrival_sec <= stop.start_sec
    assert 480 * 60 <= result.rounds[0].start_sec
    assert result.rounds[0].end_sec <= 1080 * 60


def test_holidays_and_leaves_remove_days():
    horizon = [date(2026, 4, 6), date(2026, 4, 7)]  # Easter Monday, Tuesday
    week = [(d, 8, 18) for d in range(5)]
    windows = calendar_it.horizon_windows(
        horizon, week, holidays=calendar_it.italian_holidays(2026)
    )
    assert list(windows) == [1]
    jobs = [
        _job("any_day", 45.0, 9.01, windows=[(0, 480, 1080), (1, 480, 1080)]),
        _job("monday_only", 45.0, 9.02),
    ]
    result = routing.plan_rounds(jobs, [_tech(windows=windows)], FAST)
    assert _by_job(result)["any_day"][0].day_index == 1
    assert _reasons(result) == {"monday_only": routing.NO_AVAILABLE_DAY}


def test_job_allowed_on_several_days_is_served_once():
    windows = [(d, 480, 1080) for d in range(3)]
    jobs = [_job("x", 45.0, 9.01, windows=windows, mandatory=False, prize=10)]
    tech = _tech(windows={d: DAY for d in range(3)})
    result = routing.plan_rounds(jobs, [tech], FAST)
    assert sum(len(r.stops) for r in result.rounds) == 1
    assert result.unplanned == []


def test_skills_vehicle_and_crew_restrictions():
    techs = [
        _tech("gasman", skills=frozenset({"gas"})),
        _tech("driver", vehicles=frozenset({"crane"})),
        _tech("crew", crew_id="team-1"),
    ]
    jobs = [
        _job("gas", 45.0, 9.01, required_skills=frozenset({"gas"})),
        _job("lift", 45.0, 9.02, needs_vehicle="crane"),
        _job("heavy", 45.0, 9.03, operators=2),
        _job(
            "impossible",
            45.0,
            9.04,
            required_skills=frozenset({"gas"}),
            needs_vehicle="crane",
        ),
    ]
    result = routing.plan_rounds(jobs, techs, FAST)
    served = _by_job(result)
    assert result.feasible
    assert served["gas"][0].technician_id == "gasman"
    assert served["lift"][0].technician_id == "driver"
    assert served["heavy"][0].technician_id == "crew"
    assert _reasons(result) == {"impossible": routing.NO_QUALIFIED_TECHNICIAN}


def test_unqualified_technicians_stay_idle_even_when_closer():
    far = Technician("far", 45.3, 9.3, skills=frozenset({"gas"}), windows={0: DAY})
    near = _tech("near")
    jobs = [_job(i, 45.0, 9.0 + 0.01 * i, required_skills=frozenset({"gas"})) for i in range(1, 5)]
    result = routing.plan_rounds(jobs, [near, far], FAST)
    assert result.feasible
    assert {r.technician_id for r in result.rounds} == {"far"}
    assert len(result.planned_ids) == 4


def test_low_prize_optional_dropped_when_time_is_short():
    tech = _tech(windows={0: (480, 720)})  # 4 hours
    jobs = [_job(f"m{i}", 45.0, 9.0 + 0.005 * i, minutes=55) for i in range(1, 4)]
    jobs += [
        _job("rich", 45.0, 9.02, minutes=55, mandatory=False, prize=50),
        _job("poor", 45.0, 9.025, minutes=55, mandatory=False, prize=5),
    ]
    result = routing.plan_rounds(jobs, [tech], FAST)
    assert result.feasible
    assert result.planned_ids == {"m1", "m2", "m3", "rich"}
    assert result.unplanned == [routing.Unplanned("poor", routing.NOT_ENOUGH_TIME, False)]
    assert "Not enough working time" in result.unplanned[0].message


def test_mandatory_overflow_reports_infeasible_with_usable_plan():
    tech = _tech(windows={0: (480, 720)})
    jobs = [_job(i, 45.0, 9.0 + 0.005 * i, minutes=60) for i in range(1, 6)]
    result = routing.plan_rounds(jobs, [tech], FAST)
    assert not result.feasible
    assert 3 <= len(result.planned_ids) < 5
    assert all(u.mandatory and u.reason == routing.NOT_ENOUGH_TIME for u in result.unplanned)
    assert len(result.unplanned) + len(result.planned_ids) == 5
    assert result.rounds[0].end_sec <= 720 * 60


def test_window_infeasible_and_not_geolocated_are_reported():
    jobs = [
        _job("short", 45.0, 9.01, minutes=60, windows=[(0, 480, 510)]),
        _job("after_shift", 45.0, 9.01, windows=[(0, 1100, 1200)]),
        _job("too_far", 40.0, 15.0, minutes=30),  # ~ 11 h drive each way
        _job("nowhere", None, None),
        _job("ok", 45.0, 9.01),
    ]
    result = routing.plan_rounds(jobs, [_tech()], FAST)
    assert result.feasible
    assert result.planned_ids == {"ok"}
    assert _reasons(result) == {
        "short": routing.WINDOW_INFEASIBLE,
        "after_shift": routing.WINDOW_INFEASIBLE,
        "too_far": routing.WINDOW_INFEASIBLE,
        "nowhere": routing.NOT_GEOLOCATED,
    }


def test_nothing_to_plan_without_technicians():
    result = routing.plan_rounds([_job("a", 45.0, 9.01)], [], FAST)
    assert result.rounds == []
    assert _reasons(result) == {"a": routing.NO_QUALIFIED_TECHNICIAN}


def test_invalid_input_raises():
    with pytest.raises(PlanningInputError, match="given twice"):
        routing.plan_rounds([_job("a", 45, 9), _job("a", 45, 9)], [_tech()], FAST)
    with pytest.raises(PlanningInputError, match="not a valid day index"):
        routing.plan_rounds([_job("a", 45, 9, windows=[(0, 600, 500)])], [_tech()])


def test_nearest_jobs_skips_non_geolocated():
    jobs = [
        _job("far", 45.5, 9.5),
        _job("none", None, None),
        _job("near", 45.01, 9.0),
        _job("mid", 45.1, 9.0),
    ]
    found = routing.nearest_jobs(jobs, 45.0, 9.0, k=2)
    assert [job.id for job, _ in found] == ["near", "mid"]
    assert found[0][1] == pytest.approx(geo.geodesic_m((45, 9), (45.01, 9)), rel=0.005)


def test_solve_vrptw_tiny_fixture():
    result = routing.solve_vrptw(FIXTURES / "tiny_vrptw.vrp", seconds=0.3)
    assert result.feasible
    assert result.distance == pytest.approx(40.0)
    assert result.vehicles == 2
    right = next(r for r in result.routes if 1 in r or 2 in r)
    assert right == [2, 1]  # node 3 of the file (location 2) has to go first


def test_solve_vrptw_solomon_c101_close_to_best_known():
    if not SOLOMON.is_dir():
        pytest.skip("shared data absent: ../shared/data/solomon not found")
    result = routing.solve_vrptw(SOLOMON / "C101.vrp", seconds=2)
    assert result.feasible
    assert result.distance <= 827.3 * 1.02
