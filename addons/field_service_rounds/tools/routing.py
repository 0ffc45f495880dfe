"""Technicians' rounds as a prize-collecting VRP with time windows (PyVRP 0.14).

Modelling (one PyVRP ``ProblemData``):

* Time runs over the whole horizon in seconds: day ``d`` covers
  ``[d * 86400, (d + 1) * 86400)``.  Job windows and shifts are minutes of
  their day.  A job window is the customer's presence: service starts and
  ends inside it.
* One depot per technician (its base) and one vehicle type per
  technician-day-window ("shift"), ``num_available=1``, leaving from and back
  to the base within the shift.  Absent days have no vehicle.  A split day
  (e.g. 8-12 and 14-18) gives two shifts, each returning to base.
* A job allowed on several days (or windows) becomes one client copy per
  window, all in a mutually exclusive ``ClientGroup`` that is required iff
  the job is mandatory.  A job with one window is a plain client.  Optional
  jobs carry a prize (score x ``Params.prize_per_point``, in metres) on top
  of a floor above the longest detour a job can add, so that a job is left
  out for lack of time, never because its trip costs more than its score.
  Jobs still left out are tried in the shifts the solution leaves empty.
* Scaling: PyVRP penalises violations (time warp per second, excess load
  per unit) with an adaptive penalty capped at 100 000 a unit.  Costs are
  therefore counted in units of ``Params.cost_unit_m`` (10 m) so that prizes
  stay well below one second of time warp at the cap, and each restricting
  requirement weighs ``LOAD_UNIT`` load units.  Without this a high prize can
  "buy" a small time warp or an unqualified technician.
* The day of a copy is enforced by its time window: another day's shift
  cannot reach it without time warp.
* Skills, vehicle and two-operator crews: PyVRP 0.14 has no per-client list
  of allowed vehicle types (``read()`` emulates it with one routing profile,
  i.e. one full matrix, per allowed set, which is too heavy for 40 shifts).
  We use load dimensions instead: each restricting requirement (a skill, a
  vehicle or "crew" that not every technician has) is a dimension; a client
  delivers ``LOAD_UNIT`` on the dimensions it requires, a shift has a
  capacity above the total demand on the dimensions its technician
  satisfies and 0 on the others, so an unqualified assignment is a load
  excess and never part of a feasible solution.
* Before solving, copies that no qualified shift can serve within its window
  (base -> job -> base) are removed, and jobs left without copies are
  reported with a reason.

If the best solution is infeasible (mandatory jobs do not all fit), it is
solved again with the mandatory jobs optional but with a strong prize (twice
any optional prize or round trip), so a usable plan comes back and the
mandatory jobs left out are reported; ``feasible`` then stays False.  The
worst case thus takes twice ``Params.time_budget``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from pyvrp import (
    Client,
    ClientGroup,
    Depot,
    Location,
    ProblemData,
    VehicleType,
)
from pyvrp import solve as pyvrp_solve
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.stop import MaxRuntime

from . import geo
from .errors import PlanningInputError, _lt

DAY_SECONDS = 86_400
LOAD_UNIT = 100  # load units a restricting requirement weighs
MINUTES_PER_DAY = 1_440

NOT_GEOLOCATED = "not_geolocated"
NO_QUALIFIED_TECHNICIAN = "no_qualified_technician"
NO_AVAILABLE_DAY = "no_available_day"
WINDOW_INFEASIBLE = "window_infeasible"
NOT_ENOUGH_TIME = "not_enough_time"

REASONS = {
    NOT_GEOLOCATED: _lt("The intervention has no coordinates (not geolocated)."),
    NO_QUALIFIED_TECHNICIAN: _lt("No technician has the required skills, vehicle or crew of two."),
    NO_AVAILABLE_DAY: _lt("No qualified technician works on the allowed days."),
    WINDOW_INFEASIBLE: _lt(
        "The time windows cannot be met within any qualified technician's shift."
    ),
    NOT_ENOUGH_TIME: _lt(
        "Not enough working time: interventions with a higher score were planned."
    ),
}


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Job:
    """An intervention to plan; ``windows``: (day_index, start_min, end_min)."""

    id: object
    lat: float | None
    lon: float | None
    service_minutes: int
    windows: Sequence[tuple[int, int, int]]
    required_skills: frozenset = frozenset()
    needs_vehicle: str | None = None
    operators: int = 1
    mandatory: bool = False
    prize: float = 0.0

    @property
    def geolocated(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Technician:
    """A technician (or a crew) with base, skills and shifts per day index.

    ``windows``: day_index -> (start_min, end_min) or a list of them.  A crew
    (``crew_id`` set or ``operators`` >= 2) can serve two-operator jobs.
    """

    id: object
    lat: float
    lon: float
    skills: frozenset = frozenset()
    vehicles: frozenset = frozenset()
    windows: Mapping[int, object] = field(default_factory=dict)
    crew_id: object | None = None
    operators: int = 1

    @property
    def is_crew(self) -> bool:
        return self.crew_id is not None or self.operators >= 2

    def qualified_for(self, job: Job) -> bool:
        return (
            job.required_skills <= self.skills
            and (job.needs_vehicle is None or job.needs_vehicle in self.vehicles)
            and (job.operators < 2 or self.is_crew)
        )


@dataclass(frozen=True)
class Params:
    """Solver settings.

    ``prize_per_point``: metres of driving one score point is worth (1 km);
    ``cost_unit_m``: metres per cost unit inside the solver.  Keep the largest
    prize (max score x prize_per_point / cost_unit_m) well below 100 000.
    """

    time_budget: float = 10.0
    seed: int = 0
    road_factor: float = geo.DEFAULT_ROAD_FACTOR
    speed_kmh: float = geo.DEFAULT_SPEED_KMH
    prize_per_point: int = 1_000
    cost_unit_m: int = 10


# --------------------------------------------------------------- outputs


@dataclass(frozen=True)
class Stop:
    """A visit; times in seconds from midnight of the round's day."""

    job_id: object
    arrival_sec: int
    start_sec: int
    end_sec: int
    travel_m: int
    travel_sec: int


