from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import FieldServiceCommon


@tagged("post_install", "-at_install")
class TestSites(FieldServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._contract(site_id=cls.site.id, intervention_interval_months=6)
        cls.other_contract = cls._contract()  # on the customer's own address
        cls.machine = cls.env["maintenance.equipment"].create(
            {
                "name": "Caldaia a condensazione",
                "serial_no": "CAL-001",
                "company_id": cls.company.id,
                "contract_id": cls.contract.id,
            }
        )
        cls.loose = cls.env["maintenance.equipment"].create(
            {"name": "Trapano di magazzino", "company_id": cls.company.id}
        )

    def test_machine_takes_the_contract_site(self):
        self.assertEqual(self.machine.site_id, self.site)
        self.assertEqual(self.machine.contract_partner_id, self.customer)
        on_customer = self.env["maintenance.equipment"].create(
            {
                "name": "Estintore",
                "company_id": self.company.id,
                "contract_id": self.other_contract.id,
            }
        )
        self.assertEqual(on_customer.site_id, self.customer)
        elsewhere = self.env["maintenance.equipment"].create(
            {
                "name": "Estintore 2",
                "company_id": self.company.id,
                "contract_id": self.contract.id,
                "site_id": self.customer.id,
            }
        )
        self.assertEqual(elsewhere.site_id, self.customer)

    def test_site_card_gathers_contracts_machines_interventions(self):
        self.contract._generate_interventions()
        visits = self.contract.intervention_ids
        self.assertTrue(visits)
        site = self.site
        self.assertEqual(site.site_contract_ids, self.contract)
        self.assertEqual(site.site_equipment_ids, self.machine)
        self.assertEqual(site.site_intervention_ids, visits)
        self.assertEqual(
            (site.site_contract_count, site.site_equipment_count, site.site_intervention_count),
            (1, 1, len(visits)),
        )
        # the customer's own address has the contract without a site
        self.assertEqual(self.customer.site_contract_ids, self.other_contract)
        self.assertNotIn(visits[0], self.customer.site_intervention_ids)
        # a contract linking the site through 'Linked Sites'
        linked = self._contract(site_ids=[(6, 0, site.ids)])
        site.invalidate_recordset()
        self.assertEqual(site.site_contract_ids, self.contract | linked)
        self.assertEqual(
            self.env["recurring.contract"].search(site.action_site_contracts()["domain"]),
            self.contract | linked,
        )
        machines = site.action_site_equipment()
        self.assertEqual(self.env["maintenance.equipment"].search(machines["domain"]), self.machine)
        interventions = site.action_site_interventions()
        self.assertEqual(self.env["field.intervention"].search(interventions["domain"]), visits)

    def test_site_card_is_reached_from_contract_and_update_screen(self):
        card = self.env.ref("field_service_rounds.res_partner_view_form_site_card")
        action = self.contract.action_open_site_card()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", self.site.id))
        self.assertEqual(action["views"], [(card.id, "form")])
        # the contract-update screen's 'Site' button
        self.assertEqual(self.contract.action_open_site()["views"], [(card.id, "form")])
        # without a site, the customer's card
        self.assertEqual(self.other_contract.action_open_site_card()["res_id"], self.customer.id)
        form = self.env.ref("contract_recurring.recurring_contract_view_form")
        arch = self.env["recurring.contract"].get_view(form.id, "form")["arch"]
        self.assertIn('name="action_open_site_card"', arch)
        arch = self.env["res.partner"].get_view(card.id, "form")["arch"]
        for hook in ('name="button_box"', 'name="site_pages"', 'name="site_equipment_ids"'):
            self.assertIn(hook, arch)

    def test_machines_menu_lists_equipment_under_contract(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_service_rounds.maintenance_equipment_action_contract"
        )
        domain = safe_eval(action["domain"])
        listed = self.env["maintenance.equipment"].search(domain)
        self.assertIn(self.machine, listed)
        self.assertNotIn(self.loose, listed)
        menu = self.env.ref("field_service_rounds.maintenance_equipment_menu_contract")
        self.assertEqual(
            menu.action, self.env.ref("field_service_rounds.maintenance_equipment_action_contract")
        )
        # a planner who follows nothing still sees and edits them
        planner = self._tech_user("planner_x")
        planner.groups_id |= self.env.ref("field_service_rounds.group_field_planner")
        seen = self.env["maintenance.equipment"].with_user(planner).search(domain)
        self.assertIn(self.machine, seen)
        self.machine.with_user(planner).name = "Caldaia rinnovata"
        # a technician reads the machines under contract only
        technician = self.user_a
        seen = self.env["maintenance.equipment"].with_user(technician).search([])
        self.assertIn(self.machine, seen)
        self.assertNotIn(self.loose, seen)
