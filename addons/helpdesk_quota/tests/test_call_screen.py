from datetime import datetime

from odoo.tests import RecordCapturer, freeze_time, tagged

from .common import HelpdeskQuotaCommon


@tagged("post_install", "-at_install")
class TestCallScreen(HelpdeskQuotaCommon):
    def _screen(self, query):
        return self.env["helpdesk.call.screen"].with_user(self.operator).create({"query": query})

    def test_phone_in_any_format_finds_the_caller(self):
        for query in ("+39 02 1234 5678", "0039 02-1234-5678", "02 12345678", "+390212345678"):
            screen = self._screen(query)
            self.assertEqual(screen.partner_id, self.contact, query)

    def test_name_search(self):
        screen = self._screen("Ferramenta Rossi")
        self.assertEqual(screen.partner_id, self.customer)

    def test_screen_shows_contracts_quota_tickets_overdue_and_responsible(self):
        self.contract.user_id = self.operator
        open_ticket = self._ticket()
        screen = self._screen("+39 02 1234 5678")
        self.assertEqual(screen.commercial_partner_id, self.customer)
        self.assertEqual(screen.contract_ids, self.contract)
        self.assertEqual(screen.tickets_used, 1)
        self.assertEqual(screen.tickets_available, "1")
        self.assertEqual(screen.open_ticket_ids, open_ticket)
        self.assertEqual(screen.responsible_id, self.operator)
        self.assertFalse(screen.overdue_warning)
        self._overdue_invoice(self.customer, 500.0)
        screen = self._screen("+39 02 1234 5678")
        self.assertTrue(screen.overdue_warning)
        self.assertEqual(screen.overdue_amount, 500.0)
        self.assertEqual(screen.overdue_message, "Pass the call to accounts.")
        self.assertIn("overdue invoices", screen.eligibility_message)

    def test_log_call_not_passed_mails_the_recipient(self):
        recipient = self.env["res.users"].create(
            {"name": "Anna Tecnico", "login": "anna_tecnico", "email": "anna@example.com"}
        )
        with freeze_time("2026-03-10 10:00:00"):
            screen = self._screen("+39 02 1234 5678")
        screen.write(
            {
                "caller_name": "Mario Rossi",
                "reason": "Server fermo",
                "recipient_id": recipient.id,
                "passed": False,
                "call_back": True,
            }
        )
        with (
            freeze_time("2026-03-10 10:02:05"),
            RecordCapturer(self.env["mail.mail"], []) as capture,
        ):
            action = screen.action_log_call()
        call = self.env["helpdesk.call"].browse(action["res_id"])
        self.assertEqual(call.partner_id, self.contact)
        self.assertEqual(call.phone_normalized, "+390212345678")
        self.assertTrue(call.recipient_notified)
        self.assertEqual(call.date_end, datetime(2026, 3, 10, 10, 2, 5))
        self.assertEqual((call.duration_seconds, call.duration), (125, 3))
        # 'Richiamare' without a time: an activity for the recipient, due today
        self.assertEqual(call.activity_ids.user_id, recipient)
        mail = capture.records
        self.assertEqual(len(mail), 1)
        self.assertIn(recipient.partner_id, mail.recipient_ids)
        self.assertIn("Server fermo", mail.body_html)

    def test_log_call_passed_sends_nothing(self):
        recipient = self.operator
        screen = self._screen("Ferramenta Rossi")
        screen.write({"reason": "Info", "recipient_id": recipient.id, "passed": True})
        with RecordCapturer(self.env["mail.mail"], []) as capture:
            screen.action_log_call()
        self.assertFalse(capture.records)
        self.assertFalse(screen.call_id.recipient_notified)

    def test_open_ticket_from_the_call(self):
        screen = self._screen("+39 02 1234 5678")
        screen.reason = "Stampante guasta\nNon stampa da ieri"
        action = screen.action_open_ticket()
        context = action["context"]
        self.assertEqual(context["default_partner_id"], self.customer.id)
        self.assertEqual(context["default_contract_id"], self.contract.id)
        ticket = (
            self.env["helpdesk.ticket"].with_user(self.operator).with_context(**context).create({})
        )
        self.assertEqual(ticket.call_id, screen.call_id)
        self.assertEqual(ticket.name, "Stampante guasta")
        self.assertEqual(ticket.quota_state, "included")
        self.assertEqual(screen.call_id.ticket_ids, ticket)
