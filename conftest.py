"""Root conftest for the fast tests of pure domain code (``tools/``).

These tests need no Odoo: ``tools/`` modules import nothing from Odoo.  An
addon's ``__init__`` does import Odoo, so for this pytest session only we
register path-only packages for ``odoo.addons.<addon>`` (and for the names
pytest's importlib mode derives for test files) without running any addon
``__init__``.  A ``tools`` module that imported Odoo would fail here, which
is the point.  Odoo's own test runner never loads this file.
"""

import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent
ADDONS = ROOT / "addons"


def _package(name, path):
    module = types.ModuleType(name)
    module.__path__ = [str(path)]
    sys.modules[name] = module
    return module


if "odoo" not in sys.modules:
    _package("odoo", ROOT / ".no-odoo-in-fast-tests")
    _package("odoo.addons", ADDONS)
    _package("addons", ADDONS)
    for addon in sorted(ADDONS.iterdir()):
        if (addon / "__init__.py").is_file():
            for name, path in (
                (f"odoo.addons.{addon.name}", addon),
                (f"odoo.addons.{addon.name}.tests", addon / "tests"),
                (addon.name, addon),
                (f"addons.{addon.name}", addon),
                (f"addons.{addon.name}.tests", addon / "tests"),
                (f"{addon.name}.tests", addon / "tests"),
            ):
                _package(name, path)
