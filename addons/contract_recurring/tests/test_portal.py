from odoo.tests import HttpCase, new_test_user, tagged

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestContractPortal(ContractCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._contract(480.0, "quarterly")
        cls.portal_user = new_test_user(
            cls.env,
            login="ferramenta",
            password="ferramenta-pw",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Mario Rossi", "parent_id": cls.customer.id})
            .id,
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )
        other = cls.env["res.partner"].create({"name": "Hotel Panorama", "is_company": True})
        cls.foreign = cls._contract(960.0, "annual", partner=other)

    def test_portal_lists_and_shows_own_contracts_only(self):
        self.authenticate("ferramenta", "ferramenta-pw")
        page = self.url_open("/my/contracts")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.contract.name, page.text)
        self.assertNotIn(self.foreign.name, page.text)
        detail = self.url_open(f"/my/contracts/{self.contract.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn("120.00", detail.text)
        self.assertIn(self.contract.type_id.name, detail.text)

    def test_billed_installments_link_to_their_invoice(self):
        first = self.contract.installment_ids.sorted("invoice_date")[:1]
        billing = self.env["recurring.billing"]._start(
            first,
            company_id=self.company.id,
            journal_id=self.sale_journal.id,
            invoice_date=first.invoice_date,
            post_invoices=True,
        )
        billing.action_run()
        invoice = first.move_id
        self.assertEqual(invoice.state, "posted")
        self.authenticate("ferramenta", "ferramenta-pw")
        detail = self.url_open(f"/my/contracts/{self.contract.id}")
        self.assertIn(f'href="/my/invoices/{invoice.id}', detail.text)
        self.assertEqual(self.url_open(f"/my/invoices/{invoice.id}").status_code, 200)

    def test_forged_or_foreign_ids_give_no_data(self):
        self.authenticate("ferramenta", "ferramenta-pw")
        for contract_id in (self.foreign.id, 999999):
            response = self.url_open(f"/my/contracts/{contract_id}")
            self.assertNotIn(self.foreign.name, response.text)
            self.assertTrue(response.url.endswith("/my"), response.url)

    def test_portal_rules_on_records(self):
        contracts = self.env["recurring.contract"].with_user(self.portal_user)
        visible = contracts.search([])
        self.assertEqual(visible, self.contract)
        installments = self.env["recurring.contract.installment"].with_user(self.portal_user)
        self.assertEqual(installments.search([]).contract_id, self.contract)
