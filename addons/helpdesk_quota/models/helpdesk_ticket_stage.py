from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    helpdesk_quota_release = fields.Boolean(
        string="Gives the Request Back",
        help="A ticket moved to this stage (e.g. cancelled) no longer counts "
        "against its contract's quota, and its extra not billed yet is "
        "dropped; moved out of it, the ticket counts again.",
    )
