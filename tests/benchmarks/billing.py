"""Benchmark: the contract billing run against its floor.

    bash tests/benchmarks/run.sh billing [--n 2000|10000] [--batch 500]

Creates N monthly contracts (each with a customer of its own, one installment
due) in a scratch database ``bench_billing`` (contract_recurring installed
without demo), then measures each phase in a fresh process of its own, on a fresh copy of
that database (same start: same tables and statistics, registry loaded, the
preview computed once untimed):

- floor: batched ``account.move.create`` of exactly the invoices the run
  creates (values prepared from the preview, not timed);
- run: ``recurring.billing.run`` compute + confirm (one invoice per
  installment).

``--rounds R`` repeats them (order floor, run, run, floor, ...) and keeps
the best of each.  Prints invoices per second, their ratio (target >= 0.9)
and the peak RSS growth of each phase (sampled), which for the run must not
grow with N beyond the batch size.  Rates are given per second of wall-clock
time and per second of CPU time of the phase's Odoo process and PostgreSQL
backend together, with the CPU time split between the two.
"""

import argparse
import json
import subprocess
import sys
import threading
import time

import psutil
from psycopg2.extensions import ISOLATION_LEVEL_AUTOCOMMIT

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.service.db import exp_drop, exp_duplicate_database
from odoo.tools import config

# as tests/benchmarks/run.sh starts this script: by runpy, so that the folder
# (its collections.py) stays off sys.path
LAUNCHER = (
    "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
)


class CpuTime:
    """CPU seconds (user + system) of this process and of the cursor's
    PostgreSQL backend (a local server: its process is read from /proc)."""

    def __init__(self, cr):
        cr.execute("SELECT pg_backend_pid()")
        self.processes = [psutil.Process(), psutil.Process(cr.fetchone()[0])]

    def _now(self):
        return [sum(p.cpu_times()[:2]) for p in self.processes]

    def __enter__(self):
        self.start = self._now()
        return self

    def __exit__(self, *exc):
        self.odoo, self.postgres = (
            end - start for end, start in zip(self._now(), self.start, strict=True)
        )

    @property
    def seconds(self):
        return self.odoo + self.postgres


class PeakRss:
    """Samples the process RSS every 10 ms; ``growth`` is peak minus start."""

    def __init__(self):
        self.process = psutil.Process()
        self.start = self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def growth_mb(self):
        return (self.peak - self.start) / 2**20


def prepare(env, n):
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    if not journal:
        env["account.chart.template"].try_loading("it", company)
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
    product = env["product.product"].create({"name": "Canone", "type": "service"})
    contract_type = env["recurring.contract.type"].create(
        {"name": "Bench", "kind": "maintenance", "product_id": product.id}
    )
    partners = env["res.partner"].create(
        [{"name": f"Cliente {i:05d}", "is_company": True} for i in range(n)]
    )
    contracts = env["recurring.contract"].create(
        [
            {
                "partner_id": partner.id,
                "type_id": contract_type.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "billing_cycle": "monthly",
                "line_ids": [
                    (0, 0, {"name": "Canone", "product_id": product.id, "price_unit": 1200.0})
                ],
            }
            for partner in partners
        ]
    )
    contracts.action_activate()
    return journal


def _new_run(env, journal):
    return env["recurring.billing.run"].create(
        {
            "invoice_date": "2026-01-31",
            "journal_id": journal.id,
            "one_invoice_per_installment": True,
        }
    )


def _floor_values(env, journal):
    """The values of exactly the invoices the run creates (their lines carry
    the installment, as the run's do; the floor only does not mark the
    installments billed)."""
    run = _new_run(env, journal)
    run.action_compute()
    billing = env["recurring.billing"]._start(
        run.line_ids.installment_ids, **run._billing_options()
    )
    return [billing._invoice_values(line.installment_ids) for line in run.line_ids]