@dataclass(frozen=True)
class Round:
    """The ordered stops of one technician on one day (one shift)."""

    technician_id: object
    day_index: int
    stops: list[Stop]
    distance_m: int
    duration_sec: int
    start_sec: int
    end_sec: int


@dataclass(frozen=True)
class Unplanned:
    job_id: object
    reason: str
    mandatory: bool

    @property
    def message(self) -> str:
        return REASONS[self.reason]


@dataclass(frozen=True)
class PlanResult:
    rounds: list[Round]
    unplanned: list[Unplanned]
    feasible: bool

    @property
    def planned_ids(self) -> set:
        return {stop.job_id for rnd in self.rounds for stop in rnd.stops}


# ------------------------------------------------------------ validation


def _shift_windows(value) -> list[tuple[int, int]]:
    if not value:
        return []
    if isinstance(value[0], (int, float)):
        value = [value]
    return [(int(start), int(end)) for start, end in value]


def _check_window(owner, day, start, end) -> None:
    if day < 0 or not 0 <= start < end <= MINUTES_PER_DAY:
        raise PlanningInputError(
            _lt("%(owner)s: the window %(window)s is not a valid day index and minute range."),
            owner=owner,
            window=(day, start, end),
        )


def _validate(jobs, technicians) -> None:
    seen = set()
    for job in jobs:
        if job.id in seen:
            raise PlanningInputError(_lt("Intervention %(id)s is given twice."), id=job.id)
        seen.add(job.id)
        if job.service_minutes < 0 or job.operators not in (1, 2):
            raise PlanningInputError(
                _lt("Intervention %(id)s: service minutes must be >= 0 and operators 1 or 2."),
                id=job.id,
            )
        for window in job.windows:
            _check_window(f"Intervention {job.id}", *window)
    for tech in technicians:
        for day, value in tech.windows.items():
            for start, end in _shift_windows(value):
                _check_window(f"Technician {tech.id}", day, start, end)


