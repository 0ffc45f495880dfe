from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

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
