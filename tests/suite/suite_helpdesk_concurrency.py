"""Helpdesk quota with real, committed, parallel transactions.

Runs tests/helpdesk/quota_race.py in its own Python process against a copy
of the database the helpdesk_quota install item left (``<prefix>_helpdesk_quota``),
or, when that item did not run, a fresh install of helpdesk_quota.
"""

import os
import subprocess
import sys

import pytest

from setup import odoo_suite

PREFIX = os.environ.get("SUITE_DB_PREFIX", "suite")
SOURCE = f"{PREFIX}_helpdesk_quota"
SCRIPT = odoo_suite.REPO / "tests" / "helpdesk" / "quota_race.py"
HTTP_PORT = int(os.environ.get("SUITE_TEST_HTTP_PORT", "8169"))


@pytest.fixture
def database():
    name = f"{PREFIX}_helpdesk_race"
    if odoo_suite.database_exists(SOURCE):
        odoo_suite.copy_database(SOURCE, name)
    else:
        run = odoo_suite.install_and_test(name, ["helpdesk_quota"], demo=False, http_port=HTTP_PORT)
        assert run.ok, run.summary()
    yield name
    odoo_suite.drop_database(name)


def test_twenty_parallel_submissions_against_a_quota_of_ten(database):
    odoo_args = odoo_suite.odoo_command(database, "--log-level=warn")[3:]
    command = [sys.executable, str(SCRIPT), *odoo_args, "--", "race", "20", "10"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert last.startswith("OK"), done.stdout + done.stderr
    print(last)
