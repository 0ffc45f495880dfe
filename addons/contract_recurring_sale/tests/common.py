from odoo import Command, fields

from odoo.addons.contract_recurring.tests.common import ContractCommon


class SaleContractCommon(ContractCommon):
    """ContractCommon with sales rights, a recurring service product and a
    one-off product invoiced on the ordered quantity."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("sales_team.group_sale_manager")
        cls.service_hosting.write(
            {
                "recurring_service": True,
                "recurring_cycle": "quarterly",
                "recurring_duration": 12,
                "recurring_contract_type_id": cls.type_maintenance.id,
                "invoice_policy": "order",
            }
        )
        cls.service_backup.invoice_policy = "order"
        cls.setup_fee = cls._create_product(
            name="Setup", type="service", lst_price=350.0, invoice_policy="order"
        )
        cls.invoice_address = cls.env["res.partner"].create(
            {
                "name": "Ferramenta Rossi - Amministrazione",
                "type": "invoice",
                "parent_id": cls.customer.id,
            }
        )
        cls.payment_term = cls.env.ref("account.account_payment_term_30days")
        cls.company.recurring_sale_contract_type_id = cls.type_maintenance

    @classmethod
    def _order(cls, lines, **values):
        """A quotation; ``lines`` are (product, qty, price, recurring values)."""
        return cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "partner_invoice_id": cls.invoice_address.id,
                "company_id": cls.company.id,
                "payment_term_id": cls.payment_term.id,
                "client_order_ref": "PO-4471",
                "date_order": fields.Datetime.to_datetime("2025-12-10 10:00:00"),
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "price_unit": price,
                            **recurring,
                        }
                    )
                    for product, qty, price, recurring in lines
                ],
                **values,
            }
        )

    @staticmethod
    def _recurring(cycle="quarterly", start="2026-01-01", duration=12):
        return {
            "recurring": True,
            "recurring_cycle": cycle,
            "recurring_date_start": start,
            "recurring_duration": duration,
        }

    def _bill(self, invoice_date):
        run = self._run(invoice_date=invoice_date)
        if run.line_ids:
            run.action_confirm()
        return run
