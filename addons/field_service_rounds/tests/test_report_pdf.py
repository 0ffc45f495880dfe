from datetime import datetime

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.contract_recurring.tests.report_pdf_common import ReportPdfMixin

from .common import FieldServiceCommon


@tagged("post_install", "-at_install")
class TestReportPdf(ReportPdfMixin, FieldServiceCommon, HttpCase):
    """The intervention sheet and the day agenda printed by wkhtmltopdf, in Italian."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_italian(["base", "web", "contract_recurring", "field_service_rounds"])
        cls.customer.lang = "it_IT"
        cls.type_maintenance.write(
            {"exclude_labour": True, "exclude_materials": True, "exclude_travel": False}
        )
        cls.contract = cls._contract(480.0, "quarterly", call_fee_amount=30.0, call_fee_hours=1.0)

    def test_intervention_sheet_pdf(self):
        intervention = self._intervention(
            contract_id=self.contract.id,
            origin="call",
            technician_id=self.tech_a.id,
            system_type_id=self.system_fire.id,
            planned_start=datetime(2026, 4, 8, 7),
        )
        intervention.action_plan()
        intervention.write(
            {
                "actual_hours": 2.5,
                "travel_km": 42.5,
                "line_ids": [
                    Command.create(
                        {"product_id": self.material.id, "quantity": 2.0, "price_unit": 617.28}
                    )
                ],
            }
        )
        intervention.action_close()
        self.assertAlmostEqual(intervention.amount_billable, 30.0 + 67.5 + 1234.56)
        report = "field_service_rounds.field_intervention_report_document"
        self.assertEqual(self._pdf_pages(self._render_pdf(report, intervention)), 1)
        text = self._pdf_text(report, intervention)
        for expected in (
            f"Scheda intervento {intervention.name}",
            "Ferramenta Rossi S.r.l.",
            "Via Roma 211",
            f"Contratto: {self.contract.name}",
            "Tipo sistema: Antincendio",
            "Lavoro eseguito",
            "Ore effettive 02:30",
            "Trasferta (km) 42,5",
            "Pianificato: 08/04/2026 09:00 ",
            "Materiale 2,00 1.234,56 €",
            "Totale addebitabile 1.332,06 €",
            "Firma del cliente",
        ):
            self.assertIn(expected, text)

    def test_day_agenda_pdf(self):
        first = self._intervention(system_type_id=self.system_fire.id)
        second = self._intervention(partner=self.customer_far)
        rnd = self.env["field.round"].create(
            {
                "technician_id": self.tech_a.id,
                "date": "2026-04-08",
                "start_datetime": datetime(2026, 4, 8, 6, 0),
                "end_datetime": datetime(2026, 4, 8, 14, 30),
                "distance_km": 1234.5,
                "duration_hours": 8.5,
                "stop_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "intervention_id": first.id,
                            "start_datetime": datetime(2026, 4, 8, 7, 0),
                            "end_datetime": datetime(2026, 4, 8, 8, 0),
                            "travel_km": 45.3,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "intervention_id": second.id,
                            "start_datetime": datetime(2026, 4, 8, 9, 15),
                            "end_datetime": datetime(2026, 4, 8, 10, 15),
                            "travel_km": 61.0,
                        }
                    ),
                ],
            }
        )
        report = "field_service_rounds.field_round_report_document"
        self.assertEqual(self._pdf_pages(self._render_pdf(report, rnd)), 1)
        text = self._pdf_text(report, rnd)
        for expected in (
            "Agenda del giorno 08/04/2026 - Marco Ferri",
            f"Giro {rnd.name}: 1.234,5 km, 08:30 ore, dalle 08:00 alle 16:30",
            "Cliente e indirizzo",
            "Ferramenta Rossi S.r.l.",
            "Ceramiche del Secchia S.r.l.",
            "1 09:00 - 10:00",
            "2 11:15 - 12:15",
            "45,3",
            "Navigazione:",
        ):
            self.assertIn(expected, text)
