from datetime import date

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MonitoringCommon


@tagged("post_install", "-at_install")
class TestMonitoring(MonitoringCommon):
    def _activities(self, points):
        return self.env["mail.activity"].search(
            [("res_model", "=", "field.monitoring.point"), ("res_id", "in", points.ids)]
        )

    def test_readings_prefilled_once_per_active_point_of_the_site(self):
        archived = self.env["field.monitoring.point"].create(
            {
                "code": "E99",
                "site_id": self.site.id,
                "company_id": self.company.id,
                "type_id": self.type_bait.id,
                "active": False,
            }
        )
        elsewhere = self.env["field.monitoring.point"].create(
            {
                "code": "E01",
                "site_id": self.customer.id,
                "company_id": self.company.id,
                "type_id": self.type_bait.id,
            }
        )
        job = self._site_intervention()
        self.assertFalse(job.monitoring_reading_ids)
        job.with_user(self.user_a).action_open_closing()
        readings = job.monitoring_reading_ids
        self.assertEqual(readings.point_id, self.points)
        self.assertNotIn(archived, readings.point_id)
        self.assertNotIn(elsewhere, readings.point_id)
        self.assertEqual(set(readings.mapped("state")), {"pending"})
        self.assertEqual(job.monitoring_pending_count, 4)
        # opening again, or loading by hand, adds nothing; a new point is added
        job.action_open_closing()
        job.action_load_monitoring_points()
        self.assertEqual(len(job.monitoring_reading_ids), 4)
        new_point = self.env["field.monitoring.point"].create(
            {
                "code": "E04",
                "site_id": self.site.id,
                "company_id": self.company.id,
                "type_id": self.type_bait.id,
            }
        )
        job.action_load_monitoring_points()
        self.assertEqual(job.monitoring_reading_ids.point_id, self.points | new_point)
        # the customer's own address is the place when there is no site
        at_customer = self._intervention(technician_id=self.tech_a.id)
        at_customer.action_load_monitoring_points()
        self.assertEqual(at_customer.monitoring_reading_ids.point_id, elsewhere)

    def test_site_change_moves_the_readings_to_record(self):
        other_site = self.env["res.partner"].create(
            {"name": "Deposito Sassuolo", "type": "delivery", "parent_id": self.customer.id}
        )
        other_point = self.env["field.monitoring.point"].create(
            {
                "code": "S01",
                "site_id": other_site.id,
                "company_id": self.company.id,
                "type_id": self.type_trap.id,
            }
        )
        job = self._site_intervention()
        job.action_load_monitoring_points()
        job.site_id = other_site
        self.assertEqual(job.monitoring_reading_ids.point_id, other_point)
        job.monitoring_reading_ids.write({"value": 2.0})
        with self.assertRaisesRegex(UserError, "its site cannot change"):
            job.site_id = self.site

    def test_closing_needs_every_reading(self):
        job = self._site_intervention()
        job.action_open_closing()
        job.actual_hours = 1.0
        with self.assertRaisesRegex(UserError, "E01, E02, E03, T01"):
            job.action_close()
        readings = job.monitoring_reading_ids
        readings.filtered(lambda r: r.point_id != self.e02).write({"state": "ok", "value": 5})
        readings.filtered(lambda r: r.point_id == self.e02).state = "not_accessible"
        job.action_close()
        self.assertIn(job.state, ("to_invoice", "done"))
        local_day = fields.Datetime.context_timestamp(job, job.date_done).date()
        self.assertEqual(set(readings.mapped("date")), {local_day})

    def test_threshold_crossing_raises_one_activity_for_the_responsible(self):
        job = self._site_intervention(expected_date=date(2026, 4, 8))
        job.action_load_monitoring_points()
        reading = job.monitoring_reading_ids.filtered(lambda r: r.point_id == self.e01)
        trap = job.monitoring_reading_ids.filtered(lambda r: r.point_id == self.t01)
        # within the limits (the maximum itself included): no activity
        reading.with_user(self.user_a).write({"value": 25.0, "state": "activity"})
        trap.with_user(self.user_a).write({"value": 3})
        self.assertEqual(trap.state, "ok", "a value typed on a pending reading records it")
        self.assertEqual(reading.threshold_status, "within")
        self.assertFalse(self._activities(self.points))
        # a value read while the station was not accessible is not checked
        reading.with_user(self.user_a).write({"value": 90.0, "state": "not_accessible"})
        self.assertEqual(reading.threshold_status, "not_checked")
        self.assertFalse(self._activities(self.points))
        # the technician records 40 %: the responsible gets one activity
        reading.with_user(self.user_a).write({"value": 40.0, "state": "activity"})
        self.assertEqual(reading.threshold_status, "above")
        self.assertEqual(reading.crossed, 1)
        activity = self._activities(self.e01)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager_user)
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_warning"))
        self.assertIn("E01", activity.summary)
        self.assertIn("40.00", activity.note)
        self.assertIn("25.00", activity.note)
        self.assertIn("above the maximum", activity.note)
        self.assertIn("04/08/2026", activity.note)  # the responsible's date format
        # a correction of the same reading does not raise it twice
        reading.value = 45.0
        self.assertEqual(len(self._activities(self.e01)), 1)
        self.assertFalse(self._activities(self.points - self.e01))
        self.assertEqual(job.monitoring_crossed_count, 1)

    def test_minimum_threshold_and_italian_activity(self):
        self.env["res.lang"]._activate_lang("it_IT")
        self._load_italian()
        italian = self.env["res.users"].create(
            {
                "name": "Responsabile Qualità",
                "login": "qualita",
                "lang": "it_IT",
                "company_id": self.company.id,
                "company_ids": self.company.ids,
                "groups_id": [(6, 0, [self.env.ref("base.group_user").id])],
            }
        )
        meter = self.env["field.monitoring.point"].create(
            {
                "code": "CE1",
                "site_id": self.site.id,
                "company_id": self.company.id,
                "type_id": self.type_trap.id,
                "check_min": True,
                "threshold_min": 2.5,
                "user_id": italian.id,
            }
        )
        job = self._site_intervention(expected_date=date(2026, 4, 8))
        job.action_load_monitoring_points()
        reading = job.monitoring_reading_ids.filtered(lambda r: r.point_id == meter)
        reading.write({"value": 1.25, "state": "ok"})
        self.assertEqual(reading.threshold_status, "below")
        activity = self._activities(meter)
        self.assertEqual(len(activity), 1)
        self.assertIn("Soglia superata", activity.summary)
        self.assertIn("1,25", activity.note)
        self.assertIn("sotto il minimo", activity.note)
        self.assertIn("08/04/2026", activity.note)

    def _load_italian(self):
        self.env["ir.module.module"].search(
            [("name", "in", ("field_service_monitoring", "field_service_rounds"))]
        )._update_translations(["it_IT"])

    def test_rules_hold_on_every_path(self):
        with self.assertRaisesRegex(ValidationError, "minimum threshold cannot exceed"):
            self.e01.write({"check_min": True, "threshold_min": 30.0})
        job = self._intervention(partner=self.customer_far)
        with self.assertRaisesRegex(ValidationError, "not to the site"):
            self.env["field.monitoring.reading"].create(
                {"intervention_id": job.id, "point_id": self.e01.id}
            )
        job = self._site_intervention()
        job.action_load_monitoring_points()
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.env["field.monitoring.reading"].create(
                {"intervention_id": job.id, "point_id": self.e01.id}
            )
            self.env.flush_all()

    def test_analysis_groups_readings_per_point_and_month(self):
        for day, value in ((date(2026, 3, 10), 10.0), (date(2026, 4, 10), 30.0)):
            job = self._site_intervention(expected_date=day)
            job.action_load_monitoring_points()
            job.monitoring_reading_ids.write({"state": "ok", "value": value})
        groups = self.env["field.monitoring.reading"]._read_group(
            [("site_id", "=", self.site.id), ("state", "!=", "pending")],
            ["point_id", "date:month"],
            ["value:avg", "crossed:sum"],
        )
        figures = {
            (point.code, month.month): (avg, crossed) for point, month, avg, crossed in groups
        }
        self.assertEqual(figures[("E01", 3)], (10.0, 0))
        self.assertEqual(figures[("E01", 4)], (30.0, 1))
        self.assertEqual(figures[("T01", 3)], (10.0, 0))
        self.assertEqual(figures[("T01", 4)], (30.0, 1))

    def test_site_card_shows_the_monitoring_points(self):
        card = self.env.ref("field_service_rounds.res_partner_view_form_site_card")
        arch = self.env["res.partner"].get_views([(card.id, "form")])["views"]["form"]["arch"]
        self.assertIn("action_view_monitoring_points", arch)
        site = self.e01.site_id
        action = site.action_view_monitoring_points()
        points = self.env["field.monitoring.point"].search(action["domain"])
        self.assertEqual(points, self.points.filtered(lambda p: p.site_id == site))
