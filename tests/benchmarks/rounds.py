"""Benchmark of the field_service_rounds routing core (not part of the suite).

    python tests/benchmarks/rounds.py [--part solomon|week|all]
        [--seconds 10] [--instances C101,R201] [--week-seconds 20]

(a) Solomon VRPTW: 56 instances of ../shared/data/solomon/ (beside the
    repository), each solved with ``solve_vrptw`` within ``--seconds``;
    prints distance, vehicles, gap to the best-known distance and exact
    feasibility.  Targets: average gap <= 2 %, no infeasible solution.
    The distances in best_known.txt are those of the *.sol routes with each
    arc truncated to one decimal (DIMACS convention), 0.2-0.5 % below their
    exact Euclidean length: "gap%" is measured against the exact length of
    the *.sol routes ("best"), "gapTxt%" against the file's figure.
(b) Synthetic week: 500 interventions, 8 technicians, 5 days around Bergamo
    (seeded).  Targets: wall time <= 30 s, 100 % of mandatory served.
"""

from __future__ import annotations

import os
import sys

# This folder may hold modules named like the stdlib (e.g. collections.py):
# keep it off the import path before importing anything else.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import argparse  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import conftest  # noqa: E402, F401  (registers odoo.addons.* without Odoo)

# isort: split
from odoo.addons.field_service_rounds.tools import routing  # noqa: E402

# Shared data lives beside the repository: <repo>/../shared/data/solomon.
SOLOMON = ROOT / ".." / "shared" / "data" / "solomon"


def _best_known() -> dict[str, tuple[int, float]]:
    best = {}
    for line in (SOLOMON / "best_known.txt").read_text().splitlines():
        parts = line.split()
        if len(parts) == 3:
            best[parts[0]] = (int(parts[1]), float(parts[2]))
    return best


def _sol_distance(name: str) -> float:
    """Exact Euclidean length of the best-known routes of ``name``.sol."""
    import vrplib  # noqa: PLC0415 - comes with pyvrp; only this report needs it

    dist = vrplib.read_instance(str(SOLOMON / f"{name}.vrp"))["edge_weight"]
    routes = vrplib.read_solution(str(SOLOMON / f"{name}.sol"))["routes"]
    return float(sum(dist[a, b] for r in routes for a, b in zip([0, *r], [*r, 0], strict=True)))


def run_solomon(seconds: float, names: list[str] | None) -> bool:
    if not (SOLOMON / "best_known.txt").is_file():
        print(f"SKIP Solomon: shared data absent ({SOLOMON.resolve()} not found)")
        return True
    best = _best_known()
    names = names or sorted(best)
    print(f"Solomon VRPTW, {seconds:g} s per instance, {len(names)} instances")
    print(
        f"{'inst':6} {'dist':>9} {'veh':>4} {'best':>9} {'bveh':>4} "
        f"{'gap%':>6} {'gapTxt%':>7} feasible"
    )
    gaps, txt_gaps, infeasible = [], [], []
    for name in names:
        result = routing.solve_vrptw(SOLOMON / f"{name}.vrp", seconds=seconds)
        best_veh, txt_dist = best[name]
        best_dist = _sol_distance(name)
        gaps.append(100 * (result.distance / best_dist - 1))
        txt_gaps.append(100 * (result.distance / txt_dist - 1))
        if not result.feasible:
            infeasible.append(name)
        print(
            f"{name:6} {result.distance:9.1f} {result.vehicles:4d} "
            f"{best_dist:9.1f} {best_veh:4d} {gaps[-1]:6.2f} {txt_gaps[-1]:7.2f} "
            f"{result.feasible}",
            flush=True,
        )
    average = sum(gaps) / len(gaps)
    ok = average <= 2.0 and not infeasible
    print(
        f"average gap {average:.2f} % over {len(gaps)} "
        f"(to best_known.txt: {sum(txt_gaps) / len(txt_gaps):.2f} %); "
        f"infeasible: {', '.join(infeasible) or 'none'}; "
        f"target (avg <= 2 %, none infeasible) {'MET' if ok else 'MISSED'}"
    )
    return ok


