from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ContractCommon


class PrepaidHoursCommon(ContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.responsible = new_test_user(
            cls.env,
            login="hours_responsible",
            groups="contract_recurring.group_contract_user",
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )
        cls.contract = cls._contract(480.0, "quarterly", user_id=cls.responsible.id)

    def _block(self, hours, price=50.0, start="2026-01-01", end="2026-12-31", **values):
        return self.env["recurring.contract.hour.block"].create(
            {
                "contract_id": self.contract.id,
                "name": f"Order {hours} h",
                "hours_ordered": hours,
                "price_unit": price,
                "date_start": start,
                "date_end": end,
                **values,
            }
        )

    def _work(self, hours, source_id=1, date="2026-03-10", contract=None):
        return self.env["recurring.contract"]._consume_prepaid_hours(
            [
                {
                    "contract_id": (contract or self.contract).id,
                    "hours": hours,
                    "date": date,
                    "source_model": "res.partner",
                    "source_id": source_id,
                    "source_name": f"Work {source_id}",
                }
            ]
        )

    def _alerts(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "recurring.contract"),
                ("res_id", "=", self.contract.id),
                ("summary", "=", "Prepaid hours running out"),
            ]
        )


@tagged("post_install", "-at_install")
class TestPrepaidHours(PrepaidHoursCommon):
    def test_oldest_valid_block_first_and_figures(self):
        old = self._block(5.0, start="2026-01-01")
        new = self._block(10.0, start="2026-02-01")
        usages = self._work(7.0)
        self.assertEqual(
            sorted((u.block_id, u.hours) for u in usages), sorted([(old, 5.0), (new, 2.0)])
        )
        self.assertEqual((old.hours_remaining, new.hours_remaining), (0.0, 8.0))
        self.assertEqual(self.contract.prepaid_hours_ordered, 15.0)
        self.assertEqual(self.contract.prepaid_hours_used, 7.0)
        self.assertEqual(self.contract.prepaid_hours_remaining, 8.0)
        self.assertEqual(self.contract.hour_block_count, 2)
        action = self.contract.action_view_hour_blocks()
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]), old | new)

    def test_same_work_recorded_twice_consumes_once(self):
        block = self._block(10.0)
        self._work(3.0, source_id=7)
        self.assertFalse(self._work(3.0, source_id=7), "same total: nothing more")
        self.assertEqual(block.hours_used, 3.0)
        more = self._work(4.5, source_id=7)
        self.assertEqual(more.hours, 1.5, "only the time added since")
        self.assertEqual(block.hours_used, 4.5)

    def test_block_outside_validity_or_cancelled_is_skipped(self):
        expired = self._block(5.0, start="2026-01-01", end="2026-01-31")
        cancelled = self._block(5.0, state="cancelled")
        valid = self._block(5.0, start="2026-03-01")
        usages = self._work(2.0, date="2026-03-10")
        self.assertEqual(usages.block_id, valid)
        self.assertFalse(expired.usage_ids | cancelled.usage_ids)

    def test_contract_without_blocks_is_left_alone(self):
        self.assertFalse(self._work(2.0))
        self.assertFalse(self.contract.hour_usage_ids)

    def test_hours_must_be_positive(self):
        block = self._block(5.0)
        with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"):
            self.env["recurring.contract.hour.usage"].create(
                {"contract_id": self.contract.id, "block_id": block.id, "hours": 0.0}
            )

    def test_alert_once_per_crossing(self):
        block = self._block(10.0)
        self.assertEqual((block.alert_mode, block.alert_threshold), ("percent", 20.0))
        self._work(7.0, source_id=1)
        self.assertFalse(self._alerts())
        self._work(1.0, source_id=2)  # 2 h left: 20 %
        alert = self._alerts()
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.user_id, self.responsible)
        self.assertTrue(block.alert_sent)
        self._work(1.0, source_id=3)
        self.assertEqual(len(self._alerts()), 1, "still below: no second alert")
        # more hours ordered: above the threshold again, then a new crossing
        block.hours_ordered = 20.0
        self.assertFalse(block.alert_sent)
        self._work(9.0, source_id=4)
        self.assertEqual(len(self._alerts()), 2)

    def test_threshold_defaults_from_type_then_company(self):
        self.company.recurring_hour_alert_threshold = 15.0
        self.assertEqual(self._block(10.0).alert_threshold, 15.0)
        self.type_maintenance.write({"hour_alert_threshold": 3.0, "hour_alert_mode": "hours"})
        block = self._block(10.0)
        self.assertEqual((block.alert_mode, block.alert_threshold), ("hours", 3.0))

    def test_over_block_hours_billed_once_by_the_run(self):
        self.env["res.lang"]._activate_lang("it_IT")
        self.customer.lang = "it_IT"
        block = self._block(2.0, price=45.0)
        usages = self._work(3.5, date="2026-02-10")
        extra = usages.filtered(lambda u: not u.block_id)
        self.assertEqual((extra.hours, extra.price_unit, extra.amount), (1.5, 45.0, 67.5))
        self.assertEqual(extra.billing_state, "to_bill")
        self.assertEqual(block.hours_remaining, 0.0)
        self.assertEqual(self.contract.prepaid_hours_extra, 1.5)
        run = self._run(invoice_date="2026-03-31")
        run.action_confirm()
        line = run.move_ids.invoice_line_ids.filtered("recurring_hour_usage_id")
        self.assertEqual(line.recurring_hour_usage_id, extra)
        self.assertEqual((line.quantity, line.price_unit, line.price_subtotal), (1.5, 45.0, 67.5))
        self.assertIn("10/02/2026", line.name)
        self.assertEqual(extra.billing_state, "billed")
        self.assertEqual(extra.move_id, run.move_ids)
        # the next run bills the next installment, not the hours again
        later = self._run(invoice_date="2026-06-30")
        later.action_confirm()
        self.assertTrue(later.move_ids)
        self.assertFalse(later.move_ids.invoice_line_ids.filtered("recurring_hour_usage_id"))
        with self.assertRaises(ValidationError):
            extra.unlink()

    def test_over_block_hours_after_the_run_date_wait(self):
        self._block(1.0)
        extra = self._work(2.0, date="2026-05-10").filtered(lambda u: not u.block_id)
        run = self._run(invoice_date="2026-03-31")
        run.action_confirm()
        self.assertFalse(run.move_ids.invoice_line_ids.filtered("recurring_hour_usage_id"))
        self.assertEqual(extra.billing_state, "to_bill")

    def test_multi_company_rule(self):
        self._block(5.0)
        other_company = self.env["res.company"].create({"name": "Other Co"})
        outsider = new_test_user(
            self.env,
            login="hours_outsider",
            groups="contract_recurring.group_contract_user",
            company_id=other_company.id,
            company_ids=other_company.ids,
        )
        Block = self.env["recurring.contract.hour.block"].with_user(outsider)
        self.assertFalse(Block.search([("contract_id", "=", self.contract.id)]))


