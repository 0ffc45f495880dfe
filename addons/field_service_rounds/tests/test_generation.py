from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FieldServiceCommon


@tagged("post_install", "-at_install")
class TestGeneration(FieldServiceCommon):
    def _service_contract(self):
        return self._contract(
            480.0,
            "quarterly",
            "2026-01-01",
            "2026-12-31",
            intervention_interval_months=3,
            intervention_hours=2.0,
            intervention_system_type_id=self.system_fire.id,
            intervention_mandatory=True,
        )

    def test_generation_over_the_contract_life_without_duplicates(self):
        contract = self._service_contract()
        contract.action_create_interventions()
        interventions = contract.intervention_ids.sorted("expected_date")
        self.assertEqual(
            interventions.mapped("expected_date"),
            [date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1), date(2026, 10, 1)],
        )
        self.assertEqual(set(interventions.mapped("state")), {"to_plan"})
        self.assertEqual(interventions[0].expected_hours, 2.0)
        self.assertEqual(interventions[0].system_type_id, self.system_fire)
        self.assertTrue(all(interventions.mapped("mandatory")))
        self.assertEqual(interventions[0].partner_id, self.customer)
        # re-run: button and cron create nothing new
        contract.action_create_interventions()
        self.env["recurring.contract"]._cron_update_interventions()
        self.assertEqual(len(contract.intervention_ids), 4)
        # a cancelled intervention is not created again either
        interventions[1].action_cancel()
        self.env["recurring.contract"]._cron_update_interventions()
        self.assertEqual(len(contract.intervention_ids), 4)

    def test_cancelled_contract_loses_its_unplanned_interventions(self):
        contract = self._service_contract()
        contract.action_create_interventions()
        january, april, july, october = contract.intervention_ids.sorted("expected_date")
        july.write(
            {
                "technician_id": self.tech_a.id,
                "planned_start": "2026-07-02 08:00:00",
            }
        )
        july.action_plan()
        contract._cancel(date(2026, 5, 15))
        created, removed = self.env["recurring.contract"]._cron_update_interventions()
        self.assertEqual(removed, 1)  # October: to plan, after the cancellation
        self.assertFalse(october.exists())
        self.assertTrue(july.exists(), "planned interventions are kept")
        self.assertTrue((january | april).exists(), "interventions before the date stay")
        self.assertFalse(created.filtered(lambda i: i.contract_id == contract))

    def test_subcontractor_is_notified_when_planned(self):
        supplier = self.env["res.partner"].create(
            {"name": "Impianti Subfornitura S.r.l.", "email": "sub@example.it"}
        )
        contract = self._contract(
            480.0,
            "quarterly",
            intervention_interval_months=6,
            intervention_supplier_id=supplier.id,
            intervention_send_supplier_mail=True,
            intervention_supplier_mail_text="Confermiamo la verifica semestrale.",
        )
        contract.action_create_interventions()
        intervention = contract.intervention_ids[:1]
        self.assertEqual(intervention.supplier_id, supplier)
        intervention.write(
            {"technician_id": self.tech_a.id, "planned_start": "2026-01-05 08:00:00"}
        )
        intervention.action_plan()
        message = intervention.message_ids.filtered(lambda m: supplier in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn("verifica semestrale", message.body)

    def test_inactive_contract_cannot_create(self):
        contract = self._contract(
            480.0, "quarterly", activate=False, intervention_interval_months=6
        )
        with self.assertRaises(UserError):
            contract.action_create_interventions()
        self.assertFalse(contract.intervention_ids)