def synthetic_week(seed: int = 42, n_jobs: int = 500, n_techs: int = 8):
    """Seeded jobs and technicians around Bergamo (45.70 N, 9.67 E)."""
    rng = random.Random(seed)
    centre = (45.70, 9.67)

    def around(spread):
        return (
            centre[0] + rng.uniform(-spread, spread),
            centre[1] + rng.uniform(-1.4 * spread, 1.4 * spread),
        )

    techs = []
    for i in range(n_techs):
        skills = {"gas"} if i % 3 == 0 else set()
        if i % 2 == 0:
            skills.add("electric")
        techs.append(
            routing.Technician(
                f"T{i}",
                *around(0.15),
                skills=frozenset(skills),
                vehicles=frozenset({"van_large"}) if i in (1, 4) else frozenset(),
                windows={d: (480, 1020) for d in range(5) if (i + d) % 7 != 6},
                crew_id="crew" if i == 7 else None,
            )
        )
    jobs = []
    for j in range(n_jobs):
        days = sorted(rng.sample(range(5), rng.choice([1, 2, 3, 5])))
        half = rng.random()
        start, end = (480, 780) if half < 0.2 else (780, 1020) if half < 0.3 else (480, 1020)
        draw = rng.random()
        jobs.append(
            routing.Job(
                f"J{j}",
                *around(0.3),
                service_minutes=rng.choice([30, 45, 60, 90]),
                windows=[(d, start, end) for d in days],
                required_skills=frozenset(
                    {"gas"} if draw < 0.15 else {"electric"} if draw < 0.35 else set()
                ),
                needs_vehicle="van_large" if rng.random() < 0.04 else None,
                operators=2 if rng.random() < 0.03 else 1,
                mandatory=rng.random() < 0.2,
                prize=rng.uniform(10, 150),
            )
        )
    return jobs, techs


def run_week(seconds: float) -> bool:
    jobs, techs = synthetic_week()
    mandatory = {job.id for job in jobs if job.mandatory}
    started = time.perf_counter()
    result = routing.plan_rounds(jobs, techs, routing.Params(time_budget=seconds))
    wall = time.perf_counter() - started
    served = result.planned_ids
    reasons = Counter(u.reason for u in result.unplanned)
    blocked = {
        u.job_id for u in result.unplanned if u.mandatory and u.reason != routing.NOT_ENOUGH_TIME
    }
    share = 100 * len(served & mandatory) / max(1, len(mandatory - blocked))
    km = sum(r.distance_m for r in result.rounds) / 1000
    ok = wall <= 30 and share == 100 and result.feasible
    print(
        f"Synthetic week: {len(jobs)} interventions, {len(techs)} technicians, "
        f"5 days, budget {seconds:g} s"
    )
    print(
        f"wall {wall:.1f} s; served {len(served)}; rounds {len(result.rounds)}; "
        f"{km:.0f} km; feasible {result.feasible}"
    )
    print(
        f"mandatory {len(mandatory)} (not servable by data: {len(blocked)}); "
        f"served {share:.1f} % of servable mandatory"
    )
    print(f"unplanned by reason: {dict(reasons)}")
    print(f"target (wall <= 30 s, 100 % mandatory) {'MET' if ok else 'MISSED'}")
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["solomon", "week", "all"], default="all")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--instances", help="comma-separated, e.g. C101,R201")
    parser.add_argument("--week-seconds", type=float, default=20.0)
    args = parser.parse_args(argv)
    names = args.instances.split(",") if args.instances else None
    ok = True
    if args.part in ("week", "all"):
        ok &= run_week(args.week_seconds)
    if args.part in ("solomon", "all"):
        ok &= run_solomon(args.seconds, names)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
