import base64
import datetime as dt

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged

from ..tools import iban, pain008


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
