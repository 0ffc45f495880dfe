from odoo import fields, models

CUTOFF_KINDS = [
    ("deferred_income", "Deferred income (risconto passivo)"),
    ("accrued_income", "Accrued income (rateo attivo)"),
    ("deferred_expense", "Prepaid expense (risconto attivo)"),
    ("accrued_expense", "Accrued expense (rateo passivo)"),
]


class RecurringCutoffLine(models.Model):
    _name = "recurring.cutoff.line"
    _description = "Accruals and Deferrals: Contributing Line"
    _order = "cutoff_id, kind, contract_id, competence_start, id"

    cutoff_id = fields.Many2one("recurring.cutoff", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="cutoff_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="cutoff_id.currency_id")
    kind = fields.Selection(selection=CUTOFF_KINDS, required=True)
    contract_id = fields.Many2one("recurring.contract", index="btree_not_null")
    installment_id = fields.Many2one("recurring.contract.installment", ondelete="set null")
    source_line_id = fields.Many2one(
        "account.move.line", string="Source Journal Item", ondelete="set null"
    )
    invoice_id = fields.Many2one("account.move", string="Invoice / Bill", ondelete="set null")
    partner_id = fields.Many2one(
        "res.partner",
    )
    product_id = fields.Many2one("product.product", string="Service")
    account_id = fields.Many2one(
        "account.account",
        string="Revenue / Expense Account",
        help="Account of the revenue or expense that the entry moves in time.",
    )
    analytic_distribution = fields.Json()
    competence_start = fields.Date()
    competence_end = fields.Date()
    days_total = fields.Integer(string="Competence Days")
    days = fields.Integer(
        string="Days Accrued / Deferred",
        help="Days after the cut-off date (deferrals) or up to it (accruals), both ends included.",
    )
    base_amount = fields.Monetary(string="Taxable Amount")
    amount = fields.Monetary(string="Accrual / Deferral")
