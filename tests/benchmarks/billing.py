"""Benchmark: the contract billing run against its floors, OCA contract, jobs.

    bash tests/benchmarks/run.sh billing [--n 2000|10000] [--batch 500]
        [--phases floor_a,floor_c,run,oca,jobs1,jobs2] [--job-size 500]

Creates N monthly contracts (each with a customer of its own, one installment
due) in a scratch database ``bench_billing`` (contract_recurring and
contract_recurring_queue installed without demo), then measures each phase in
a fresh process of its own, on a fresh copy of that database (same start:
same tables and statistics, registry loaded, the preview computed once
untimed):

- floor_a: batched ``account.move.create`` of exactly the invoices the run
  creates (values prepared from the preview, not timed), default context;
- floor_c: the same with ``tracking_disable``, ``mail_create_nolog`` and
  ``mail_notrack``;
- run: ``recurring.billing.run`` compute + confirm (one invoice per
  installment), inline;
- oca: OCA ``contract`` 18.0 (``odoo-addon-contract``, a benchmark-only
  requirement, tests/benchmarks/requirements-bench.txt, installed --no-deps
  into ``~/.cache/odoo-contract-suite/bench-addons``) billing N monthly
  one-line contracts through ``cron_recurring_create_invoice``, on a fresh
  copy of its own prepared database ``bench_billing_oca``;
- jobs1 / jobs2: the run confirmed with the queue split on (chunks of
  ``--job-size``) and billed by queue_job's runner in an Odoo server started
  with ``--workers=1`` / ``--workers=2`` (channels ``root:W``); timed from the
  confirmation to the run done, the server already up.

``--rounds R`` repeats the floor/run phases (order floor_a, run, run, floor_a,
...) and keeps the best of each.  Prints invoices per second, the ratios
(targets: run/floor_c >= 0.9, run/OCA >= 2.0, jobs2/jobs1 >= 1.5) and the peak
RSS growth of each in-process phase (sampled), which for the run must not
grow with N beyond the batch size.  Rates are given per second of wall-clock
time and, for in-process phases, per second of CPU time of the phase's Odoo
process and PostgreSQL backend together, with the CPU time split between the
two.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import requests
from psycopg2.extensions import ISOLATION_LEVEL_AUTOCOMMIT

import odoo
from odoo import SUPERUSER_ID, api, fields
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


FLOOR_CONTEXTS = {
    "floor_a": {},
    "floor_c": {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True},
}
IN_PROCESS = ("floor_a", "floor_c", "run")
THRESHOLD_PARAM = "contract_recurring_queue.split_threshold"
JOB_SIZE_PARAM = "contract_recurring_queue.job_size"
OCA_DATE = "2026-01-31"  # one monthly invoice due per OCA contract
BENCH_ADDONS = Path.home() / ".cache" / "odoo-contract-suite" / "bench-addons"
REQUIREMENTS = Path(__file__).resolve().parent / "requirements-bench.txt"


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
    values = [billing._invoice_values(line.installment_ids) for line in run.line_ids]
    for invoice in values:  # the run is rolled back before the floor creates them
        invoice.pop("recurring_billing_id", None)
    return values


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
        # the run phase bills inline: no split into jobs, whatever N
        env["ir.config_parameter"].set_param(THRESHOLD_PARAM, 10**9)
        with PeakRss() as memory, CpuTime(cr) as cpu:
            started = time.perf_counter()
            if phase in FLOOR_CONTEXTS:
                Move = env["account.move"].with_context(
                    default_move_type="out_invoice",
                    check_move_validity=False,
                    **FLOOR_CONTEXTS[phase],
                )
                for start in range(0, len(values), batch):
                    Move.create(values[start : start + batch])
                created = len(values)
            else:
                run = _new_run(env, journal)
                run.action_compute()
                run.action_confirm()
                assert run.billing_id.state == "done", "the run phase bills inline"
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


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _option(args, name, value):
    """``args`` with option ``--name`` set to ``value`` (replaced if there)."""
    return [a for a in args if not a.startswith(f"--{name}=")] + [f"--{name}={value}"]


def measure_jobs(registry, odoo_args, workers, job_size):
    """The run split into jobs, billed by an Odoo server with ``workers``
    HTTP workers and queue_job's runner (started first, untimed)."""
    database = registry.db_name
    port = _free_port()
    args = _option(_option(odoo_args, "database", database), "db-filter", f"^{database}$")
    log = Path(os.environ.get("SUITE_LOG_DIR", Path.cwd() / ".logs")) / f"{database}_w{workers}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    # a script of its own, not ``-m odoo``: the prefork server re-runs its
    # sys.argv[0] for the websocket (gevent) process
    launcher = log.parent / "odoo_server.py"
    launcher.write_text("from odoo.cli.command import main\n\nmain()\n")
    command = [
        sys.executable,
        str(launcher),
        *args,
        "--load=base,web,queue_job",
        f"--workers={workers}",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={_free_port()}",
        "--limit-time-cpu=7200",
        "--limit-time-real=7200",
        "--limit-memory-soft=4294967296",
        "--limit-memory-hard=8589934592",
        "--max-cron-threads=0",
        "--log-level=info",
        f"--logfile={log}",
    ]
    channels = f"root:{workers},root.recurring_billing:{workers}"
    env = {**os.environ, "ODOO_QUEUE_JOB_CHANNELS": channels}
    server = subprocess.Popen(command, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while True:
            assert server.poll() is None, f"the job server stopped, see {log}"
            assert time.monotonic() < deadline, "the job server did not start"
            try:
                if requests.get(f"http://127.0.0.1:{port}/web/health", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            time.sleep(1)
        time.sleep(10)  # the runner starts 5 s after the server, then connects
        with registry.cursor() as cr:
            env_ = api.Environment(cr, SUPERUSER_ID, {})
            params = env_["ir.config_parameter"]
            params.set_param(THRESHOLD_PARAM, 0)
            params.set_param(JOB_SIZE_PARAM, job_size)
            journal = env_["account.journal"].search(
                [("type", "=", "sale"), ("company_id", "=", env_.company.id)], limit=1
            )
            run = _new_run(env_, journal)
            run.action_compute()  # the preview, untimed
            cr.commit()
            started = time.perf_counter()
            run.action_confirm()
            billing = run.billing_id
            jobs = len(billing.job_uuid_ref or [])
            cr.commit()
            while True:
                cr.execute("SELECT state FROM recurring_billing WHERE id = %s", [billing.id])
                state = cr.fetchone()[0]
                cr.commit()
                if state in ("done", "failed"):
                    break
                assert server.poll() is None, f"the job server stopped, see {log}"
                time.sleep(0.2)
            seconds = time.perf_counter() - started
            assert state == "done", f"the run {state}, see {log}"
            cr.execute(
                "SELECT count(*) FROM account_move WHERE recurring_billing_id = %s", [billing.id]
            )
            created = cr.fetchone()[0]
            cr.execute(
                """
                SELECT count(*) FROM account_move_line
                 WHERE recurring_installment_id IS NOT NULL AND display_type = 'product'
                 GROUP BY recurring_installment_id HAVING count(*) > 1
                """
            )
            duplicates = len(cr.fetchall())
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(60)
    return {
        "phase": f"jobs{workers}",
        "invoices": created,
        "seconds": seconds,
        "jobs": jobs - 1,  # and the one that closes the run
        "duplicates": duplicates,
    }


# ----------------------------------------------------------------------
# OCA contract
# ----------------------------------------------------------------------
def _bench_addons_path(odoo_args):
    """Odoo's arguments with the benchmark-only OCA addons on the path."""
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if not (BENCH_ADDONS / "odoo" / "addons" / "contract").is_dir():
        subprocess.run(
            [*pip, "--no-deps", "--target", str(BENCH_ADDONS), "-r", str(REQUIREMENTS)], check=True
        )
    path = next(a for a in odoo_args if a.startswith("--addons-path=")).split("=", 1)[1]
    if str(BENCH_ADDONS) in path:
        return odoo_args
    return _option(odoo_args, "addons-path", f"{path},{BENCH_ADDONS / 'odoo' / 'addons'}")


def prepare_oca(env, n):
    """N monthly one-line OCA contracts, one customer each, one invoice due."""
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
    partners = env["res.partner"].create(
        [{"name": f"Cliente {i:05d}", "is_company": True} for i in range(n)]
    )
    env["contract.contract"].create(
        [
            {
                "name": f"Contratto {i:05d}",
                "partner_id": partner.id,
                "contract_type": "sale",
                "journal_id": journal.id,
                "company_id": company.id,
                "line_recurrence": False,
                "recurring_rule_type": "monthly",
                "recurring_interval": 1,
                "recurring_invoicing_type": "pre-paid",
                "date_start": "2026-01-01",
                "contract_line_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Canone",
                            "product_id": product.id,
                            "price_unit": 1200.0,
                            "date_start": "2026-01-01",
                        },
                    )
                ],
            }
            for i, partner in enumerate(partners)
        ]
    )


