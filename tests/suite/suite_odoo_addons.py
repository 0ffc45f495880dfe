"""Every addon inside a real Odoo 18 on real PostgreSQL.

(b) each addon of ``addons/`` installed from scratch into a fresh database
    without demo data, with its Odoo tests (at_install and post_install);
(c) all addons installed together with demo data, with the cross-addon
    tests of ``tests/`` that are Odoo tests (tag ``suite_demo``).

Odoo's own runner is the authority: a failed or erroring Odoo test, a
non-zero exit, no test at all, or any WARNING/ERROR line in the log fails
the item. Logs stay in ``.logs/``.
"""

import os

import pytest

from setup import odoo_suite

ADDONS = odoo_suite.repo_addons()
PREFIX = os.environ.get("SUITE_DB_PREFIX", "suite")
HTTP_PORT = int(os.environ.get("SUITE_TEST_HTTP_PORT", "8169"))


def _check(run, expect_tests=True):
    assert run.ok, run.summary()
    if expect_tests:
        assert run.tests_run > 0, f"no Odoo test ran; see {run.log}"


def test_repository_has_addons():
    assert ADDONS, "no addon with a __manifest__.py under addons/"


@pytest.mark.parametrize("addon", ADDONS)
def test_addon_installs_alone_without_demo_and_passes_its_tests(addon, odoo_report):
    database = f"{PREFIX}_{addon}"
    run = odoo_suite.install_and_test(
        database, [addon], demo=False, test_tags=f"/{addon}", http_port=HTTP_PORT
    )
    odoo_report.append((f"{addon} (fresh, no demo)", run))
    _check(run)
    # kept: tests that need committed transactions copy it as a template


def test_all_addons_install_together_with_demo_data(odoo_report):
    database = f"{PREFIX}_all_demo"
    run = odoo_suite.install_and_test(
        database, ADDONS, demo=True, test_tags="suite_demo", http_port=HTTP_PORT
    )
    odoo_report.append(("all addons (demo data)", run))
    _check(run, expect_tests=False)
    installed = odoo_suite.installed_modules(database)
    assert set(ADDONS) <= installed, set(ADDONS) - installed
