from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FieldServiceCommon


@tagged("post_install", "-at_install")
class TestInterventionPrepaidHours(FieldServiceCommon):
    def setUp(self):
        super().setUp()
        self.type_maintenance.write({"exclude_labour": True})
        self.contract = self._contract(480.0, "quarterly")
        self.block = self.env["recurring.contract.hour.block"].create(
            {
                "contract_id": self.contract.id,
                "name": "Pacchetto 4 ore",
                "hours_ordered": 4.0,
                "price_unit": 50.0,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
            }
        )

    def _closed(self, hours):
        intervention = self._intervention(
            contract_id=self.contract.id,
            origin="call",
            technician_id=self.tech_a.id,
            planned_start=datetime(2026, 4, 8, 7),
        )
        intervention.action_plan()
        intervention.write({"actual_hours": hours, "date_done": datetime(2026, 4, 8, 12)})
        intervention.action_close()
        return intervention

    def test_closing_consumes_the_hours_once_instead_of_labour(self):
        intervention = self._closed(2.5)
        usage = self.block.usage_ids
        self.assertEqual(usage.hours, 2.5)
        self.assertEqual(str(usage.date), "2026-04-08")
        self.assertEqual(
            (usage.source_model, usage.source_id), ("field.intervention", intervention.id)
        )
        self.assertEqual(usage.user_id, self.tech_a.user_id)
        self.assertFalse(
            intervention.line_ids.filtered(lambda line: line.line_type == "labour"),
            "prepaid hours, not a labour line",
        )
        with self.assertRaises(UserError):
            intervention.action_close()
        intervention._consume_prepaid_hours()  # recorded again: nothing more
        self.assertEqual(self.block.hours_used, 2.5)
        self.assertEqual(self.contract.prepaid_hours_remaining, 1.5)

    def test_hours_beyond_the_block_become_an_extra(self):
        self._closed(3.0)
        self._closed(2.0)
        extra = self.contract.hour_usage_ids.filtered(lambda u: not u.block_id)
        self.assertEqual((extra.hours, extra.amount, extra.billing_state), (1.0, 50.0, "to_bill"))

    def test_call_fee_hours_are_not_consumed(self):
        self.contract.write({"call_fee_amount": 30.0, "call_fee_hours": 1.0})
        intervention = self._closed(2.0)
        self.assertEqual(self.block.hours_used, 1.0)
        self.assertEqual(
            intervention.line_ids.filtered("billable").mapped("line_type"), ["call_fee"]
        )
