"""Code quality gates that need no database: ruff, translations complete."""

import subprocess
import sys
from pathlib import Path

import polib
import pytest

from setup import odoo_suite

RUFF = Path(sys.executable).with_name("ruff")


def test_ruff_is_clean():
    done = subprocess.run(
        [str(RUFF), "check", "addons", "setup", "tests", "conftest.py"],
        cwd=odoo_suite.REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("addon", odoo_suite.repo_addons())
def test_italian_translation_is_complete(addon):
    i18n = odoo_suite.ADDONS_DIR / addon / "i18n"
    pot, po = i18n / f"{addon}.pot", i18n / "it.po"
    assert pot.is_file() and po.is_file(), f"{addon}: i18n/{addon}.pot and i18n/it.po are needed"
    translated = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(po)) if not e.obsolete}
    missing = [e.msgid for e in polib.pofile(str(pot)) if not translated.get((e.msgctxt, e.msgid))]
    assert not missing, (
        f"{addon}: {len(missing)} term(s) without Italian translation: {missing[:10]}"
    )


@pytest.mark.parametrize("addon", odoo_suite.repo_addons())
def test_addon_has_an_oca_readme(addon):
    readme = odoo_suite.ADDONS_DIR / addon / "readme"
    assert (readme / "DESCRIPTION.md").is_file(), f"{addon}: readme/DESCRIPTION.md"
    assert (readme / "USAGE.md").is_file() or (readme / "CONFIGURE.md").is_file()


def test_pylint_odoo_is_clean():
    """OCA's pylint-odoo checks (configuration in .pylintrc)."""
    addons = [str(odoo_suite.ADDONS_DIR / name) for name in odoo_suite.repo_addons()]
    done = subprocess.run(
        [sys.executable, "-m", "pylint", "--rcfile=.pylintrc", "--output-format=text", *addons],
        cwd=odoo_suite.REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
