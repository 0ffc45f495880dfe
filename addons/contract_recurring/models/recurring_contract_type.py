from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.tags import KNOWN_TAGS


class RecurringContractType(models.Model):
    _name = "recurring.contract.type"
    _description = "Contract Type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    kind = fields.Selection(
        selection=[
            ("maintenance", "Maintenance"),
            ("time_and_materials", "Time and materials (in economia)"),
            ("warranty", "Warranty"),
        ],
        required=True,
        default="maintenance",
        help="Maintenance: paid, fixed duration. Time and materials: open-ended, "
        "zero amount, on call, never renewed. Warranty: fixed duration, zero amount.",
    )
    hour_alert_mode = fields.Selection(
        [("percent", "% of the ordered hours"), ("hours", "Hours")],
        string="Prepaid Hours Alert When Left",
        default="percent",
    )
    hour_alert_threshold = fields.Float(
        string="Prepaid Hours Alert Threshold",
        help="Default alert threshold of the prepaid hours blocks of this type's "
        "contracts; 0: the company's.",
    )
    revenue_account_id = fields.Many2one(
        "account.account",
        company_dependent=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="Used on the invoice lines of this type's contracts instead of the "
        "product's income account.",
    )
    invoice_description = fields.Text(
        translate=True,
        help="Standard description of the main invoice line. Tags: " + ", ".join(KNOWN_TAGS),
    )
    conditions = fields.Html(
        string="Contractual Conditions",
        translate=True,
        help="Printed on the contracts of this type, in the customer's language.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Associated Product",
        help="Product used on invoice lines when the contract has none.",
    )
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    standard_price = fields.Monetary(
        currency_field="currency_id",
        help="Default period amount of new contracts of this type.",
    )
    call_fee_amount = fields.Monetary(string="Call-right Fee", currency_field="currency_id")
    call_fee_hours = fields.Float(string="Call-right Hours")
    exclude_labour = fields.Boolean(
        help="Labour of interventions is billed apart, not included in the contract."
    )
    exclude_travel = fields.Boolean(
        help="Travel of interventions is billed apart, not included in the contract."
    )
    exclude_materials = fields.Boolean(
        help="Materials of interventions are billed apart, not included in the contract."
    )
    auto_create_for_new_customers = fields.Boolean(
        string="Create for New Customers",
        help="Time and materials only: every new customer gets an open-ended "
        "contract of this type.",
    )
    contract_count = fields.Integer(compute="_compute_contract_count")

    @api.constrains("auto_create_for_new_customers", "kind")
    def _check_auto_create(self):
        for contract_type in self:
            if contract_type.auto_create_for_new_customers and (
                contract_type.kind != "time_and_materials"
            ):
                raise ValidationError(
                    _(
                        "Contract type %(name)s: only time and materials types can be "
                        "created for every new customer.",
                        name=contract_type.name,
                    )
                )

    def _compute_contract_count(self):
        counts = dict(
            self.env["recurring.contract"]._read_group(
                [("type_id", "in", self.ids)], ["type_id"], ["__count"]
            )
        )
        for contract_type in self:
            contract_type.contract_count = counts.get(contract_type, 0)