def measure_oca(registry):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Contract = env["contract.contract"]
        Contract.search([], limit=10).mapped("contract_line_ids")  # warm the registry
        cr.rollback()
        env.invalidate_all()
        with PeakRss() as memory, CpuTime(cr) as cpu:
            started = time.perf_counter()
            Contract.cron_recurring_create_invoice(date_ref=fields.Date.to_date(OCA_DATE))
            env.flush_all()
            seconds = time.perf_counter() - started
        cr.execute("SELECT count(*) FROM account_move WHERE move_type = 'out_invoice'")
        created = cr.fetchone()[0]
        assert created, "OCA contract billed nothing: are its contracts due?"
        cr.rollback()
    return {
        "phase": "oca",
        "invoices": created,
        "seconds": seconds,
        "cpu": cpu.seconds,
        "cpu_odoo": cpu.odoo,
        "cpu_postgres": cpu.postgres,
        "rss": memory.growth_mb,
    }


def _oca_database(odoo_args, n):
    """``bench_billing_oca``: OCA contract installed and N contracts, once per N."""
    database = "bench_billing_oca"
    args = _option(_option(odoo_args, "database", database), "db-filter", f"^{database}$")
    if database in odoo.service.db.list_dbs(True):
        # plain SQL: this process's addons path has no OCA contract
        with odoo.sql_db.db_connect(database).cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM contract_line WHERE recurring_next_date <= %s",
                [OCA_DATE],
            )
            ready = cr.fetchone()[0] == n
        if ready:
            return database, args
        exp_drop(database)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            *args,
            "--init=contract,l10n_it",
            "--without-demo=all",
            "--stop-after-init",
            "--workers=0",
            "--log-level=warn",
        ],
        check=True,
    )
    command = [sys.executable, "-c", LAUNCHER, sys.argv[0], *args, "--", "--prepare-oca", str(n)]
    subprocess.run(command, check=True)
    return database, args


