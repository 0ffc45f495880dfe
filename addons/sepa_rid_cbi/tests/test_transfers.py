import datetime as dt

from odoo.tests import tagged

from odoo.addons.sepa_rid_cbi.tests.fixtures import builders

from ..tools import cbi_rh
from .common import COMPANY_IBAN, CUSTOMER2_IBAN, SepaCommon


@tagged("post_install", "-at_install")
class TestTransfers(SepaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_a = cls._invoice(amount=200.0, method="transfer")
        cls.invoice_b = cls._invoice(partner=cls.customer2, amount=300.0, method="transfer")

    def _lines(self):
        return self.env["account.bank.statement.line"].search(
            [("sepa_import_key", "!=", False)], order="id"
        )

    def _check_matching(self, lines):
        by_amount = {line.amount: line for line in lines}
        matched, proposed, unmatched, fee = (
            by_amount[200.0],
            by_amount[300.0],
            by_amount[55.0],
            by_amount[-2.0],
        )
        self.assertEqual(matched.sepa_match_state, "matched")
        self.assertEqual(matched.sepa_match_rule, "invoice_number")
        self.assertTrue(matched.is_reconciled)
        self.invoice_a.invalidate_recordset()
        self.assertIn(self.invoice_a.payment_state, ("paid", "in_payment"))
        self.assertEqual(proposed.sepa_match_state, "proposed")
        self.assertEqual(proposed.sepa_match_rule, "amount_partner")
        self.assertEqual(proposed.sepa_proposed_move_ids, self.invoice_b)
        self.assertFalse(proposed.is_reconciled)
        self.assertEqual(unmatched.sepa_match_state, "unmatched")
        self.assertEqual(fee.sepa_match_state, "unmatched")
        proposed.action_sepa_reconcile_proposed()
        self.assertEqual(proposed.sepa_match_state, "matched")
        self.invoice_b.invalidate_recordset()
        self.assertIn(self.invoice_b.payment_state, ("paid", "in_payment"))

    def test_camt053_and_054(self):
        for kind, version in (("053", "02"),):
            with self.subTest(kind=kind):
                data = builders.camt(
                    [
                        (
                            20000,
                            "CRDT",
                            "Ferramenta Rossi",
                            "",
                            "",
                            f"Saldo fattura {self.invoice_a.name}",
                        ),
                        (30000, "CRDT", "Ceramiche Bianchi", CUSTOMER2_IBAN, "", "Pagamento"),
                        (5500, "CRDT", "Sconosciuto", "", "", "Bonifico generico"),
                        (200, "DBIT", "Banca", COMPANY_IBAN, "", "Commissioni"),
                    ],
                    account=COMPANY_IBAN,
                    kind=kind,
                    version=version,
                    stmt_ids=(f"S-{kind}",),
                )
                wizard = self._import_transfers(data)
                self.assertIn("4 movement(s) imported: 1 matched, 1 proposed, 2", wizard.result)
                lines = self._lines()
                self.assertEqual(len(lines), 4)
                self._check_matching(lines)
                again = self._import_transfers(data)
                self.assertIn("already imported", again.result)
                self.assertEqual(len(self._lines()), 4)
        data = builders.camt(
            [(5500, "CRDT", "Sconosciuto", "", "", "Altro")],
            account=COMPANY_IBAN,
            kind="054",
            version="08",
            stmt_ids=("N-1",),
        )
        self.assertIn("1 movement(s) imported", self._import_transfers(data).result)

    def test_cbi_rh(self):
        day = dt.date(2026, 5, 4)
        movements = [
            cbi_rh.Movement(
                day,
                day,
                20000,
                "48",
                "REF1",
                "Bonifico",
                "Ferramenta Rossi",
                "",
                "",
                "",
                f"Fattura {self.invoice_a.name}",
            ),
            cbi_rh.Movement(
                day, day, 30000, "48", "REF2", "Bonifico", "Ceramiche Bianchi", CUSTOMER2_IBAN
            ),
            cbi_rh.Movement(day, day, 5500, "48", "REF3", "Bonifico generico"),
            cbi_rh.Movement(day, day, -200, "66", "REF4", "Commissioni"),
        ]
        statement = cbi_rh.RhStatement(1, COMPANY_IBAN, "EUR", day, 100000, 155300, movements)
        text = cbi_rh.write("05428", "A1B2C", day, "RH-1", [statement])
        wizard = self._import_transfers(text, filename="movimenti.rh")
        self.assertIn("4 movement(s) imported: 1 matched, 1 proposed, 2", wizard.result)
        self._check_matching(self._lines())
        again = self._import_transfers(text, filename="movimenti.rh")
        self.assertIn("already imported", again.result)
