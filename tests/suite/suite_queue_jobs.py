"""Billing runs split into queue_job jobs, run by a real job runner.

Each test copies the database the contract_recurring_queue item left
installed (``<prefix>_contract_recurring_queue``), commits contracts and a
billing run there through tests/concurrency/queue_billing.py, and starts an
Odoo server (threaded, on 127.0.0.1 and a free port) with queue_job loaded
server-wide: its job runner executes the jobs, each in its own committed
transaction. Every wait is bounded.
"""

import os
import signal
import socket
import subprocess
import sys

import pytest

from setup import odoo_suite

PREFIX = os.environ.get("SUITE_DB_PREFIX", "suite")
SOURCE = f"{PREFIX}_contract_recurring_queue"
SCRIPT = odoo_suite.REPO / "tests" / "concurrency" / "queue_billing.py"
CONTRACTS = 60  # x 3 monthly installments due by the invoice date


@pytest.fixture
def database():
    if not odoo_suite.database_exists(SOURCE):
        pytest.fail(f"{SOURCE} is missing: the contract_recurring_queue item must run first")
    name = f"{PREFIX}_queue_jobs"
    odoo_suite.copy_database(SOURCE, name)
    yield name
    odoo_suite.drop_database(name)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class JobServer:
    """An Odoo server whose queue_job runner runs the jobs of ``database``."""

    def __init__(self, database, channels, log_name):
        self.database, self.channels, self.log_name = database, channels, log_name
        self.process = None

    def start(self):
        odoo_suite.LOG_DIR.mkdir(parents=True, exist_ok=True)
        port = _free_port()
        command = odoo_suite.odoo_command(
            self.database,
            "--load=base,web,queue_job",
            "--workers=0",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            "--log-level=info",
            f"--logfile={odoo_suite.LOG_DIR / self.log_name}.log",
        )
        env = {**os.environ, "ODOO_QUEUE_JOB_CHANNELS": self.channels}
        self.process = subprocess.Popen(command, env=env, cwd=odoo_suite.REPO)
        return self

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(60)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.kill()


def _script(database, *scenario, timeout=900):
    odoo_args = odoo_suite.odoo_command(database, "--log-level=warn")[3:]
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *odoo_args, "--", *scenario],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip().splitlines()[-1].split()


def _prepare(database, threshold, size):
    word, partner_id, journal_id = _script(database, "prepare", str(CONTRACTS), threshold, size)
    assert word == "PREPARED"
    return partner_id, journal_id


def _start(database, partner_id, journal_id, runs=1, post=False):
    word, *billings = _script(
        database, "start", partner_id, journal_id, str(runs), "1" if post else "0"
    )
    assert word == "STARTED"
    return [billing.split(":")[0] for billing in billings]


def _run_jobs(database, billings, channels, log_name):
    """A job server with ``channels`` bills ``billings``; stopped when done."""
    server = JobServer(database, channels, log_name).start()
    try:
        print(" ".join(_script(database, "wait", *billings, "600")))
    finally:
        server.stop()


def test_run_split_into_jobs_is_billed_once_by_the_job_runner(database):
    partner_id, journal_id = _prepare(database, "50", "40")  # 180 installments, 5 jobs
    billings = _start(database, partner_id, journal_id)
    _run_jobs(database, billings, "root:2,root.recurring_billing:2", "queue_jobs_runner")
    print(" ".join(_script(database, "check", partner_id, str(CONTRACTS), *billings)))


def test_worker_killed_mid_job_bills_the_rest_once(database):
    partner_id, journal_id = _prepare(database, "50", "60")  # 3 jobs, one at a time
    billings = _start(database, partner_id, journal_id)
    first = JobServer(database, "root:1,root.recurring_billing:1", "queue_jobs_killed").start()
    try:
        print(" ".join(_script(database, "wait_started", *billings, "600")))
    finally:
        first.kill()  # SIGKILL mid-job: its transaction is rolled back
    # a new server's runner finds the job dead and re-queues it
    second = JobServer(database, "root:1,root.recurring_billing:1", "queue_jobs_after_kill").start()
    try:
        print(" ".join(_script(database, "wait", *billings, "600")))
    finally:
        second.stop()
    print(" ".join(_script(database, "check", partner_id, str(CONTRACTS), *billings)))


def test_two_runs_over_the_same_installments_bill_no_duplicate(database):
    partner_id, journal_id = _prepare(database, "50", "40")
    billings = _start(database, partner_id, journal_id, runs=2)
    assert len(billings) == 2
    _run_jobs(database, billings, "root:2,root.recurring_billing:2", "queue_jobs_two_runs")
    print(" ".join(_script(database, "check", partner_id, str(CONTRACTS), *billings)))


def test_jobs_posting_on_one_journal_number_without_gaps(database):
    """Two workers post the chunks of one run on the same journal at once:
    Odoo's sequence serialises them (a conflicting job is retried by
    queue_job), and the numbers come out unique and without gaps."""
    partner_id, journal_id = _prepare(database, "50", "30")  # 180 installments, 6 jobs
    billings = _start(database, partner_id, journal_id, post=True)
    _run_jobs(database, billings, "root:2,root.recurring_billing:2", "queue_jobs_posting")
    print(" ".join(_script(database, "check", partner_id, str(CONTRACTS), *billings)))
    print(" ".join(_script(database, "check_posted", partner_id, str(CONTRACTS))))
