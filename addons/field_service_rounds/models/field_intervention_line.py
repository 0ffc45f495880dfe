from odoo import api, fields, models


class FieldInterventionLine(models.Model):
    _name = "field.intervention.line"
    _description = "Intervention Material or Billable Line"
    _order = "intervention_id, sequence, id"

    intervention_id = fields.Many2one(
        "field.intervention", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="intervention_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="intervention_id.currency_id")
    sequence = fields.Integer(default=10)
    line_type = fields.Selection(
        selection=[
            ("material", "Material"),
            ("labour", "Labour"),
            ("travel", "Travel"),
            ("call_fee", "Call-right Fee"),
        ],
        string="Kind",
        default="material",
        required=True,
    )
    product_id = fields.Many2one("product.product", required=True)
    name = fields.Char(
        string="Description", compute="_compute_from_product", store=True, readonly=False
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        compute="_compute_from_product",
        store=True,
        readonly=False,
    )
    price_subtotal = fields.Monetary(compute="_compute_price_subtotal", store=True)
    billable = fields.Boolean(
        help="Billed to the customer: the contract type excludes it, or the "
        "intervention has no contract."
    )
    invoice_line_id = fields.Many2one("account.move.line", copy=False, readonly=True)

    @api.depends("product_id")
    def _compute_from_product(self):
        for line in self:
            if line.product_id:
                line.name = line.name or line.product_id.display_name
                line.price_unit = line.price_unit or line.product_id.lst_price

    @api.depends("quantity", "price_unit", "currency_id")
    def _compute_price_subtotal(self):
        for line in self:
            amount = line.quantity * line.price_unit
            line.price_subtotal = line.currency_id.round(amount) if line.currency_id else amount