@tagged("post_install", "-at_install")
class TestPrepaidHoursPortal(PrepaidHoursCommon, HttpCase):
    def test_portal_shows_ordered_used_remaining(self):
        self._block(10.0)
        self._work(2.5)
        portal = self._portal_user("hours_portal")
        other = self.env["res.partner"].create({"name": "Hotel Panorama", "is_company": True})
        foreign = self._contract(960.0, "annual", partner=other)
        self.env["recurring.contract.hour.block"].create(
            {"contract_id": foreign.id, "hours_ordered": 99.0, "date_start": "2026-01-01"}
        )
        blocks = self.env["recurring.contract.hour.block"].with_user(portal).search([])
        self.assertEqual(blocks.contract_id, self.contract, "portal reads its own blocks only")
        self.authenticate("hours_portal", "hours_portal-pw")
        page = self.url_open(f"/my/contracts/{self.contract.id}").text
        self.assertIn("Prepaid hours", page)
        self.assertIn('o_prepaid_hours_ordered">10:00', page)
        self.assertIn('o_prepaid_hours_used">02:30', page)
        self.assertIn('o_prepaid_hours_remaining">07:30', page)


@tagged("suite_demo", "post_install", "-at_install", "-standard")
class TestPrepaidHoursDemo(TransactionCase):
    """Runs only in the all-addons database with demo data (tag suite_demo)."""

    def test_demo_contract_with_a_block_partly_used(self):
        block = self.env.ref("contract_recurring.contract_10_hour_block")
        self.assertEqual(block.contract_id.state, "active")
        self.assertEqual((block.hours_ordered, block.hours_used), (20.0, 7.5))
        self.assertEqual(block.contract_id.prepaid_hours_remaining, 12.5)
        self.assertFalse(block.alert_sent)
