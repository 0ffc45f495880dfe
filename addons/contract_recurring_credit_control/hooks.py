from odoo.tools import SQL


def uninstall_hook(env):
    """The follow-up policies this addon brings (the demo's "Solleciti") go
    with it: first the history run on them (their lines, communications and
    the runs that ran only them), which points to their levels and to the
    invoices' journal items and would keep both from being removed. Policies
    the office created stay, with their history."""
    policies = env["ir.model.data"].search(
        [
            ("module", "=", "contract_recurring_credit_control"),
            ("model", "=", "credit.control.policy"),
        ]
    )
    policy_ids = tuple(policies.mapped("res_id"))
    if not policy_ids:
        return
    lines = env["credit.control.line"].search([("policy_id", "in", policy_ids)])
    communications = env["credit.control.communication"].search([("policy_id", "in", policy_ids)])
    runs = lines.run_id.filtered(lambda run: set(run.policy_ids.ids) <= set(policy_ids))
    # plain SQL on purpose: sent lines refuse ORM deletion (an audit rule for
    # a policy that stays), and this policy is being removed with its addon
    if lines:
        env.cr.execute(SQL("DELETE FROM credit_control_line WHERE id IN %s", tuple(lines.ids)))
    if communications:
        env.cr.execute(
            SQL(
                "DELETE FROM credit_control_communication WHERE id IN %s", tuple(communications.ids)
            )
        )
    if runs:
        env.cr.execute(SQL("DELETE FROM credit_control_run WHERE id IN %s", tuple(runs.ids)))
    env.invalidate_all()
