from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .recurring_contract import CYCLES


class RecurringContractLine(models.Model):
    _name = "recurring.contract.line"
    _description = "Contract Service Line"
    _order = "contract_id, sequence, id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "recurring.contract", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product", string="Service", check_company=True, index=True
    )
    name = fields.Text(string="Description", required=True)
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Monetary(string="Unit Price")
    price_subtotal = fields.Monetary(
        string="Period Amount", compute="_compute_price_subtotal", store=True
    )
    cycle = fields.Selection(
        selection=CYCLES,
        string="Billing Cycle",
        help="Only for mixed contracts: this line's own billing cycle.",
    )

    @api.depends("quantity", "price_unit", "currency_id")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = line.currency_id.round(line.quantity * line.price_unit)

    @api.constrains("price_unit", "quantity")
    def _check_not_negative(self):
        for line in self:
            if line.price_unit < 0 or line.quantity < 0:
                raise ValidationError(
                    _(
                        "Contract %(contract)s, line '%(line)s': quantities and unit "
                        "prices cannot be negative (%(quantity)s x %(price)s).",
                        contract=line.contract_id.name,
                        line=line.name,
                        quantity=line.quantity,
                        price=line.price_unit,
                    )
                )

    @api.constrains("price_unit", "quantity", "contract_id")
    def _check_zero_amount_kinds(self):
        """Time and materials and warranty contracts are worth nothing: checked
        on the line too, so that writing a line directly cannot bypass it."""
        for line in self:
            if line.contract_id.kind in ("time_and_materials", "warranty") and (
                line.price_subtotal or line.price_unit
            ):
                raise ValidationError(
                    _(
                        "Contract %(name)s: time and materials and warranty "
                        "contracts have a zero amount.",
                        name=line.contract_id.name,
                    )
                )

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id:
            self.name = self.product_id.get_product_multiline_description_sale()
            self.price_unit = self.product_id.lst_price
