import pytest

_RUNS = []


@pytest.fixture
def odoo_report():
    return _RUNS


def pytest_terminal_summary(terminalreporter):
    if not _RUNS:
        return
    terminalreporter.section("Odoo runs")
    for label, run in _RUNS:
        terminalreporter.write_line(
            f"{label}: {run.tests_run} Odoo tests, {run.tests_failed} failed, "
            f"{run.tests_errors} errors, {len(run.problems)} log problems "
            f"(log {run.log})"
        )
