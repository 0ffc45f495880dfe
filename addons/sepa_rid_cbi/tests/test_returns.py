import base64
import datetime as dt

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import format_date

from odoo.addons.sepa_rid_cbi.tests.fixtures import builders

from .common import SepaCommon


def riba_returns(request_text, outcomes, day="050626", sign="-"):
    """A bank's RiBa returns file built from our request, as CBI-RIB-001
    describes it: header sender = the bank's ABI, receiver = our SIA; per
    receipt a record 14 (date, causale, amount, sign, collecting bank, debtor
    code) and a record 51 (receipt number).

    outcomes: {receipt index: causale} or [(receipt index, causale[, cents])].
    """
    items = outcomes.items() if isinstance(outcomes, dict) else outcomes
    lines = request_text.split("\r\n")[:-1]
    sia, abi = lines[0][3:8], lines[0][8:13]
    out = [lines[0][:3] + abi + sia + lines[0][13:]]
    negative = positive = 0
    for count, (index, causale, *cents) in enumerate(sorted(items), start=1):
        request14, request51 = lines[1 + index * 7], lines[6 + index * 7]
        number = f"{count:07d}"
        amount = f"{cents[0]:013d}" if cents else request14[33:46]
        rec14 = request14[:3] + number + request14[10:22] + day + causale + amount
        rec14 += sign + request14[47:]
        out += [rec14, request51[:3] + number + request51[10:]]
        if sign == "-":
            negative += int(amount)
        else:
            positive += int(amount)
    ef = lines[-1]
    ef = (ef[:3] + abi + sia + ef[13:45] + f"{count:07d}" + f"{negative:015d}"
          + f"{positive:015d}" + f"{len(out) + 1:07d}" + ef[89:])  # fmt: skip
    return "\r\n".join([*out, ef]) + "\r\n"


@tagged("post_install", "-at_install")
class TestReturns(SepaCommon):
    def _rejects(self, batch, collections, code="AM04"):
        return builders.status_report(
            batch.message_id,
            [(c.name, code, int(round(c.amount * 100))) for c in collections],
        )

    def test_pain002_return_reopens_invoice_and_flags_partner(self):
        product = self._create_product(name="Spese insoluto", type="service", lst_price=7.5)
        self.bank_journal.sepa_return_fee_product_id = product
        invoice = self._invoice(amount=300.0)
        batch = self._sent_batch(invoice)
        batch.action_accept()
        batch.action_paid()
        self.assertEqual(invoice.payment_state in ("paid", "in_payment"), True)
        self.assertFalse(self.customer.sepa_has_unpaid)
        returned = batch.collection_ids[0]
        data = self._rejects(batch, returned, "AM04")
        wizard = self._import_returns(data, charge_fee=True)
        self.assertIn("1 returned", wizard.result)
        self.assertEqual(returned.state, "returned")
        self.assertEqual(returned.payment_id.state, "canceled")
        self.assertEqual(returned.return_code, "AM04")
        self.assertEqual(returned.return_description, "Insufficient funds.")
        self.assertIn("new due date", returned.return_next_step)
        invoice.invalidate_recordset()
        self.assertEqual(invoice.amount_residual, 150.0)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertTrue(returned.fee_move_id)
        self.assertEqual(returned.fee_move_id.amount_untaxed, 7.5)
        self.customer.invalidate_recordset()
        self.assertTrue(self.customer.sepa_has_unpaid)
        self.assertEqual(self.customer.sepa_unpaid_count, 1)
        self.assertIn(
            self.customer,
            self.env["res.partner"].search([("sepa_has_unpaid", "=", True)]),
        )
        self.assertEqual(batch.collection_ids[1].state, "paid")
        # the same file again changes nothing
        imports = self.env["sepa.file.import"].search_count([])
        moves = self.env["account.move"].search_count([])
        again = self._import_returns(data, charge_fee=True)
        self.assertIn("already imported", again.result)
        self.assertEqual(self.env["sepa.file.import"].search_count([]), imports)
        self.assertEqual(self.env["account.move"].search_count([]), moves)

    def test_returned_collection_counts_overdue_from_return_date(self):
        invoice = self._invoice(amount=300.0)
        batch = self._sent_batch(invoice)
        batch.action_accept()
        batch.action_paid()
        returned, paid = batch.collection_ids[0], batch.collection_ids[1]
        lines = returned.move_line_ids | paid.move_line_ids
        since = lines._recurring_overdue_since()
        self.assertEqual(since[returned.move_line_ids.id], returned.move_line_ids.date_maturity)
        self.assertNotEqual(returned.move_line_ids.date_maturity, self.today)
        self._import_returns(self._rejects(batch, returned, "AM04"))
        self.assertEqual(returned.state, "returned")
        self.assertTrue(returned.return_date)
        since = lines._recurring_overdue_since()
        self.assertEqual(since[returned.move_line_ids.id], returned.return_date)
        self.assertEqual(since[paid.move_line_ids.id], paid.move_line_ids.date_maturity)

    def test_reject_before_acceptance_and_cbi_status_report(self):
        invoice = self._invoice(amount=300.0)
        batch = self._sent_batch(invoice)
        first = batch.collection_ids[0]
        data = builders.status_report(batch.message_id, [(first.name, "MD01", 15000)], cbi=True)
        self._import_returns(data)
        self.assertEqual(first.state, "returned")
        self.assertEqual(first.return_description, "No valid mandate.")
        # MD01: the mandate must be aligned (SEDA) before the next collection
        self.assertEqual(first.mandate_id.state, "to_align")
        self.customer.invalidate_recordset()
        self.assertTrue(self.customer.sepa_mandate_to_align)
        self.assertFalse(self.customer2.sepa_mandate_to_align)
        self.assertIn("MD01", first.mandate_id.message_ids[:1].body)
        self.assertEqual(batch.state, "returned")
        self.assertEqual(batch.collection_ids[1].state, "accepted")
        self.assertEqual(invoice.amount_residual, 300.0)
        batch.action_paid()
        self.assertEqual(batch.collection_ids[1].state, "paid")
        self.assertEqual(first.state, "returned")
        invoice.invalidate_recordset()
        self.assertEqual(invoice.amount_residual, 150.0)
        # no new collection until aligned: the bank's positive response (REC)
        # validates the mandate again
        blocked = self._batch(partner_ids=[Command.set(self.customer.ids)])
        with self.assertRaisesRegex(UserError, "To Align"):
            blocked.action_generate()
        event = self.env["sepa.mandate.event"].create(
            {"mandate_id": self.mandate.id, "event_type": "confirmed", "note": "REC"}
        )
        self.assertEqual(event.seda_code, "REC")
        event.action_apply()
        self.assertEqual(self.mandate.state, "valid")
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.sepa_mandate_to_align)
        blocked.action_generate()
        self.assertEqual(blocked.state, "generated")

    def test_subject_to_collection_return_after_credit(self):
        transit = self.env["account.account"].create(
            {
                "code": "151098",
                "name": "Effetti SBF",
                "account_type": "asset_current",
                "reconcile": True,
                "company_ids": [Command.set(self.company.ids)],
            }
        )
        self.bank_journal.write(
            {"sepa_accounting_mode": "sbf", "sepa_transit_account_id": transit.id}
        )
        invoice = self._invoice(amount=300.0)
        batch = self._sent_batch(invoice)
        batch.action_accept()
        batch.action_paid()
        returned = batch.collection_ids[1]
        self._import_returns(self._rejects(batch, returned, "MS02"))
        self.assertTrue(returned.return_move_id)
        invoice.invalidate_recordset()
        self.assertEqual(invoice.amount_residual, 150.0)
        balance = sum(
            self.env["account.move.line"]
            .search([("account_id", "=", transit.id), ("parent_state", "=", "posted")])
            .mapped("balance")
        )
        self.assertEqual(balance, 0.0)

    def test_riba_returns(self):
        invoice = self._invoice(amount=300.0, method="riba")
        batch = self._batch(kind="riba", partner_ids=[Command.set(self.customer.ids)])
        batch.action_generate()
        batch.action_send()
        request = base64.b64decode(batch.file).decode("ascii")
        data = riba_returns(request, {0: "42010", 1: "30010"})
        wizard = self._import_returns(data, filename="esiti_riba.txt")
        self.assertIn("1 returned, 1 paid", wizard.result)
        unpaid, paid = batch.collection_ids.sorted("sequence")
        self.assertEqual(unpaid.state, "returned")
        self.assertEqual(unpaid.return_code, "42010")
        self.assertEqual(unpaid.return_description, "RiBa unpaid (insoluto).")
        self.assertIn("issue the receipt again", unpaid.return_next_step)
        day = format_date(self.env, dt.date(2026, 6, 5))
        self.assertEqual(unpaid.return_note, f"Causale 42010 of {day}, collecting bank 05428/11101")
        self.assertEqual(paid.state, "paid")
        invoice.invalidate_recordset()
        self.assertEqual(invoice.amount_residual, 150.0)
        again = self._import_returns(data, filename="esiti_riba.txt")
        self.assertIn("already imported", again.result)


