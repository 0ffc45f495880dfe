from odoo import _lt, fields, models
from odoo.tools import format_amount, format_date

from odoo.addons.contract_recurring.tools.money import from_cents, to_cents

from ..tools import iban, pain002, riba
from ..tools.errors import DomainError

ACCEPTED = ("ACCP", "ACSC", "ACSP", "ACTC", "ACWC", "ACCC", "ACFC", "ACWP")


class SepaReturnImport(models.TransientModel):
    """Import of bank returns ('esiti'): ISO pain.002, CBI SDD status report,
    RiBa returns. A bad file is rejected whole; a known file changes nothing."""

    _name = "sepa.return.import"
    _inherit = ["sepa.file.import.mixin"]
    _description = "Import Bank Returns"
    _import_kind = "return"
    _import_title = _lt("Import Bank Returns")

    charge_fee = fields.Boolean(
        string="Charge Return Fees",
        help="Invoice the return fee product of the bank journal to each "
        "customer whose collection is returned.",
    )

    def action_import(self):
        data = self._read_file()
        Import = self.env["sepa.file.import"]
        try:
            if self._is_xml(data):
                plan = self._plan_status_report(data)
            else:
                plan = self._plan_riba(data)
        except DomainError as error:
            self._raise_format(error)
        batch, message_id, file_format, returns, paid, accept, content = plan[:7]
        charges = plan[7] if len(plan) > 7 else {}
        content_hash, known = self._known(content)
        if known:
            return known
        record = Import.create(
            {
                "name": self.filename or message_id,
                "company_id": self.company_id.id,
                "kind": "return",
                "file_format": file_format,
                "file_hash": content_hash,
                "message_id": message_id,
                "batch_id": batch[:1].id,
            }
        )
        Batch = self.env["sepa.collection.batch"]
        returned = Batch._return_collections(returns, record, self.charge_fee)
        if accept and batch.state in ("sent", "returned"):
            batch.action_accept()
        for paid_batch in paid.batch_id:
            own = paid.filtered(lambda c, b=paid_batch: c.batch_id == b)
            paid_batch._register_payments(
                own.filtered(lambda c: not c.payment_id),
                transit=paid_batch.accounting_mode == "sbf",
            )
        paid.write({"state": "paid"})
        for collection, cents in charges.items():
            collection.batch_id._book_bank_charges(collection, cents, record)
        summary = self.env._(
            "Batch %(batch)s: %(returned)s returned, %(paid)s paid.",
            batch=", ".join((batch | returned.batch_id | paid.batch_id).mapped("name")),
            returned=len(returned),
            paid=len(paid),
        )
        record.summary = summary
        return self._done(summary)

    def _batch_error(self, message, **params):
        return DomainError(message, **params)

    def _plan_status_report(self, data):
        report = pain002.parse(data)
        batch = self.env["sepa.collection.batch"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("message_id", "=", report.original_message_id),
                ("kind", "=", "sdd"),
            ],
            limit=1,
        )
        if not batch:
            raise DomainError(
                self.env._(
                    "%(path)s: the report refers to message %(msg)s, which is not a "
                    "batch of this company (wrong bank or company?)."
                ),
                path=report.original_where or "-",
                msg=report.original_message_id,
            )
        if batch.state in ("draft", "generated", "cancelled"):
            raise DomainError(
                self.env._("%(path)s: batch %(batch)s was not sent."),
                path=report.original_where or "-",
                batch=batch.name,
            )
        by_name = {c.name: c for c in batch.collection_ids}
        returns = {}
        for tx in report.transactions:
            collection = by_name.get(tx.original_end_to_end_id)
            if collection is None:
                raise DomainError(
                    self.env._(
                        "%(path)s: end-to-end id %(id)s is not a collection of batch %(batch)s."
                    ),
                    path=tx.where or "-",
                    id=tx.original_end_to_end_id,
                    batch=batch.name,
                )
            if tx.status == "RJCT":
                returns[collection] = (tx.reason_code, "")
        if report.group_status == "RJCT" and not report.transactions:
            for collection in batch.collection_ids:
                returns[collection] = (report.group_reason_code, "")
        accept = report.group_status != "RJCT"
        paid = self.env["sepa.collection"]
        # what the report says, without its own message id
        content = [
            "status",
            batch.id,
            report.original_message_id,
            report.group_status,
            report.group_reason_code,
            sorted(
                [tx.original_end_to_end_id, tx.status, tx.reason_code, tx.amount_cents]
                for tx in report.transactions
            ),
        ]
        return batch, report.message_id, report.flavour, returns, paid, accept, content

    def _plan_riba(self, data):
        """Receipts found by number, debtor code and amount among the RiBa
        collections sent by this company (a bank's file carries no support
        name); the header's sender must be the ABI of their bank journal."""
        header, outcomes = riba.parse_returns(
            data, expected_sia=self.company_id.sepa_sia_code or None
        )
        candidates = self.env["sepa.collection"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("kind", "=", "riba"),
                ("sequence", "in", [o.receipt_number for o in outcomes]),
                ("batch_id.state", "in", ("sent", "accepted", "returned", "paid", "closed")),
                ("state", "!=", "cancelled"),
            ]
        )
        index = {}
        for collection in candidates:
            key = (
                collection.sequence,
                str(collection.partner_id.commercial_partner_id.id),
                to_cents(collection.amount),
            )
            index.setdefault(key, self.env["sepa.collection"])
            index[key] |= collection
        returns, charges = {}, {}
        paid = self.env["sepa.collection"]
        found = self.env["sepa.collection"]
        for outcome in outcomes:
            key = (outcome.receipt_number, outcome.debtor_code, outcome.amount_cents)
            matches = index.get(key, self.env["sepa.collection"])
            if outcome.status == "charges":
                # a charge names the receipt it is about, not its amount
                matches = candidates.filtered(
                    lambda c, o=outcome: (
                        c.sequence == o.receipt_number
                        and str(c.partner_id.commercial_partner_id.id) == o.debtor_code
                    )
                )
            if len(matches) > 1:
                open_ones = matches.filtered(lambda c: c.state in ("sent", "accepted"))
                matches = open_ones if len(open_ones) == 1 else matches
            if not matches:
                raise DomainError(
                    self.env._(
                        "Line %(line)s: receipt %(number)s of debtor %(debtor)s for "
                        "%(amount)s is not a RiBa collection of this company."
                    ),
                    line=outcome.line,
                    number=outcome.receipt_number,
                    debtor=outcome.debtor_code or "-",
                    amount=format_amount(
                        self.env, from_cents(outcome.amount_cents), self.company_id.currency_id
                    ),
                )
            if len(matches) > 1:
                raise DomainError(
                    self.env._(
                        "Line %(line)s: receipt %(number)s matches collections of "
                        "several batches (%(batches)s)."
                    ),
                    line=outcome.line,
                    number=outcome.receipt_number,
                    batches=", ".join(matches.batch_id.mapped("name")),
                )
            collection = matches
            abi = iban.normalize(collection.batch_id.journal_id.bank_account_id.acc_number or "")
            if header["abi"] != abi[5:10]:
                raise DomainError(
                    self.env._(
                        "Line 1: the file comes from bank ABI %(found)s, receipt "
                        "%(number)s was sent to ABI %(expected)s."
                    ),
                    found=header["abi"],
                    number=outcome.receipt_number,
                    expected=abi[5:10],
                )
            found |= collection
            if outcome.status == "charges":
                charges[collection] = charges.get(collection, 0) + outcome.amount_cents
            elif outcome.status == "paid":
                if collection.state in ("sent", "accepted"):
                    paid |= collection
            else:
                note = self.env._(
                    "Causale %(causale)s of %(date)s, collecting bank %(abi)s/%(cab)s",
                    causale=outcome.causale,
                    date=format_date(self.env, outcome.date) if outcome.date else "-",
                    abi=outcome.bank_abi,
                    cab=outcome.bank_cab,
                )
                returns[collection] = (outcome.causale, note)
        missing = [
            c.batch_id.journal_id.name
            for c in charges
            if not c.batch_id.journal_id.sepa_bank_charges_account_id
        ]
        if missing:
            raise DomainError(
                self.env._(
                    "the file carries bank charges (causale 16000): set the bank "
                    "charges account of bank journal %(journal)s."
                ),
                journal=missing[0],
            )
        # the outcomes the file carries, not its header
        content = [
            "riba",
            sorted(
                [o.receipt_number, o.debtor_code, o.date, o.causale, o.amount_cents, o.sign]
                for o in outcomes
            ),
        ]
        message_id = header["support"] + (header["date"].isoformat() if header["date"] else "")
        batches = found.batch_id
        return batches, message_id, "riba", returns, paid, False, content, charges
