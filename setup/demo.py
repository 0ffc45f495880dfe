"""Create (or reuse) the demo database and serve Odoo on port 8069.

``python -m setup.demo [--db NAME] [--port N] [--reset] [--no-serve]``;
run it through ``setup/demo.sh``, which prepares the environment.
"""

import argparse
import os
import sys

from setup import odoo_suite


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default=os.environ.get("DEMO_DB", "contracts_demo"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8069)))
    parser.add_argument("--reset", action="store_true", help="drop and recreate")
    parser.add_argument("--no-serve", action="store_true", help="prepare only")
    args = parser.parse_args(argv)

    addons = odoo_suite.repo_addons()
    if args.reset:
        odoo_suite.drop_database(args.db)
    if odoo_suite.database_exists(args.db):
        missing = set(addons) - odoo_suite.installed_modules(args.db)
        step = ["--init=" + ",".join(sorted(missing))] if missing else []
    else:
        step = ["--init=" + ",".join(addons)]
    if step:
        print(f">>> installing {', '.join(addons)} with demo data into {args.db}")
        run = odoo_suite.run_odoo(
            args.db,
            [*step, "--load-language=it_IT", "--stop-after-init", "--workers=0"],
            log_name=f"demo-{args.db}",
        )
        # Odoo installs a module whose demo data fails without it, and exits 0
        no_demo = [line for line in run.problems if "demo data failed to install" in line]
        if run.returncode or no_demo:
            sys.exit(f"installation failed:\n{run.summary()}")
        odoo_suite.speak_italian(args.db)
    if args.no_serve:
        return
    print(f">>> Odoo on http://localhost:{args.port}  database {args.db}, login admin / admin")
    os.execv(
        sys.executable,
        odoo_suite.odoo_command(args.db, f"--http-port={args.port}", "--max-cron-threads=1"),
    )


if __name__ == "__main__":
    main()
