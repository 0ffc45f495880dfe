from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG


def uninstall_hook(env):
    """Rounds and interventions are generated from the contracts and carry no
    xml id: remove them before the module's data, or the partners they point
    to (demo customers) could not be removed."""
    env = env(context={**env.context, MODULE_UNINSTALL_FLAG: True})
    env["field.round"].search([]).unlink()
    env["field.intervention"].search([]).unlink()
