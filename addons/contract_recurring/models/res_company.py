from odoo import fields, models

# Accrual and deferral accounts of the Italian chart (l10n_it), by code.
CUTOFF_ACCOUNT_CODES = {
    "accrued_income": "1901",  # ratei attivi
    "deferred_expense": "1902",  # risconti attivi
    "accrued_expense": "2701",  # ratei passivi
    "deferred_income": "2702",  # risconti passivi
}
CUTOFF_ACCOUNT_FIELDS = {
    "accrued_income": "recurring_accrued_income_account_id",
    "deferred_expense": "recurring_deferred_expense_account_id",
    "accrued_expense": "recurring_accrued_expense_account_id",
    "deferred_income": "recurring_deferred_income_account_id",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    recurring_hour_alert_mode = fields.Selection(
        [("percent", "% of the ordered hours"), ("hours", "Hours")],
        string="Prepaid Hours Alert When Left",
        default="percent",
    )
    recurring_hour_alert_threshold = fields.Float(
        string="Prepaid Hours Alert Threshold",
        default=20.0,
        help="The contract's responsible person gets an activity when a block of "
        "prepaid hours has this much left; a contract type can set its own.",
    )
    recurring_accrued_income_account_id = fields.Many2one(
        "account.account",
        string="Accrued Income Account",
        check_company=True,
        help="Ratei attivi; empty: the chart's account 1901.",
    )
    recurring_deferred_expense_account_id = fields.Many2one(
        "account.account",
        string="Prepaid Expense Account",
        check_company=True,
        help="Risconti attivi; empty: the chart's account 1902.",
    )
    recurring_accrued_expense_account_id = fields.Many2one(
        "account.account",
        string="Accrued Expense Account",
        check_company=True,
        help="Ratei passivi; empty: the chart's account 2701.",
    )
    recurring_deferred_income_account_id = fields.Many2one(
        "account.account",
        string="Deferred Income Account",
        check_company=True,
        help="Risconti passivi; empty: the chart's account 2702.",
    )
    recurring_cutoff_journal_id = fields.Many2one(
        "account.journal",
        string="Accruals Journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        help="Journal of the accrual and deferral entries; empty: the first miscellaneous journal.",
    )

    def _recurring_cutoff_accounts(self):
        """{kind: account} for the cut-off: the configured accounts, else the
        chart's accounts found by code (empty recordset when missing)."""
        self.ensure_one()
        Account = self.env["account.account"].with_company(self)
        accounts = {}
        for kind, field_name in CUTOFF_ACCOUNT_FIELDS.items():
            account = self[field_name]
            if not account:
                # the chart pads codes to its digits: 1901 becomes 190100
                account = Account.search(
                    [
                        *Account._check_company_domain(self),
                        ("code", "=like", CUTOFF_ACCOUNT_CODES[kind] + "%"),
                        ("deprecated", "=", False),
                    ],
                    order="code",
                    limit=1,
                )
            accounts[kind] = account
        return accounts

    def _recurring_cutoff_journal(self):
        self.ensure_one()
        return self.recurring_cutoff_journal_id or self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(self), ("type", "=", "general")],
            limit=1,
        )
