from odoo import fields, models


class RecurringContractLine(models.Model):
    _inherit = "recurring.contract.line"

    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Quotation Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        groups="sales_team.group_sale_salesman",
        help="The recurring quotation line this service comes from.",
    )
