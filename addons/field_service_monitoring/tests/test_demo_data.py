from odoo.tests import TransactionCase, tagged


@tagged("suite_demo", "post_install", "-at_install", "-standard")
class TestMonitoringDemoData(TransactionCase):
    """Runs only in the all-addons database with demo data (tag suite_demo)."""

    def test_pest_control_site_with_months_of_readings(self):
        site = self.env.ref("contract_recurring.partner_site_08")
        self.assertGreaterEqual(site.monitoring_point_count, 6)
        groups = self.env["field.monitoring.reading"]._read_group(
            [("site_id", "=", site.id), ("state", "!=", "pending")], ["date:month"], ["__count"]
        )
        self.assertGreaterEqual(len(groups), 6, "readings over several months")
        point = self.env.ref("field_service_monitoring.point_site08_e03")
        self.assertTrue(point.activity_ids, "the crossed threshold raised an activity")
        upcoming = self.env.ref("field_service_monitoring.intervention_site08_next")
        self.assertEqual(len(upcoming.monitoring_reading_ids), site.monitoring_point_count)
        data = site._monitoring_report_data(
            *site._monitoring_default_period(upcoming.expected_date)
        )
        self.assertTrue(data[0]["points"])

    def test_commissioning_template_and_intervention(self):
        job = self.env.ref("field_service_monitoring.intervention_commissioning_24")
        template = self.env.ref("field_service_monitoring.commissioning_template_fire")
        self.assertEqual(len(job.commissioning_line_ids), len(template.item_ids))
        self.assertEqual(job.commissioning_result, "pending")
