from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    helpdesk_require_contract = fields.Boolean(
        related="company_id.helpdesk_require_contract", readonly=False
    )
    helpdesk_overdue_threshold = fields.Monetary(
        related="company_id.helpdesk_overdue_threshold",
        currency_field="currency_id",
        readonly=False,
    )
    helpdesk_overdue_message = fields.Text(
        related="company_id.helpdesk_overdue_message", readonly=False
    )
