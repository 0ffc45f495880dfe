from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestOfficeTour(ContractCommon, HttpCase):
    """The office's main path in the browser: create a contract, activate it,
    preview the billing run, confirm it, open the invoice."""

    def test_office_creates_activates_and_bills_a_contract(self):
        admin = self.env.ref("base.user_admin")
        admin.write(
            {
                "company_id": self.company.id,
                "company_ids": [Command.link(self.company.id)],
                "groups_id": [
                    Command.link(self.env.ref("contract_recurring.group_contract_manager").id)
                ],
            }
        )
        customer = self.env["res.partner"].create(
            {"name": "Studio Tour S.r.l.", "is_company": True, "company_id": self.company.id}
        )
        service = self._create_product(name="Assistenza Tour", type="service", lst_price=1200.0)
        self.env["recurring.contract.type"].create(
            {"name": "Tour - Manutenzione", "kind": "maintenance", "product_id": service.id}
        )
        self.env.flush_all()
        self.start_tour(
            "/odoo/action-contract_recurring.recurring_contract_action/new",
            "contract_recurring_office_tour",
            login="admin",
        )
        self.env.invalidate_all()
        contract = self.env["recurring.contract"].search([("partner_id", "=", customer.id)])
        self.assertEqual(len(contract), 1)
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.amount_annual, 1200.0)
        invoice = contract.invoice_ids
        self.assertEqual(len(invoice), 1, "the run billed the contract's first installment")
        self.assertEqual(invoice.partner_id, customer)
        self.assertEqual(invoice.amount_untaxed, 1200.0)
        self.assertEqual(
            invoice.invoice_line_ids.recurring_installment_id, contract.installment_ids[:1]
        )
        self.assertEqual(contract.installment_ids[:1].move_id, invoice)
