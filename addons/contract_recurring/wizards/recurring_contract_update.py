from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RecurringContractUpdate(models.TransientModel):
    """'Contract Update' (seed §2.L): recalculate suspended renewals with an
    optional percentage and renew them definitively."""

    _name = "recurring.contract.update"
    _description = "Contract Update: Recalculate and Renew"

    contract_ids = fields.Many2many(
        "recurring.contract",
        string="Contracts",
        required=True,
        default=lambda self: self._default_contract_ids(),
    )
    percentage = fields.Float(
        string="Recalculation Percentage (%)",
        digits=(16, 2),
        help="Optional, positive or negative (e.g. ISTAT indexation): applied to "
        "the unit prices, rounded to the cent; the unbilled installments follow.",
    )
    send_mail = fields.Boolean(
        string="Notify the Invoice Recipients",
        default=True,
        help="E-mail the new amounts to each contract's invoice recipient.",
    )

    @api.model
    def _default_contract_ids(self):
        if self.env.context.get("active_model") != "recurring.contract":
            return False
        return self.env["recurring.contract"].browse(self.env.context.get("active_ids"))

    def action_confirm(self):
        self.ensure_one()
        contracts = self.contract_ids
        not_suspended = contracts.filtered(lambda c: c.state != "suspended")
        if not_suspended:
            raise UserError(
                _(
                    "Only suspended contracts can be renewed definitively: %(names)s.",
                    names=", ".join(not_suspended.mapped("name")),
                )
            )
        if self.percentage:
            contracts._apply_indexation(self.percentage)
        contracts._confirm_renewal()
        if self.send_mail:
            template = (
                "contract_recurring.mail_template_contract_indexation"
                if self.percentage
                else "contract_recurring.mail_template_contract_renewal"
            )
            contracts._send_lifecycle_mail(template)
        return {"type": "ir.actions.act_window_close"}
