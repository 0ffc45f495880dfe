from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("suite_demo", "post_install", "-at_install", "-standard")
class TestDemoData(TransactionCase):
    """Runs only in the all-addons database with demo data (tag suite_demo)."""

    def test_demo_interventions_and_technicians(self):
        technicians = self.env["field.technician"].search(
            [("company_id", "=", self.env.ref("base.demo_company_it").id)]
        )
        self.assertGreaterEqual(len(technicians), 4)
        contract = self.env.ref("contract_recurring.contract_21")
        if contract.state == "active":
            self.assertTrue(contract.intervention_ids)
            count = len(contract.intervention_ids)
            self.env["recurring.contract"]._cron_update_interventions()
            self.assertEqual(len(contract.intervention_ids), count)
        self.assertTrue(
            all(self.env["field.intervention"].search([]).mapped("latitude")),
            "demo customers have coordinates",
        )

    def test_demo_machines_and_site_card(self):
        machine = self.env.ref("field_service_rounds.equipment_contract_06_1")
        contract = machine.contract_id
        self.assertEqual(machine.site_id, contract.site_id or contract.partner_id)
        self.assertIn(machine, machine.site_id.site_equipment_ids)
        site = self.env.ref("contract_recurring.partner_site_24")
        self.assertIn(self.env.ref("contract_recurring.contract_24"), site.site_contract_ids)
        self.assertEqual(len(site.site_equipment_ids), 2)

    def test_demo_interventions_to_plan_next_week(self):
        company = self.env.ref("base.demo_company_it")
        monday = fields.Date.today() + relativedelta(days=1, weekday=0)
        to_plan = self.env["field.intervention"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "to_plan"),
                ("expected_date", ">=", monday),
                ("expected_date", "<=", monday + relativedelta(days=6)),
            ]
        )
        self.assertGreaterEqual(len(to_plan), 3)
        self.assertTrue(all(to_plan.mapped("latitude")))
        self.assertGreaterEqual(len(set(to_plan.mapped("expected_date"))), 2)

    def test_demo_technicians_log_in_with_the_readme_passwords(self):
        for index in range(1, 6):
            user = self.env.ref(f"field_service_rounds.user_technician_{index}")
            login = f"tecnico{index}"
            self.assertEqual(user.login, login)
            user.with_user(user)._check_credentials(
                {"login": login, "password": login, "type": "password"}, {"interactive": True}
            )

    def test_demo_technician_finds_a_planned_intervention(self):
        user = self.env.ref("field_service_rounds.user_technician_1")
        mine = (
            self.env["field.intervention"]
            .with_user(user)
            .search([("technician_user_id", "=", user.id), ("state", "=", "planned")])
        )
        self.assertIn(self.env.ref("field_service_rounds.intervention_call_1"), mine)
