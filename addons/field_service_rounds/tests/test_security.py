from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import FieldServiceCommon


@tagged("post_install", "-at_install")
class TestSecurity(FieldServiceCommon):
    def test_technician_sees_only_own_interventions(self):
        mine = self._intervention(technician_id=self.tech_a.id)
        theirs = self._intervention(technician_id=self.tech_b.id)
        unassigned = self._intervention()
        model = self.env["field.intervention"].with_user(self.user_a)
        visible = model.search([("id", "in", (mine | theirs | unassigned).ids)])
        self.assertEqual(visible, mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_a).read(["name"])
        with self.assertRaises(AccessError):
            model.create({"partner_id": self.customer.id})
        # the technician closes their own intervention
        mine.with_user(self.user_a).write({"actual_hours": 1.0, "closing_notes": "Fatto"})
        mine.with_user(self.user_a).action_close()
        self.assertEqual(mine.state, "to_invoice")

    def test_crew_member_and_planner(self):
        crew = self._technician("Squadra 1", self.user_b, operators=2)
        crew.member_user_ids = self.user_a
        job = self._intervention(technician_id=crew.id, operators=2)
        self.assertEqual(
            self.env["field.intervention"].with_user(self.user_a).search([("id", "=", job.id)]),
            job,
        )
        planner = new_test_user(
            self.env,
            login="pianificatore",
            groups="field_service_rounds.group_field_planner",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        others = self._intervention(technician_id=self.tech_a.id) | self._intervention()
        visible = (
            self.env["field.intervention"]
            .with_user(planner)
            .search([("id", "in", (others | job).ids)])
        )
        self.assertEqual(visible, others | job)

    def test_multi_company(self):
        other = self.setup_other_company(name="Altra Azienda S.r.l.")["company"]
        theirs = self.env["field.intervention"].create(
            {"partner_id": self.customer.id, "company_id": other.id}
        )
        planner = new_test_user(
            self.env,
            login="pianificatore2",
            groups="field_service_rounds.group_field_planner",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        self.assertFalse(
            self.env["field.intervention"].with_user(planner).search([("id", "=", theirs.id)])
        )

    def test_contract_user_without_field_service_opens_contracts(self):
        contract = self._contract(480.0, "quarterly", intervention_interval_months=6)
        contract.action_create_interventions()
        user = new_test_user(
            self.env,
            login="solo_contratti",
            groups="contract_recurring.group_contract_user",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        form = Form(contract.with_user(user))
        self.assertEqual(form.name, contract.name)
        technician_form = Form(self.env["field.intervention"].with_user(self.user_a))
        self.assertEqual(technician_form.state, "to_plan")
