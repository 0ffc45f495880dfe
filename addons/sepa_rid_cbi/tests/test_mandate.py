import base64
import datetime as dt

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CUSTOMER2_IBAN, SepaCommon, bad_cin_iban


@tagged("post_install", "-at_install")
class TestMandate(SepaCommon):
    def test_iban_with_wrong_cin_is_refused(self):
        bank = self.env["res.partner.bank"].create(
            {"acc_number": bad_cin_iban(), "partner_id": self.customer.id}
        )
        with self.assertRaisesRegex(ValidationError, "CIN is A, X expected"):
            self._mandate(self.customer, bank, "MND-BAD-CIN")

    def test_reference_must_fit_the_sepa_set(self):
        with self.assertRaisesRegex(ValidationError, "SEPA set"):
            self._mandate(self.customer, self.customer_bank, "MND_ROSSI&2")
        with self.assertRaisesRegex(ValidationError, "35 characters"):
            self._mandate(self.customer, self.customer_bank, "M" * 36)

    def test_bank_account_of_another_partner_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "does not belong"):
            self._mandate(self.customer, self.customer2_bank, "MND-OTHER")

    def test_creditor_identifier_checked(self):
        with self.assertRaisesRegex(ValidationError, "66 expected"):
            self.company.sepa_creditor_identifier = "IT67ZZZA1B2C3D4E5F6G7H8"

    def test_recurrent_mandate_expires_after_36_months_unused(self):
        old = self._mandate(
            self.customer, self.customer_bank, "MND-OLD", signature_date="2020-01-10"
        )
        used = self._mandate(
            self.customer, self.customer_bank, "MND-USED", signature_date="2020-01-10"
        )
        used.write({"first_debit_sent": True, "last_debit_date": "2023-03-01"})
        oneoff = self._mandate(
            self.customer,
            self.customer_bank,
            "MND-OOFF",
            signature_date="2020-01-10",
            mandate_type="oneoff",
        )
        expired = self.env["sepa.mandate"]._expire_unused(dt.date(2025, 6, 1))
        self.assertIn(old, expired)
        self.assertEqual(old.state, "expired")
        self.assertEqual(used.state, "valid")
        self.assertEqual(oneoff.state, "valid")
        self.assertEqual(self.mandate.state, "valid")
        self.env["sepa.mandate"]._expire_unused(dt.date(2026, 3, 2))
        self.assertEqual(used.state, "expired")

    def test_sequence_types(self):
        self.assertEqual(self.mandate.sequence_type, "FRST")
        self.mandate.first_debit_sent = True
        self.assertEqual(self.mandate.sequence_type, "RCUR")
        self.mandate.final = True
        self.assertEqual(self.mandate.sequence_type, "FNAL")

    def test_sending_moves_every_mandate_on(self):
        self.mandate2.mandate_type = "oneoff"
        recurrent = self._invoice(mandate=self.mandate)
        oneoff = self._invoice(
            partner=self.customer2,
            mandate=self.mandate2,
            term=self.env.ref("account.account_payment_term_30days"),
        )
        batch = self._sent_batch(recurrent | oneoff)
        self.assertEqual(batch.state, "sent")
        for mandate in self.mandate | self.mandate2:
            collections = batch.collection_ids.filtered(lambda c, m=mandate: c.mandate_id == m)
            self.assertTrue(collections)
            self.assertTrue(mandate.first_debit_sent)
            self.assertEqual(mandate.last_debit_date, max(collections.mapped("due_date")))
        self.assertEqual(
            len(batch.collection_ids.filtered(lambda c: c.mandate_id == self.mandate)),
            2,
            "the 30/60 days term gives two collections, the later due date is kept",
        )
        self.assertEqual(self.mandate.state, "valid")
        self.assertEqual(self.mandate2.state, "expired", "a one-off mandate is used once")

    def test_amendment_recorded_and_carried_in_next_collection(self):
        invoice = self._invoice(mandate=self.mandate)
        first = self._sent_batch(invoice)
        self.assertTrue(self.mandate.first_debit_sent)
        self.assertFalse(self.mandate.amendment_pending)
        new_bank = self.env["res.partner.bank"].create(
            {"acc_number": "IT45Y0832702400000000017230", "partner_id": self.customer.id}
        )
        self.mandate.write({"partner_bank_id": new_bank.id, "name": "MND-ROSSI-2"})
        self.assertEqual(self.mandate.original_iban, "IT76K0306912345000012345678")
        self.assertEqual(self.mandate.original_reference, "MND-ROSSI-1")
        self.assertEqual(self.mandate.event_ids.event_type, "amended")
        self.assertEqual(first.state, "sent")
        batch = self._sent_batch(self._invoice(mandate=self.mandate))
        xml = base64.b64decode(batch.file).decode()
        self.assertIn("<AmdmntInd>true</AmdmntInd>", xml)
        self.assertIn("<OrgnlMndtId>MND-ROSSI-1</OrgnlMndtId>", xml)
        self.assertIn("IT76K0306912345000012345678", xml)
        self.assertIn("<SeqTp>RCUR</SeqTp>", xml)
        self.assertFalse(self.mandate.amendment_pending)

    def _csv(self, text):
        return self.env["sepa.mandate.event.import"].create(
            {"data_file": base64.b64encode(text.encode()), "filename": "allineamento.csv"}
        )

    def test_alignment_csv_import(self):
        draft = self.env["sepa.mandate"].create(
            {
                "name": "MND-DRAFT",
                "partner_id": self.customer2.id,
                "partner_bank_id": self.customer2_bank.id,
                "signature_date": "2025-01-01",
                "company_id": self.company.id,
            }
        )
        text = (
            "mandate_reference,event,date,new_iban,new_reference,note\n"
            "MND-DRAFT,confirmed,2025-02-01,,,ok banca\n"
            "MND-ROSSI-1,amended,2025-02-02,IT45Y0832702400000000017230,,nuovo conto\n"
            "MND-BIANCHI-1,revoked,2025-02-03,,,revoca debitore\n"
        )
        wizard = self._csv(text)
        wizard.action_import()
        self.assertEqual(draft.state, "valid")
        self.assertEqual(
            self.mandate.partner_bank_id.sanitized_acc_number, "IT45Y0832702400000000017230"
        )
        self.assertEqual(self.mandate2.state, "revoked")
        self.assertEqual(len(self.env["sepa.mandate.event"].search([("source", "=", "import")])), 3)
        again = self._csv(text)
        again.action_import()
        self.assertIn("already imported", again.result)
        self.assertEqual(len(self.env["sepa.mandate.event"].search([("source", "=", "import")])), 3)

    def test_alignment_csv_rejected_whole(self):
        header = "mandate_reference,event,date,new_iban,new_reference,note\n"
        cases = {
            "bad header": "ref;event\n",
            "unknown mandate": header + "NOPE,confirmed,2025-01-01,,,\n",
            "unknown event": header + "MND-ROSSI-1,cancelled,2025-01-01,,,\n",
            "bad date": header + "MND-ROSSI-1,revoked,01/01/2025,,,\n",
            "bad iban": header + "MND-ROSSI-1,amended,2025-01-01," + CUSTOMER2_IBAN[:-1] + "9,,\n",
            "second line bad": header + "MND-BIANCHI-1,revoked,2025-01-01,,,\nX,y\n",
        }
        for name, text in cases.items():
            with self.subTest(name), self.assertRaises(UserError):
                self._csv(text).action_import()
        self.assertEqual(self.mandate2.state, "valid")
        self.assertFalse(self.env["sepa.file.import"].search([("kind", "=", "mandate")]))
