"""setup/demo.py: the demo command fails when a module's demo data did not load.

Odoo installs such a module without its demo data and exits 0; the README's
first command must not then serve a demo that lacks it. The Odoo run is
replaced by what its log would give (no database is touched).
"""

import pytest

from setup import demo, odoo_suite

FAILED = (
    "2026-12-05 10:00:00,000 1 WARNING contracts_demo odoo.modules.loading: "
    "Module sepa_rid_cbi demo data failed to install, installed without demo data"
)


@pytest.fixture
def odoo_run(monkeypatch, tmp_path):
    """Install steps return the run given by the test; nothing is served."""
    calls = []
    result = {}

    def run_odoo(database, args, log_name):
        calls.append(args)
        return odoo_suite.OdooRun(0, tmp_path / "demo.log", problems=result["problems"])

    monkeypatch.setattr(odoo_suite, "database_exists", lambda name: False)
    monkeypatch.setattr(odoo_suite, "run_odoo", run_odoo)
    monkeypatch.setattr(odoo_suite, "speak_italian", lambda database: calls.append("italian"))
    return calls, result


def test_demo_data_that_failed_to_load_stops_the_demo(odoo_run):
    calls, result = odoo_run
    result["problems"] = [FAILED]
    with pytest.raises(SystemExit) as stopped:
        demo.main(["--db", "contracts_demo", "--no-serve"])
    assert "installation failed" in str(stopped.value)
    assert "sepa_rid_cbi demo data failed" in str(stopped.value)
    assert "italian" not in calls


def test_demo_installs_and_speaks_italian_when_all_loaded(odoo_run):
    calls, result = odoo_run
    result["problems"] = []
    demo.main(["--db", "contracts_demo", "--no-serve"])
    assert calls[0][0].startswith("--init=")
    assert calls[-1] == "italian"
