from odoo import api, fields, models

PAYMENT_METHODS = [
    ("sdd", "SEPA Direct Debit"),
    ("riba", "RiBa"),
    ("transfer", "Bank Transfer"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    sepa_payment_method = fields.Selection(
        selection=PAYMENT_METHODS,
        string="Collection Method",
        copy=True,
        tracking=True,
        help="How the customer pays: SEPA direct debit, RiBa or bank transfer.",
    )
    sepa_mandate_id = fields.Many2one(
        "sepa.mandate",
        string="SDD Mandate",
        check_company=True,
        copy=True,
        domain="[('partner_id', '=', commercial_partner_id), ('state', '=', 'valid')]",
    )
    sepa_collection_ids = fields.Many2many(
        "sepa.collection", compute="_compute_sepa_collection_ids", string="Collections"
    )

    @api.onchange("sepa_payment_method", "partner_id")
    def _onchange_sepa_payment_method(self):
        if self.sepa_payment_method != "sdd":
            self.sepa_mandate_id = False

    def _compute_sepa_collection_ids(self):
        collections = self.env["sepa.collection"].search([("invoice_ids", "in", self.ids)])
        for move in self:
            move.sepa_collection_ids = collections.filtered(lambda c, m=move: m in c.invoice_ids)