@tagged("post_install", "-at_install")
class TestReturnFeeHeader(SepaCommon):
    def test_return_fee_invoice_has_the_contract_invoice_header(self):
        """The invoice builder gives the return fee the header the contract's
        billing run gave the invoice that bounced."""
        self.bank_journal.sepa_return_fee_product_id = self._create_product(
            name="Spese insoluto", type="service", lst_price=7.5
        )
        fiscal_position = self.env["account.fiscal.position"].create({"name": "Split payment"})
        contract = self._contract(
            600.0,
            "annual",
            start=self.today.replace(day=1).isoformat(),
            end=(self.today.replace(day=1) + dt.timedelta(days=364)).isoformat(),
            payment_term_id=self.term_30_60.id,
            fiscal_position_id=fiscal_position.id,
            l10n_it_cup="J41B22000120006",
            l10n_it_cig="Z1A2B3C4D5",
            sepa_payment_method="sdd",
            sepa_mandate_id=self.mandate.id,
        )
        run = self._run(invoice_date=self.today.isoformat(), post_invoices=True)
        run.action_confirm()
        invoice = run.move_ids
        self.assertEqual(invoice.recurring_contract_ids, contract)
        batch = self._sent_batch(invoice)
        batch.action_accept()
        batch.action_paid()
        returned = batch.collection_ids[0]
        data = builders.status_report(
            batch.message_id, [(returned.name, "AM04", int(round(returned.amount * 100)))]
        )
        self._import_returns(data, charge_fee=True)
        fee = returned.fee_move_id
        self.assertTrue(fee)
        fields_list = [
            "partner_id",
            "fiscal_position_id",
            "invoice_payment_term_id",
            "currency_id",
            "l10n_it_cup",
            "l10n_it_cig",
            "l10n_it_origin_document_type",
            "l10n_it_origin_document_name",
            "sepa_payment_method",
            "sepa_mandate_id",
        ]
        self.assertEqual(
            fee.read(fields_list)[0] | {"id": 0}, invoice.read(fields_list)[0] | {"id": 0}
        )
        self.assertEqual(fee.invoice_line_ids.recurring_contract_id, contract)
        self.assertIn(returned.name, fee.message_ids.mapped("body")[0])
