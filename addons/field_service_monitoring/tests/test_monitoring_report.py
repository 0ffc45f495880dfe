from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import MonitoringCommon


@tagged("post_install", "-at_install")
class TestMonitoringReport(MonitoringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        visits = (
            (date(2026, 2, 10), {"E01": (10.0, "ok"), "E02": (0.0, "not_accessible")}),
            (date(2026, 3, 10), {"E01": (40.0, "activity"), "E02": (12.5, "activity")}),
            (date(2026, 6, 10), {"E01": (5.0, "ok"), "E02": (7.0, "ok")}),  # outside
        )
        cls.jobs = cls.env["field.intervention"]
        for day, values in visits:
            job = cls._site_intervention(expected_date=day)
            job.action_load_monitoring_points()
            for reading in job.monitoring_reading_ids:
                value, state = values.get(reading.point_code, (1.0, "ok"))
                reading.write({"value": value, "state": state, "note": f"Nota {day.month}"})
            cls.jobs |= job

    def _html(self, date_from, date_to, lang="en_US"):
        action = self.site.with_context(lang=lang).action_print_monitoring_report(
            date_from, date_to
        )
        self.assertEqual(
            action["report_name"], "field_service_monitoring.monitoring_report_document"
        )
        html, _kind = (
            self.env["ir.actions.report"]
            .with_context(lang=lang)
            ._render_qweb_html(action["report_name"], self.site.ids, data=action["data"])
        )
        return html.decode()

    def test_wizard_collects_site_and_period_and_calls_the_site(self):
        wizard = self.env["field.monitoring.report.wizard"].create(
            {"site_id": self.site.id, "date_from": "2026-02-01", "date_to": "2026-03-31"}
        )
        self.assertEqual(wizard.reading_count, 8)
        action = wizard.action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(
            action["data"],
            {"site_ids": self.site.ids, "date_from": "2026-02-01", "date_to": "2026-03-31"},
        )
        with self.assertRaises(ValidationError):
            wizard.date_to = "2026-01-01"
        with self.assertRaises(UserError):
            self.site.action_print_monitoring_report(date(2026, 4, 1), date(2026, 3, 1))

    def test_report_figures_of_the_period(self):
        html = self._html(date(2026, 2, 1), date(2026, 3, 31))
        for text in ("Monitoring Report", "Magazzino Carpi", "02/01/2026 to 03/31/2026"):
            self.assertIn(text, html)
        # E01: 10 and 40 → min 10.00, max 40.00, average 25.00, one crossing;
        # E02: one value (12.50), the inaccessible visit has none
        self.assertIn("25.00", html)
        self.assertIn("40.00", html)
        self.assertIn("12.50", html)
        self.assertIn("≤ 25.00", html, "the maximum threshold of the points")
        self.assertIn("Not Accessible", html)
        self.assertIn("Above Maximum", html)
        self.assertIn("Nota 3", html)
        self.assertNotIn("Nota 6", html, "June is outside the period")

    def test_report_in_italian(self):
        self.env["res.lang"]._activate_lang("it_IT")
        self.env["ir.module.module"].search(
            [("name", "in", ("field_service_monitoring", "field_service_rounds"))]
        )._update_translations(["it_IT"])
        html = self._html(date(2026, 2, 1), date(2026, 3, 31), lang="it_IT")
        for text in (
            "Rapporto monitoraggi",
            "Riepilogo per punto di monitoraggio",
            "Letture per visita",
            "01/02/2026 al 31/03/2026",
            "10/03/2026",
            "Non accessibile",
            "Sopra il massimo",
            "Attività rilevata",
            "25,00",
            "40,00",
            "12,50",
        ):
            self.assertIn(text, html)
        for english in ("Monitoring Report", "Not Accessible", "Above Maximum"):
            self.assertNotIn(english, html)