def measure(registry, phase, batch):
    """One phase in this (fresh) process; everything is rolled back."""
    # importable only once Odoo's addons path is set up
    from odoo.addons.contract_recurring.models import recurring_billing  # noqa: PLC0415

    recurring_billing.CREATE_BATCH = batch
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1
        )
        values = _floor_values(env, journal)  # same untimed warm-up for both phases
        cr.rollback()
        env.invalidate_all()
        with PeakRss() as memory, CpuTime(cr) as cpu:
            started = time.perf_counter()
            if phase == "floor":
                Move = env["account.move"].with_context(
                    default_move_type="out_invoice", check_move_validity=False
                )
                for start in range(0, len(values), batch):
                    Move.create(values[start : start + batch])
                created = len(values)
            else:
                run = _new_run(env, journal)
                run.action_compute()
                run.action_confirm()
                created = len(run.move_ids)
            env.flush_all()
            seconds = time.perf_counter() - started
        cr.rollback()
    return {
        "phase": phase,
        "invoices": created,
        "seconds": seconds,
        "cpu": cpu.seconds,
        "cpu_odoo": cpu.odoo,
        "cpu_postgres": cpu.postgres,
        "rss": memory.growth_mb,
    }


def main():
    separator = sys.argv.index("--")
    odoo_args = sys.argv[1:separator]
    config.parse_config(odoo_args)
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--phase", choices=["floor", "run"], help=argparse.SUPPRESS)
    args = parser.parse_args(sys.argv[separator + 1 :])
    odoo.modules.module.initialize_sys_path()
    database = config["db_name"][0] if isinstance(config["db_name"], list) else config["db_name"]
    registry = Registry(database)
    if args.phase:
        print(json.dumps(measure(registry, args.phase, args.batch)))
        return

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        prepare(env, args.n)
        cr.commit()
        print(f"prepared {args.n} contracts in {time.perf_counter() - started:.1f} s", flush=True)
    with registry.cursor() as cr:  # the copies start with these statistics
        cr.connection.set_isolation_level(ISOLATION_LEVEL_AUTOCOMMIT)
        cr.execute("VACUUM ANALYZE")
    results = {"floor": [], "run": []}
    phases = ["floor", "run", "run", "floor"] * ((args.rounds + 1) // 2)
    for phase in phases[: 2 * args.rounds]:
        # every phase starts from the same database: a fresh copy of the
        # prepared one (rolled-back rows of an earlier phase would leave
        # bloated tables and indexes, and other plans, behind)
        copy = f"{database}_phase"
        exp_drop(copy)
        exp_duplicate_database(database, copy)
        command = [sys.executable, "-c", LAUNCHER, sys.argv[0], *odoo_args]
        command += [f"--database={copy}", "--", "--batch", str(args.batch)]
        try:
            output = subprocess.run(
                [*command, "--phase", phase], check=True, capture_output=True, text=True
            ).stdout
        finally:
            exp_drop(copy)
        result = json.loads(output.strip().splitlines()[-1])
        results[phase].append(result)
        print(
            f"  {phase:5}: {result['invoices']} invoices in {result['seconds']:.1f} s "
            f"({result['invoices'] / result['seconds']:.1f}/s), CPU {result['cpu']:.1f} s "
            f"(Odoo {result['cpu_odoo']:.1f}, PostgreSQL {result['cpu_postgres']:.1f}; "
            f"{result['invoices'] / result['cpu']:.1f}/s), peak RSS +{result['rss']:.0f} MB",
            flush=True,
        )
    created = {phase: "/".join(str(r["invoices"]) for r in rows) for phase, rows in results.items()}
    print(
        f"invoices: {created['run']} (floor {created['floor']}), batch {args.batch}, "
        f"best of {args.rounds}"
    )
    ratios = {}
    for key, label in (("seconds", "wall-clock"), ("cpu", "CPU (Odoo + PostgreSQL)")):
        floor, run = (
            max(r["invoices"] / r[key] for r in results[phase]) for phase in ("floor", "run")
        )
        ratios[label] = run / floor
        print(
            f"{label:24}: floor (batched account.move.create) {floor:6.1f} invoices/s, "
            f"billing run (compute + confirm) {run:6.1f} invoices/s"
        )
    print(
        "peak RSS: floor +{:.0f} MB, billing run +{:.0f} MB".format(
            *(max(r["rss"] for r in results[phase]) for phase in ("floor", "run"))
        )
    )
    for label, ratio in ratios.items():
        print(f"ratio run/floor, {label}: {ratio:.2f} (target >= 0.90)")


if __name__ == "__main__":
    main()
