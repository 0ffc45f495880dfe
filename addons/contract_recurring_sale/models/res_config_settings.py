from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    recurring_sale_contract_type_id = fields.Many2one(
        related="company_id.recurring_sale_contract_type_id", readonly=False
    )
