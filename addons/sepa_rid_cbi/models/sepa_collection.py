from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..tools import return_reasons

COLLECTION_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("paid", "Paid"),
    ("returned", "Returned"),
    ("cancelled", "Cancelled"),
]


class SepaCollection(models.Model):
    """One collection of a batch: an invoice installment due (payment term line),
    or several of the same debtor and due date when the batch groups them."""

    _name = "sepa.collection"
    _description = "Collection"
    _order = "batch_id desc, sequence, id"
    _check_company_auto = True

    name = fields.Char(string="End-to-End Id", required=True, readonly=True, index=True)
    sequence = fields.Integer(
        string="Number", readonly=True, help="Receipt number in the batch file."
    )
    batch_id = fields.Many2one(
        "sepa.collection.batch", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="batch_id.company_id", store=True, index=True)
    kind = fields.Selection(related="batch_id.kind", store=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True)
    mandate_id = fields.Many2one("sepa.mandate", index=True, check_company=True)
    move_line_ids = fields.Many2many("account.move.line", string="Installments Due", readonly=True)
    invoice_ids = fields.Many2many("account.move", string="Invoices", readonly=True)
    invoice_names = fields.Char(compute="_compute_invoice_names", string="Invoice Numbers")
    currency_id = fields.Many2one(related="batch_id.currency_id")
    amount = fields.Monetary(required=True)
    due_date = fields.Date(required=True)
    state = fields.Selection(
        selection=COLLECTION_STATES, default="draft", required=True, index=True
    )
    payment_id = fields.Many2one("account.payment", readonly=True, copy=False)
    bank_move_id = fields.Many2one(
        "account.move", string="Bank Credit Entry", readonly=True, copy=False
    )
    return_move_id = fields.Many2one(
        "account.move", string="Return Entry", readonly=True, copy=False
    )
    fee_move_id = fields.Many2one(
        "account.move", string="Return Fee Invoice", readonly=True, copy=False
    )
    bank_charges_move_id = fields.Many2one(
        "account.move", string="Bank Charges Entry", readonly=True, copy=False
    )
    return_code = fields.Char(string="Return Reason Code", readonly=True)
    return_note = fields.Char(string="Bank Note", readonly=True)
    return_date = fields.Date(readonly=True)
    return_import_id = fields.Many2one("sepa.file.import", readonly=True)
    return_description = fields.Char(string="Return Reason", compute="_compute_return_reason")
    return_next_step = fields.Char(string="Next Step", compute="_compute_return_reason")

    _sql_constraints = [
        ("name_batch_uniq", "unique(batch_id, name)", "End-to-end ids are unique in a batch."),
    ]

    def write(self, vals):
        # what the bank was sent cannot change under it: due date and amount
        # only while the batch is a draft (form, list, import or direct write)
        if {"due_date", "amount"} & set(vals):
            locked = self.filtered(lambda c: c.batch_id.state != "draft")
            if locked:
                raise UserError(
                    self.env._(
                        "The due date and amount of collection %(collection)s can only "
                        "change while batch %(batch)s is a draft (set it back to draft "
                        "first, if its file was not sent).",
                        collection=locked[0]._tool_label(),
                        batch=locked[0].batch_id.name,
                    )
                )
        return super().write(vals)

    @api.depends("invoice_ids.name")
    def _compute_invoice_names(self):
        for collection in self:
            collection.invoice_names = ", ".join(collection.invoice_ids.mapped("name"))

    @api.depends("return_code", "return_note")
    def _compute_return_reason(self):
        for collection in self:
            if not collection.return_code:
                collection.return_description = False
                collection.return_next_step = False
                continue
            reason = return_reasons.describe(collection.return_code)
            if reason.description == return_reasons.UNKNOWN_DESCRIPTION and (
                collection.return_note
            ):
                collection.return_description = collection.return_note
            else:
                collection.return_description = self.env._(reason.description)
            collection.return_next_step = self.env._(reason.next_step)

    def _riba_public_references(self):
        """'CIG ... CUP ...' of the collection's invoices (public administration)."""
        self.ensure_one()
        cig = next(iter(filter(None, self.invoice_ids.mapped("l10n_it_cig"))), "")
        cup = next(iter(filter(None, self.invoice_ids.mapped("l10n_it_cup"))), "")
        return " ".join(filter(None, [cig and f"CIG {cig}", cup and f"CUP {cup}"]))

    def _tool_label(self):
        """Invoice numbers and customer, to name the collection in messages."""
        self.ensure_one()
        return self.env._(
            "Invoice %(invoices)s (%(partner)s, due %(due)s)",
            invoices=self.invoice_names or self.name,
            partner=self.partner_id.display_name,
            due=format_date(self.env, self.due_date),
        )
