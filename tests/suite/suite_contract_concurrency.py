"""Billing safety with real, committed transactions (not Odoo's test cursor).

Each scenario runs tests/concurrency/billing_race.py in its own Python
process against a copy of the database that the contract_recurring item
left installed (``<prefix>_contract_recurring``).
"""

import os
import signal
import subprocess
import sys

import pytest

from setup import odoo_suite

PREFIX = os.environ.get("SUITE_DB_PREFIX", "suite")
SOURCE = f"{PREFIX}_contract_recurring"
SCRIPT = odoo_suite.REPO / "tests" / "concurrency" / "billing_race.py"


@pytest.fixture
def database():
    if not odoo_suite.database_exists(SOURCE):
        pytest.fail(f"{SOURCE} is missing: the contract_recurring install item must run first")
    name = f"{PREFIX}_billing_race"
    odoo_suite.copy_database(SOURCE, name)
    yield name
    odoo_suite.drop_database(name)


def _command(database, *scenario):
    odoo_args = odoo_suite.odoo_command(database, "--log-level=warn")[3:]
    return [sys.executable, str(SCRIPT), *odoo_args, "--", *scenario]


def _run(database, *scenario):
    done = subprocess.run(
        _command(database, *scenario), capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("OK"), done.stdout
    return done.stdout


@pytest.mark.parametrize("scenario", ["race", "stale"])
def test_concurrent_billing_runs_bill_each_installment_once(database, scenario):
    print(_run(database, scenario))


def test_killed_billing_run_leaves_nothing_half_written(database):
    process = subprocess.Popen(
        _command(database, "killed"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("READY"), line + process.stderr.read()
        _ready, partner_id, journal_id = line.split()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(60)
    print(_run(database, "after_kill", partner_id, journal_id))
