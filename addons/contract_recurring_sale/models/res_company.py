from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    recurring_sale_contract_type_id = fields.Many2one(
        "recurring.contract.type",
        string="Default Contract Type of Quotations",
        help="Type of the contracts created from confirmed quotations when the product has none.",
    )
