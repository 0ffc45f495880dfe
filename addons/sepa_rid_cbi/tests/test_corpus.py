"""A corpus of bank files of our own, built in code, through every importer.

Each file has its exact outcome asserted: applied once (and the same content
re-encoded -- other line ends, a byte order mark, a new message id -- is
recognised and writes nothing), or refused with the line or element named
and the row counts of every table an import touches unchanged.

The bank journal is set up as in the demo database: its inbound payment
method line has no outstanding account of its own.
"""

import base64
import datetime as dt
import gzip
import io
import zipfile
from decimal import Decimal

from lxml import etree

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.sepa_rid_cbi.tests.fixtures import builders

from ..tools import cbi_rh
from .common import COMPANY_IBAN, CUSTOMER2_IBAN, CUSTOMER_IBAN, SepaCommon
from .test_returns import riba_returns

HEADER = "mandate_reference,event,date,new_iban,new_reference,note\n"
HEADER_TYPE = HEADER.replace("\n", ",mandate_type\n")


def zipped(data, name="file.xml"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def gzipped(data):
    return gzip.compress(data)


def utf16(data, bom=True):
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return text.encode("utf-16" if bom else "utf-16-le")


def bom(data):
    return b"\xef\xbb\xbf" + (data if isinstance(data, bytes) else data.encode())


def pretty_crlf(xml):
    """The same XML re-saved: indented, CRLF line ends."""
    parser = etree.XMLParser(remove_blank_text=True)
    root = etree.fromstring(xml, parser)
    text = etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")
    return text.replace(b"\n", b"\r\n")


def lf(text):
    return text.replace("\r\n", "\n")


def replace_at(text, line_no, start, new):
    lines = text.split("\r\n")
    line = lines[line_no - 1]
    lines[line_no - 1] = line[: start - 1] + new + line[start - 1 + len(new) :]
    return "\r\n".join(lines)


@tagged("post_install", "-at_install")
class TestCorpus(SepaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # as in the demo database: no outstanding account on the method line
        cls.bank_journal.inbound_payment_method_line_ids.payment_account_id = False
        cls.bank_journal.sepa_accounting_mode = "after"

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _snapshot(self):
        """Row counts of every table an import touches, and the states."""
        env = self.env
        env.flush_all()
        return {
            "imports": env["sepa.file.import"].search_count([]),
            "statements": env["account.bank.statement"].search_count([]),
            "lines": env["account.bank.statement.line"].search_count([]),
            "payments": env["account.payment"].search_count([]),
            "moves": env["account.move"].search_count([]),
            "events": env["sepa.mandate.event"].search_count([]),
            "messages": env["mail.message"].search_count([]),
            "collections": tuple(env["sepa.collection"].search([], order="id").mapped("state")),
            "mandates": tuple(env["sepa.mandate"].search([], order="id").mapped("state")),
        }

    def _sdd_batch(self):
        return self._sent_batch(self._invoice(amount=300.0))

    def _riba_batch(self):
        self._invoice(partner=self.customer2, amount=100.0, method="riba")
        batch = self._batch(kind="riba", partner_ids=[Command.set(self.customer2.ids)])
        batch.action_generate()
        batch.action_send()
        return batch

    def _rh(self, movements, opening=100000):
        day = dt.date(2026, 5, 4)
        closing = opening + sum(m.amount_cents for m in movements)
        statement = cbi_rh.RhStatement(1, COMPANY_IBAN, "EUR", day, opening, closing, movements)
        return cbi_rh.write("05428", "A1B2C", day, "RH-1", [statement])

    def _rh_transfer(self, cents=20000, name="Ceramiche Bianchi", remittance="Fattura 1"):
        day = dt.date(2026, 5, 4)
        return cbi_rh.Movement(
            day,
            day,
            cents,
            "48",
            "REF1",
            "Bonifico a vostro favore",
            counterparty_name=name,
            counterparty_iban=CUSTOMER2_IBAN,
            remittance=remittance,
        )

    def _rh_foreign(self):
        """An RH incoming transfer from abroad with its 63 ZZ1 record."""
        movement = self._rh_transfer()
        movement.foreign = cbi_rh.ForeignTransfer(
            original_amount=Decimal("250.00"),
            original_currency="USD",
            settled_amount=Decimal("200.00"),
            settled_currency="EUR",
            exchange_rate=Decimal("1.25000"),
            commissions=Decimal("3.50"),
            country="069",
        )
        return self._rh([movement])

    def _csv(self, data, filename="allineamento.csv"):
        wizard = self.env["sepa.mandate.event.import"].create(
            {"data_file": base64.b64encode(data), "filename": filename}
        )
        wizard.action_import()
        return wizard

    def _run(self, importer, data, name):
        data = data if isinstance(data, bytes) else data.encode()
        if importer == "returns":
            return self._import_returns(data, filename=name)
        if importer == "transfers":
            return self._import_transfers(data, filename=name)
        return self._csv(data, filename=name)

    def _assert_refused(self, cases):
        for name, (importer, data, fragment) in cases.items():
            with self.subTest(name):
                before = self._snapshot()
                with self.assertRaises(UserError) as error:
                    self._run(importer, data, name)
                message = str(error.exception)
                self.assertIn("nothing was imported", message)
                self.assertIn(fragment, message)
                self.assertEqual(self._snapshot(), before)

    def _assert_applied_once(self, importer, original, variants):
        """original is applied (one import row); every variant then writes
        nothing and names the import that holds its content."""
        before = self._snapshot()
        wizard = self._run(importer, original, "original")
        after = self._snapshot()
        self.assertEqual(after["imports"], before["imports"] + 1, wizard.result)
        record = self.env["sepa.file.import"].search([], order="id desc", limit=1)
        for name, data in variants.items():
            with self.subTest(name):
                again = self._run(importer, data, name)
                self.assertIn("already imported", again.result)
                self.assertIn(f"import no. {record.id}", again.result)
                self.assertEqual(self._snapshot(), after)
        return record

    # ------------------------------------------------------------------
    # applied once, re-encoded content recognised
    # ------------------------------------------------------------------
    def test_status_report_applied_once_whatever_its_encoding(self):
        batch = self._sdd_batch()
        first, second = batch.collection_ids.sorted("sequence")
        data = builders.status_report(batch.message_id, [(first.name, "AM04", 15000)])
        variants = {
            "same bytes": data,
            "indented, CRLF": pretty_crlf(data),
            "byte order mark": bom(data),
            "new message id": builders.status_report(
                batch.message_id, [(first.name, "AM04", 15000)], msg_id="STS-NEW"
            ),
            "CBI flavour of the same report": builders.status_report(
                batch.message_id, [(first.name, "AM04", 15000)], cbi=True
            ),
        }
        self._assert_applied_once("returns", data, variants)
        self.assertEqual(first.state, "returned")
        self.assertEqual(second.state, "accepted")
        # a second report for the same batch with another outcome is applied
        other = builders.status_report(
            batch.message_id, [(second.name, "MD01", 15000)], msg_id="STS-2"
        )
        wizard = self._import_returns(other, filename="second.xml")
        self.assertIn("1 returned", wizard.result)
        self.assertEqual(second.state, "returned")
        self.assertEqual(second.return_code, "MD01")

    def test_riba_returns_applied_once_and_second_file_with_other_outcomes(self):
        batch = self._riba_batch()
        first, second = batch.collection_ids.sorted("sequence")
        request = base64.b64decode(batch.file).decode("ascii")
        data = riba_returns(request, {0: "42010"})
        self._assert_applied_once(
            "returns",
            data,
            {
                "LF line ends": lf(data),
                "byte order mark": bom(data),
                "CR line ends": data.replace("\r\n", "\r"),
            },
        )
        self.assertEqual(first.state, "returned")
        self.assertEqual(second.state, "sent")
        # same header, another outcome: a new content, applied (paid on a
        # journal whose method line has no outstanding account, as in the demo)
        paid = riba_returns(request, {1: "30010"}, sign="+")
        before = self._snapshot()
        wizard = self._import_returns(paid, filename="esiti-2.txt")
        self.assertIn("0 returned, 1 paid", wizard.result)
        self.assertEqual(second.state, "paid")
        self.assertEqual(self._snapshot()["imports"], before["imports"] + 1)
        self.assertIn(second.payment_id.state, ("in_process", "paid"))
        self.assertEqual(
            second.payment_id.outstanding_account_id,
            self.env["account.chart.template"].ref("account_journal_payment_debit_account_id"),
        )

    def test_camt_applied_once_whatever_its_encoding(self):
        self._invoice(partner=self.customer2, amount=200.0, method="transfer")
        data = builders.camt(
            [(20000, "CRDT", "Ceramiche Bianchi", CUSTOMER2_IBAN, "", "Bonifico")],
            account=COMPANY_IBAN,
        )
        variants = {
            "same bytes": data,
            "indented, CRLF": pretty_crlf(data),
            "byte order mark": bom(data),
            "new message id": data.replace(b"<MsgId>CAMT-1</MsgId>", b"<MsgId>CAMT-9</MsgId>"),
        }
        self._assert_applied_once("transfers", data, variants)
        lines = self.env["account.bank.statement.line"].search([("sepa_import_key", "!=", False)])
        self.assertEqual(lines.mapped("amount"), [200.0])

    def test_camt054_applied_once(self):
        data = builders.camt(
            [(5000, "CRDT", "Rossi", CUSTOMER_IBAN, "", "Acconto")],
            account=COMPANY_IBAN,
            kind="054",
            version="08",
        )
        self._assert_applied_once("transfers", data, {"byte order mark": bom(data)})
        line = self.env["account.bank.statement.line"].search([("sepa_import_key", "!=", False)])
        self.assertEqual((line.amount, line.partner_id), (50.0, self.customer))

    def test_rh_applied_once_whatever_its_line_ends(self):
        data = self._rh([self._rh_transfer()])
        variants = {
            "LF line ends": lf(data),
            "byte order mark": bom(data),
            "no final line end": data.rstrip("\r\n"),
        }
        self._assert_applied_once("transfers", data, variants)
        line = self.env["account.bank.statement.line"].search([("sepa_import_key", "!=", False)])
        self.assertEqual(line.amount, 200.0)
        self.assertEqual(line.partner_name, "CERAMICHE BIANCHI")
        self.assertEqual(line.account_number, CUSTOMER2_IBAN)
        self.assertEqual(line.payment_ref, "FATTURA 1 BONIFICO A VOSTRO FAVORE")

    def test_rh_charge_backs_return_their_collections(self):
        """An SDD reversal (causale Z9) and an unpaid RiBa charged back
        (causale 37) in the bank's RH return their collections."""
        invoice = self._invoice(amount=300.0)
        batch = self._sent_batch(invoice)
        batch.action_accept()
        batch.action_paid()
        sdd_first = batch.collection_ids.sorted("sequence")[0]
        riba_batch = self._riba_batch()
        request = base64.b64decode(riba_batch.file).decode("ascii")
        self._import_returns(riba_returns(request, {0: "30010"}), filename="esiti.txt")
        riba_first = riba_batch.collection_ids.sorted("sequence")[0]
        self.assertEqual(riba_first.state, "paid")
        day = dt.date(2026, 5, 4)
        movements = [
            cbi_rh.Movement(
                day, day, -15000, "Z9", "STORNO-1", "Storno SDD", end_to_end_id=sdd_first.name
            ),
            cbi_rh.Movement(
                day,
                day,
                -5000,
                "37",
                "INSOLUTO-1",
                "Insoluto RiBa",
                counterparty_name="Ceramiche Bianchi",
                counterparty_iban=CUSTOMER2_IBAN,
            ),
            self._rh_transfer(cents=777, remittance="Altro"),
        ]
        wizard = self._import_transfers(self._rh(movements), filename="rh-storni.txt")
        self.assertIn("2 collection(s) charged back by the bank and returned", wizard.result)
        self.assertEqual((sdd_first.state, sdd_first.return_code), ("returned", "Z9"))
        self.assertEqual((riba_first.state, riba_first.return_code), ("returned", "37000"))
        self.assertEqual(
            riba_first.return_description,
            "Charge-back of an unpaid RiBa credited subject to collection.",
        )
        invoice.invalidate_recordset()
        self.assertEqual(invoice.amount_residual, 150.0)
        tied = self.env["account.bank.statement.line"].search([("sepa_collection_id", "!=", False)])
        self.assertEqual(tied.sepa_collection_id, sdd_first | riba_first)
        self.assertEqual(set(tied.mapped("sepa_match_rule")), {"collection_return"})

    def test_rh_foreign_transfer_details_kept(self):
        """Record 63 ZZ1 is read field by field (Decimal) and kept on the line."""
        self._import_transfers(self._rh_foreign(), filename="rh-estero.txt")
        line = self.env["account.bank.statement.line"].search([("sepa_import_key", "!=", False)])
        self.assertEqual(line.amount, 200.0)
        self.assertEqual(
            line.transaction_details["foreign_transfer"],
            {
                "original_amount": "250.00",
                "original_currency": "USD",
                "settled_amount": "200.00",
                "settled_currency": "EUR",
                "exchange_rate": "1.25000",
                "commissions": "3.50",
                "country": "069",
            },
        )
        for text in (
            "Foreign transfer.",
            "Original amount: 250.00 USD",
            "Settled amount: 200.00 EUR",
            "Exchange rate: 1.25000",
            "Commissions: 3.50",
            "Country (UIC code): 069",
        ):
            self.assertIn(text, str(line.narration))

    def test_camt_sdd_return_applied_once(self):
        """An SDD return in camt.053 (PMNT/IDDT/UPDD, return reason) returns
        its collection with that reason, once."""
        invoice = self._invoice(amount=300.0)
        batch = self._sent_batch(invoice)
        batch.action_accept()
        batch.action_paid()
        first, second = batch.collection_ids.sorted("sequence")
        data = builders.camt(
            [
                (15000, "DBIT", "Rossi", CUSTOMER_IBAN, "", "Storno SDD"),
                (777, "CRDT", "Bianchi", CUSTOMER2_IBAN, "", "Altro"),
            ],
            account=COMPANY_IBAN,
            returns={0: (first.name, "MD01")},
        )
        record = self._assert_applied_once(
            "transfers", data, {"indented, CRLF": pretty_crlf(data), "byte order mark": bom(data)}
        )
        self.assertIn("1 collection(s) charged back by the bank and returned", record.summary)
        self.assertEqual((first.state, first.return_code), ("returned", "MD01"))
        self.assertIn("camt, reason MD01", first.return_note)
        self.assertEqual(second.state, "paid")
        # MD01: the mandate must be aligned (SEDA) before the next collection
        self.assertEqual(first.mandate_id.state, "to_align")
        invoice.invalidate_recordset()
        self.assertEqual(invoice.amount_residual, 150.0)
        line = self.env["account.bank.statement.line"].search(
            [("sepa_collection_id", "=", first.id)]
        )
        self.assertEqual((line.amount, line.sepa_match_rule), (-150.0, "collection_return"))
        # the same return notified again in the day's camt.054: a new bank
        # line, but the collection is not returned a second time
        return_move = first.return_move_id
        notice = builders.camt(
            [(15000, "DBIT", "Rossi", CUSTOMER_IBAN, "", "Storno SDD")],
            account=COMPANY_IBAN,
            kind="054",
            version="08",
            stmt_ids=("N-1",),
            returns={0: (first.name, "MD01")},
        )
        wizard = self._import_transfers(notice, filename="camt054.xml")
        self.assertNotIn("charged back", wizard.result)
        self.assertEqual((first.state, first.return_move_id), ("returned", return_move))
        self.assertEqual(
            self.env["account.bank.statement.line"].search_count(
                [("sepa_collection_id", "=", first.id)]
            ),
            1,
        )

    def test_huge_files_refused_before_reading(self):
        """Every importer refuses a file over the company's size limit."""
        self.env.company.sepa_import_max_size_mb = 1
        padding = b" " * (1024 * 1024)
        camt = builders.camt(
            [(5000, "CRDT", "Rossi", CUSTOMER_IBAN, "", "Acconto")], account=COMPANY_IBAN
        )
        fragment = "larger than the 1 MB a bank file may be"
        self._assert_refused(
            {
                "returns huge": ("returns", camt + padding, fragment),
                "transfers huge": ("transfers", camt + padding, fragment),
                "rh huge": (
                    "transfers",
                    self._rh([self._rh_transfer()]).encode() + padding,
                    fragment,
                ),
                "mandates huge": ("mandates", HEADER.encode() + padding, fragment),
            }
        )

    def test_seda_alignment_file_out_and_answers_in(self):
        """Mandates go out as SEDA NWC rows with their mandate type; the bank's
        REC with a type comes back and aligns the mandate."""
        self.assertEqual(
            (self.mandate2.scheme, self.mandate2.seda_form, self.mandate2.seda_mandate_type),
            ("CORE", "paper", "CORSEDPM"),
        )
        action = (self.mandate | self.mandate2).action_seda_export()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        text = self.env["ir.attachment"].browse(attachment_id).raw.decode()
        lines = text.split("\r\n")
        self.assertEqual(lines[0] + "\n", HEADER_TYPE)
        today = self.today.isoformat()
        self.assertIn(
            f"MND-BIANCHI-1,NWC,{today},{CUSTOMER2_IBAN},,Ceramiche Bianchi S.p.A.,CORSEDPM", lines
        )
        self.assertEqual(self.mandate2.event_ids.mapped("seda_code"), ["NWC"])
        self.mandate2._sepa_mark_to_align(self.env["sepa.collection"])
        self.assertEqual(self.mandate2.state, "to_align")
        self._csv((HEADER_TYPE + "MND-BIANCHI-1,REC,2026-05-04,,,,corsedem\n").encode())
        self.assertEqual(self.mandate2.state, "valid")
        self.assertEqual(self.mandate2.seda_mandate_type, "CORSEDEM")
        self.assertEqual(self.mandate2.event_ids.sorted("id").mapped("seda_code"), ["NWC", "REC"])
        self.mandate2.scheme = "B2B"
        self.assertEqual(self.mandate2.seda_mandate_type, "B2BSEDEM")
        cases = {
            "NWC row back": ("MND-ROSSI-1,NWC,2026-05-04,,,,CORSEDPM", "line 2: NWC is the"),
            "B2B type on a CORE mandate": (
                "MND-ROSSI-1,REC,2026-05-04,,,,B2BSEDEM",
                "line 2: mandate type B2BSEDEM is for the B2B scheme, mandate MND-ROSSI-1 is CORE",
            ),
            "unknown type": ("MND-ROSSI-1,REC,2026-05-04,,,,CORSEDXX", "CORSEDXX is not a SEDA"),
            "6 columns under a 7-column header": (
                "MND-ROSSI-1,REC,2026-05-04,,,",
                "line 2: 6 columns, 7 expected",
            ),
        }
        self._assert_refused(
            {k: ("mandates", HEADER_TYPE + row + "\n", frag) for k, (row, frag) in cases.items()}
        )

    def test_rh_charge_back_of_a_return_already_recorded_returns_nothing_else(self):
        """Receipt 1 unpaid by the returns file, receipt 2 paid, both of the
        same debtor and amount: the bank's causale 37 debit that follows is
        receipt 1's, never a reason to return the paid receipt 2."""
        batch = self._riba_batch()
        first, second = batch.collection_ids.sorted("sequence")
        self.assertEqual(first.amount, second.amount)
        request = base64.b64decode(batch.file).decode("ascii")
        self._import_returns(riba_returns(request, {0: "42010"}), filename="esiti-1.txt")
        self._import_returns(riba_returns(request, {1: "30010"}, sign="+"), filename="esiti-2.txt")
        self.assertEqual((first.state, second.state), ("returned", "paid"))
        day = dt.date(2026, 5, 4)
        debit = cbi_rh.Movement(
            day,
            day,
            -int(first.amount * 100),
            "37",
            "INSOLUTO-1",
            "Insoluto RiBa",
            counterparty_name="Ceramiche Bianchi",
            counterparty_iban=CUSTOMER2_IBAN,
        )
        wizard = self._import_transfers(self._rh([debit]), filename="rh-insoluto.txt")
        self.assertNotIn("charged back", wizard.result)
        self.assertEqual((first.state, second.state), ("returned", "paid"))

    def test_mandate_csv_applied_once_whatever_its_encoding(self):
        text = HEADER + "MND-BIANCHI-1,revoked,2025-02-03,,,revoca debitore\n"
        variants = {
            "CRLF line ends": text.replace("\n", "\r\n").encode(),
            "byte order mark": bom(text),
            "spaces around values": text.replace(",revoked,", ", revoked ,").encode(),
            "SEDA code of the same event": text.replace(",revoked,", ",DLC,").encode(),
            "empty mandate type column": (
                HEADER_TYPE + "MND-BIANCHI-1,revoked,2025-02-03,,,revoca debitore,\n"
            ).encode(),
        }
        messages = self.env["mail.message"].search_count(
            [("model", "=", "sepa.mandate"), ("res_id", "=", self.mandate2.id)]
        )
        self._assert_applied_once("mandates", text.encode(), variants)
        self.assertEqual(self.mandate2.state, "revoked")
        self.assertEqual(
            self.env["sepa.mandate.event"].search_count([("mandate_id", "=", self.mandate2.id)]), 1
        )
        self.assertGreater(
            self.env["mail.message"].search_count(
                [("model", "=", "sepa.mandate"), ("res_id", "=", self.mandate2.id)]
            ),
            messages,
        )

    def test_riba_bank_charges_booked_apart_from_the_fee(self):
        charges = self.env["account.account"].create(
            {
                "code": "659010",
                "name": "Spese bancarie",
                "account_type": "expense",
                "company_ids": [Command.set(self.company.ids)],
            }
        )
        self.bank_journal.sepa_bank_charges_account_id = charges
        batch = self._riba_batch()
        first = batch.collection_ids.sorted("sequence")[0]
        request = base64.b64decode(batch.file).decode("ascii")
        data = riba_returns(request, [(0, "42010"), (0, "16000", 350)])
        wizard = self._import_returns(data, filename="esiti-spese.txt")
        self.assertIn("1 returned, 0 paid", wizard.result)
        self.assertEqual(first.state, "returned")
        move = first.bank_charges_move_id
        self.assertEqual(move.state, "posted")
        line = move.line_ids.filtered(lambda aml: aml.account_id == charges)
        self.assertEqual(line.debit, 3.5)
        self.assertFalse(first.fee_move_id)

    # ------------------------------------------------------------------
    # refused, nothing written
    # ------------------------------------------------------------------
    def test_returns_refused(self):
        batch = self._sdd_batch()
        first = batch.collection_ids.sorted("sequence")[0]
        good = builders.status_report(batch.message_id, [(first.name, "AM04", 15000)])
        riba_batch = self._riba_batch()
        request = base64.b64decode(riba_batch.file).decode("ascii")
        riba_ok = riba_returns(request, {0: "42010"})
        amount = b'<InstdAmt Ccy="EUR">150.00</InstdAmt>'
        where = "transaction 1, original transaction, amount (InstdAmt): amount"

        def amount_as(text):
            return good.replace(amount, b'<InstdAmt Ccy="EUR">' + text + b"</InstdAmt>")

        self.assertIn(amount, good)
        cases = {
            "pain002 DOCTYPE": (
                good.replace(b"?>", b'?>\n<!DOCTYPE Document [<!ENTITY x "y">]>', 1),
                "Line 2: the XML file contains a <!DOCTYPE> declaration",
            ),
            "pain002 entity only": (
                good.replace(b"?>", b'?>\n<!ENTITY x "y">', 1),
                "contains a <!ENTITY> declaration",
            ),
            "pain002 UTF-16": (utf16(good), "The file is UTF-16 text"),
            "pain002 UTF-16 without BOM": (utf16(good, bom=False), "UTF-16 text"),
            "pain002 ZIP": (zipped(good), "The file is a ZIP archive"),
            "pain002 NUL": (
                good.replace(b"<TxSts>", b"<TxSts>\x00", 1),
                "control character 0x00 is not allowed",
            ),
            "pain002 3 decimals": (amount_as(b"150.001"), f"{where} 150.001 has more decimals"),
            "pain002 negative": (amount_as(b"-150.00"), f"{where} -150.00 is negative"),
            "pain002 20 digits": (
                amount_as(b"12345678901234567890.00"),
                "has more than 18 digits",
            ),
            "pain002 other message type": (
                base64.b64decode(batch.file),
                "is not a supported status report",
            ),
            "riba unknown receipt": (
                replace_at(riba_ok, 3, 11, "0000000099"),
                "Line 2: receipt 99 of debtor",
            ),
            "riba other debtor": (
                replace_at(riba_ok, 2, 98, "999999".ljust(16)),
                "Line 2: receipt 1 of debtor 999999",
            ),
            "riba other amount": (
                replace_at(replace_at(riba_ok, 2, 34, "0000000000100"), 4, 53, "000000000000100"),
                "is not a RiBa collection of this company",
            ),
            "riba NUL": (
                replace_at(riba_ok, 2, 60, "\x00"),
                "Line 2, position 60: control character 0x00",
            ),
            "riba ESC": (replace_at(riba_ok, 3, 30, "\x1b"), "control character 0x1B"),
            "riba UTF-16": (utf16(riba_ok), "The file is UTF-16 text"),
            "riba ZIP": (zipped(riba_ok.encode(), "esiti.txt"), "a ZIP archive"),
            "riba impossible due date": (replace_at(riba_ok, 2, 23, "300226"), "DDMMYY"),
            "riba Latin-1 letter": (
                replace_at(riba_ok, 3, 25, "\xc0").encode("latin-1"),
                "Line 3, position 25: non-ASCII character",
            ),
            "riba charges without account": (
                riba_returns(request, [(0, "42010"), (0, "16000", 350)]),
                "set the bank charges account of bank journal",
            ),
        }
        self._assert_refused({k: ("returns", v[0], v[1]) for k, v in cases.items()})

    def test_transfers_refused(self):
        camt = builders.camt(
            [(20000, "CRDT", "Rossi", CUSTOMER2_IBAN, "", "Fattura")], account=COMPANY_IBAN
        )
        where = "statement 1, entry 1, amount (Amt): amount"
        good_amount = b'<Amt Ccy="EUR">200.00</Amt>'
        self.assertIn(good_amount, camt)

        def amount_as(text, currency=b"EUR"):
            return camt.replace(good_amount, b'<Amt Ccy="' + currency + b'">' + text + b"</Amt>")

        rh = self._rh([self._rh_transfer()])
        foreign = self._rh_foreign()
        self.assertIn("000000000000250,00USD", foreign)
        cases = {
            "rh ZZ1 amount with a point": (
                foreign.replace("000000000000250,00USD", "000000000000250.00USD"),
                "record 63 ZZ1 (positions 17-34, original amount): '000000000000250.00' is "
                "not an amount with a decimal comma",
            ),
            "rh ZZ1 amount without currency": (
                foreign.replace("000000000000250,00USD", "000000000000250,00   "),
                "record 63 ZZ1 (positions 17-34, original amount): '000000000000250,00' has "
                "no currency",
            ),
            "rh ZZ1 letters in the rate": (
                foreign.replace("000000125000", "0000001,2500"),
                "record 63 ZZ1 (positions 80-91, exchange rate)",
            ),
            "camt 20 digits": (
                amount_as(b"12345678901234599936.00"),
                f"{where} 12345678901234599936.00 has more than 18 digits",
            ),
            "camt negative credit": (amount_as(b"-50.00"), f"{where} -50.00 is negative"),
            "camt 3 decimals": (amount_as(b"200.001"), f"{where} 200.001 has more decimals"),
            "camt zero": (amount_as(b"0.00"), f"{where} 0.00 is zero"),
            "camt exponent": (amount_as(b"2E2"), f"{where} '2E2' is not a decimal number"),
            "camt blank amount": (amount_as(b" "), "is not a decimal number"),
            "camt 16 integer digits": (amount_as(b"1234567890123456.00"), "larger than"),
            "camt other currency": (
                amount_as(b"200.00", b"USD"),
                "the amount is in USD, the account is in EUR",
            ),
            "camt impossible date": (
                camt.replace(b"2024-06-03", b"2024-02-30"),
                "entry 1, booking date (BookgDt): 2024-02-30 is not a date",
            ),
            "camt DOCTYPE": (
                camt.replace(b"?>", b"?>\n<!DOCTYPE Document>", 1),
                "Line 2: the XML file contains a <!DOCTYPE> declaration",
            ),
            "camt entity expansion": (
                camt.replace(b"?>", b'?>\n<!DOCTYPE d [<!ENTITY a "aaaa">]>', 1).replace(
                    b"Fattura", b"&a;"
                ),
                "<!DOCTYPE> declaration",
            ),
            "camt UTF-16": (utf16(camt), "UTF-16 text"),
            "camt ZIP": (zipped(camt), "The file is a ZIP archive"),
            "camt GZIP": (gzipped(camt), "a GZIP archive"),
            "camt PDF": (b"%PDF-1.4\n" + camt, "a PDF document"),
            "camt NUL": (camt.replace(b"Rossi", b"Ro\x00ssi"), "control character 0x00"),
            "camt missing indicator": (
                camt.replace(b"<CdtDbtInd>CRDT</CdtDbtInd>", b""),
                "entry 1, credit/debit indicator (CdtDbtInd): required element is missing",
            ),
            "camt missing amount": (
                camt.replace(good_amount, b""),
                "entry 1, amount (Amt): required element is missing",
            ),
            "camt.052 namespace": (camt.replace(b"camt.053", b"camt.052"), "not a supported"),
            "pain.002 to the transfers": (
                builders.status_report("X", [("E2E", "AM04", 100)]),
                "not a supported camt",
            ),
            "rh NUL in detail record": (
                replace_at(rh, 4, 60, "\x00"),
                "Line 4, position 60: control character 0x00",
            ),
            "rh DEL": (
                replace_at(rh, 3, 100, "\x7f"),
                "Line 3, position 100: control character 0x7F",
            ),
            "rh tab": (replace_at(rh, 3, 90, "\t"), "Line 3, position 90: control character 0x09"),
            "rh UTF-16": (utf16(rh), "The file is UTF-16 text"),
            "rh ZIP": (zipped(rh.encode(), "rh.txt"), "a ZIP archive"),
            "rh huge line": (
                replace_at(rh, 3, 121, "X" * 1_000_000),
                "Line 3 has 1000120 characters, 120 expected",
            ),
            "rh impossible value date": (replace_at(rh, 3, 14, "300226"), "DDMMYY"),
            "rh impossible YYY order date": (
                replace_at(rh, 4, 17, "31022026"),
                "Line 4, record 63 YYY (positions 17-24): 31022026",
            ),
            "rh Latin-1 letter": (
                rh.encode().replace(b"CERAMICHE", b"CERAMICH\xc8"),
                "Line 4, position 49: non-ASCII character",
            ),
        }
        self._assert_refused({k: ("transfers", v[0], v[1]) for k, v in cases.items()})

    def test_mandate_csv_refused(self):
        row = "MND-BIANCHI-1,revoked,2025-02-03,,,revoca\n"
        cases = {
            "unknown mandate": (HEADER + "NOPE,confirmed,2025-01-01,,,\n", "line 2: mandate NOPE"),
            "impossible date": (HEADER + row.replace("2025-02-03", "2025-02-30"), "line 2: date"),
            "NUL": (
                HEADER + row.replace("revoca", "rev\x00oca"),
                "Line 2, position 39: control character 0x00",
            ),
            "UTF-16": (utf16(HEADER + row), "UTF-16 text, not a CSV text file"),
            "ZIP": (zipped((HEADER + row).encode(), "a.csv"), "a ZIP archive"),
            "spreadsheet": (b"\xd0\xcf\x11\xe0" + b"\x00" * 60, "a Microsoft Office document"),
            "wrong header": ("ref;event\n" + row, "line 1: the header must be"),
            "bad IBAN": (
                HEADER + "MND-ROSSI-1,amended,2025-01-01," + CUSTOMER2_IBAN[:-1] + "9,,\n",
                "line 2:",
            ),
            "third line bad": (HEADER + row + "MND-ROSSI-1,revoked\n", "line 3: 2 columns"),
        }
        self._assert_refused({k: ("mandates", v[0], v[1]) for k, v in cases.items()})
        self.assertEqual(self.mandate2.state, "valid")
