from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MonitoringCommon


@tagged("post_install", "-at_install")
class TestCommissioning(MonitoringCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env["field.commissioning.template"].create(
            {
                "name": "Fire alarm commissioning",
                "system_type_id": cls.system_fire.id,
                "reference": "UNI 9795",
                "item_ids": [
                    (0, 0, {"sequence": 1, "name": "Control panel", "expected_result": "No fault"}),
                    (0, 0, {"sequence": 2, "name": "Smoke detectors", "expected_result": "Alarm"}),
                    (0, 0, {"sequence": 3, "name": "Sirens", "expected_result": "Audible"}),
                ],
            }
        )

    def _commissioning(self, **values):
        return self._site_intervention(
            system_type_id=self.system_fire.id,
            commissioning_template_id=self.template.id,
            **values,
        )

    def test_checklist_loaded_from_the_template(self):
        job = self._commissioning()
        lines = job.commissioning_line_ids
        self.assertEqual(lines.mapped("name"), ["Control panel", "Smoke detectors", "Sirens"])
        self.assertEqual(lines.mapped("expected_result"), ["No fault", "Alarm", "Audible"])
        self.assertEqual(job.commissioning_result, "pending")
        with self.assertRaisesRegex(UserError, "every commissioning check"):
            job.action_print_commissioning_certificate()
        # set later on an intervention, the template loads as well
        later = self._site_intervention()
        later.commissioning_template_id = self.template
        self.assertEqual(len(later.commissioning_line_ids), 3)
        lines[0].result = "passed"
        with self.assertRaisesRegex(UserError, "already have a result"):
            job.action_load_commissioning_checklist()

    def test_failed_items_create_one_follow_up(self):
        contract = self._contract(site_id=self.site.id)
        job = self._commissioning(contract_id=contract.id)
        self.assertEqual(job.site_id, self.site)
        first, second, third = job.commissioning_line_ids
        first.result = "passed"
        second.write({"result": "failed", "note": "Detector 4 silent"})
        third.result = "failed"
        self.assertEqual(job.commissioning_result, "failed")
        self.assertTrue(job.commissioning_followup_todo)
        action = job.action_create_followup()
        followup = self.env["field.intervention"].browse(action["res_id"])
        self.assertEqual(followup.followup_of_id, job)
        self.assertEqual(job.followup_ids, followup)
        self.assertEqual(followup.contract_id, contract)
        self.assertEqual(followup.partner_id, self.customer)
        self.assertEqual(followup.site_id, self.site)
        self.assertEqual(followup.origin, "one_off")
        self.assertEqual(followup.state, "to_plan")
        self.assertFalse(followup.schedule_date)
        self.assertEqual(followup.system_type_id, self.system_fire)
        self.assertNotEqual(followup.name, "/", "numbered by the intervention sequence")
        self.assertIn("Smoke detectors: Detector 4 silent", followup.description)
        self.assertIn("Sirens", followup.description)
        self.assertNotIn("Control panel", followup.description)
        self.assertEqual((second | third).followup_intervention_id, followup)
        self.assertFalse(first.followup_intervention_id)
        self.assertFalse(job.commissioning_followup_todo)
        # asked again, nothing new to follow up
        with self.assertRaisesRegex(UserError, "no failed check"):
            job.action_create_followup()
        self.assertEqual(job.followup_count, 1)

    def test_follow_up_without_contract_and_technician_rights(self):
        job = self._commissioning()
        job.commissioning_line_ids.write({"result": "failed"})
        with self.assertRaises(AccessError):
            job.with_user(self.user_a).action_create_followup()
        followup = job._create_followups()
        self.assertEqual(followup.partner_id, self.customer)
        self.assertEqual(followup.site_id, self.site)
        self.assertEqual(followup.equipment_ids, job.equipment_ids)

    def test_closing_and_certificate(self):
        job = self._commissioning(actual_hours=2.0)
        job.with_user(self.user_a).write(
            {
                "commissioning_signed_by": "Marco Ferri",
                "commissioning_line_ids": [
                    (1, line.id, {"result": "passed"}) for line in job.commissioning_line_ids[:2]
                ],
            }
        )
        with self.assertRaisesRegex(UserError, "every commissioning check"):
            job.action_close()
        job.commissioning_line_ids[2].write({"result": "failed", "note": "Siren B weak"})
        job.action_close()
        action = job.action_print_commissioning_certificate()
        self.assertEqual(
            action["report_name"], "field_service_monitoring.field_commissioning_report_document"
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(action["report_name"], job.ids)[0]
            .decode()
        )
        for text in (
            "Commissioning Certificate",
            job.name,
            "UNI 9795",
            "Siren B weak",
            "Marco Ferri",
        ):
            self.assertIn(text, html)
        self.assertEqual(html.count(">Pass<"), 2)
        self.assertEqual(html.count(">Fail<"), 1)
        self.assertIn("Failed", html)

    def test_certificate_in_italian(self):
        self.env["res.lang"]._activate_lang("it_IT")
        self.env["ir.module.module"].search(
            [("name", "in", ("field_service_monitoring", "field_service_rounds"))]
        )._update_translations(["it_IT"])
        job = self._commissioning()
        job.commissioning_line_ids.write({"result": "passed"})
        html = (
            self.env["ir.actions.report"]
            .with_context(lang="it_IT")
            ._render_qweb_html(
                "field_service_monitoring.field_commissioning_report_document", job.ids
            )[0]
            .decode()
        )
        for text in ("Certificato di collaudo", "Esito", "Superato", "Collaudato da"):
            self.assertIn(text, html)
        self.assertNotIn(">Pass<", html)
