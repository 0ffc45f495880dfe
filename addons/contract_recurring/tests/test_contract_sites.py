from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestContractSites(ContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.site_modena = Partner.create(
            {"name": "Negozio Modena", "type": "delivery", "parent_id": cls.customer.id}
        )
        cls.site_reggio = Partner.create(
            {"name": "Negozio Reggio", "type": "delivery", "parent_id": cls.customer.id}
        )
        cls.other_customer = Partner.create({"name": "Panificio Bianchi", "is_company": True})
        cls.other_site = Partner.create(
            {"name": "Forno Sassuolo", "type": "delivery", "parent_id": cls.other_customer.id}
        )
        cls.user = new_test_user(
            cls.env,
            login="site_user",
            groups="contract_recurring.group_contract_user",
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )

    def _move(self, contract, site, user=None, **values):
        wizard = self.env["recurring.contract.move"]
        if user:
            wizard = wizard.with_user(user)
        wizard = wizard.create({"contract_id": contract.id, "site_id": site.id, **values})
        return wizard.action_move()

    def test_move_to_another_site_of_the_customer(self):
        contract = self._contract(site_id=self.site.id)
        self.assertEqual(contract.action_open_move()["res_model"], "recurring.contract.move")
        self._move(contract, self.site_modena, user=self.user, reason="Cambio sede")
        self.assertEqual(contract.site_id, self.site_modena)
        self.assertEqual(contract.partner_id, self.customer)
        body = contract.message_ids[0].body
        self.assertIn("Magazzino Carpi", body)
        self.assertIn("Negozio Modena", body)
        self.assertIn("Cambio sede", body)

    def test_move_to_another_customer_needs_a_manager(self):
        contract = self._contract(site_id=self.site.id)
        with self.assertRaisesRegex(UserError, "manager"):
            self._move(contract, self.other_site, user=self.user)
        self.assertEqual(contract.site_id, self.site)
        self._move(contract, self.other_site, other_customer=True)
        self.assertEqual(contract.site_id, self.other_site)
        self.assertEqual(contract.partner_id, self.other_customer)
        self.assertEqual(contract.invoice_partner_id, self.other_customer)
        self.assertIn("Panificio Bianchi", contract.message_ids[0].body)

    def test_link_several_sites(self):
        contract = self._contract(site_id=self.site.id)
        action = contract.action_open_split()
        wizard = (
            self.env["recurring.contract.split"]
            .with_context(**action["context"])
            .create(
                {
                    "mode": "link",
                    "site_ids": [Command.set((self.site_modena | self.site_reggio).ids)],
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(contract.site_ids, self.site_modena | self.site_reggio)
        self.assertIn("Negozio Reggio", contract.message_ids[0].body)
        # the sites' contracts list finds it from any of its sites
        found = self.env["recurring.contract"].search(
            contract.action_open_site_contracts()["domain"]
        )
        self.assertIn(contract, found)

    def test_split_proportionally_with_exact_totals(self):
        contract = self._contract(
            lines=[(self.service_hosting, 1000.0, None), (self.service_backup, 333.34, None)],
            site_id=self.site.id,
        )
        contract.site_ids = self.site_modena | self.site_reggio
        invoice = self._run(invoice_date="2026-01-31")
        invoice.action_confirm()
        billed = contract.installment_ids.filtered("move_id")
        self.assertEqual(len(billed), 1)
        original = {
            str(i.competence_start): contract._cents(i.amount) for i in contract.installment_ids
        }
        wizard = (
            self.env["recurring.contract.split"]
            .with_context(default_contract_id=contract.id)
            .create({"mode": "split"})
        )
        self.assertEqual(wizard.line_ids.site_id, self.site | self.site_modena | self.site_reggio)
        wizard.action_confirm()
        parts = (
            self.env["recurring.contract"].search(
                [("id", "!=", contract.id), ("commercial_partner_id", "=", self.customer.id)]
            )
            | contract
        )
        self.assertEqual(len(parts), 3)
        self.assertEqual(parts.mapped("site_id"), self.site | self.site_modena | self.site_reggio)
        self.assertEqual(set(parts.mapped("state")), {"active"})
        total = sum(contract._cents(amount) for amount in parts.mapped("amount_total"))
        self.assertEqual(total, 133334)
        # 1000.00 / 3 = 333.33 + 333.33 + 333.34; 333.34 / 3 = 111.11 + 111.11 + 111.12
        self.assertEqual(contract.amount_total, 444.44)
        self.assertEqual(sorted(parts.mapped("amount_total")), [444.44, 444.44, 444.46])
        installments = parts.installment_ids
        self.assertEqual(
            sum(contract._cents(amount) for amount in installments.mapped("amount")), 133334
        )
        self.assertEqual(installments.filtered("move_id"), billed, "billed stays on the original")
        self.assertEqual(billed.contract_id, contract)
        self.assertEqual(len(installments), 1 + 3 * 3)
        # the three shares of each unbilled installment add up to the original one
        for start in ("2026-04-01", "2026-07-01", "2026-10-01"):
            shares = installments.filtered(lambda i, start=start: str(i.competence_start) == start)
            self.assertEqual(len(shares), 3)
            self.assertEqual(
                sum(contract._cents(a) for a in shares.mapped("amount")), original[start]
            )

    def test_split_refuses_bad_input_before_writing(self):
        contract = self._contract(site_id=self.site.id)
        wizard = self.env["recurring.contract.split"].create(
            {
                "contract_id": contract.id,
                "mode": "split",
                "line_ids": [Command.create({"site_id": self.site.id})],
            }
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()
        wizard.line_ids = [Command.create({"site_id": self.site_modena.id, "weight": -1})]
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(contract.amount_total, 480.0)
        self.assertEqual(len(contract.installment_ids), 4)
