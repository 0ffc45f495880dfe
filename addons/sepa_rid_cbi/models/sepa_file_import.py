import hashlib

from odoo import fields, models


class SepaFileImport(models.Model):
    """Log of imported bank files: makes re-imports idempotent."""

    _name = "sepa.file.import"
    _description = "Imported Bank File"
    _order = "create_date desc, id desc"

    name = fields.Char(string="File Name", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(
        selection=[
            ("return", "Bank returns"),
            ("transfer", "Incoming transfers"),
            ("mandate", "Mandate alignment"),
        ],
        required=True,
    )
    file_format = fields.Char(string="Format")
    file_hash = fields.Char(required=True, index=True)
    message_id = fields.Char(string="Message Id", index=True)
    batch_id = fields.Many2one("sepa.collection.batch", ondelete="set null")
    journal_id = fields.Many2one("account.journal", ondelete="set null")
    statement_ids = fields.Many2many("account.bank.statement", string="Statements")
    summary = fields.Text()
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)

    _sql_constraints = [
        (
            "hash_uniq",
            "unique(company_id, kind, file_hash)",
            "This file was already imported.",
        ),
    ]

    @staticmethod
    def _hash(data):
        return hashlib.sha256(data).hexdigest()

    def _find_duplicate(self, kind, data, message_id=None):
        """A previous import of the same file (or message id) of this company."""
        domain = [("company_id", "=", self.env.company.id), ("kind", "=", kind)]
        found = self.search(domain + [("file_hash", "=", self._hash(data))], limit=1)
        if not found and message_id:
            found = self.search(domain + [("message_id", "=", message_id)], limit=1)
        return found
