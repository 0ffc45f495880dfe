from . import models
from . import wizards
from . import controllers


def uninstall_hook(env):
    """Drop the SQL function behind the recurring-revenue view."""
    env["recurring.contract.mrr"]._drop_function()
