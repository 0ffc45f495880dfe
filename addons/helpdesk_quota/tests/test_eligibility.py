from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import HelpdeskQuotaCommon


@tagged("post_install", "-at_install")
class TestEligibility(HelpdeskQuotaCommon):
    def test_active_contract_is_eligible_and_chosen_automatically(self):
        ok, reason, contracts = self.customer._helpdesk_eligibility()[self.customer.id]
        self.assertTrue(ok, reason)
        self.assertEqual(contracts, self.contract)
        # a contact of the customer: same commercial entity, same contract
        ticket = self._ticket(partner=self.contact)
        self.assertEqual(ticket.contract_id, self.contract)
        self.assertEqual(ticket.quota_state, "included")

    def test_no_contract_is_refused_unless_overridden(self):
        ok, reason, _contracts = self.no_contract_customer._helpdesk_eligibility()[
            self.no_contract_customer.id
        ]
        self.assertFalse(ok)
        self.assertIn("no active contract", reason)
        with self.assertRaisesRegex(UserError, "no active contract"):
            self._ticket(partner=self.no_contract_customer)
        ticket = self._ticket(
            partner=self.no_contract_customer,
            override_reason="Nuovo cliente, contratto in firma",
        )
        self.assertFalse(ticket.contract_id)
        self.assertIn(
            "Nuovo cliente, contratto in firma",
            ticket.message_ids.mapped("body")[0],
        )

    def test_portal_user_cannot_override(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.portal_user)
        self.assertFalse(Ticket._helpdesk_may_override())

    def test_expired_contract_is_refused(self):
        self.contract.write({"state": "expired"})
        ok, reason, _contracts = self.customer._helpdesk_eligibility()[self.customer.id]
        self.assertFalse(ok)
        with self.assertRaisesRegex(UserError, "no active contract"):
            self._ticket()

    def test_contract_not_covering_support_is_refused(self):
        self.contract.helpdesk_support = False
        ok, _reason, contracts = self.customer._helpdesk_eligibility()[self.customer.id]
        self.assertFalse(ok)
        self.assertFalse(contracts)

    def test_overdue_above_threshold_is_refused(self):
        self._overdue_invoice(self.customer, 150.0)
        amount = self.customer._recurring_overdue_amounts()[self.customer.id]
        self.assertGreater(amount, 100.0)
        ok, reason, _contracts = self.customer._helpdesk_eligibility()[self.customer.id]
        self.assertFalse(ok)
        self.assertIn("overdue invoices", reason)
        with self.assertRaisesRegex(UserError, "overdue invoices"):
            self._ticket(partner=self.contact)

    def test_overdue_below_threshold_is_accepted(self):
        self._overdue_invoice(self.customer, 50.0)
        amount = self.customer._recurring_overdue_amounts()[self.customer.id]
        self.assertGreater(amount, 0.0)
        self.assertLess(amount, 100.0)
        ok, reason, _contracts = self.customer._helpdesk_eligibility()[self.customer.id]
        self.assertTrue(ok, reason)
        self.assertTrue(self._ticket())

    def test_two_contracts_are_selectable_not_chosen(self):
        second = self._support_contract(self.customer)
        ticket = self._ticket()
        self.assertFalse(ticket.contract_id)
        ticket.contract_id = second
        self.assertEqual(ticket.quota_counter_id.contract_id, second)
        self.assertEqual(ticket.quota_counter_id.used, 1)

    def test_contract_of_another_customer_is_rejected(self):
        with self.assertRaisesRegex(Exception, "belongs to"):
            self._ticket(contract_id=self.other_contract.id)
