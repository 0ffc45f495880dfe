from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    helpdesk_require_contract = fields.Boolean(
        string="Tickets Need an Active Contract",
        default=True,
        help="Portal customers without an active contract covering support cannot submit tickets.",
    )
    helpdesk_overdue_threshold = fields.Monetary(
        string="Overdue Threshold for Tickets",
        currency_field="currency_id",
        default=0.0,
        help="Portal customers whose overdue receivables exceed this amount cannot submit tickets.",
    )
    helpdesk_overdue_message = fields.Text(
        string="What to Tell the Customer",
        translate=True,
        default="I see some overdue invoices: let me put you through to our "
        "accounts office for a moment.",
        help="Shown in red on the call screen when the caller has overdue receivables.",
    )
