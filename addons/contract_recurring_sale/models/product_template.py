from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.contract_recurring.models.recurring_contract import CYCLES


class ProductTemplate(models.Model):
    _inherit = "product.template"

    recurring_service = fields.Boolean(
        help="On a quotation, this product's lines are recurring: confirming the "
        "quotation creates a contract that bills them, the order does not invoice them.",
    )
    recurring_cycle = fields.Selection(
        selection=CYCLES,
        string="Default Billing Cycle",
        default="annual",
    )
    recurring_duration = fields.Integer(
        string="Default Duration (months)",
        default=12,
    )
    recurring_contract_type_id = fields.Many2one(
        "recurring.contract.type",
        string="Contract Type",
        help="Type of the contracts created from quotations of this product; "
        "empty: the default type of the Sales settings.",
    )

    recurring_prepaid_hours = fields.Boolean(
        string="Prepaid Hours",
        help="Service of prepaid hours ('ordine cliente ore'): a confirmed order "
        "line of it creates a block of hours (the line's quantity) on the line's "
        "contract, which ticket time and intervention hours then use.",
    )
    recurring_hours_validity = fields.Integer(
        string="Hours Validity (months)",
        default=12,
        help="How long the hours bought stay valid; 0: until used up.",
    )

    @api.constrains("recurring_service", "recurring_duration", "recurring_cycle")
    def _check_recurring_defaults(self):
        for template in self.filtered("recurring_service"):
            if template.recurring_duration <= 0:
                raise ValidationError(
                    _(
                        "Product %(name)s: the default duration of a recurring service "
                        "must be at least one month (%(months)s given).",
                        name=template.display_name,
                        months=template.recurring_duration,
                    )
                )
            if not template.recurring_cycle:
                raise ValidationError(
                    _(
                        "Product %(name)s: a recurring service needs its default billing cycle.",
                        name=template.display_name,
                    )
                )
