from odoo import api, fields, models

from .account_move import PAYMENT_METHODS


class RecurringContract(models.Model):
    _inherit = "recurring.contract"

    sepa_payment_method = fields.Selection(
        selection=PAYMENT_METHODS,
        string="Collection Method",
        tracking=True,
        help="Carried on the contract's invoices.",
    )
    sepa_mandate_id = fields.Many2one(
        "sepa.mandate",
        string="SDD Mandate",
        check_company=True,
        tracking=True,
        domain="[('partner_id', '=', commercial_partner_id), ('state', 'in', ('draft', 'valid'))]",
    )

    @api.onchange("sepa_payment_method", "partner_id")
    def _onchange_sepa_payment_method(self):
        if self.sepa_payment_method != "sdd":
            self.sepa_mandate_id = False

    def _invoice_group_key(self, use_cup_cig=True):
        """Contracts collected differently never share an invoice."""
        return super()._invoice_group_key(use_cup_cig) + (
            self.sepa_payment_method or "",
            self.sepa_mandate_id.id,
        )
