from contextlib import contextmanager
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import HelpdeskQuotaCommon


@tagged("post_install", "-at_install")
class TestServiceSuspension(HelpdeskQuotaCommon):
    """contract_recurring's follow-up status (filled in by an overdue
    follow-up addon such as contract_recurring_credit_control): a suspended
    customer gets no ticket, the call screen shows the level reached."""

    def _screen(self, query):
        return self.env["helpdesk.call.screen"].with_user(self.operator).create({"query": query})

    @contextmanager
    def _followup(self, partner, suspended, level):
        Partner = type(self.env["res.partner"])
        original = Partner._recurring_followup_status

        def status(records, company=None):
            result = original(records, company=company)
            for record in records:
                if record.commercial_partner_id == partner:
                    result[record.id] = (suspended, level)
            return result

        with patch.object(Partner, "_recurring_followup_status", status):
            yield

    def test_suspended_customer_gets_no_ticket_and_call_screen_shows_level(self):
        self.assertFalse(self.customer.recurring_service_suspended)
        with self._followup(self.customer, True, "Suspension of service"):
            ok, reason, _contracts = self.contact._helpdesk_eligibility()[self.contact.id]
            self.assertFalse(ok)
            self.assertIn("suspended for unpaid invoices", reason)
            self.assertIn("Suspension of service", reason)
            with self.assertRaisesRegex(UserError, "suspended for unpaid invoices"):
                self._ticket(partner=self.contact)
            screen = self._screen("+39 02 1234 5678")
            self.assertTrue(screen.service_suspended)
            self.assertEqual(screen.followup_level_name, "Suspension of service")
            self.assertIn("suspended", screen.eligibility_message)
            # the other customer is not concerned
            self.assertTrue(self.other_customer._helpdesk_eligibility()[self.other_customer.id][0])
        # lifted (payment): tickets again
        self.assertTrue(self.contact._helpdesk_eligibility()[self.contact.id][0])
        self.assertTrue(self._ticket(partner=self.contact))

    def test_reminder_without_suspension_only_shows_on_call_screen(self):
        with self._followup(self.customer, False, "Friendly reminder"):
            self.assertTrue(self.contact._helpdesk_eligibility()[self.contact.id][0])
            screen = self._screen("+39 02 1234 5678")
            self.assertFalse(screen.service_suspended)
            self.assertEqual(screen.followup_level_name, "Friendly reminder")
            self.assertFalse(screen.eligibility_message)

    def test_italian_refusal(self):
        self.env["res.lang"]._activate_lang("it_IT")
        with self._followup(self.customer, True, "Sospensione"):
            reason = self.contact.with_context(lang="it_IT")._helpdesk_eligibility()[
                self.contact.id
            ][1]
        self.assertIn("sospeso", reason)
