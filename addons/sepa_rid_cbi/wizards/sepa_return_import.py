from odoo import _lt, fields, models
from odoo.tools import format_date

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
            if data.lstrip()[:1] == b"<":
                plan = self._plan_status_report(data)
            else:
                plan = self._plan_riba(data)
        except DomainError as error:
            self._raise_format(error)
        batch, message_id, file_format, returns, paid, accept, content = plan
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
                "batch_id": batch.id,
            }
        )
        charge = self.charge_fee
        returned = batch._return_collections(returns, record, charge)
        if accept and batch.state in ("sent", "returned"):
            batch.action_accept()
        if paid:
            batch._register_payments(
                paid.filtered(lambda c: not c.payment_id),
                transit=batch.accounting_mode == "sbf",
            )
            paid.write({"state": "paid"})
        summary = self.env._(
            "Batch %(batch)s: %(returned)s returned, %(paid)s paid.",
            batch=batch.name,
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
                    "the report refers to message %(msg)s, which is not a batch "
                    "of this company (wrong bank or company?)."
                ),
                msg=report.original_message_id,
            )
        if batch.state in ("draft", "generated", "cancelled"):
            raise DomainError(self.env._("batch %(batch)s was not sent."), batch=batch.name)
        by_name = {c.name: c for c in batch.collection_ids}
        returns = {}
        for tx in report.transactions:
            collection = by_name.get(tx.original_end_to_end_id)
            if collection is None:
                raise DomainError(
                    self.env._("end-to-end id %(id)s is not a collection of batch %(batch)s."),
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
        header, outcomes = riba.parse_returns(
            data, expected_sia=self.company_id.sepa_sia_code or None
        )
        batch = self.env["sepa.collection.batch"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("message_id", "=", header["support"]),
                ("kind", "=", "riba"),
            ],
            limit=1,
        )
        if not batch:
            raise DomainError(
                self.env._("Line 1: support %(support)s is not a RiBa batch of this company."),
                support=header["support"],
            )
        abi = iban.normalize(batch.journal_id.bank_account_id.acc_number or "")[5:10]
        if header["abi"] != abi:
            raise DomainError(
                self.env._("Line 1: the file is for bank ABI %(found)s, %(expected)s expected."),
                found=header["abi"],
                expected=abi,
            )
        by_number = {c.sequence: c for c in batch.collection_ids}
        returns = {}
        paid = self.env["sepa.collection"]
        for outcome in outcomes:
            collection = by_number.get(outcome.receipt_number)
            if collection is None or collection.due_date != outcome.due_date:
                raise DomainError(
                    self.env._(
                        "Line %(line)s: receipt %(number)s due on %(date)s is not in "
                        "batch %(batch)s."
                    ),
                    line=outcome.line,
                    number=outcome.receipt_number,
                    date=format_date(self.env, outcome.due_date),
                    batch=batch.name,
                )
            if outcome.status == "paid":
                if collection.state in ("sent", "accepted"):
                    paid |= collection
            else:
                code = "INS" if outcome.status == "unpaid" else "RIC"
                returns[collection] = (code, outcome.reason)
        # the outcomes the file carries, not its header
        content = [
            "riba",
            batch.id,
            sorted(
                [o.receipt_number, o.due_date, o.amount_cents, o.status, o.reason] for o in outcomes
            ),
        ]
        message_id = header["support"] + header["date"].isoformat()
        return batch, message_id, "riba", returns, paid, False, content
