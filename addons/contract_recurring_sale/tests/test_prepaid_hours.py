from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SaleContractCommon


@tagged("post_install", "-at_install")
class TestSalePrepaidHours(SaleContractCommon):
    """'Ordine cliente ore' sold through sale: a confirmed line of a
    prepaid-hours product creates the contract's block of hours."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hours_product = cls._create_product(
            name="Pacchetto ore assistenza",
            type="service",
            lst_price=45.0,
            invoice_policy="order",
            recurring_prepaid_hours=True,
            recurring_hours_validity=6,
        )

    def test_line_on_a_contract_creates_the_block_once(self):
        contract = self._contract(480.0, "quarterly")
        order = self._order([(self.hours_product, 20, 45.0, {})])
        order.order_line.recurring_hour_contract_id = contract
        order.action_confirm()
        block = contract.hour_block_ids
        self.assertEqual(len(block), 1)
        self.assertEqual(block.sale_line_id, order.order_line)
        self.assertEqual(block.sale_order_id, order)
        self.assertEqual((block.hours_ordered, block.price_unit, block.amount), (20.0, 45.0, 900.0))
        self.assertEqual(block.product_id, self.hours_product)
        today = fields.Date.context_today(order)
        self.assertEqual(block.date_start, today)
        self.assertEqual(block.date_end, today + relativedelta(months=6, days=-1))
        self.assertEqual(contract.prepaid_hours_remaining, 20.0)
        self.assertFalse(order.order_line.recurring, "the hours are invoiced by the order")
        order._create_prepaid_hour_blocks()
        self.assertEqual(len(contract.hour_block_ids), 1, "one block per line")

    def test_line_takes_the_contract_created_by_the_order(self):
        order = self._order(
            [
                (self.service_hosting, 1, 240.0, self._recurring()),
                (self.hours_product, 10, 40.0, {"discount": 10.0}),
            ]
        )
        order.action_confirm()
        contract = order.recurring_contract_ids
        self.assertEqual(contract.hour_block_ids.hours_ordered, 10.0)
        self.assertEqual(contract.hour_block_ids.price_unit, 36.0, "the discounted price")

    def test_line_without_a_contract_is_refused(self):
        order = self._order([(self.hours_product, 5, 45.0, {})])
        with self.assertRaises(UserError):
            order.action_confirm()
