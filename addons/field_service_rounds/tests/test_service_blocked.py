from contextlib import contextmanager
from datetime import date, datetime
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FieldServiceCommon

DAY = date(2026, 4, 8)


@tagged("post_install", "-at_install")
class TestServiceBlocked(FieldServiceCommon):
    """contract_recurring's follow-up status (filled in by an overdue
    follow-up addon such as contract_recurring_credit_control): the
    interventions of a suspended customer are blocked in planning."""

    @contextmanager
    def _suspended(self, partner):
        Partner = type(self.env["res.partner"])
        original = Partner._recurring_followup_status

        def status(records, company=None):
            result = original(records, company=company)
            for record in records:
                if record.commercial_partner_id == partner:
                    result[record.id] = (True, "Suspension of service")
            return result

        with patch.object(Partner, "_recurring_followup_status", status):
            yield

    def test_suspended_customer_interventions_are_blocked(self):
        blocked = self._intervention()
        free = self._intervention(partner=self.customer_far)
        self.assertFalse(blocked.service_blocked)
        with self._suspended(self.customer):
            (blocked | free).invalidate_recordset(["service_blocked"])
            self.assertTrue(blocked.service_blocked)
            self.assertFalse(free.service_blocked)
            # flagged in the planning proposal, refused when ticked
            proposal = self.env["field.plan.proposal"].create({"date_to": date(2026, 12, 31)})
            proposal.action_compute()
            line = proposal.line_ids.filtered(lambda rec: rec.intervention_id == blocked)
            self.assertTrue(line.service_blocked)
            other = proposal.line_ids.filtered(lambda rec: rec.intervention_id == free)
            self.assertFalse(other.service_blocked)
            line.write({"technician_id": self.tech_b.id, "plan_date": DAY, "to_plan": True})
            with self.assertRaisesRegex(UserError, "suspended for unpaid invoices"):
                proposal.action_confirm()
            # and when planned by hand
            blocked.write(
                {"technician_id": self.tech_b.id, "planned_start": datetime(2026, 4, 8, 9, 0)}
            )
            with self.assertRaisesRegex(UserError, "suspended for unpaid invoices"):
                blocked.action_plan()
        # lifted (payment): planned as usual
        blocked.invalidate_recordset(["service_blocked"])
        self.assertFalse(blocked.service_blocked)
        blocked.action_plan()
        self.assertEqual(blocked.state, "planned")
