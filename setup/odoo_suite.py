"""Run Odoo 18 for this repository: install addons, run their tests, serve.

Used by ``setup/demo.sh`` and by ``tests/suite/suite_odoo_addons.py``. It
expects the environment prepared by ``setup/bootstrap.sh`` (ODOO_PATH,
PGHOST, PGPORT, PGUSER, and the virtual environment's interpreter).
"""

import ast
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
from psycopg2 import sql

REPO = Path(__file__).resolve().parent.parent
ADDONS_DIR = REPO / "addons"
DATA_DIR = Path(
    os.environ.get(
        "SUITE_DATA_DIR",
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        / "odoo-contract-suite"
        / "data",
    )
)
LOG_DIR = Path(os.environ.get("SUITE_LOG_DIR", REPO / ".logs"))

# 2026-11-23 17:00:00,123 4242 WARNING db odoo.addons.x: message
LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) "
    r"(?P<logger>\S+): (?P<message>.*)$"
)
RESULT = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests "
    r"when loading database"
)


def odoo_path():
    path = os.environ.get("ODOO_PATH")
    if not path or not (Path(path) / "odoo" / "release.py").is_file():
        sys.exit("ODOO_PATH is not set: run through setup/demo.sh or setup/test.sh")
    return Path(path)


def oca_addons_dirs():
    """Folders of OCA addons installed from PyPI (odoo/addons in site-packages)."""
    dirs = []
    for entry in sys.path:
        candidate = Path(entry) / "odoo" / "addons"
        if "site-packages" in entry and candidate.is_dir():
            dirs.append(candidate)
    return dirs


def addons_path():
    base = odoo_path()
    paths = [base / "addons", base / "odoo" / "addons", ADDONS_DIR, *oca_addons_dirs()]
    return ",".join(str(p) for p in paths)


def repo_addons():
    """Every addon of this repository (a folder of addons/ with a manifest)."""
    return sorted(
        p.name
        for p in ADDONS_DIR.iterdir()
        if (p / "__manifest__.py").is_file()
        and ast.literal_eval((p / "__manifest__.py").read_text()).get("installable", True)
    )


def odoo_command(database, *args):
    return [
        sys.executable,
        "-m",
        "odoo",
        f"--addons-path={addons_path()}",
        f"--data-dir={DATA_DIR}",
        f"--db_host={os.environ.get('PGHOST', '127.0.0.1')}",
        f"--db_port={os.environ.get('PGPORT', '5432')}",
        f"--db_user={os.environ.get('PGUSER', 'odoo')}",
        f"--database={database}",
        f"--db-filter=^{re.escape(database)}$",
        "--max-cron-threads=0",
        *args,
    ]


def _connect(dbname="postgres"):
    return psycopg2.connect(
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"),
        user=os.environ.get("PGUSER", "odoo"),
        dbname=dbname,
    )


def database_exists(name):
    with _connect() as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cr.fetchone())


def drop_database(name):
    conn = _connect()
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    finally:
        conn.close()


def copy_database(source, target):
    """A throwaway copy of ``source`` (which nobody may be connected to)."""
    drop_database(target)
    conn = _connect()
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(target), sql.Identifier(source)
                )
            )
    finally:
        conn.close()
    source_dir = DATA_DIR / "filestore" / source
    if source_dir.is_dir():
        import shutil  # noqa: PLC0415

        shutil.copytree(source_dir, DATA_DIR / "filestore" / target, dirs_exist_ok=True)


def speak_italian(database):
    """The demo company's users (administrator, technicians, portal customer)
    see the demo in Italian, the language it was loaded with."""
    conn = _connect(database)
    try:
        with conn, conn.cursor() as cr:
            cr.execute(
                """
                UPDATE res_partner p SET lang = 'it_IT'
                  FROM res_users u
                 WHERE u.partner_id = p.id
                   AND EXISTS (SELECT 1 FROM res_lang WHERE code = 'it_IT' AND active)
                   AND u.company_id = (SELECT res_id FROM ir_model_data
                                        WHERE module = 'base' AND name = 'demo_company_it')
                """
            )
    finally:
        conn.close()


def installed_modules(database):
    conn = _connect(database)
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
            return {row[0] for row in cr.fetchall()}
    finally:
        conn.close()


@dataclass
class OdooRun:
    """What one Odoo run printed that matters to us."""

    returncode: int
    log: Path
    problems: list = field(default_factory=list)  # WARNING/ERROR/CRITICAL lines
    tests_run: int = 0
    tests_failed: int = 0
    tests_errors: int = 0

    @property
    def ok(self):
        return (
            self.returncode == 0
            and not self.problems
            and not self.tests_failed
            and not self.tests_errors
        )

    def summary(self, tail=60):
        lines = [f"exit code {self.returncode}, log {self.log}"]
        if self.problems:
            lines.append(f"{len(self.problems)} warning/error line(s) in the log:")
            lines.extend(self.problems[:tail])
        return "\n".join(lines)


def parse_log(path):
    """Problems (warning or worse, with their tracebacks) and test counts."""
    problems, run, failed, errors = [], 0, 0, 0
    in_problem = False
    for raw in path.read_text(errors="replace").splitlines():
        match = LOG_LINE.match(raw)
        if not match:
            if in_problem and len(problems[-1]) < 8000:
                problems[-1] += "\n" + raw  # traceback of the last problem
            continue
        in_problem = False
        result = RESULT.search(match["message"])
        if result:
            run += int(result["run"])
            failed += int(result["failed"])
            errors += int(result["errors"])
        if match["level"] in ("WARNING", "ERROR", "CRITICAL"):
            problems.append(raw)
            in_problem = True
    return problems, run, failed, errors


def run_odoo(database, args, log_name):
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    log = LOG_DIR / f"{log_name}.log"
    log.unlink(missing_ok=True)
    command = odoo_command(database, f"--logfile={log}", *args)
    completed = subprocess.run(command, check=False, cwd=REPO)
    if not log.exists():
        log.write_text("")
    problems, run, failed, errors = parse_log(log)
    return OdooRun(completed.returncode, log, problems, run, failed, errors)


def install_and_test(database, modules, demo, test_tags=None, http_port=8069):
    """Install ``modules`` into a fresh ``database``; run their tests if tagged."""
    drop_database(database)
    args = [
        "--init=" + ",".join(modules),
        "--stop-after-init",
        "--log-level=info",
        f"--http-port={http_port}",
        "--workers=0",
    ]
    if not demo:
        args.append("--without-demo=all")
    if test_tags:
        args += ["--test-enable", f"--test-tags={test_tags}"]
    return run_odoo(database, args, log_name=database)


if __name__ == "__main__":
    # `python -m setup.odoo_suite addons`: the addons the suite installs and
    # tests, comma-separated (used by setup/container-entrypoint.sh)
    if sys.argv[1:] != ["addons"]:
        sys.exit("usage: python -m setup.odoo_suite addons")
    print(",".join(repo_addons()))
