import base64
import datetime as dt

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.sepa_rid_cbi.tests.fixtures import builders

from ..tools import cbi_rh
from .common import COMPANY_IBAN, CUSTOMER2_IBAN, SepaCommon
from .test_returns import riba_returns


def replace_at(text, line_no, start, new):
    lines = text.split("\r\n")
    line = lines[line_no - 1]
    lines[line_no - 1] = line[: start - 1] + new + line[start - 1 + len(new) :]
    return "\r\n".join(lines)


def drop(text, line_no):
    lines = text.split("\r\n")
    del lines[line_no - 1]
    return "\r\n".join(lines)


def drop_last_char(text, line_no):
    lines = text.split("\r\n")
    lines[line_no - 1] = lines[line_no - 1][:-1]
    return "\r\n".join(lines)


def duplicate(text, line_no):
    lines = text.split("\r\n")
    lines.insert(line_no, lines[line_no - 1])
    return "\r\n".join(lines)


@tagged("post_install", "-at_install")
class TestMalformedFiles(SepaCommon):
    """Each malformed, truncated, duplicate or wrong-bank file goes through the
    Odoo import wizards and is rejected whole: nothing is written."""

    def _counts(self):
        return (
            self.env["sepa.file.import"].search_count([]),
            self.env["account.bank.statement.line"].search_count([]),
            self.env["account.payment"].search_count([("state", "=", "canceled")]),
            tuple(self.sdd_batch.collection_ids.mapped("state")),
            tuple(self.riba_batch.collection_ids.mapped("state")),
            self.env["account.move"].search_count([]),
        )

    def _returns_corpus(self):
        batch = self.sdd_batch
        first, second = batch.collection_ids[:2]
        good = builders.status_report(batch.message_id, [(first.name, "AM04", 15000)])
        riba_request = base64.b64decode(self.riba_batch.file).decode("ascii")
        riba_ok = riba_returns(riba_request, {0: "42010"})
        return {
            "empty file": (b"", "empty"),
            "not xml": (b"<Document><x></Document>", "well-formed"),
            "truncated xml": (good[: len(good) // 2], "well-formed"),
            "unsupported namespace": (
                good.replace(b"pain.002.001.03", b"pain.002.001.99"),
                "not a supported",
            ),
            "camt instead of pain.002": (
                builders.camt([(100, "CRDT", "X", CUSTOMER2_IBAN, "", "x")]),
                "not a supported",
            ),
            "duplicate transaction": (
                builders.status_report(
                    batch.message_id,
                    [(first.name, "AM04", 15000), (first.name, "AM04", 15000)],
                ),
                "twice",
            ),
            "reject without reason": (
                builders.status_report(batch.message_id, [(second.name, "", 15000)]),
                "no reason code",
            ),
            "missing end-to-end id": (
                good.replace(f"<OrgnlEndToEndId>{first.name}</OrgnlEndToEndId>".encode(), b""),
                "OrgnlEndToEndId",
            ),
            "other bank's message": (
                builders.status_report("OTHER-BANK-MSG", [(first.name, "AM04", 15000)]),
                "original message, original message id (OrgnlMsgId): the report refers to "
                "message OTHER-BANK-MSG, which is not a batch of this company",
            ),
            "unknown end-to-end id": (
                builders.status_report(batch.message_id, [("E2E-NOT-OURS", "AM04", 100)]),
                "payment information 1, transaction 1, end-to-end id (OrgnlEndToEndId): "
                "end-to-end id E2E-NOT-OURS is not a collection",
            ),
            "riba truncated": ("\r\n".join(riba_ok.split("\r\n")[:3]), "truncated"),
            "riba wrong total": (replace_at(riba_ok, 4, 53, "000000000000999"), "footer total"),
            "riba wrong SIA": (
                replace_at(replace_at(riba_ok, 1, 9, "ZZZZZ"), 4, 9, "ZZZZZ"),
                "SIA code ZZZZZ",
            ),
            "riba wrong bank": (
                replace_at(replace_at(riba_ok, 1, 4, "03069"), 4, 4, "03069"),
                "Line 1: the file comes from bank ABI 03069",
            ),
            "riba duplicate record": (duplicate(riba_ok, 3), "Line 4: record 51 found, 14"),
            "riba unknown causale": (
                replace_at(riba_ok, 2, 29, "99999"),
                "Line 2, positions 29-33: causale 99999 is unknown",
            ),
            "riba bad sign": (replace_at(riba_ok, 2, 47, "X"), "Line 2, position 47: sign"),
            "riba short line": (drop_last_char(riba_ok, 3), "Line 3 has 119 characters"),
        }

    def _transfer_corpus(self):
        camt = builders.camt(
            [(20000, "CRDT", "Rossi", CUSTOMER2_IBAN, "", "Fattura")], account=COMPANY_IBAN
        )
        day = dt.date(2026, 5, 4)
        statement = cbi_rh.RhStatement(
            1,
            COMPANY_IBAN,
            "EUR",
            day,
            100000,
            120000,
            [
                cbi_rh.Movement(
                    day,
                    day,
                    20000,
                    "48",
                    "REF1",
                    "Bonifico",
                    "Rossi",
                    CUSTOMER2_IBAN,
                    "",
                    "",
                    "Fattura 1",
                )
            ],
        )
        rh = cbi_rh.write("05428", "A1B2C", day, "RH-1", [statement])
        other = cbi_rh.RhStatement(1, CUSTOMER2_IBAN, "EUR", day, 0, 0, [])
        return {
            "camt other account": (
                builders.camt([(100, "CRDT", "X", "", "", "x")], account=CUSTOMER2_IBAN),
                "expected",
            ),
            "camt duplicate statement": (
                builders.camt([], account=COMPANY_IBAN, stmt_ids=("S-1", "S-1")),
                "appears twice",
            ),
            "camt bad indicator": (camt.replace(b"CRDT", b"CRDX"), "indicator"),
            "camt bad amount": (
                camt.replace(b">200.00<", b">2O0.00<"),
                "entry 1, amount (Amt): amount '2O0.00' is not a decimal number",
            ),
            "camt truncated": (camt[:-40], "well-formed"),
            "camt entity": (
                b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]><Document>&e;</Document>',
                "contains a <!DOCTYPE> declaration",
            ),
            "rh empty": (b"\r\n", "The file is empty"),
            "rh truncated": ("\r\n".join(rh.split("\r\n")[:3]), "truncated"),
            "rh other account": (cbi_rh.write("05428", "A1B2C", day, "RH-2", [other]), "expected"),
            "rh balance mismatch": (replace_at(rh, 7, 21, "000000001299,00"), "closing balance"),
            "rh duplicate movement": (duplicate(rh, 3), "record 62"),
            "rh unknown record": (replace_at(rh, 3, 2, "99"), "type 99"),
            "rh orphan detail": (drop(rh, 3), "does not follow"),
            "rh non ascii": (rh.encode().replace(b"BONIFICO", b"BONIFIC\xc3"), "non-ASCII"),
            "rh bad date": (replace_at(rh, 3, 14, "320526"), "DDMMYY"),
        }

    def test_malformed_files_are_rejected_whole(self):
        self.sdd_batch = self._sent_batch(self._invoice(amount=300.0))
        self._invoice(partner=self.customer2, amount=100.0, method="riba")
        self.riba_batch = self._batch(kind="riba", partner_ids=[Command.set(self.customer2.ids)])
        self.riba_batch.action_generate()
        self.riba_batch.action_send()
        returns, transfers = self._returns_corpus(), self._transfer_corpus()
        self.assertGreaterEqual(len(returns) + len(transfers), 20)
        before = self._counts()
        for name, (data, fragment) in returns.items():
            with self.subTest(name):
                with self.assertRaises(UserError) as error:
                    self._import_returns(data, filename=name)
                self.assertIn("nothing was imported", str(error.exception))
                self.assertIn(fragment, str(error.exception))
                self.assertEqual(self._counts(), before)
        for name, (data, fragment) in transfers.items():
            with self.subTest(name):
                with self.assertRaises(UserError) as error:
                    self._import_transfers(data, filename=name)
                self.assertIn("nothing was imported", str(error.exception))
                self.assertIn(fragment, str(error.exception))
                self.assertEqual(self._counts(), before)

    def test_rejection_message_is_translated(self):
        self.env["res.lang"]._activate_lang("it_IT")
        wizard = (
            self.env["sepa.transfer.import"]
            .with_context(lang="it_IT")
            .create(
                {
                    "data_file": self._file("X" * 119 + "\r\n"),
                    "filename": "movimenti.rh",
                    "journal_id": self.bank_journal.id,
                }
            )
        )
        with self.assertRaises(UserError) as error:
            wizard.action_import()
        message = str(error.exception)
        self.assertIn("non è stato importato nulla", message)
        self.assertIn("La riga 1 ha 119 caratteri, ne sono attesi 120.", message)
