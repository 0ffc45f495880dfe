import hashlib
import json

from odoo import fields, models
from odoo.tools import format_date


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

    @staticmethod
    def _content_hash(content):
        """Hash of what a file means, not of its bytes: content is a JSON-able
        structure the importer builds from the parsed file (movements,
        outcomes, events) without message ids, line ends or encodings."""
        text = json.dumps(content, sort_keys=True, default=str, separators=(",", ":"))
        return "content:" + hashlib.sha256(text.encode()).hexdigest()

    def _find_duplicate(self, kind, content_hash, company=None):
        """The earlier import of the same content for this company, if any."""
        company = company or self.env.company
        return self.search(
            [
                ("company_id", "=", company.id),
                ("kind", "=", kind),
                ("file_hash", "=", content_hash),
            ],
            limit=1,
        )

    def _duplicate_text(self):
        """'already imported' message naming this earlier import."""
        self.ensure_one()
        day = fields.Datetime.context_timestamp(self, self.create_date).date()
        return self.env._(
            "The content of this file was already imported on %(date)s as "
            "%(name)s (import no. %(id)s) by %(user)s: nothing changed.",
            date=format_date(self.env, day),
            name=self.name,
            id=self.id,
            user=self.user_id.name or "-",
        )
