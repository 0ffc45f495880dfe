from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import HelpdeskQuotaCommon


@tagged("post_install", "-at_install")
class TestTicketPrepaidHours(HelpdeskQuotaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.block = cls.env["recurring.contract.hour.block"].create(
            {
                "contract_id": cls.contract.id,
                "name": "Pacchetto 10 ore",
                "hours_ordered": 10.0,
                "price_unit": 40.0,
                "date_start": cls.today - timedelta(days=30),
            }
        )

    def _timed_ticket(self, hours):
        ticket = self._ticket()
        start = fields.Datetime.now() - timedelta(hours=hours)
        self.env["helpdesk.ticket.time"].create(
            {
                "ticket_id": ticket.id,
                "user_id": self.operator.id,
                "date_start": start,
                "date_stop": start + timedelta(hours=hours),
            }
        )
        return ticket

    def test_closing_consumes_the_ticket_time_once(self):
        ticket = self._timed_ticket(1.5).with_user(self.operator)
        ticket.stage_id = self.stage_progress
        self.assertFalse(self.block.usage_ids, "open tickets consume nothing")
        ticket.stage_id = self.stage_done
        usage = self.block.usage_ids
        self.assertEqual(usage.hours, 1.5)
        self.assertEqual((usage.source_model, usage.source_id), ("helpdesk.ticket", ticket.id))
        self.assertEqual(self.block.hours_remaining, 8.5)
        # reopened and closed again: nothing more
        ticket.stage_id = self.stage_progress
        ticket.stage_id = self.stage_done
        self.assertEqual(self.block.hours_used, 1.5)
        # time added on the reopened ticket: only that time is taken
        ticket.stage_id = self.stage_progress
        start = fields.Datetime.now() - timedelta(hours=1)
        self.env["helpdesk.ticket.time"].create(
            {
                "ticket_id": ticket.id,
                "user_id": self.operator.id,
                "date_start": start,
                "date_stop": start + timedelta(minutes=30),
            }
        )
        ticket.stage_id = self.stage_done
        self.assertEqual(self.block.hours_used, 2.0)
        self.assertEqual(len(self.block.usage_ids), 2)

    def test_helpdesk_user_without_contract_rights_closes(self):
        agent = new_test_user(
            self.env,
            login="hq_agent_hours",
            groups="helpdesk_mgmt.group_helpdesk_user",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        ticket = self._timed_ticket(1.0)
        ticket.with_user(agent).stage_id = self.stage_done
        self.assertEqual(self.block.hours_used, 1.0)

    def test_time_beyond_the_block_is_an_extra(self):
        ticket = self._timed_ticket(12.0)
        ticket.stage_id = self.stage_done
        extra = self.contract.hour_usage_ids.filtered(lambda u: not u.block_id)
        self.assertEqual((extra.hours, extra.amount, extra.billing_state), (2.0, 80.0, "to_bill"))

    def test_ticket_of_contract_without_block_consumes_nothing(self):
        self.block.unlink()
        ticket = self._timed_ticket(1.0)
        ticket.stage_id = self.stage_done
        self.assertFalse(self.contract.hour_usage_ids)

    def test_call_screen_shows_prepaid_hours(self):
        ticket = self._timed_ticket(2.25)
        ticket.stage_id = self.stage_done
        screen = (
            self.env["helpdesk.call.screen"]
            .with_user(self.operator)
            .create({"query": "+39 02 1234 5678"})
        )
        self.assertEqual(screen.contract_ids, self.contract)
        self.assertEqual(
            (
                screen.prepaid_hours_ordered,
                screen.prepaid_hours_used,
                screen.prepaid_hours_remaining,
            ),
            (10.0, 2.25, 7.75),
        )
