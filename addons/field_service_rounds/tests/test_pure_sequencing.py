"""Sequencing of a technician's day and the truth of 'not enough time'."""

import pytest

from odoo.addons.field_service_rounds.tools import geo, routing
from odoo.addons.field_service_rounds.tools.errors import PlanningInputError
from odoo.addons.field_service_rounds.tools.routing import Job, Params, Technician, Visit

BASE = (45.0, 9.0)
FAST = Params(time_budget=0.5)


def _no_overlap(timed):
    for before, after in zip(timed, timed[1:], strict=False):
        assert before.end_minute <= after.start_minute


def test_eight_visits_of_a_day_do_not_overlap_and_include_travel():
    visits = [Visit(f"v{i}", 45.0, 9.0 + 0.05 * i, 45, 480) for i in range(1, 9)]
    timed = routing.sequence_day(BASE, visits, 480)
    assert len(timed) == 8
    assert len({t.start_minute for t in timed}) == 8
    _no_overlap(timed)
    # nearest first from the base: the points are on a line eastwards
    assert [t.id for t in timed] == [f"v{i}" for i in range(1, 9)]
    for before, after in zip(timed, timed[1:], strict=False):
        assert after.travel_m > 0
        assert after.start_minute == before.end_minute + after.travel_minutes
    first_leg = geo.travel(BASE, (45.0, 9.05))
    assert timed[0].travel_m == pytest.approx(first_leg[0], rel=0.01)
    assert timed[0].start_minute == 480 + timed[0].travel_minutes


def test_visits_to_one_site_are_back_to_back():
    visits = [
        Visit("site1_a", 45.1, 9.0, 60, 480, place="S1"),
        Visit("other", 45.02, 9.0, 30, 480, place="S2"),
        Visit("site1_b", 45.1, 9.0, 60, 480, place="S1"),
        Visit("site1_c", 45.1, 9.0, 30, 480, place="S1"),
    ]
    timed = routing.sequence_day(BASE, visits, 480)
    ids = [t.id for t in timed]
    assert ids[0] == "other"
    assert ids[1:] == ["site1_a", "site1_b", "site1_c"]
    site = timed[1:]
    assert site[1].start_minute == site[0].end_minute
    assert site[2].start_minute == site[1].end_minute
    assert site[1].travel_m == site[2].travel_m == 0
    _no_overlap(timed)


def test_earliest_minute_waits_and_unlocated_visits_come_last():
    visits = [
        Visit("afternoon", 45.01, 9.0, 60, 14 * 60),
        Visit("nowhere", None, None, 30, 480),
        Visit("morning", 45.02, 9.0, 60, 480),
    ]
    timed = {t.id: t for t in routing.sequence_day(BASE, visits, 480)}
    assert timed["afternoon"].start_minute >= 14 * 60
    assert list(timed)[-1] == "nowhere"
    assert timed["nowhere"].travel_m == 0
    _no_overlap(list(timed.values()))


def test_sequence_refuses_negative_input():
    with pytest.raises(PlanningInputError):
        routing.sequence_day(BASE, [Visit("x", 45.0, 9.0, -5)], 480)


def test_far_optional_job_is_served_when_days_are_empty():
    """Before the fix a job whose round trip cost more than its prize was
    reported 'not enough time' while the technician had five empty days."""
    tech = Technician("t1", *BASE, windows={d: (480, 1080) for d in range(5)})
    days = [(d, 480, 1080) for d in range(5)]
    jobs = [
        Job("far", 45.9, 9.0, 30, days, prize=0.0),
        Job("near", 45.01, 9.0, 30, days, prize=0.0),
    ]
    result = routing.plan_rounds(jobs, [tech], FAST)
    assert result.unplanned == []
    assert result.planned_ids == {"far", "near"}


def test_not_enough_time_only_when_time_is_short():
    tech = Technician("t1", *BASE, windows={0: (480, 600)})  # two hours
    jobs = [Job(f"j{i}", 45.0, 9.0 + 0.001 * i, 50, [(0, 480, 600)], prize=i) for i in range(3)]
    result = routing.plan_rounds(jobs, [tech], FAST)
    left = {u.job_id: u.reason for u in result.unplanned}
    assert len(result.planned_ids) == 2
    assert list(left.values()) == [routing.NOT_ENOUGH_TIME]
    assert "j0" in left  # the lowest prize is the one left out


def test_left_out_jobs_fill_idle_shifts():
    tech = Technician("t1", *BASE, windows={0: (480, 1080), 1: (480, 1080)})
    jobs = [Job("a", 45.02, 9.0, 60, [(0, 480, 1080), (1, 480, 1080)])]
    inst = routing._prepare(jobs, [tech], FAST)
    rounds = []
    still = routing._fill_idle_shifts(inst, rounds, [0])
    assert still == []
    assert len(rounds) == 1
    stop = rounds[0].stops[0]
    assert stop.job_id == "a"
    assert rounds[0].start_sec + stop.travel_sec == stop.start_sec
    assert stop.end_sec - stop.start_sec == 3600
    assert rounds[0].end_sec <= 1080 * 60
