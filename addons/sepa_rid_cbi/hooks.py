from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG


def uninstall_hook(env):
    """Batches and their collections carry no xml id and point to customers:
    remove them before the module's data, or the demo customers they collect
    from could not be removed with the addon that owns them."""
    env = env(context={**env.context, MODULE_UNINSTALL_FLAG: True})
    env["sepa.collection.batch"].with_context(active_test=False).search([]).unlink()