def _copy_and_measure(source, args, phase, extra=()):
    """``phase`` in a new process on a fresh copy of ``source``."""
    copy = f"{source}_phase"
    exp_drop(copy)
    exp_duplicate_database(source, copy)
    command = [sys.executable, "-c", LAUNCHER, sys.argv[0], *args]
    command += [f"--database={copy}", f"--db-filter=^{copy}$", "--", *extra, "--phase", phase]
    try:
        done = subprocess.run(command, check=False, capture_output=True, text=True)
    finally:
        exp_drop(copy)
    if done.returncode:
        sys.exit(f"phase {phase} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _rate(result, key="seconds"):
    return result["invoices"] / result[key] if result[key] else 0.0


def main():
    separator = sys.argv.index("--")
    odoo_args = sys.argv[1:separator]
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--phases", default="floor_a,floor_c,run,oca,jobs1,jobs2")
    parser.add_argument("--job-size", type=int, default=500)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--prepare-oca", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(sys.argv[separator + 1 :])
    if "oca" in args.phases.split(",") and not args.phase:
        # copying the OCA database loads its registry in this process too
        odoo_args = _bench_addons_path(odoo_args)
    config.parse_config(odoo_args)
    odoo.modules.module.initialize_sys_path()
    database = config["db_name"][0] if isinstance(config["db_name"], list) else config["db_name"]
    registry = Registry(database)
    if args.prepare_oca:
        with registry.cursor() as cr:
            prepare_oca(api.Environment(cr, SUPERUSER_ID, {}), args.prepare_oca)
            cr.commit()
            cr.connection.set_isolation_level(ISOLATION_LEVEL_AUTOCOMMIT)
            cr.execute("VACUUM ANALYZE")
        return
    if args.phase:
        if args.phase == "oca":
            result = measure_oca(registry)
        elif args.phase.startswith("jobs"):
            result = measure_jobs(registry, odoo_args, int(args.phase[4:]), args.job_size)
        else:
            result = measure(registry, args.phase, args.batch)
        print(json.dumps(result))
        return

    phases = args.phases.split(",")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        prepare(env, args.n)
        cr.commit()
        print(f"prepared {args.n} contracts in {time.perf_counter() - started:.1f} s", flush=True)
    with registry.cursor() as cr:  # the copies start with these statistics
        cr.connection.set_isolation_level(ISOLATION_LEVEL_AUTOCOMMIT)
        cr.execute("VACUUM ANALYZE")
    results = {phase: [] for phase in phases}
    # every phase starts from the same database: a fresh copy of the prepared
    # one (rolled-back rows of an earlier phase would leave bloated tables and
    # indexes, and other plans, behind)
    in_process = [p for p in phases if p in IN_PROCESS]
    order = (in_process + in_process[::-1]) * ((args.rounds + 1) // 2)
    order = order[: len(in_process) * args.rounds] + [p for p in phases if p not in IN_PROCESS]
    for phase in order:
        try:
            if phase == "oca":
                source, phase_args = _oca_database(odoo_args, args.n)
                result = _copy_and_measure(source, phase_args, phase)
            else:
                extra = ["--batch", str(args.batch), "--job-size", str(args.job_size)]
                result = _copy_and_measure(database, odoo_args, phase, extra)
        except (SystemExit, subprocess.CalledProcessError) as error:  # the others still run
            print(f"  {phase:7}: FAILED {error}", flush=True)
            continue
        results[phase].append(result)
        line = (
            f"  {phase:7}: {result['invoices']} invoices in {result['seconds']:.1f} s "
            f"({_rate(result):.1f}/s)"
        )
        if "cpu" in result:
            line += (
                f", CPU {result['cpu']:.1f} s (Odoo {result['cpu_odoo']:.1f}, PostgreSQL "
                f"{result['cpu_postgres']:.1f}; {_rate(result, 'cpu'):.1f}/s), "
                f"peak RSS +{result['rss']:.0f} MB"
            )
        if "jobs" in result:
            line += f", {result['jobs']} jobs, {result['duplicates']} installments billed twice"
        print(line, flush=True)

    best = {phase: max(rows, key=_rate) for phase, rows in results.items() if rows}
    print(f"N = {args.n}, batch {args.batch}, job size {args.job_size}, best of {args.rounds}")
    print("phase    invoices  seconds  invoices/s  CPU invoices/s")
    for phase, result in best.items():
        cpu = f"{_rate(result, 'cpu'):14.1f}" if "cpu" in result else f"{'-':>14}"
        print(
            f"{phase:8} {result['invoices']:8d} {result['seconds']:8.1f} "
            f"{_rate(result):11.1f} {cpu}"
        )
    targets = (
        ("run", "floor_c", 0.90, "run / floor C"),
        ("run", "floor_a", None, "run / floor A"),
        ("run", "oca", 2.0, "run / OCA contract"),
        ("jobs2", "jobs1", 1.5, "2 workers / 1 worker"),
    )
    for top, bottom, target, label in targets:
        if top in best and bottom in best and _rate(best[bottom]):
            ratio = _rate(best[top]) / _rate(best[bottom])
            goal = f" (target >= {target:.2f})" if target else ""
            print(f"ratio {label}, wall-clock: {ratio:.2f}{goal}")
            if "cpu" in best[top] and "cpu" in best[bottom] and _rate(best[bottom], "cpu"):
                cpu_ratio = _rate(best[top], "cpu") / _rate(best[bottom], "cpu")
                print(f"ratio {label}, CPU: {cpu_ratio:.2f}")
    rss = {p: r["rss"] for p, r in best.items() if "rss" in r}
    print("peak RSS growth: " + ", ".join(f"{p} +{mb:.0f} MB" for p, mb in rss.items()))


if __name__ == "__main__":
    main()
