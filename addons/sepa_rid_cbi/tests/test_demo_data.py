import base64
import datetime as dt

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.sepa_rid_cbi.tests.fixtures.builders import camt as camt_file
from odoo.addons.sepa_rid_cbi.tests.fixtures.builders import status_report

from ..tools import iban, pain008
from .test_returns import riba_returns


@tagged("suite_demo", "post_install", "-at_install", "-standard")
class TestDemoData(TransactionCase):
    """Runs only in the all-addons database with demo data (tag suite_demo)."""

    def test_demo_collection_cycle(self):
        company = self.env.ref("base.demo_company_it")
        iban.validate_creditor_id(company.sepa_creditor_identifier)
        mandate = self.env.ref("sepa_rid_cbi.mandate_customer_01")
        self.assertEqual(mandate.state, "valid")
        self.assertTrue(iban.is_valid_iban(mandate.partner_bank_id.acc_number))
        contract = self.env.ref("contract_recurring.contract_01")
        self.assertEqual(contract.sepa_mandate_id, mandate)
        batches = self.env["sepa.collection.batch"].search(
            [("company_id", "=", company.id), ("state", "=", "draft")]
        )
        self.assertTrue(batches)
        env = self.env(context=dict(self.env.context, allowed_company_ids=company.ids))
        today = fields.Date.context_today(mandate)
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": mandate.partner_id.id,
                "company_id": company.id,
                "invoice_date": today,
                "invoice_date_due": today + dt.timedelta(days=15),
                "sepa_payment_method": "sdd",
                "sepa_mandate_id": mandate.id,
                "invoice_line_ids": [
                    Command.create({"name": "Canone hosting", "quantity": 1, "price_unit": 240})
                ],
            }
        )
        invoice.action_post()
        batch = batches[0].with_env(env)
        batch.write(
            {
                "partner_ids": [Command.set(mandate.partner_id.ids)],
                "date_to": today + dt.timedelta(days=30),
            }
        )
        batch.action_build()
        self.assertIn(invoice, batch.collection_ids.invoice_ids)
        batch.action_generate()
        data = base64.b64decode(batch.file)
        self.assertEqual(pain008.validate(data), "pain.008.001.08")
        self.assertIn(b"IT10ZZZ03456789012", data)

    def test_demo_batch_ready_to_send(self):
        """A batch in the state before sending, with its collections and file,
        on the demo company's own bank journal and a demo mandate."""
        company = self.env.ref("base.demo_company_it")
        mandate = self.env.ref("sepa_rid_cbi.mandate_customer_15")
        self.assertEqual(mandate.state, "valid")
        batch = self.env["sepa.collection.batch"].search(
            [("company_id", "=", company.id), ("state", "=", "generated")]
        )
        self.assertEqual(len(batch), 1)
        self.assertEqual(batch.journal_id.company_id, company)
        self.assertEqual(batch.journal_id.type, "bank")
        self.assertTrue(batch.collection_ids)
        self.assertEqual(batch.collection_ids.mandate_id, mandate)
        self.assertTrue(batch.file)
        today = fields.Date.today()
        self.assertTrue(all(c.due_date > today for c in batch.collection_ids))
        invoices = batch.collection_ids.invoice_ids
        self.assertEqual(invoices.mapped("state"), ["posted"] * len(invoices))
        self.assertEqual(
            invoices.recurring_contract_ids, self.env.ref("contract_recurring.contract_15")
        )
        # the office only has to send it
        batch.with_company(company).action_send()
        self.assertEqual(batch.state, "sent")

    def _admin_env(self):
        admin = self.env.ref("base.user_admin")
        company = self.env.ref("base.demo_company_it")
        return self.env(user=admin, context={"allowed_company_ids": company.ids}), company

    def _demo_invoice(self, env, partner, method, mandate=None, amount=240.0):
        today = fields.Date.context_today(partner)
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": today,
                "invoice_date_due": today + dt.timedelta(days=15),
                "sepa_payment_method": method,
                "sepa_mandate_id": mandate.id if mandate else False,
                "invoice_line_ids": [
                    Command.create({"name": "Canone hosting", "quantity": 1, "price_unit": amount})
                ],
            }
        )
        invoice.action_post()
        return invoice

    def test_demo_admin_runs_the_sdd_cycle_on_the_demo_journal(self):
        """SDD on the demo database's own bank journal, as its administrator:
        generate -> accept -> pay -> bank return -> invoice reopened ->
        incoming transfer matched."""
        env, company = self._admin_env()
        mandate = env.ref("sepa_rid_cbi.mandate_customer_01")
        journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        journal.sepa_accounting_mode = "after"
        invoice = self._demo_invoice(env, mandate.partner_id, "sdd", mandate)
        today = fields.Date.context_today(mandate)
        batch = env["sepa.collection.batch"].create(
            {
                "journal_id": journal.id,
                "kind": "sdd",
                "partner_ids": [Command.set(mandate.partner_id.ids)],
                "date_to": today + dt.timedelta(days=30),
            }
        )
        batch.action_build()
        batch.action_generate()
        batch.action_send()
        batch.action_accept()
        batch.action_paid()
        collection = batch.collection_ids.filtered(lambda c: invoice in c.invoice_ids)
        self.assertEqual(collection.state, "paid")
        self.assertTrue(collection.payment_id.outstanding_account_id)
        invoice.invalidate_recordset()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        report = status_report(
            batch.message_id, [(collection.name, "AM04", int(round(collection.amount * 100)))]
        )
        returns = env["sepa.return.import"].create(
            {"data_file": base64.b64encode(report), "filename": "esiti.xml"}
        )
        returns.action_import()
        self.assertEqual(collection.state, "returned")
        invoice.invalidate_recordset()
        self.assertEqual(invoice.payment_state, "not_paid")
        camt = camt_file(
            [
                (
                    int(round(invoice.amount_residual * 100)),
                    "CRDT",
                    "Cliente",
                    mandate.debtor_iban,
                    "",
                    f"Saldo {invoice.name}",
                )
            ],
            account=journal.bank_account_id.acc_number,
        )
        transfers = env["sepa.transfer.import"].create(
            {"data_file": base64.b64encode(camt), "filename": "camt.xml", "journal_id": journal.id}
        )
        transfers.action_import()
        self.assertIn("1 matched", transfers.result)
        invoice.invalidate_recordset()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_demo_admin_runs_riba_returns_in_both_accounting_modes(self):
        env, company = self._admin_env()
        partner = env.ref("contract_recurring.partner_customer_02")
        journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        if not journal.bank_account_id:
            journal.bank_account_id = env.ref("sepa_rid_cbi.bank_account_demo_company")
        transit = env["account.account"].create(
            {"code": "151077", "name": "Effetti all'incasso demo", "account_type": "asset_current",
             "reconcile": True}
        )  # fmt: skip
        today = fields.Date.context_today(partner)
        for mode in ("after", "sbf"):
            with self.subTest(mode):
                journal.write({"sepa_accounting_mode": mode, "sepa_transit_account_id": transit.id})
                paid_invoice = self._demo_invoice(env, partner, "riba", amount=120.0)
                unpaid_invoice = self._demo_invoice(env, partner, "riba", amount=80.0)
                batch = env["sepa.collection.batch"].create(
                    {
                        "journal_id": journal.id,
                        "kind": "riba",
                        "partner_ids": [Command.set(partner.ids)],
                        "date_to": today + dt.timedelta(days=30),
                    }
                )
                batch.action_build()
                batch.action_generate()
                batch.action_send()
                request = base64.b64decode(batch.file).decode("ascii")
                by_invoice = {c.invoice_ids: c for c in batch.collection_ids}
                paid, unpaid = by_invoice[paid_invoice], by_invoice[unpaid_invoice]
                data = riba_returns(
                    request, {paid.sequence - 1: "30010", unpaid.sequence - 1: "42010"}
                )
                wizard = env["sepa.return.import"].create(
                    {"data_file": base64.b64encode(data.encode()), "filename": f"esiti-{mode}.txt"}
                )
                wizard.action_import()
                self.assertEqual((paid.state, unpaid.state), ("paid", "returned"))
                for invoice in (paid_invoice, unpaid_invoice):
                    invoice.invalidate_recordset()
                self.assertIn(paid_invoice.payment_state, ("paid", "in_payment"))
                self.assertEqual(unpaid_invoice.payment_state, "not_paid")
                if mode == "sbf":
                    self.assertEqual(paid.payment_id.outstanding_account_id, transit)
