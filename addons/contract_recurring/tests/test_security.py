from pathlib import Path

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestSecurity(ContractCommon):
    def test_user_without_group_cannot_read_contracts(self):
        contract = self._contract(480.0, "quarterly")
        outsider = new_test_user(
            self.env,
            login="outsider",
            groups="base.group_user",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        with self.assertRaises(AccessError):
            contract.with_user(outsider).read(["name"])
        with self.assertRaises(AccessError):
            self.env["recurring.billing.run"].with_user(outsider).create(
                {"journal_id": self.sale_journal.id}
            )

    def test_contract_user_edits_but_cannot_bill_or_delete(self):
        contract = self._contract(480.0, "quarterly")
        user = new_test_user(
            self.env,
            login="contractuser",
            groups="contract_recurring.group_contract_user",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        contract.with_user(user).write({"critical": True})
        self.assertTrue(contract.critical)
        with self.assertRaises(AccessError):
            contract.with_user(user).unlink()
        with self.assertRaises(AccessError):
            self.env["recurring.billing.run"].with_user(user).create(
                {"journal_id": self.sale_journal.id}
            )

    def test_multi_company_isolation(self):
        other_company = self.setup_other_company(name="Altra Azienda S.r.l.")["company"]
        mine = self._contract(480.0, "quarterly")
        theirs = self._contract(
            480.0, "quarterly", company_id=other_company.id, type_id=self.type_maintenance.id
        )
        user = new_test_user(
            self.env,
            login="mcuser",
            groups="contract_recurring.group_contract_user",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        visible = (
            self.env["recurring.contract"]
            .with_user(user)
            .search([("id", "in", (mine | theirs).ids)])
        )
        self.assertEqual(visible, mine)
        with self.assertRaises(AccessError):
            theirs.with_user(user).read(["name"])
        run = self._run(invoice_date="2026-01-31")
        self.assertEqual(run.line_ids.installment_ids.contract_id, mine)


@tagged("post_install", "-at_install", "suite_demo")
class TestSuiteModelRules(TransactionCase):
    """Every model this suite's installed addons define has access rights,
    and every one of them with a stored company has a multi-company rule
    (here for contract_recurring alone; in the all-addons database for all)."""

    def test_every_suite_model_has_access_and_company_rules(self):
        addons_dir = Path(__file__).resolve().parents[2]
        suite = {path.parent.name for path in addons_dir.glob("*/__manifest__.py")}
        models = [
            model
            for model in self.env.registry.values()
            if not model._abstract and model._original_module in suite
        ]
        self.assertIn("recurring.contract.hour.block", [m._name for m in models])
        names = [m._name for m in models]
        accesses = self.env["ir.model.access"].search([("model_id.model", "in", names)])
        rules = self.env["ir.rule"].search([("model_id.model", "in", names)])
        with_access = set(accesses.model_id.mapped("model"))
        with_company_rule = {
            rule.model_id.model for rule in rules if "company" in (rule.domain_force or "")
        }
        for model in models:
            with self.subTest(model=model._name):
                self.assertIn(model._name, with_access, "no access rights")
                company = model._fields.get("company_id")
                if not model._transient and company and company.store:
                    self.assertIn(model._name, with_company_rule, "no multi-company rule")