# ----------------------------------------------------------------- model


@dataclass(frozen=True)
class _Shift:
    tech: int
    day: int
    start: int  # absolute seconds
    end: int


@dataclass
class _Instance:
    """Everything needed to build ProblemData and read the solution back."""

    jobs: list[Job]
    technicians: list[Technician]
    shifts: list[_Shift]
    distance: np.ndarray
    duration: np.ndarray
    job_location: dict[int, int] = field(default_factory=dict)
    copies: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)
    unplanned: list[Unplanned] = field(default_factory=list)


def _shifts(technicians) -> list[_Shift]:
    shifts = []
    for t_idx, tech in enumerate(technicians):
        for day in sorted(tech.windows):
            for start, end in _shift_windows(tech.windows[day]):
                offset = day * DAY_SECONDS
                start_s, end_s = offset + start * 60, offset + end * 60
                shifts.append(_Shift(t_idx, day, start_s, end_s))
    return shifts


def _copy_feasible(inst: _Instance, job: Job, loc: int, window, shift) -> bool:
    """Can ``shift`` go base -> job -> base serving ``job`` inside ``window``?"""
    day, start, end = window
    if day != shift.day:
        return False
    base = shift.tech
    service = job.service_minutes * 60
    begin = max(shift.start + inst.duration[base, loc], day * DAY_SECONDS + start * 60)
    finish = begin + service
    return finish <= day * DAY_SECONDS + end * 60 and finish + inst.duration[loc, base] <= shift.end


def _classify(inst: _Instance, j_idx: int, job: Job, loc: int | None) -> str | None:
    """Store the servable copies of a job; return a reason when there is none."""
    if loc is None:
        return NOT_GEOLOCATED
    if not any(t.qualified_for(job) for t in inst.technicians):
        return NO_QUALIFIED_TECHNICIAN
    days = {w[0] for w in job.windows}
    qualified = [
        s for s in inst.shifts if s.day in days and inst.technicians[s.tech].qualified_for(job)
    ]
    if not qualified:
        return NO_AVAILABLE_DAY
    copies = [
        w for w in job.windows if any(_copy_feasible(inst, job, loc, w, s) for s in qualified)
    ]
    if not copies:
        return WINDOW_INFEASIBLE
    inst.copies[j_idx] = copies
    return None


def _prepare(jobs, technicians, params: Params) -> _Instance:
    _validate(jobs, technicians)
    points = [(t.lat, t.lon) for t in technicians]
    locations = {}
    for j_idx, job in enumerate(jobs):
        if job.geolocated:
            locations[j_idx] = len(points)
            points.append((job.lat, job.lon))
    model = geo.TravelModel(params.road_factor, params.speed_kmh)
    distance, duration = geo.travel_matrix(points, model)
    inst = _Instance(jobs, list(technicians), _shifts(technicians), distance, duration)
    inst.job_location = locations
    for j_idx, job in enumerate(jobs):
        reason = _classify(inst, j_idx, job, locations.get(j_idx))
        if reason:
            inst.unplanned.append(Unplanned(job.id, reason, job.mandatory))
    return inst


def _dimensions(inst: _Instance) -> list[tuple]:
    """Requirements that some technician lacks, among the jobs to plan."""
    wanted = set()
    for j_idx in inst.copies:
        job = inst.jobs[j_idx]
        wanted |= {("skill", s) for s in job.required_skills}
        if job.needs_vehicle is not None:
            wanted.add(("vehicle", job.needs_vehicle))
        if job.operators >= 2:
            wanted.add(("crew",))
    return sorted(
        (dim for dim in wanted if not all(_satisfies(t, dim) for t in inst.technicians)),
        key=repr,
    )


def _satisfies(tech: Technician, dim: tuple) -> bool:
    if dim[0] == "skill":
        return dim[1] in tech.skills
    if dim[0] == "vehicle":
        return dim[1] in tech.vehicles
    return tech.is_crew


