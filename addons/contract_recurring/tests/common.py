from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class ContractCommon(AccountTestInvoicingCommon):
    """An Italian company (Italian chart) with a customer and two services."""

    @classmethod
    @AccountTestInvoicingCommon.setup_country("it")
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("contract_recurring.group_contract_manager")
        cls.company = cls.company_data["company"]
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Ferramenta Rossi S.r.l.",
                "is_company": True,
                "country_id": cls.env.ref("base.it").id,
            }
        )
        cls.site = cls.env["res.partner"].create(
            {"name": "Magazzino Carpi", "type": "delivery", "parent_id": cls.customer.id}
        )
        cls.service_hosting = cls._create_product(name="Hosting", type="service", lst_price=240.0)
        cls.service_backup = cls._create_product(name="Backup", type="service", lst_price=120.0)
        cls.type_maintenance = cls.env["recurring.contract.type"].create(
            {
                "name": "Maintenance",
                "kind": "maintenance",
                "product_id": cls.service_hosting.id,
                "invoice_description": "#PRODUCT# #CONTRACT# #START#-#END#",
            }
        )
        cls.sale_journal = cls.company_data["default_journal_sale"]

    @classmethod
    def _contract(
        cls,
        amount=480.0,
        cycle="quarterly",
        start="2026-01-01",
        end="2026-12-31",
        partner=None,
        activate=True,
        lines=None,
        **values,
    ):
        lines = lines or [(cls.service_hosting, amount, None)]
        contract = cls.env["recurring.contract"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "type_id": cls.type_maintenance.id,
                "date_start": start,
                "date_end": end,
                "billing_cycle": cycle,
                "company_id": cls.company.id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": product.name,
                            "quantity": 1,
                            "price_unit": price,
                            "cycle": line_cycle,
                        }
                    )
                    for product, price, line_cycle in lines
                ],
                **values,
            }
        )
        if activate:
            contract.action_activate()
        return contract

    @classmethod
    def _portal_user(cls, login, password=None):
        """A portal user, contact "Mario Rossi" of the customer (password:
        the login + "-pw" unless given)."""
        return new_test_user(
            cls.env,
            login=login,
            password=password or f"{login}-pw",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Mario Rossi", "parent_id": cls.customer.id})
            .id,
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )

    def _run(self, invoice_date="2026-12-31", **values):
        run = self.env["recurring.billing.run"].create(
            {
                "invoice_date": invoice_date,
                "journal_id": self.sale_journal.id,
                "company_id": self.company.id,
                **values,
            }
        )
        run.action_compute()
        return run

    @staticmethod
    def _dates(installments, field="competence_start"):
        return [fields.Date.to_string(d) for d in installments.mapped(field)]
