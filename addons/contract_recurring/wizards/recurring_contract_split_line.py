from odoo import fields, models


class RecurringContractSplitLine(models.TransientModel):
    _name = "recurring.contract.split.line"
    _description = "Split a Contract: Site Share"
    _order = "sequence, id"

    wizard_id = fields.Many2one("recurring.contract.split", required=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    commercial_partner_id = fields.Many2one(related="wizard_id.commercial_partner_id")
    site_id = fields.Many2one(
        "res.partner",
        required=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    weight = fields.Float(
        string="Share",
        default=1.0,
        digits=(16, 2),
        help="Weight of this site: the amounts are split proportionally to the "
        "shares (e.g. 1 and 1 = half each; 60 and 40 = 60% and 40%).",
    )