def _needs(job: Job, dim: tuple) -> bool:
    if dim[0] == "skill":
        return dim[1] in job.required_skills
    if dim[0] == "vehicle":
        return job.needs_vehicle == dim[1]
    return job.operators >= 2


def _mandatory_prize(inst: _Instance, params: Params) -> int:
    """Prize of a relaxed mandatory job: twice any optional prize and any
    round trip, yet small against the time-warp penalty (see module doc)."""
    optional = [
        _optional_prize(inst, inst.jobs[j], params)
        for j in inst.copies
        if not inst.jobs[j].mandatory
    ]
    longest = int(inst.distance.max(initial=0)) // params.cost_unit_m
    return 2 * max([longest * 2, *optional]) + 1


def _detour_floor(inst: _Instance, params: Params) -> int:
    """Cost units above the longest detour that serving one job can add.

    Inserting a job between two points of a route (or in a route of its own)
    adds at most two of the longest legs.  An optional job whose prize stays
    below its detour is left out although there is time to serve it, and was
    then reported as 'not enough time': every optional prize starts above this
    floor, so the score only ranks the jobs when the working time runs short.
    """
    longest = int(inst.distance.max(initial=0))
    return 2 * (longest // params.cost_unit_m + 1) + 1


def _prize(job: Job, params: Params) -> int:
    prize = job.prize * params.prize_per_point / params.cost_unit_m
    return max(0, int(round(prize)))


def _optional_prize(inst: _Instance, job: Job, params: Params) -> int:
    return _detour_floor(inst, params) + _prize(job, params)


def _build(inst: _Instance, params: Params, relax_mandatory: bool):
    """ProblemData and, per client, the index of the job it stands for."""
    dims = _dimensions(inst)
    big = LOAD_UNIT * (sum(len(c) for c in inst.copies.values()) + 1)
    n_tech = len(inst.technicians)
    locations = [Location(x=t.lon, y=t.lat) for t in inst.technicians]
    locations += [
        Location(x=inst.jobs[j].lon, y=inst.jobs[j].lat)
        for j in sorted(inst.job_location, key=inst.job_location.get)
    ]
    depots = [Depot(location=i) for i in range(n_tech)]
    vehicle_types = [
        VehicleType(
            capacity=[big if _satisfies(inst.technicians[s.tech], d) else 0 for d in dims],
            start_depot=s.tech,
            end_depot=s.tech,
            tw_early=s.start,
            tw_late=s.end,
            name=f"{s.tech}:{s.day}",
        )
        for s in inst.shifts
    ]
    clients, groups, client_map = [], [], []
    forced = _mandatory_prize(inst, params) if relax_mandatory else 0
    for j_idx, windows in inst.copies.items():
        job = inst.jobs[j_idx]
        required = job.mandatory and not relax_mandatory
        prize = forced if job.mandatory and relax_mandatory else _optional_prize(inst, job, params)
        group = None
        if len(windows) > 1:
            group = len(groups)
            members = list(range(len(clients), len(clients) + len(windows)))
            groups.append(ClientGroup(members, required=required))
        load = [LOAD_UNIT if _needs(job, d) else 0 for d in dims]
        service = job.service_minutes * 60
        for day, start, end in windows:
            clients.append(
                Client(
                    location=inst.job_location[j_idx],
                    delivery=load,
                    pickup=[0] * len(dims),
                    service_duration=service,
                    tw_early=day * DAY_SECONDS + start * 60,
                    tw_late=day * DAY_SECONDS + end * 60 - service,
                    prize=prize,
                    required=required and group is None,
                    group=group,
                    name=str(job.id),
                )
            )
            client_map.append(j_idx)
    data = ProblemData(
        locations,
        clients,
        depots,
        vehicle_types,
        [np.rint(inst.distance / params.cost_unit_m).astype(np.int64)],
        [inst.duration],
        groups,
    )
    return data, client_map


def _run(data: ProblemData, seconds: float, seed: int):
    """The one solver configuration used by plan_rounds and solve_vrptw.

    PyVRP warns when penalties max out, which is expected when mandatory jobs
    do not fit; the caller checks feasibility itself.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        result = pyvrp_solve(
            data, MaxRuntime(seconds), seed=seed, collect_stats=False, display=False
        )
    return result.best


# ---------------------------------------------------------------- output


def _read_round(inst: _Instance, route, client_map) -> Round:
    shift = inst.shifts[route.vehicle_type()]
    offset = shift.day * DAY_SECONDS
    stops, prev = [], shift.tech
    for act in route.schedule():
        if not act.is_client():
            continue
        j_idx = client_map[act.idx]
        loc = inst.job_location[j_idx]
        stops.append(
            Stop(
                job_id=inst.jobs[j_idx].id,
                arrival_sec=int(act.start_time - act.wait_duration - offset),
                start_sec=int(act.start_time - offset),
                end_sec=int(act.end_time - offset),
                travel_m=int(inst.distance[prev, loc]),
                travel_sec=int(inst.duration[prev, loc]),
            )
        )
        prev = loc
    back = int(inst.distance[prev, shift.tech])
    return Round(
        technician_id=inst.technicians[shift.tech].id,
        day_index=shift.day,
        stops=stops,
        distance_m=sum(stop.travel_m for stop in stops) + back,
        duration_sec=int(route.duration()),
        start_sec=int(route.start_time() - offset),
        end_sec=int(route.end_time() - offset),
    )


def _single_stop_round(inst: _Instance, j_idx: int, window, shift: _Shift) -> Round | None:
    """A round of ``shift`` serving only job ``j_idx`` in ``window``, if it fits."""
    job = inst.jobs[j_idx]
    loc = inst.job_location[j_idx]
    if not _copy_feasible(inst, job, loc, window, shift):
        return None
    offset = shift.day * DAY_SECONDS
    go, back = int(inst.duration[shift.tech, loc]), int(inst.duration[loc, shift.tech])
    begin = max(shift.start + go, offset + window[1] * 60)
    finish = begin + job.service_minutes * 60
    leave = begin - go
    stop = Stop(
        job_id=job.id,
        arrival_sec=begin - offset,
        start_sec=begin - offset,
        end_sec=finish - offset,
        travel_m=int(inst.distance[shift.tech, loc]),
        travel_sec=go,
    )
    return Round(
        technician_id=inst.technicians[shift.tech].id,
        day_index=shift.day,
        stops=[stop],
        distance_m=int(inst.distance[shift.tech, loc] + inst.distance[loc, shift.tech]),
        duration_sec=finish + back - leave,
        start_sec=leave - offset,
        end_sec=finish + back - offset,
    )


def _fill_idle_shifts(inst: _Instance, rounds: list[Round], left: list[int]) -> list[int]:
    """Serve left-out jobs in the shifts the solution leaves empty.

    'Not enough time' must be true: a job the solver left out while a
    qualified technician has an idle shift that can serve it gets that shift.
    Returns the jobs still left out.
    """
    busy_days = {(r.technician_id, r.day_index) for r in rounds}
    idle = [s for s in inst.shifts if (inst.technicians[s.tech].id, s.day) not in busy_days]
    still = []
    ranked = sorted(left, key=lambda j: (not inst.jobs[j].mandatory, -inst.jobs[j].prize, j))
    for j_idx in ranked:
        job = inst.jobs[j_idx]
        placed = None
        for shift in idle:
            if not inst.technicians[shift.tech].qualified_for(job):
                continue
            for window in inst.copies[j_idx]:
                placed = _single_stop_round(inst, j_idx, window, shift)
                if placed:
                    break
            if placed:
                idle.remove(shift)
                break
        if placed:
            rounds.append(placed)
        else:
            still.append(j_idx)
    return still


def _result(inst: _Instance, solution, client_map, feasible: bool) -> PlanResult:
    rounds = [_read_round(inst, r, client_map) for r in solution.routes()]
    served = {s.job_id for r in rounds for s in r.stops}
    left = [j for j in inst.copies if inst.jobs[j].id not in served]
    left = _fill_idle_shifts(inst, rounds, left)
    rounds.sort(key=lambda r: (r.day_index, str(r.technician_id), r.start_sec))
    unplanned = list(inst.unplanned) + [
        Unplanned(inst.jobs[j].id, NOT_ENOUGH_TIME, inst.jobs[j].mandatory) for j in left
    ]
    if feasible is False and not any(inst.jobs[j].mandatory for j in left):
        feasible = True
    return PlanResult(rounds, unplanned, feasible)


# ------------------------------------------------------------------- API


def plan_rounds(
    jobs: Sequence[Job],
    technicians: Sequence[Technician],
    params: Params | None = None,
) -> PlanResult:
    """Plan the rounds of ``technicians`` over the horizon for ``jobs``."""
    params = params or Params()
    inst = _prepare(list(jobs), list(technicians), params)
    if not inst.copies or not inst.shifts:
        return PlanResult([], inst.unplanned, True)
    data, client_map = _build(inst, params, relax_mandatory=False)
    solution = _run(data, params.time_budget, params.seed)
    if solution.is_feasible():
        return _result(inst, solution, client_map, True)
    data, client_map = _build(inst, params, relax_mandatory=True)
    solution = _run(data, params.time_budget, params.seed)
    return _result(inst, solution, client_map, False)


def nearest_jobs(jobs: Sequence[Job], lat: float, lon: float, k: int = 5):
    """The ``k`` geolocated jobs nearest (lat, lon): [(job, straight metres)]."""
    located = [job for job in jobs if job.geolocated]
    points = [(job.lat, job.lon) for job in located]
    return [(located[i], metres) for i, metres in geo.nearest(points, lat, lon, k)]


# ------------------------------------------------ sequencing of one day


@dataclass(frozen=True)
class Visit:
    """A visit already given to a technician and a day, to be put in time.

    ``earliest_minute``: not before this minute of the day (the customer's
    preferred hour or the planner's); ``place``: visits with the same place
    (the site) are done back to back, without travel between them.
    """

    id: object
    lat: float | None
    lon: float | None
    service_minutes: int
    earliest_minute: int = 0
    place: object = None

    @property
    def geolocated(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class TimedVisit:
    """A sequenced visit: minutes of the day, travel from the previous point."""

    id: object
    start_minute: int
    end_minute: int
    travel_m: int
    travel_minutes: int


def _place_groups(visits: Sequence[Visit]) -> list[list[Visit]]:
    groups: dict[object, list[Visit]] = {}
    for visit in visits:
        key = visit.place if visit.place is not None else ("visit", visit.id)
        groups.setdefault(key, []).append(visit)
    return [sorted(group, key=lambda v: v.earliest_minute) for group in groups.values()]


def sequence_day(
    start: tuple[float, float] | None,
    visits: Sequence[Visit],
    start_minute: int,
    params: Params | None = None,
) -> list[TimedVisit]:
    """Put one technician's visits of a day in time, with travel between them.

    From ``start`` (the base, or the last visit already planned that day) at
    ``start_minute``, the places are visited nearest first; the visits of one
    place follow each other with no travel.  A visit starts at its arrival or
    at its ``earliest_minute``, whichever is later.  Visits without
    coordinates come last, with no travel counted.  Nothing overlaps.
    """
    if start_minute < 0 or any(v.service_minutes < 0 for v in visits):
        raise PlanningInputError(_lt("Start minute and service minutes cannot be negative."))
    params = params or Params()
    groups = _place_groups(visits)
    located = [g for g in groups if g[0].geolocated]
    elsewhere = [g for g in groups if not g[0].geolocated]
    order: list[list[Visit]] = []
    if located:
        points = [(g[0].lat, g[0].lon) for g in located]
        origin = start is not None
        if origin:
            points = [start, *points]
        metres, seconds = geo.travel_matrix(
            points, geo.TravelModel(params.road_factor, params.speed_kmh)
        )
        shift = 1 if origin else 0
        todo = list(range(len(located)))
        current = 0 if origin else None
        legs = []
        while todo:
            if current is None:
                nxt = min(todo, key=lambda i: (located[i][0].earliest_minute, i))
                leg = (0, 0)
            else:
                nxt = min(
                    todo,
                    key=lambda i: (
                        int(metres[current, i + shift]),
                        located[i][0].earliest_minute,
                        i,
                    ),
                )
                leg = (int(metres[current, nxt + shift]), int(seconds[current, nxt + shift]))
            todo.remove(nxt)
            order.append(located[nxt])
            legs.append(leg)
            current = nxt + shift
    else:
        legs = []
    legs += [(0, 0)] * len(elsewhere)
    order += elsewhere
    timed, clock = [], start_minute
    for group, (leg_m, leg_s) in zip(order, legs, strict=True):
        for index, visit in enumerate(group):
            travel_m, travel_min = (leg_m, -(-leg_s // 60)) if index == 0 else (0, 0)
            begin = max(clock + travel_min, visit.earliest_minute)
            end = begin + visit.service_minutes
            timed.append(TimedVisit(visit.id, begin, end, travel_m, travel_min))
            clock = end
    return timed


# ------------------------------------------------------- Solomon / VRPLIB


@dataclass(frozen=True)
class VrptwResult:
    """Solution of a VRPLIB VRPTW instance, in the instance's own units."""

    distance: float
    vehicles: int
    feasible: bool
    routes: list[list[int]]


def _scaled(scale: int):
    def round_func(values):
        return np.rint(np.asarray(values, dtype=float) * scale).astype(np.int64)

    return round_func


def _vrptw_data(path, scale: int):
    """ProblemData with values x ``scale``; durations rounded up, so a solution
    feasible in integers is feasible with the exact Euclidean times."""
    import vrplib  # noqa: PLC0415
    from pyvrp import read  # noqa: PLC0415

    instance = vrplib.read_instance(str(path))
    data = read(path, round_func=_scaled(scale))
    exact = np.asarray(instance["edge_weight"], dtype=float) * scale
    durations = np.ceil(np.round(exact, 6)).astype(np.int64)
    return instance, data.replace(duration_matrices=[durations])


def _route_ok(instance, route: list[int], tolerance: float = 1e-6) -> bool:
    """Exact (float) check of time windows and capacity of one route."""
    dist = instance["edge_weight"]
    early, late = instance["time_window"][:, 0], instance["time_window"][:, 1]
    service = np.broadcast_to(instance.get("service_time", 0), len(dist))
    load = sum(instance["demand"][c] for c in route)
    t, prev = float(early[0]), 0
    for node in [*route, 0]:
        t = max(t + dist[prev, node], float(early[node]))
        if t > late[node] + tolerance:
            return False
        t += float(service[node]) if node else 0.0
        prev = node
    return load <= instance["capacity"]


def solve_vrptw(path, seconds: float = 10.0, seed: int = 0, scale: int = 1000):
    """Solve a VRPLIB (e.g. Solomon) VRPTW file with the rounds' solver setup.

    Distance and feasibility are recomputed exactly from the file's Euclidean
    distances; routes list location numbers (depot = 0) as in ``*.sol``.
    """
    instance, data = _vrptw_data(path, scale)
    solution = _run(data, seconds, seed)
    routes = [
        [data.clients()[a.idx].location for a in r.schedule() if a.is_client()]
        for r in solution.routes()
    ]
    dist = instance["edge_weight"]
    total = sum(sum(dist[a, b] for a, b in zip([0, *r], [*r, 0], strict=True)) for r in routes)
    feasible = (
        solution.is_feasible()
        and all(_route_ok(instance, r) for r in routes)
        and sorted(c for r in routes for c in r) == list(range(1, len(dist)))
    )
    return VrptwResult(float(total), len(routes), bool(feasible), routes)


__all__ = [
    "Job",
    "Technician",
    "Params",
    "Stop",
    "Round",
    "Unplanned",
    "PlanResult",
    "VrptwResult",
    "plan_rounds",
    "nearest_jobs",
    "Visit",
    "TimedVisit",
    "sequence_day",
    "solve_vrptw",
    "REASONS",
]
