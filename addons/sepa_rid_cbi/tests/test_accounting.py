from odoo import Command
from odoo.tests import tagged

from .common import SepaCommon


@tagged("post_install", "-at_install")
class TestAccounting(SepaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.transit = cls.env["account.account"].create(
            {
                "code": "151099",
                "name": "Effetti all'incasso",
                "account_type": "asset_current",
                "reconcile": True,
                "company_ids": [Command.set(cls.company.ids)],
            }
        )

    def _paid(self, invoice):
        invoice.invalidate_recordset(["payment_state", "amount_residual"])
        return invoice.payment_state in ("paid", "in_payment")

    def test_after_collection_mode_books_nothing_until_paid(self):
        self.bank_journal.sepa_accounting_mode = "after"
        invoice = self._invoice(amount=300.0)
        batch = self._sent_batch(invoice)
        batch.action_accept()
        self.assertEqual(batch.state, "accepted")
        self.assertFalse(batch.collection_ids.payment_id)
        self.assertEqual(invoice.amount_residual, 300.0)
        batch.action_paid()
        self.assertEqual(batch.state, "paid")
        payments = batch.collection_ids.payment_id
        self.assertEqual(len(payments), 2)
        self.assertEqual(sorted(payments.mapped("amount")), [150.0, 150.0])
        self.assertTrue(all(p.state in ("in_process", "paid") for p in payments))
        self.assertTrue(self._paid(invoice))
        self.assertEqual(
            set(payments.mapped("outstanding_account_id.account_type")), {"asset_current"}
        )
        batch.action_close()
        self.assertEqual(batch.state, "closed")

    def test_subject_to_collection_mode(self):
        self.bank_journal.write(
            {"sepa_accounting_mode": "sbf", "sepa_transit_account_id": self.transit.id}
        )
        invoice = self._invoice(amount=300.0)
        batch = self._sent_batch(invoice)
        batch.action_accept()
        payments = batch.collection_ids.payment_id
        self.assertEqual(len(payments), 2)
        self.assertEqual(payments.outstanding_account_id, self.transit)
        self.assertTrue(self._paid(invoice))
        transit_balance = sum(
            self.env["account.move.line"]
            .search([("account_id", "=", self.transit.id), ("parent_state", "=", "posted")])
            .mapped("balance")
        )
        self.assertEqual(transit_balance, 300.0)
        batch.action_paid()
        self.assertTrue(batch.bank_move_id)
        bank_line = batch.bank_move_id.line_ids.filtered(
            lambda aml: aml.account_id == self.bank_journal.default_account_id
        )
        self.assertEqual(bank_line.debit, 300.0)
        transit_balance = sum(
            self.env["account.move.line"]
            .search([("account_id", "=", self.transit.id), ("parent_state", "=", "posted")])
            .mapped("balance")
        )
        self.assertEqual(transit_balance, 0.0)

    def test_subject_to_collection_needs_transit_account(self):
        self.bank_journal.write({"sepa_accounting_mode": "sbf", "sepa_transit_account_id": False})
        batch = self._sent_batch(self._invoice())
        with self.assertRaisesRegex(Exception, "effetti all'incasso"):
            batch.action_accept()

    def test_method_line_without_outstanding_account(self):
        """As in the demo database: the journal's inbound payment method line
        has no account of its own; Odoo 18 then uses the chart's outstanding
        receipts account, and so do the collection payments."""
        self.bank_journal.sepa_accounting_mode = "after"
        self.bank_journal.inbound_payment_method_line_ids.payment_account_id = False
        expected = (
            self.env["account.chart.template"].ref(
                "account_journal_payment_debit_account_id", raise_if_not_found=False
            )
            or self.company.transfer_account_id
        )
        self.assertTrue(expected)
        invoice = self._invoice(amount=300.0)
        batch = self._sent_batch(invoice)
        batch.action_accept()
        batch.action_paid()
        payments = batch.collection_ids.payment_id
        self.assertEqual(len(payments), 2)
        self.assertEqual(payments.outstanding_account_id, expected)
        self.assertEqual(set(payments.mapped("state")) - {"in_process", "paid"}, set())
        self.assertTrue(all(payments.move_id.mapped(lambda m: m.state == "posted")))
        self.assertTrue(self._paid(invoice))
        self.assertEqual(batch.state, "paid")
