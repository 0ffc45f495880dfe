from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import MonitoringCommon


@tagged("post_install", "-at_install")
class TestMonitoringSecurity(MonitoringCommon):
    def test_technician_records_readings_of_own_interventions_only(self):
        mine = self._site_intervention()
        theirs = self._intervention(site_id=self.site.id, technician_id=self.tech_b.id)
        (mine | theirs).action_load_monitoring_points()
        readings = self.env["field.monitoring.reading"].with_user(self.user_a)
        visible = readings.search([("site_id", "=", self.site.id)])
        self.assertEqual(visible, mine.monitoring_reading_ids)
        visible[0].write({"value": 3.0, "state": "ok", "note": "Tutto regolare"})
        with self.assertRaises(AccessError):
            theirs.monitoring_reading_ids[0].with_user(self.user_a).write({"value": 1.0})
        with self.assertRaises(AccessError):
            visible[0].unlink()
        # points and checklists: read only for a technician
        self.assertEqual(self.e01.with_user(self.user_a).code, "E01")
        with self.assertRaises(AccessError):
            self.e01.with_user(self.user_a).write({"threshold_max": 99.0})
        with self.assertRaises(AccessError):
            self.env["field.monitoring.point"].with_user(self.user_a).create(
                {"code": "X", "site_id": self.site.id, "type_id": self.type_bait.id}
            )
        with self.assertRaises(AccessError):
            self.env["field.commissioning.template"].with_user(self.user_a).create(
                {"name": "X", "system_type_id": self.system_fire.id}
            )

    def test_technician_fills_the_checks_of_own_commissioning_only(self):
        template = self.env["field.commissioning.template"].create(
            {
                "name": "Collaudo",
                "system_type_id": self.system_fire.id,
                "item_ids": [(0, 0, {"name": "Centrale"}), (0, 0, {"name": "Sirene"})],
            }
        )
        mine = self._site_intervention(commissioning_template_id=template.id)
        theirs = self._intervention(
            technician_id=self.tech_b.id, commissioning_template_id=template.id
        )
        lines = self.env["field.commissioning.line"].with_user(self.user_a)
        visible = lines.search([("intervention_id", "in", (mine | theirs).ids)])
        self.assertEqual(visible, mine.commissioning_line_ids)
        visible.write({"result": "passed", "note": "OK"})
        mine.with_user(self.user_a).write(
            {"commissioning_signed_by": "Marco Ferri", "commissioning_signature": b"aGVsbG8="}
        )
        self.assertEqual(mine.commissioning_result, "passed")
        with self.assertRaises(AccessError):
            theirs.commissioning_line_ids[0].with_user(self.user_a).write({"result": "failed"})
        with self.assertRaises(AccessError):
            lines.create({"intervention_id": mine.id, "name": "Extra"})

    def test_planner_manages_points_but_not_types(self):
        planner = new_test_user(
            self.env,
            login="pianificatore_mon",
            groups="field_service_rounds.group_field_planner",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        point = (
            self.env["field.monitoring.point"]
            .with_user(planner)
            .create({"code": "E10", "site_id": self.site.id, "type_id": self.type_bait.id})
        )
        self.assertEqual(point.unit, "%")
        with self.assertRaises(AccessError):
            point.unlink()
        with self.assertRaises(AccessError):
            self.type_bait.with_user(planner).write({"unit": "g"})
        wizard = (
            self.env["field.monitoring.report.wizard"]
            .with_user(planner)
            .create({"site_id": self.site.id})
        )
        self.assertEqual(wizard.action_print()["type"], "ir.actions.report")

    def test_multi_company(self):
        other = self.setup_other_company(name="Altra Disinfestazioni S.r.l.")["company"]
        theirs = self.env["field.monitoring.point"].create(
            {
                "code": "Z01",
                "site_id": self.site.id,
                "company_id": other.id,
                "type_id": self.type_bait.id,
            }
        )
        planner = new_test_user(
            self.env,
            login="pianificatore_mon2",
            groups="field_service_rounds.group_field_planner",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        visible = (
            self.env["field.monitoring.point"]
            .with_user(planner)
            .search([("site_id", "=", self.site.id)])
        )
        self.assertEqual(visible, self.points)
        self.assertNotIn(theirs, visible)
        # an intervention of this company does not prefill the other company's point
        job = self._site_intervention()
        job.action_load_monitoring_points()
        self.assertNotIn(theirs, job.monitoring_reading_ids.point_id)
