from datetime import datetime, timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FieldServiceCommon


@tagged("post_install", "-at_install")
class TestStatesCalendar(FieldServiceCommon):
    def _planned(self, start=datetime(2026, 4, 8, 7, 0)):
        intervention = self._intervention(technician_id=self.tech_a.id, planned_start=start)
        intervention.action_plan()
        return intervention

    def _events(self, intervention):
        return self.env["calendar.event"].search([("field_intervention_id", "=", intervention.id)])

    def test_states(self):
        intervention = self._intervention()
        self.assertEqual(intervention.state, "to_plan")
        self.assertEqual(intervention.geo_state, "located")
        with self.assertRaises(UserError):
            intervention.action_plan()  # no technician yet
        intervention.write(
            {"technician_id": self.tech_a.id, "planned_start": datetime(2026, 4, 8, 7)}
        )
        intervention.action_plan()
        self.assertEqual(intervention.state, "planned")
        self.assertEqual(intervention.planned_stop, datetime(2026, 4, 8, 8))
        with self.assertRaises(UserError):
            intervention.action_close()  # no actual hours
        intervention.actual_hours = 1.5
        intervention.action_close()
        self.assertEqual(intervention.state, "to_invoice")  # no contract: all billable
        self.assertTrue(intervention.calendar_event_id, "closing keeps the event")
        with self.assertRaises(UserError):
            intervention.action_cancel()
        other = self._intervention()
        other.action_cancel()
        self.assertEqual(other.state, "cancelled")
        other.action_reset()
        self.assertEqual(other.state, "to_plan")

    def test_calendar_round_trip(self):
        intervention = self._planned()
        event = intervention.calendar_event_id
        self.assertEqual(self._events(intervention), event)
        self.assertEqual(event.user_id, self.user_a)
        self.assertIn(self.user_a.partner_id, event.partner_ids)
        self.assertEqual(
            (event.start, event.stop), (datetime(2026, 4, 8, 7), datetime(2026, 4, 8, 8))
        )
        self.assertIn("Modena", event.location)
        self.assertIn(intervention.name, event.description)
        # moving the event moves the intervention
        event.write({"start": datetime(2026, 4, 9, 9), "stop": datetime(2026, 4, 9, 11)})
        self.assertEqual(intervention.planned_start, datetime(2026, 4, 9, 9))
        self.assertEqual(intervention.planned_stop, datetime(2026, 4, 9, 11))
        # replanning the intervention moves the same event (no duplicate)
        intervention.write({"planned_start": datetime(2026, 4, 10, 6)})
        self.assertEqual(self._events(intervention), event)
        self.assertEqual(event.start, datetime(2026, 4, 10, 6))
        self.assertEqual(event.stop - event.start, timedelta(hours=2))
        # another technician: the event follows
        intervention.technician_id = self.tech_b
        self.assertEqual(event.user_id, self.user_b)
        # deleting the event unplans the intervention
        event.unlink()
        self.assertEqual(intervention.state, "to_plan")
        self.assertFalse(intervention.planned_start)
        self.assertFalse(intervention.calendar_event_id)
        # planning again creates exactly one new event
        intervention.write({"planned_start": datetime(2026, 4, 14, 7)})
        intervention.action_plan()
        self.assertEqual(len(self._events(intervention)), 1)
        # unplanning from the intervention removes the event
        intervention.action_unplan()
        self.assertFalse(self._events(intervention))

    def test_reports_render(self):
        intervention = self._planned()
        html = self.env["ir.actions.report"]._render_qweb_html(
            "field_service_rounds.field_intervention_report_document", intervention.ids
        )[0]
        self.assertIn(intervention.name.encode(), html)
