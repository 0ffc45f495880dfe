"""Each addon uninstalls cleanly from the demo database (issue 16 §5).

For every addon, a copy of the all-addons demo database (left by
``suite_odoo_addons``) loses that addon (and what depends on it); nothing of it
may stay behind (menus, crons, views, record rules, fields, models) and the
other addons of the suite must still open their screens.
"""

import os
import subprocess
import sys

import pytest

from setup import odoo_suite

PREFIX = os.environ.get("SUITE_DB_PREFIX", "suite")
SOURCE = f"{PREFIX}_all_demo"
SCRIPT = odoo_suite.REPO / "tests" / "uninstall" / "check_uninstall.py"


@pytest.fixture
def database():
    if not odoo_suite.database_exists(SOURCE):
        pytest.skip(f"{SOURCE} is missing: the all-addons demo item did not run")
    name = f"{PREFIX}_uninstall"
    odoo_suite.copy_database(SOURCE, name)
    yield name
    odoo_suite.drop_database(name)


@pytest.mark.parametrize("addon", odoo_suite.repo_addons())
def test_addon_uninstalls_cleanly_from_the_demo_database(database, addon):
    odoo_args = odoo_suite.odoo_command(database, "--log-level=warn")[3:]
    command = [sys.executable, str(SCRIPT), *odoo_args, "--", addon]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    errors = [line for line in done.stderr.splitlines() if " ERROR " in line]
    assert not errors, output
    print(done.stdout.strip().splitlines()[-1])
