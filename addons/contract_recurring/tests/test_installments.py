from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..tools import schedule
from ..tools.errors import DomainError
from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestInstallments(ContractCommon):
    def test_480_quarterly_gives_four_installments_of_120(self):
        contract = self._contract(480.0, "quarterly")
        plan = contract.installment_ids
        self.assertEqual(plan.mapped("amount"), [120.0] * 4)
        self.assertEqual(
            self._dates(plan), ["2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"]
        )
        self.assertEqual(
            self._dates(plan, "competence_end"),
            ["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"],
        )
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.cycle_letter, "T")

    def test_every_cycle_sums_to_the_total(self):
        expected = {
            "monthly": 12,
            "bimonthly": 6,
            "quarterly": 4,
            "fourmonthly": 3,
            "semiannual": 2,
            "annual": 1,
        }
        for cycle, count in expected.items():
            with self.subTest(cycle=cycle):
                contract = self._contract(1000.0, cycle)
                plan = contract.installment_ids
                self.assertEqual(len(plan), count)
                self.assertAlmostEqual(sum(plan.mapped("amount")), 1000.0, places=2)
                self.assertEqual(plan[-1].competence_end.isoformat(), "2026-12-31")

    def test_cents_that_do_not_divide_go_to_the_last_installment(self):
        contract = self._contract(100.0, "fourmonthly")
        self.assertEqual(contract.installment_ids.mapped("amount"), [33.33, 33.33, 33.34])

    def test_end_of_month_and_leap_day(self):
        contract = self._contract(120.0, "monthly", start="2024-01-31", end="2025-01-30")
        self.assertEqual(
            self._dates(contract.installment_ids, "invoice_date")[:4],
            ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"],
        )
        contract = self._contract(120.0, "monthly", start="2025-01-31", end="2026-01-30")
        self.assertEqual(self._dates(contract.installment_ids, "invoice_date")[1], "2025-02-28")

    def test_multi_year_contract_continues_the_plan(self):
        contract = self._contract(1200.0, "annual", start="2025-07-01", end="2028-06-30")
        self.assertEqual(len(contract.installment_ids), 3)
        self.assertEqual(
            self._dates(contract.installment_ids, "competence_end"),
            ["2026-06-30", "2027-06-30", "2028-06-30"],
        )

    def test_mixed_contract_plans_each_line_on_its_cycle(self):
        contract = self._contract(
            cycle="mixed",
            lines=[
                (self.service_hosting, 240.0, "annual"),
                (self.service_backup, 120.0, "quarterly"),
            ],
        )
        hosting = contract.installment_ids.filtered(
            lambda i: i.line_id.product_id == self.service_hosting
        )
        backup = contract.installment_ids - hosting
        self.assertEqual(hosting.mapped("amount"), [240.0])
        self.assertEqual(backup.mapped("amount"), [30.0] * 4)
        self.assertEqual(len(set(contract.installment_ids.mapped("sequence"))), 5)

    def test_italian_dates_in_installment_names_and_refusals(self):
        self.env["res.lang"]._activate_lang("it_IT")
        contract = self._contract(480.0, "quarterly").with_context(lang="it_IT")
        first = contract.installment_ids.sorted("competence_start")[:1]
        first.invalidate_recordset(["display_name"])
        self.assertIn("01/01/2026 - 31/03/2026", first.display_name)
        with self.assertRaises(DomainError) as refused:
            schedule.plan(date(2026, 1, 2), date(2026, 1, 1), 3, 48000, 4)
        message = str(contract._domain_error(refused.exception))
        self.assertIn("02/01/2026", message)
        self.assertNotIn("2026-01-02", message)

    def test_impossible_dates_are_refused(self):
        with self.assertRaises(ValidationError):
            self._contract(start="2026-05-01", end="2026-04-30", activate=False)

    def test_recalculation_keeps_billed_installments(self):
        contract = self._contract(480.0, "quarterly")
        self._run(invoice_date="2026-04-15").action_confirm()
        billed = contract.installment_ids.filtered("move_id")
        self.assertEqual(len(billed), 2)
        contract.line_ids.price_unit = 960.0
        action = contract.action_compute_installments()
        wizard = self.env[action["res_model"]].with_context(**action["context"]).create({})
        self.assertEqual(
            wizard.line_ids.filtered(lambda line: line.action == "keep").installment_id, billed
        )
        replaced = wizard.line_ids.filtered(lambda line: line.action == "replace")
        self.assertEqual(len(replaced), 2)
        self.assertEqual(replaced.mapped("new_amount"), [240.0, 240.0])
        wizard.action_apply()
        self.assertEqual(contract.installment_ids.filtered("move_id"), billed)
        self.assertEqual(billed.mapped("amount"), [120.0, 120.0])
        self.assertEqual(
            sorted((contract.installment_ids - billed).mapped("amount")), [240.0, 240.0]
        )

    def test_billed_installments_cannot_be_changed_or_removed(self):
        contract = self._contract(480.0, "quarterly")
        self._run(invoice_date="2026-01-15").action_confirm()
        billed = contract.installment_ids.filtered("move_id")
        with self.assertRaises(UserError):
            billed.amount = 1.0
        with self.assertRaises(UserError):
            billed.unlink()
        with self.assertRaises(UserError):
            contract.unlink()

    def test_excluded_installment_is_not_billed(self):
        contract = self._contract(480.0, "quarterly")
        first = contract.installment_ids[0]
        first.action_exclude()
        self.assertEqual(first.state, "excluded")
        run = self._run(invoice_date="2026-04-15")
        self.assertNotIn(first, run.line_ids.installment_ids)
        self.assertEqual(len(run.line_ids.installment_ids), 1)

    def test_link_and_unlink_an_invoice_issued_elsewhere(self):
        contract = self._contract(480.0, "quarterly")
        invoice = self.init_invoice(
            "out_invoice", partner=self.customer, amounts=[120.0], post=True
        )
        first = contract.installment_ids[0]
        wizard = self.env["recurring.installment.link"].create(
            {"installment_id": first.id, "move_id": invoice.id}
        )
        wizard.action_link()
        self.assertEqual(first.move_id, invoice)
        self.assertNotIn(first, self._run(invoice_date="2026-01-15").line_ids.installment_ids)
        first.action_unlink_invoice()
        self.assertFalse(first.move_id)
        other = self.env["res.partner"].create({"name": "Someone else"})
        foreign = self.init_invoice("out_invoice", partner=other, amounts=[10.0], post=True)
        with self.assertRaises(UserError):
            self.env["recurring.installment.link"].create(
                {"installment_id": first.id, "move_id": foreign.id}
            )

    def test_cancellation_drops_unbilled_installments_after_the_date(self):
        contract = self._contract(480.0, "quarterly")
        self._run(invoice_date="2026-01-15").action_confirm()
        contract.cancellation_date = "2026-05-15"
        contract.action_cancel()
        self.assertEqual(contract.state, "cancelled")
        self.assertEqual(self._dates(contract.installment_ids), ["2026-01-01", "2026-04-01"])
