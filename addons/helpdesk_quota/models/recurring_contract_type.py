from odoo import fields, models

QUOTA_PERIODS = [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")]
OVER_QUOTA = [
    ("refuse", "Refuse the request"),
    ("bill", "Accept it as a billable extra"),
]


class RecurringContractType(models.Model):
    _inherit = "recurring.contract.type"

    helpdesk_support = fields.Boolean(
        string="Covers Support",
        default=True,
        help="Active contracts of this type let the customer open tickets.",
    )
    helpdesk_quota = fields.Integer(
        string="Requests Included",
        help="Support requests included per period; 0 means unlimited.",
    )
    helpdesk_quota_period = fields.Selection(
        QUOTA_PERIODS, string="Quota Period", default="month", required=True
    )
    helpdesk_over_quota = fields.Selection(
        OVER_QUOTA, string="Over Quota", default="refuse", required=True
    )
    helpdesk_extra_product_id = fields.Many2one(
        "product.product",
        string="Extra Request Product",
        help="Product of the invoice line billing a request over the quota.",
    )
    helpdesk_extra_price = fields.Monetary(
        string="Extra Request Price", currency_field="currency_id"
    )
