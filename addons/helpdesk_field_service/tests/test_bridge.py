from odoo.tests import tagged

from odoo.addons.helpdesk_quota.tests.common import HelpdeskQuotaCommon


@tagged("post_install", "-at_install")
class TestHelpdeskFieldService(HelpdeskQuotaCommon):
    def test_intervention_from_a_ticket(self):
        ticket = self._ticket(partner=self.contact, priority="3")
        action = ticket.with_user(self.operator).action_create_intervention()
        intervention = self.env["field.intervention"].browse(action["res_id"])
        self.assertEqual(intervention.origin, "ticket")
        self.assertEqual(intervention.ticket_id, ticket)
        self.assertEqual(intervention.contract_id, self.contract)
        self.assertEqual(intervention.partner_id, self.customer)
        self.assertEqual(intervention.priority, "2")
        self.assertEqual(ticket.intervention_count, 1)

    def test_intervention_from_the_call_screen(self):
        screen = (
            self.env["helpdesk.call.screen"]
            .with_user(self.operator)
            .create({"query": "+39 02 1234 5678"})
        )
        screen.reason = "Centrale antincendio in allarme"
        action = screen.action_create_intervention()
        intervention = self.env["field.intervention"].browse(action["res_id"])
        self.assertEqual(intervention.origin, "call")
        self.assertEqual(intervention.call_id, screen.call_id)
        self.assertEqual(intervention.contract_id, self.contract)
        self.assertEqual(intervention.description, "Centrale antincendio in allarme")
        screen = (
            self.env["helpdesk.call.screen"]
            .with_user(self.operator)
            .create({"query": "+39 02 1234 5678"})
        )
        self.assertEqual(screen.intervention_ids, intervention)
