from odoo import fields, models


class RecurringContractHourBlock(models.Model):
    _inherit = "recurring.contract.hour.block"

    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sales Order Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The confirmed order line that sold these hours.",
    )
    sale_order_id = fields.Many2one(related="sale_line_id.order_id", string="Sales Order")
