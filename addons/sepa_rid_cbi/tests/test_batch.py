import base64
import datetime as dt
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..tools import cbi_sdd, charset, pain008, riba, sdd
from .common import SepaCommon


@tagged("post_install", "-at_install")
class TestBatch(SepaCommon):
    def test_one_collection_per_installment_due(self):
        first = self._invoice(amount=300.0, mandate=self.mandate)
        second = self._invoice(partner=self.customer2, amount=101.0)
        self._invoice(method="transfer")  # other payment method: not collected
        batch = self._batch(partner_ids=[Command.set((self.customer | self.customer2).ids)])
        self.assertEqual(len(batch.collection_ids), 4)
        terms = (first | second).line_ids.filtered(
            lambda aml: aml.account_type == "asset_receivable"
        )
        self.assertEqual(batch.collection_ids.move_line_ids, terms)
        self.assertEqual(sorted(batch.collection_ids.mapped("amount")), [50.5, 50.5, 150.0, 150.0])
        self.assertEqual(batch.amount_total, 401.0)
        self.assertEqual(
            set(batch.collection_ids.mapped("due_date")),
            {self.today + dt.timedelta(days=30), self.today + dt.timedelta(days=60)},
        )
        # second's invoice has no mandate: the partner's valid one is used
        self.assertEqual(
            batch.collection_ids.filtered(lambda c: c.partner_id == self.customer2).mandate_id,
            self.mandate2,
        )
        # the same installments are not offered to a second batch, and the
        # button says so instead of doing nothing visible
        other = self._batch(partner_ids=[Command.set(self.customer.ids)], build=False)
        notice = other.action_build()
        self.assertFalse(other.collection_ids)
        self.assertEqual(notice["tag"], "display_notification")
        self.assertIn(other.name, notice["params"]["message"])
        self.assertEqual(batch.action_build(), True)
        # a shorter range keeps only the first installments
        batch.date_to = self.today + dt.timedelta(days=40)
        batch.action_build()
        self.assertEqual(len(batch.collection_ids), 2)

    def test_grouping_per_debtor_and_due_date(self):
        self._invoice(amount=100.0)
        self._invoice(amount=60.0)
        batch = self._batch(group_by_debtor=True, partner_ids=[Command.set(self.customer.ids)])
        self.assertEqual(len(batch.collection_ids), 2)
        self.assertEqual(batch.collection_ids.mapped("amount"), [80.0, 80.0])
        self.assertEqual(len(batch.collection_ids[0].invoice_ids), 2)

    def _generated(self, file_format):
        self._invoice(amount=300.0)
        self._invoice(partner=self.customer2, amount=101.0)
        batch = self._batch(
            file_format=file_format,
            partner_ids=[Command.set((self.customer | self.customer2).ids)],
        )
        batch.action_generate()
        self.assertEqual(batch.state, "generated")
        return batch, base64.b64decode(batch.file)

    def test_pain008_flavours_valid_against_xsd(self):
        for flavour in pain008.FLAVOURS:
            with self.subTest(flavour):
                batch, data = self._generated(flavour)
                self.assertEqual(pain008.validate(data, flavour), flavour)
                self.assertEqual(batch.validation, "iso_xsd")
                text = data.decode()
                self.assertIn(f"<MsgId>{batch.message_id}</MsgId>", text)
                self.assertIn("<NbOfTxs>4</NbOfTxs>", text)
                self.assertIn("<CtrlSum>401.00</CtrlSum>", text)
                self.assertIn("<SeqTp>FRST</SeqTp>", text)
                self.assertIn("IT66ZZZA1B2C3D4E5F6G7H8", text)
                self.assertTrue(batch.filename.endswith(".xml"))
                batch.action_cancel()

    def test_cbi_sdd_valid_against_cbi_xsd(self):
        xsd_dir = self._cbi_xsd_dir()
        self.company.sepa_cbi_xsd_dir = xsd_dir
        for version in cbi_sdd.VERSIONS:
            with self.subTest(version):
                batch, data = self._generated(f"cbi.{version}")
                cbi_sdd.validate(data, xsd_dir)
                self.assertEqual(batch.validation, "cbi_xsd")
                self.assertIn(b"INC-SDDC-01", data)
                self.assertIn(b"1234567X", data)
                batch.action_cancel()

    def test_cbi_sdd_on_a_fresh_install_without_schemas(self):
        """No ../shared and no folder configured (a real install, the docker
        image): the file is generated and checked by the addon's own rules."""
        self.company.sepa_cbi_xsd_dir = False
        with patch(
            "odoo.addons.sepa_rid_cbi.models.res_company.default_cbi_xsd_dir",
            return_value=None,
        ):
            self.assertFalse(self.company._sepa_cbi_xsd_dir())
            batch, data = self._generated("cbi.00.01.01")
        self.assertEqual(batch.validation, "own")
        self.assertIn(b"INC-SDDC-01", data)
        self.assertIn(b"CtrlSum>401.00</", data)
        self.assertIn("Own checks", batch.message_ids[:1].body)

    def test_cbi_schema_folder_absent_is_said_clearly(self):
        self.company.sepa_cbi_xsd_dir = "/nonexistent/cbi"
        self._invoice()
        batch = self._batch(
            file_format="cbi.00.01.01", partner_ids=[Command.set(self.customer.ids)]
        )
        with self.assertRaisesRegex(
            UserError, "CBI schema folder /nonexistent/cbi is not available"
        ):
            batch.action_generate()
        self.assertEqual(batch.state, "draft")
        self.assertFalse(batch.file)

    def test_checks_name_each_offending_invoice(self):
        good = self._invoice(amount=100.0)
        self.mandate2.action_revoke()
        revoked = self._invoice(partner=self.customer2, amount=80.0, mandate=self.mandate2)
        batch = self._batch(partner_ids=[Command.set((self.customer | self.customer2).ids)])
        self.assertEqual(len(batch.collection_ids), 4)
        with self.assertRaises(UserError) as error:
            batch.action_generate()
        message = str(error.exception)
        self.assertIn(revoked.name, message)
        self.assertIn("mandate MND-BIANCHI-1 is Revoked", message)
        self.assertNotIn(good.name + " ", message)
        self.assertEqual(batch.state, "draft")
        self.assertFalse(batch.file)

    def test_checks_creditor_lead_time_and_currency(self):
        self.company.sepa_creditor_identifier = False
        invoice = self._invoice()
        invoice.line_ids.filtered("date_maturity").date_maturity = self.today
        batch = self._batch(partner_ids=[Command.set(self.customer.ids)])
        with self.assertRaises(UserError) as error:
            batch.action_generate()
        message = str(error.exception)
        self.assertIn("creditor identifier is missing", message)
        self.assertIn("earlier than", message)
        self.assertIn(invoice.name, message)

    def test_lead_time_error_in_italian_names_dates_in_italian(self):
        self.env["res.lang"]._activate_lang("it_IT")
        invoice = self._invoice()
        invoice.line_ids.filtered("date_maturity").date_maturity = self.today
        batch = self._batch(partner_ids=[Command.set(self.customer.ids)])
        with self.assertRaises(UserError) as error:
            batch.with_context(lang="it_IT").action_generate()
        message = str(error.exception)
        self.assertIn(invoice.name, message)
        self.assertIn(self.today.strftime("%d/%m/%Y"), message)
        self.assertNotIn(self.today.isoformat(), message)

    def test_collection_due_too_early_moved_to_first_allowed_date(self):
        # an invoice due today: the bank needs its lead time, the batch proposes
        # the first date it accepts and moves the collection there
        invoice = self._invoice(term=self.env.ref("account.account_payment_term_immediate"))
        late = self._invoice(partner=self.customer2, mandate=self.mandate2)
        batch = self._batch(partner_ids=[Command.set((self.customer | self.customer2).ids)])
        earliest = sdd.earliest_due_date(self.today, "CORE", batch._lead_days())
        early = batch.collection_ids.filtered(lambda c: c.invoice_ids == invoice)
        others = batch.collection_ids.filtered(lambda c: c.invoice_ids == late)
        self.assertEqual(len(others), 2)
        self.assertEqual(early.due_date, self.today)
        self.assertEqual(batch.early_count, 1)
        self.assertEqual(batch.earliest_due_date, earliest)
        with self.assertRaisesRegex(UserError, "First due date the bank accepts"):
            batch.action_generate()
        others_due = others.mapped("due_date")
        batch.action_move_early_collections()
        self.assertEqual(early.due_date, earliest)
        self.assertEqual(others.mapped("due_date"), others_due, "collections due later stay")
        self.assertEqual(batch.early_count, 0)
        self.assertEqual(
            invoice.line_ids.filtered("date_maturity").date_maturity,
            self.today,
            "the invoice's own due date stays",
        )
        self.assertIn(invoice.name, batch.message_ids[0].body)
        batch.action_generate()
        self.assertEqual(batch.state, "generated")
        self.assertIn(earliest.isoformat(), self._batch_file(batch).decode())

    def test_collection_due_date_changes_only_while_the_batch_is_a_draft(self):
        batch = self._sent_batch()
        collection = batch.collection_ids[:1]
        for values in ({"due_date": self.today + dt.timedelta(days=40)}, {"amount": 1.0}):
            with self.subTest(values=values), self.assertRaisesRegex(UserError, "is a draft"):
                collection.write(values)
        with self.assertRaisesRegex(UserError, "not a draft"):
            batch.action_move_early_collections()
        draft = self._batch(partner_ids=[Command.set(self.customer2.ids)], build=False)
        self.assertFalse(draft.early_count)

    def test_riba_file_field_by_field(self):
        self.customer.write({"vat": "IT12345670017"})
        self._invoice(amount=300.0, method="riba")
        batch = self._batch(kind="riba", partner_ids=[Command.set(self.customer.ids)])
        self.assertEqual(batch.file_format, "riba")
        batch.action_generate()
        text = base64.b64decode(batch.file).decode("ascii")
        lines = text.split("\r\n")[:-1]
        self.assertEqual(len(lines), 1 + 2 * 7 + 1)
        self.assertTrue(all(len(line) == 120 for line in lines))
        ib, r14 = lines[0], lines[1]
        due = self.today + dt.timedelta(days=30)
        self.assertEqual(ib[1:3], "IB")
        self.assertEqual(ib[3:8], "A1B2C")
        self.assertEqual(ib[8:13], "05428")
        self.assertEqual(ib[19:39].rstrip(), batch.name)
        self.assertEqual(r14[1:3], "14")
        self.assertEqual(r14[3:10], "0000001")
        self.assertEqual(r14[22:28], due.strftime("%d%m%y"))
        self.assertEqual(r14[33:46], "0000000015000")
        self.assertEqual(r14[47:52], "05428")
        self.assertEqual(r14[69:74], "03069")  # debtor ABI from the customer's IBAN
        self.assertEqual(r14[74:79], "12345")
        self.assertEqual(lines[2][10:34], charset.fixed_text(self.company.name, 24))
        self.assertEqual(lines[3][10:40].rstrip(), "FERRAMENTA ROSSI S.R.L.")
        self.assertEqual(lines[3][70:86].rstrip(), "12345670017")
        self.assertEqual(lines[-1][45:52], "0000002")
        self.assertEqual(lines[-1][52:67], "000000000030000")
        header, receipts = riba.parse(text, expected_abi="05428", expected_sia="A1B2C")
        self.assertEqual([r["receipt"] for r in receipts], [1, 2])

    def test_riba_checks_debtor_bank(self):
        self._invoice(partner=self.customer2, method="riba")
        self.customer2_bank.unlink()
        batch = self._batch(kind="riba", partner_ids=[Command.set(self.customer2.ids)])
        with self.assertRaisesRegex(UserError, "debtor bank"):
            batch.action_generate()
        self.assertEqual(batch.state, "draft")

    def test_riba_debtor_known_by_abi_cab_only(self):
        """RiBa identifies the debtor's bank by ABI/CAB: no IBAN is needed."""
        self._invoice(partner=self.customer2, method="riba")
        self.customer2_bank.unlink()
        with self.assertRaises(ValidationError):
            self.customer2.write({"sepa_riba_abi": "0306", "sepa_riba_cab": "12345"})
        with self.assertRaises(ValidationError):
            self.customer2.write({"sepa_riba_abi": "03069"})
        self.customer2.write({"sepa_riba_abi": "08393", "sepa_riba_cab": "54850"})
        batch = self._batch(kind="riba", partner_ids=[Command.set(self.customer2.ids)])
        batch.action_generate()
        r14 = base64.b64decode(batch.file).decode("ascii").split("\r\n")[1]
        self.assertEqual((r14[69:74], r14[74:79]), ("08393", "54850"))

    def test_riba_creditor_without_tax_code_refused(self):
        self.company.vat = False
        self.company.partner_id.l10n_it_codice_fiscale = False
        self._invoice(method="riba")
        batch = self._batch(kind="riba", partner_ids=[Command.set(self.customer.ids)])
        with self.assertRaisesRegex(UserError, "neither a VAT number nor a tax code"):
            batch.action_generate()
        self.assertEqual(batch.state, "draft")

    def test_riba_public_administration_cig_cup_in_record_50(self):
        self._invoice(method="riba", l10n_it_cig="1234567890", l10n_it_cup="J11B12000010001")
        batch = self._batch(kind="riba", partner_ids=[Command.set(self.customer.ids)])
        batch.action_generate()
        lines = base64.b64decode(batch.file).decode("ascii").split("\r\n")
        r50 = lines[5]
        self.assertEqual(r50[1:3], "50")
        self.assertTrue(r50[10:50].startswith("INVOICE"))
        self.assertEqual(r50[50:90].rstrip(), "CIG 1234567890 CUP J11B12000010001")

    def test_states_and_billing_run_carries_method(self):
        contract = self._contract(
            amount=480.0,
            cycle="quarterly",
            start=str(self.today.replace(day=1)),
            end=str(self.today.replace(day=1) + dt.timedelta(days=364)),
            sepa_payment_method="sdd",
            sepa_mandate_id=self.mandate.id,
        )
        run = self._run(invoice_date=str(self.today))
        run.action_confirm()
        invoices = contract.invoice_ids
        self.assertTrue(invoices)
        self.assertEqual(set(invoices.mapped("sepa_payment_method")), {"sdd"})
        self.assertEqual(invoices.sepa_mandate_id, self.mandate)

    def test_xsd_failure_keeps_batch_draft_and_names_collection_and_field(self):
        self._invoice(amount=100.0)
        batch = self._batch(partner_ids=[Command.set(self.customer.ids)])
        bad = batch.collection_ids[0]
        bad.name = "E2E-" + "X" * 40  # longer than the XSD's Max35Text
        # the tools' own pre-checks would stop it first: switch them off to
        # reach the XSD validation
        with (
            patch.object(sdd, "check_batch", return_value=sdd.BatchCheck()),
            patch.object(sdd, "ensure_valid", side_effect=lambda batch, *a: batch),
            self.assertRaises(UserError) as error,
        ):
            batch.action_generate()
        message = str(error.exception)
        self.assertIn("the file is not valid", message)
        self.assertIn(f"Collection {bad.name}, field EndToEndId", message)
        self.assertEqual(batch.state, "draft")
        self.assertFalse(batch.file)
