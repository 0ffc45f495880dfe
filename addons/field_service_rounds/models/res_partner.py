from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    field_importance = fields.Selection(
        selection=[("0", "Normal"), ("1", "Important"), ("2", "Very important"), ("3", "Key")],
        string="Customer Importance",
        default="0",
        help="Weighs in the planning score of the customer's interventions.",
    )
