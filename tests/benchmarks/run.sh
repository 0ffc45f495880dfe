#!/usr/bin/env bash
# Run a benchmark that needs Odoo in a scratch database, e.g.
#   bash tests/benchmarks/run.sh billing --n 2000
# (benchmarks that need no Odoo run directly: python tests/benchmarks/rounds.py)
source "$(dirname "${BASH_SOURCE[0]}")/../../setup/bootstrap.sh"
cd "$REPO"
name=$1
shift
exec "$PY" - "$name" "$@" <<'PYTHON'
import subprocess, sys
from setup import odoo_suite
name, *args = sys.argv[1:]
database = f"bench_{name}"
# the billing benchmark has phases that bill through queue_job's jobs
modules = {"billing": ["contract_recurring", "contract_recurring_queue"]}
run = odoo_suite.install_and_test(database, modules.get(name, ["contract_recurring"]), demo=False)
if run.returncode:
    sys.exit(run.summary())
command = odoo_suite.odoo_command(database, "--log-level=warn")[3:]
script = odoo_suite.REPO / "tests" / "benchmarks" / f"{name}.py"
# runpy keeps tests/benchmarks/ off sys.path: its collections.py (the SDD
# benchmark) would shadow the standard library's collections.
launcher = "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
sys.exit(subprocess.call([sys.executable, "-c", launcher, str(script), *command, "--", *args]))
PYTHON
