# shellcheck shell=bash
# Sourced by setup/demo.sh and setup/test.sh. Finds Odoo 18, builds the
# virtual environment, makes sure PostgreSQL answers. Exports:
#   REPO ODOO_PATH VENV PY PGHOST PGPORT PGUSER
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export REPO

die() {
    printf '\n*** %s\n\n' "$*" >&2
    exit 2
}

# --- Python >= 3.11 and the virtual environment -----------------------------
find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return
        fi
    done
    die "Python 3.11 or newer is needed (PyVRP requires it; Odoo 18 supports 3.10-3.12). Install python3.11 or python3.12, or set PYTHON."
}
PYTHON_BIN=$(find_python)

# --- Odoo 18.0 source tree --------------------------------------------------
# ODOO_PATH, else the first 18.0 tree of ODOO_SEARCH_PATH (colon-separated;
# default below; empty to search nowhere), else the suite's cache, where
# setup/fetch_odoo.py brings the 18.0 tree pinned in setup/odoo-18.0.ref
# (ODOO_SOURCE: a URL, local git repository or local archive to fetch from).
is_odoo18() {
    [ -f "$1/odoo/release.py" ] && grep -q '^version_info = (18, 0,' "$1/odoo/release.py"
}

find_odoo() {
    if [ -n "${ODOO_PATH:-}" ]; then
        is_odoo18 "$ODOO_PATH" && { echo "$ODOO_PATH"; return; }
        die "ODOO_PATH=$ODOO_PATH is not an Odoo 18.0 source tree (no odoo/release.py with version 18.0).
    Point ODOO_PATH at an Odoo 18.0 Community checkout, or unset it to let the
    set-up find or fetch one; or run the suite in containers instead: see
    'docker compose' in README.md."
    fi
    local candidate searched=()
    local search_path=${ODOO_SEARCH_PATH-/opt/odoo18:/opt/odoo:$REPO/../odoo18:$REPO/../odoo:$HOME/odoo18}
    IFS=: read -r -a searched <<<"$search_path"
    for candidate in "${searched[@]}"; do
        [ -n "$candidate" ] || continue
        if is_odoo18 "$candidate"; then
            (cd "$candidate" && pwd)
            return
        fi
    done
    # none found: the cached tree, fetched once (stdlib only: no venv yet)
    "$PYTHON_BIN" "$REPO/setup/fetch_odoo.py" --searched "${search_path//:/, }" || exit 2
}
ODOO_PATH=$(find_odoo)
export ODOO_PATH

# --- the virtual environment ---------------------------------------------------
py_tag=$("$PYTHON_BIN" -c 'import sys; print("py%d%d" % sys.version_info[:2])')
req_hash=$(cat "$REPO"/setup/requirements*.txt "$REPO"/setup/constraints*.txt 2>/dev/null | sha256sum | cut -c1-12 || true)
VENV=${SUITE_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/odoo-contract-suite/venv-$py_tag-$req_hash}
export VENV
PY="$VENV/bin/python"
export PY

if [ ! -f "$VENV/.complete" ]; then
    echo ">>> building the virtual environment $VENV (once per set of requirements)"
    rm -rf "$VENV"
    mkdir -p "$(dirname "$VENV")"
    "$PYTHON_BIN" -m venv "$VENV"
    "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip==24.3.1 setuptools==75.6.0 wheel==0.45.1
    constraints=()
    [ -f "$REPO/setup/constraints.txt" ] && constraints=(-c "$REPO/setup/constraints.txt")
    "$PY" -m pip install --quiet --disable-pip-version-check -r "$REPO/setup/requirements.txt" "${constraints[@]}"
    if grep -qv '^\s*\(#\|$\)' "$REPO/setup/requirements-oca.txt"; then
        "$PY" -m pip install --quiet --disable-pip-version-check --no-deps -r "$REPO/setup/requirements-oca.txt"
    fi
    touch "$VENV/.complete"
fi
# Odoo itself is imported from its source tree.
export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"

# --- Chromium, for Odoo's browser tours (HttpCase.start_tour); tests only ----
ensure_chromium() {
    command -v chromium >/dev/null 2>&1 && return
    command -v google-chrome >/dev/null 2>&1 && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo ">>> installing Debian's chromium for the browser tours"
        apt-get update -qq >/dev/null \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
            || die "Could not install Debian's chromium, needed by the browser tours: apt-get install chromium"
    else
        die "Chromium is needed by the browser tours of the test suite: install it (Debian/Ubuntu: apt-get install chromium)."
    fi
}

# --- wkhtmltopdf and pdftotext, for Odoo's PDF reports -----------------------
# Odoo prints every QWeb PDF report through wkhtmltopdf (without it a print
# falls back to HTML); the test suite reads the PDFs back with pdftotext.
ensure_pdf_tools() {
    local missing=()
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
    [ ${#missing[@]} -eq 0 ] && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo ">>> installing Debian's ${missing[*]} for the PDF reports"
        apt-get update -qq >/dev/null \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
            || die "Could not install Debian's ${missing[*]}, needed to print PDF reports: apt-get install ${missing[*]}"
    else
        die "Odoo prints PDF reports with wkhtmltopdf (and the tests read them with pdftotext): install them (Debian/Ubuntu, as root: apt-get install ${missing[*]})."
    fi
}

# --- PostgreSQL --------------------------------------------------------------
export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
pg_answers() {
    "$PY" -c 'import os, socket; socket.create_connection((os.environ["PGHOST"], int(os.environ["PGPORT"])), 3).close()' 2>/dev/null
}
if ! pg_answers; then
    if command -v pg_lsclusters >/dev/null 2>&1 && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
        echo ">>> PostgreSQL does not answer on $PGHOST:$PGPORT: starting the local cluster"
        pg_lsclusters -h | while read -r version cluster _; do
            pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start || true
        done
        for _ in 1 2 3 4 5 6 7 8 9 10; do pg_answers && break; sleep 1; done
    fi
    pg_answers || die "PostgreSQL does not answer on $PGHOST:$PGPORT and no local cluster could be started.
    Start a PostgreSQL 12+ server (for example 'docker compose up -d db', see README.md),
    or set PGHOST/PGPORT (and PGADMINUSER, a role allowed to create roles) to a running one."
fi

# Odoo refuses to run as the 'postgres' superuser: use a dedicated role.
export PGUSER=${PGUSER:-odoo}
"$PY" - <<'EOF' || die "Could not create or reach the PostgreSQL role '$PGUSER'. Create it (CREATE ROLE $PGUSER LOGIN CREATEDB) or set PGUSER to a role that can create databases."
import os, psycopg2
user = os.environ["PGUSER"]
try:
    psycopg2.connect(host=os.environ["PGHOST"], port=os.environ["PGPORT"],
                     dbname="postgres", user=user, connect_timeout=3).close()
except psycopg2.OperationalError:
    admin = psycopg2.connect(host=os.environ["PGHOST"], port=os.environ["PGPORT"],
                             dbname="postgres",
                             user=os.environ.get("PGADMINUSER", "postgres"))
    admin.autocommit = True
    with admin.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [user])
        if not cr.fetchone():
            cr.execute(f'CREATE ROLE "{user}" LOGIN CREATEDB')
    admin.close()
EOF
