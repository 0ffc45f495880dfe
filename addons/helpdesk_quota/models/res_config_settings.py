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
    helpdesk_support_phone = fields.Char(
        related="company_id.helpdesk_support_phone", readonly=False
    )
    helpdesk_callback_limit = fields.Integer(
        related="company_id.helpdesk_callback_limit", readonly=False
    )
    helpdesk_callback_minutes = fields.Integer(
        related="company_id.helpdesk_callback_minutes", readonly=False
    )
    helpdesk_pbx_url = fields.Char(related="company_id.helpdesk_pbx_url", readonly=False)
    helpdesk_pbx_secret = fields.Char(
        string="Incoming-Call Secret",
        config_parameter="helpdesk_quota.pbx_secret",
        help="The PBX sends it with every incoming call; calls without it are refused.",
    )
