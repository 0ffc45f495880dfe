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

    def test_site_card_shows_the_site_tickets(self):
        site = self.env["res.partner"].create(
            {"name": "Sede operativa Lodi", "type": "delivery", "parent_id": self.customer.id}
        )
        self.contract.site_id = site
        on_contract = self._ticket(partner=self.contact, contract_id=self.contract.id)
        other = self._ticket(partner=self.other_contact, contract_id=self.other_contract.id)
        site.invalidate_recordset()
        self.assertIn(on_contract, site.site_ticket_ids)
        self.assertNotIn(other, site.site_ticket_ids)
        self.assertEqual(site.site_ticket_count, len(site.site_ticket_ids))
        action = site.action_site_tickets()
        self.assertEqual(self.env["helpdesk.ticket"].search(action["domain"]), site.site_ticket_ids)
        card = self.env.ref("field_service_rounds.res_partner_view_form_site_card")
        arch = self.env["res.partner"].get_view(card.id, "form")["arch"]
        self.assertIn('name="site_ticket_ids"', arch)
