from datetime import datetime

from odoo.tests import HttpCase, tagged

from .common import FieldServiceCommon


@tagged("post_install", "-at_install")
class TestTechnicianTour(FieldServiceCommon, HttpCase):
    """The technician's intervention form on a 390-pixel-wide phone screen."""

    browser_size = "390x844"
    touch_enabled = True

    def test_technician_closes_an_intervention_on_a_phone(self):
        intervention = self._intervention()
        intervention.write(
            {"technician_id": self.tech_a.id, "planned_start": datetime(2026, 4, 8, 7)}
        )
        intervention.action_plan()
        self.env.flush_all()
        self.start_tour(
            "/odoo/action-field_service_rounds.field_intervention_action_my",
            "field_service_rounds_technician_tour",
            login="tecnico_a",
        )
        self.env.invalidate_all()
        self.assertIn(intervention.state, ("to_invoice", "done"))
        self.assertEqual(intervention.actual_hours, 1.5)
        self.assertEqual(intervention.signed_by, "Mario Rossi")
        self.assertIn("Sostituito il filtro", intervention.closing_notes)
