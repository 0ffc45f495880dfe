"""Export an addon's translation template and merge it into ``i18n/it.po``.

``bash setup/run.sh i18n ADDON [ADDON ...]`` installs each addon into a
scratch database (``i18n_<addon>_<checkout folder>``, so that
several checkouts of the repository never share one), exports ``i18n/<addon>.pot`` with
Odoo's own extractor, and merges it into ``i18n/it.po``: translations that
exist are kept, new terms are added with an empty ``msgstr`` for a
translator to fill, vanished terms are dropped. ``--check`` only reports
the terms of the template that ``it.po`` lacks or leaves untranslated.
"""

import argparse
import re
import sys

import polib

from setup import odoo_suite

LANG = "it"


def export_pot(addon):
    checkout = re.sub(r"[^a-z0-9]+", "_", odoo_suite.ADDONS_DIR.parent.name.lower())
    database = f"i18n_{addon}_{checkout}"[:63]
    if not odoo_suite.database_exists(database) or addon not in odoo_suite.installed_modules(
        database
    ):
        odoo_suite.drop_database(database)
        run = odoo_suite.run_odoo(
            database,
            [f"--init={addon}", "--without-demo=all", "--stop-after-init", "--workers=0"],
            log_name=database,
        )
        if run.returncode:
            sys.exit(f"{addon} did not install:\n{run.summary()}")
    else:  # refresh the addon's code and data
        odoo_suite.run_odoo(
            database,
            [f"--update={addon}", "--stop-after-init", "--workers=0"],
            log_name=database,
        )
    pot = odoo_suite.ADDONS_DIR / addon / "i18n" / f"{addon}.pot"
    pot.parent.mkdir(exist_ok=True)
    run = odoo_suite.run_odoo(
        database,
        [f"--i18n-export={pot}", f"--modules={addon}", "--stop-after-init"],
        log_name=f"{database}-export",
    )
    if run.returncode or not pot.exists():
        sys.exit(f"export of {addon} failed:\n{run.summary()}")
    return pot


def merge(pot_path, po_path):
    pot = polib.pofile(str(pot_path))
    po = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
    known = {(e.msgctxt, e.msgid): e for e in po}
    merged = polib.POFile()
    merged.metadata = pot.metadata | {
        "Language": LANG,
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "Content-Type": "text/plain; charset=UTF-8",
    }
    for entry in pot:
        old = known.get((entry.msgctxt, entry.msgid))
        entry.msgstr = old.msgstr if old else ""
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        merged.append(entry)
    merged.save(str(po_path))
    return [e.msgid for e in merged if not e.msgstr]


def missing(pot_path, po_path):
    if not po_path.exists():
        return ["<no it.po>"]
    po = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(po_path))}
    return [e.msgid for e in polib.pofile(str(pot_path)) if not po.get((e.msgctxt, e.msgid))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("addons", nargs="*", default=None)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    status = 0
    for addon in args.addons or odoo_suite.repo_addons():
        i18n = odoo_suite.ADDONS_DIR / addon / "i18n"
        pot, po = i18n / f"{addon}.pot", i18n / f"{LANG}.po"
        if args.check:
            todo = missing(pot, po)
        else:
            todo = merge(export_pot(addon), po)
        print(f"{addon}: {len(todo)} term(s) without Italian translation")
        for msgid in todo[:200]:
            print("   ", msgid.replace("\n", "\\n")[:120])
        status = status or bool(todo)
    return status


if __name__ == "__main__":
    sys.exit(main())
