from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    helpdesk_quota_extra_id = fields.Many2one(
        "helpdesk.quota.extra",
        string="Extra Request",
        index="btree_not_null",
        copy=False,
        ondelete="set null",
    )
