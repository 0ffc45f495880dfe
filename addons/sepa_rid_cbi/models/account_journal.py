from odoo import fields, models

ACCOUNTING_MODES = [
    ("after", "After collection (al dopo incasso)"),
    ("sbf", "Subject to collection (salvo buon fine)"),
]


class AccountJournal(models.Model):
    _inherit = "account.journal"

    sepa_accounting_mode = fields.Selection(
        selection=ACCOUNTING_MODES,
        string="Collection Accounting",
        default="after",
        help="After collection: nothing is booked until the collection is paid. "
        "Subject to collection: on acceptance the receivables move to the "
        "'effetti all'incasso' account, the bank credit clears it and returns "
        "reverse it.",
    )
    sepa_transit_account_id = fields.Many2one(
        "account.account",
        string="Collections in Progress Account",
        check_company=True,
        help="'Effetti all'incasso': receivables of accepted collections wait "
        "here until the bank credits them (subject to collection).",
    )
    sepa_return_fee_product_id = fields.Many2one(
        "product.product",
        string="Return Fee Product",
        check_company=True,
        help="Invoiced to the customer for each returned collection when charging return fees.",
    )
    sepa_bank_charges_account_id = fields.Many2one(
        "account.account",
        string="Bank Charges Account",
        check_company=True,
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        help="Expense account of the charges the bank debits on returned "
        "collections (RiBa causale 16000); separate from the fee invoiced to "
        "the customer.",
    )
    sepa_charge_return_fee = fields.Boolean(
        string="Charge Return Fees",
        help="Default of the return import: invoice the return fee to the customer.",
    )
    sepa_lead_days = fields.Integer(
        string="Collection Lead Days",
        default=1,
        help="Business days required between the submission and the due date.",
    )
