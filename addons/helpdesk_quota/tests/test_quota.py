from datetime import date

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .common import HelpdeskQuotaCommon


@tagged("post_install", "-at_install")
class TestQuota(HelpdeskQuotaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a contract over 2026-2027 for the period tests
        cls.contract.unlink()
        cls.contract = cls._contract(480.0, "quarterly", start="2026-01-01", end="2027-12-31")

    def _counter(self, contract, day):
        return self.env["helpdesk.quota.counter"].search(
            [
                ("contract_id", "=", contract.id),
                ("period_start", "<=", day),
                ("period_end", ">=", day),
            ]
        )

    @freeze_time("2026-03-10")
    def test_refusal_in_italian_names_the_period_in_italian_dates(self):
        self.env["res.lang"]._activate_lang("it_IT")
        self.env = self.env(context=dict(self.env.context, lang="it_IT"))
        self._ticket()
        self._ticket()
        with self.assertRaises(UserError) as catch:
            self._ticket()
        message = str(catch.exception)
        self.assertIn("01/03/2026", message)
        self.assertIn("31/03/2026", message)
        self.assertNotIn("2026-03-01", message)

    @freeze_time("2026-03-10")
    def test_monthly_quota_refuses_over_the_quota(self):
        first = self._ticket()
        second = self._ticket()
        self.assertEqual(first.quota_counter_id, second.quota_counter_id)
        counter = first.quota_counter_id
        self.assertEqual(
            (counter.period_start, counter.period_end, counter.included, counter.used),
            (date(2026, 3, 1), date(2026, 3, 31), 2, 2),
        )
        with self.assertRaisesRegex(UserError, "all of them have been used"):
            self._ticket()
        self.assertEqual(counter.used, 2)
        self.assertEqual(self.contract.helpdesk_quota_available, 0)
        # an operator may force it, with a logged reason; the counter stays
        forced = self._ticket(override_reason="Fermo impianto, urgente")
        self.assertEqual(forced.quota_state, "override")
        self.assertFalse(forced.quota_counter_id)
        self.assertEqual(counter.used, 2)

    def test_rollover_to_the_next_month(self):
        with freeze_time("2026-03-31"):
            self._ticket()
            self._ticket()
            with self.assertRaises(UserError):
                self._ticket()
        with freeze_time("2026-04-01"):
            ticket = self._ticket()
            self.assertEqual(ticket.quota_counter_id.period_start, date(2026, 4, 1))
            self.assertEqual(ticket.quota_counter_id.used, 1)
            self.assertEqual(self.contract.helpdesk_quota_used, 1)
            self.assertEqual(self.contract.helpdesk_quota_available, 1)
        self.assertEqual(self._counter(self.contract, date(2026, 3, 15)).used, 2)

    def test_quarter_and_year_periods(self):
        self.contract.write({"helpdesk_quota_period": "quarter", "helpdesk_quota": 3})
        with freeze_time("2026-05-20"):
            ticket = self._ticket()
        self.assertEqual(
            (ticket.quota_counter_id.period_start, ticket.quota_counter_id.period_end),
            (date(2026, 4, 1), date(2026, 6, 30)),
        )
        self.contract.write({"helpdesk_quota_period": "year"})
        with freeze_time("2026-05-21"):
            ticket = self._ticket()
        self.assertEqual(
            (ticket.quota_counter_id.period_start, ticket.quota_counter_id.period_end),
            (date(2026, 1, 1), date(2026, 12, 31)),
        )

    @freeze_time("2026-03-10")
    def test_unlimited_quota_counts_without_limit(self):
        self.contract.helpdesk_quota = 0
        tickets = [self._ticket() for _i in range(4)]
        self.assertEqual(tickets[-1].quota_counter_id.used, 4)
        self.assertEqual(self.contract.helpdesk_quota_available, -1)

    @freeze_time("2026-03-10")
    def test_deleting_a_ticket_gives_the_request_back(self):
        first = self._ticket()
        self._ticket()
        counter = first.quota_counter_id
        first.with_user(self.env.user).unlink()
        self.assertEqual(counter.used, 1)
        self.assertTrue(self._ticket())

    @freeze_time("2026-03-10")
    def test_quota_changed_during_the_period(self):
        self._ticket()
        self._ticket()
        self.contract.helpdesk_quota = 3
        ticket = self._ticket()
        self.assertEqual(ticket.quota_counter_id.included, 3)
        self.assertEqual(ticket.quota_counter_id.used, 3)

    @freeze_time("2026-03-10")
    def test_over_quota_billed_as_extra_with_the_next_billing_run(self):
        self.contract.write({"helpdesk_over_quota": "bill", "helpdesk_extra_price": 35.0})
        self._ticket()
        self._ticket()
        extra_ticket = self._ticket()
        self.assertEqual(extra_ticket.quota_state, "extra")
        extra = extra_ticket.quota_extra_id
        self.assertEqual((extra.amount, extra.state), (35.0, "to_bill"))
        self.assertEqual(extra.contract_id, self.contract)
        summary = self.contract._helpdesk_quota_summary(fields.Date.today())[0]
        self.assertEqual((summary["used"], summary["available"]), (2, 0))
        # the contract's next billing run carries the extra on its invoice
        run = self._run(invoice_date="2026-03-31", partner_id=self.customer.id)
        run.action_confirm()
        invoice = run.move_ids
        self.assertEqual(len(invoice), 1)
        extra_line = invoice.invoice_line_ids.filtered("helpdesk_quota_extra_id")
        self.assertEqual(extra_line.helpdesk_quota_extra_id, extra)
        self.assertEqual(extra_line.price_unit, 35.0)
        self.assertEqual(extra.state, "billed")
        self.assertEqual(extra.move_id, invoice)
        # billed once: the next run has nothing more to add
        run2 = self._run(invoice_date="2026-06-30", partner_id=self.customer.id)
        run2.action_confirm()
        self.assertFalse(run2.move_ids.invoice_line_ids.filtered("helpdesk_quota_extra_id"))

    @freeze_time("2026-03-10")
    def test_cancelled_ticket_no_longer_counts(self):
        cancelled = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        self.assertTrue(cancelled.helpdesk_quota_release)
        first = self._ticket()
        self._ticket()
        counter = first.quota_counter_id
        self.assertEqual(self.contract.helpdesk_quota_available, 0)
        first.stage_id = cancelled
        self.assertEqual((first.quota_state, first.quota_counter_id.id), ("released", False))
        self.assertEqual(counter.used, 1)
        self.assertEqual(self.contract.helpdesk_quota_available, 1)
        # the request given back can be used by a new ticket
        third = self._ticket()
        self.assertEqual(third.quota_counter_id, counter)
        self.assertEqual(counter.used, 2)
        # moving it again between releasing stages changes nothing
        first.stage_id = cancelled
        self.assertEqual(counter.used, 2)
        # reopened over a full quota: refused like a new ticket, nothing changes
        with self.assertRaises(UserError) as catch:
            first.stage_id = self.stage_progress
        self.assertIn("all of them have been used", str(catch.exception))
        self.assertEqual(counter.used, 2)
        self.assertEqual(first.stage_id, cancelled)
        third.stage_id = cancelled
        first.stage_id = self.stage_progress
        self.assertEqual((first.quota_state, first.quota_counter_id), ("included", counter))
        self.assertEqual(counter.used, 2)
        # closing as done still counts
        first.stage_id = self.stage_done
        self.assertEqual(counter.used, 2)

    @freeze_time("2026-03-10")
    def test_cancelled_extra_is_not_billed(self):
        self.contract.write({"helpdesk_over_quota": "bill", "helpdesk_extra_price": 35.0})
        self._ticket()
        self._ticket()
        extra_ticket = self._ticket()
        extra = extra_ticket.quota_extra_id
        self.assertEqual(extra.state, "to_bill")
        extra_ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        self.assertFalse(extra.exists())
        self.assertEqual(extra_ticket.quota_state, "released")
        self.assertFalse(extra_ticket.quota_extra_id)
