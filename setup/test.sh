#!/usr/bin/env bash
# README command 2: the whole test suite.
#  (a) fast tests of pure domain code (addons/*/tests/test_pure_*.py, no Odoo)
#  (b) each addon installed from scratch without demo data, with its Odoo tests
#  (c) all addons installed together with demo data
# Ends with pytest's summary line; exits non-zero on any failure.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$REPO"
ensure_chromium
ensure_pdf_tools
echo ">>> Odoo $ODOO_PATH, Python $("$PY" -c 'import sys; print(sys.version.split()[0])'), PostgreSQL $PGHOST:$PGPORT as $PGUSER"
export PYTEST_DISABLE_PLUGIN_AUTOLOAD=1
# order: fast tests, quality gates, one Odoo item per addon (their databases
# are kept), all addons with demo, then the tests that copy those databases
later=$(ls tests/suite/suite_*.py | grep -v -e suite_odoo_addons.py -e suite_quality.py)
# shellcheck disable=SC2086
exec "$PY" -m pytest -ra "$@" addons tests/suite/suite_quality.py tests/suite/suite_odoo_addons.py $later
