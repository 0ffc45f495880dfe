"""Uninstall one addon of the suite from a copy of the demo database, then
check that it left nothing behind and that the other addons still work.

    python check_uninstall.py <odoo options> -- ADDON

Prints ``OK ...`` on success; exits non-zero with the reasons otherwise.
"""

import sys

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import config

# what an addon brings that must go with it
LEFTOVER_MODELS = ("ir.model", "ir.ui.menu", "ir.cron", "ir.ui.view", "ir.rule", "ir.model.fields")


def _owned(env, modules):
    """{model: ids} of the records only ``modules`` own (by their xml ids):
    records that other modules also declare (an inherited model, a field
    both define) rightly stay."""
    Data = env["ir.model.data"]
    owned = {}
    for data in Data.search([("module", "in", modules), ("model", "in", LEFTOVER_MODELS)]):
        owned.setdefault(data.model, set()).add(data.res_id)
    for model, ids in owned.items():
        shared = Data.search(
            [("module", "not in", modules), ("model", "=", model), ("res_id", "in", list(ids))]
        )
        ids -= set(shared.mapped("res_id"))
    return owned


def _suite_addons(env, addons_dir):
    names = [path.parent.name for path in addons_dir.glob("*/__manifest__.py")]
    return env["ir.module.module"].search([("name", "in", names), ("state", "=", "installed")])


def _exercise(env, module):
    """Open every window action of ``module`` as the web client would."""
    problems = []
    actions = env["ir.model.data"].search(
        [("module", "=", module.name), ("model", "=", "ir.actions.act_window")]
    )
    for data in actions:
        action = env["ir.actions.act_window"].browse(data.res_id)
        if action.res_model not in env:
            problems.append(f"{module.name}: action {data.name} on a missing model")
            continue
        model = env[action.res_model]
        try:
            model.get_views([(False, mode) for mode in action.view_mode.split(",")])
            model.search([], limit=5).read(["display_name"])
        except Exception as error:  # reported: any error is a failure
            problems.append(f"{module.name}: action {data.name}: {error!r}")
    return problems


def main():
    separator = sys.argv.index("--")
    config.parse_config(sys.argv[1:separator])
    addon = sys.argv[separator + 1]
    from pathlib import Path  # noqa: PLC0415

    addons_dir = Path(__file__).resolve().parents[2] / "addons"
    database = config["db_name"]
    if isinstance(database, list):
        database = database[0]
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        module = env["ir.module.module"].search([("name", "=", addon)])
        assert module.state == "installed", f"{addon} is not installed"
        going = module + module.downstream_dependencies()
        names = going.mapped("name")
        owned = _owned(env, names)
        module.button_immediate_uninstall()
    registry = odoo.modules.registry.Registry(database)
    problems = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        for other in env["ir.module.module"].search([("name", "in", names)]):
            if other.state != "uninstalled":
                problems.append(f"{other.name} is {other.state}, not uninstalled")
        for model, ids in owned.items():
            left = env[model].browse(sorted(ids)).exists()
            if left:
                problems.append(
                    f"{len(left)} {model} left: "
                    + ", ".join(left[:10].mapped(lambda r: r.display_name or str(r.id)))
                )
        remaining = _suite_addons(env, addons_dir)
        env["ir.ui.menu"].load_menus(False)
        for other in remaining:
            problems += _exercise(env, other)
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(
        f"OK {addon}: uninstalled with {', '.join(sorted(names))}; "
        f"{len(remaining)} other suite addons still open their screens"
    )


if __name__ == "__main__":
    main()
