from odoo import fields, models

MATCH_STATES = [
    ("matched", "Matched"),
    ("proposed", "Proposed"),
    ("unmatched", "Unmatched"),
]


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    sepa_import_key = fields.Char(
        string="Import Key",
        readonly=True,
        copy=False,
        index=True,
        help="Account, statement and bank reference of the imported movement.",
    )
    sepa_match_state = fields.Selection(
        selection=MATCH_STATES, string="Matching", readonly=True, copy=False, index=True
    )
    sepa_match_rule = fields.Selection(
        selection=[
            ("structured_reference", "Structured reference"),
            ("invoice_number", "Invoice number in the text"),
            ("amount_partner", "Amount and payer account"),
            ("collection_return", "Return of a collection (RH causale 37 or Z9)"),
        ],
        string="Matching Rule",
        readonly=True,
        copy=False,
    )
    sepa_proposed_move_ids = fields.Many2many(
        "account.move", string="Matched Invoices", readonly=True, copy=False
    )
    sepa_import_id = fields.Many2one("sepa.file.import", readonly=True, copy=False)
    sepa_collection_id = fields.Many2one(
        "sepa.collection",
        string="Returned Collection",
        readonly=True,
        copy=False,
        help="The collection this bank debit charges back (RH causale 37 unpaid "
        "RiBa, Z9 SDD reversal).",
    )

    _sql_constraints = [
        (
            "sepa_import_key_uniq",
            "unique(company_id, sepa_import_key)",
            "This bank movement was already imported.",
        ),
    ]

    def action_sepa_reconcile_proposed(self):
        """Accept the proposal: reconcile with the proposed invoices."""
        for line in self.filtered(lambda st: st.sepa_match_state == "proposed"):
            if line._sepa_reconcile(line.sepa_proposed_move_ids):
                line.sepa_match_state = "matched"
        return True

    def _sepa_reconcile(self, invoices):
        """Reconcile the statement line with the receivables of invoices.

        Returns False (nothing done) when the receivables use several accounts.
        """
        self.ensure_one()
        receivables = invoices.line_ids.filtered(
            lambda aml: aml.account_type == "asset_receivable" and not aml.reconciled
        )
        if not receivables or len(receivables.account_id) != 1:
            return False
        partner = invoices.commercial_partner_id[:1]
        if self.partner_id != partner:
            self.partner_id = partner
        _liquidity, suspense, _other = self.with_context(
            skip_account_move_synchronization=True
        )._seek_for_lines()
        suspense.with_context(skip_account_move_synchronization=True).write(
            {"account_id": receivables.account_id.id, "partner_id": partner.id}
        )
        (suspense | receivables).reconcile()
        return True
