from odoo.tools import SQL


def uninstall_hook(env):
    """Drop the one-line-per-installment guard on invoice lines first: when the
    contracts and their services go, their invoice lines lose both links (set
    null) and the lines of one installment would collide in the index, which
    would keep billed contracts (and their demo customers) from being removed.
    Then drop the SQL function behind the recurring-revenue view."""
    env.cr.execute(SQL("DROP INDEX IF EXISTS account_move_line_recurring_installment_uniq"))
    # the SQL function behind the recurring-revenue view
    env["recurring.contract.mrr"]._drop_function()
