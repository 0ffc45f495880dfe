from datetime import datetime, timedelta

from odoo.exceptions import UserError
from odoo.tests import RecordCapturer, freeze_time, tagged

from .common import HelpdeskQuotaCommon


@tagged("post_install", "-at_install")
class TestStageMailsAndTime(HelpdeskQuotaCommon):
    def test_stage_change_mails_the_customer_with_the_portal_link(self):
        self.contact.lang = "en_US"
        ticket = self._ticket(partner=self.customer, requester_id=self.contact.id)
        self.env.cr.precommit.run()  # the creation's tracking, done apart
        ticket = ticket.with_context(mail_notrack=False, tracking_disable=False)
        with RecordCapturer(self.env["mail.mail"], []) as capture:
            ticket.stage_id = self.stage_progress
            self.env.cr.precommit.run()
        mail = capture.records.filtered(lambda m: m.res_id == ticket.id)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, f"Ticket {ticket.number}: In Progress")
        self.assertIn(f"/my/ticket/{ticket.id}?access_token=", mail.body_html)
        self.assertIn(self.contact, mail.recipient_ids)
        with RecordCapturer(self.env["mail.mail"], []) as capture:
            ticket.stage_id = self.stage_done
            self.env.cr.precommit.run()
        mail = capture.records.filtered(lambda m: m.res_id == ticket.id)
        self.assertEqual(mail.subject, f"Ticket {ticket.number} closed: Done")

    def test_stage_mail_in_italian(self):
        self.env["res.lang"]._activate_lang("it_IT")
        self.contact.lang = "it_IT"
        template = self.env.ref("helpdesk_quota.helpdesk_ticket_stage_mail_template")
        italian = template.with_context(lang="it_IT").body_html
        if "Buongiorno" not in italian:
            # translations load with the language; load them for the test
            self.env["ir.module.module"].search(
                [("name", "=", "helpdesk_quota")]
            )._update_translations(["it_IT"])
        ticket = self._ticket(partner=self.customer, requester_id=self.contact.id)
        self.env.cr.precommit.run()  # the creation's tracking, done apart
        ticket = ticket.with_context(mail_notrack=False, tracking_disable=False)
        with RecordCapturer(self.env["mail.mail"], []) as capture:
            ticket.stage_id = self.stage_progress
            self.env.cr.precommit.run()
        mail = capture.records.filtered(lambda m: m.res_id == ticket.id)
        self.assertIn("Buongiorno", mail.body_html)
        self.assertIn(f"/my/ticket/{ticket.id}", mail.body_html)

    def test_every_default_stage_has_a_template(self):
        stages = self.env["helpdesk.ticket.stage"].search([])
        self.assertTrue(stages)
        self.assertTrue(all(stages.mapped("mail_template_id")))

    def test_timer_start_stop_and_totals_per_contract_and_month(self):
        ticket = self._ticket()
        operator_ticket = ticket.with_user(self.operator)
        with freeze_time("2026-03-10 09:00:00"):
            operator_ticket.action_timer_start()
            self.assertTrue(operator_ticket.timer_running)
            with self.assertRaises(UserError):
                operator_ticket.action_timer_start()
        with freeze_time("2026-03-10 10:30:00"):
            operator_ticket.action_timer_stop()
        self.assertFalse(operator_ticket.timer_running)
        self.assertAlmostEqual(ticket.time_total, 1.5)
        with self.assertRaises(UserError):
            operator_ticket.action_timer_stop()
        self.env["helpdesk.ticket.time"].create(
            {
                "ticket_id": ticket.id,
                "user_id": self.operator.id,
                "date_start": datetime(2026, 4, 2, 14, 0),
                "date_stop": datetime(2026, 4, 2, 14, 45),
            }
        )
        totals = self.env["helpdesk.ticket.time"]._totals_by_contract_month(
            [("contract_id", "=", self.contract.id)]
        )
        self.assertEqual(
            {(c, str(m)): round(h, 2) for (c, m), h in totals.items()},
            {(self.contract, "2026-03-01"): 1.5, (self.contract, "2026-04-01"): 0.75},
        )
        self.assertAlmostEqual(ticket.time_total, 2.25)
        self.assertEqual(
            ticket.time_ids[0].date_stop - ticket.time_ids[0].date_start, timedelta(minutes=45)
        )
