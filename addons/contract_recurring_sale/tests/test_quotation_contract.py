from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import SaleContractCommon


@tagged("post_install", "-at_install")
class TestQuotationContract(SaleContractCommon):
    """'Preventivazione': a quotation's recurring lines become a contract on
    confirmation; the order invoices only its other lines."""

    def _recurring_invoice_lines(self, product):
        return self.env["account.move.line"].search(
            [("product_id", "=", product.id), ("move_id.move_type", "=", "out_invoice")]
        )

    def test_confirmation_creates_the_active_contract(self):
        order = self._order(
            [
                (self.setup_fee, 1, 350.0, {}),
                (self.service_hosting, 2, 240.0, self._recurring()),
                (self.service_backup, 1, 120.0, self._recurring()),
            ],
            partner_shipping_id=self.site.id,
        )
        self.assertFalse(order.recurring_contract_ids, "no contract before confirmation")
        order.action_confirm()
        contract = order.recurring_contract_ids
        self.assertEqual(len(contract), 1, "same start and duration: one contract")
        self.assertEqual(order.recurring_contract_count, 1)
        self.assertEqual(contract.sale_order_id, order)
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.partner_id, self.customer)
        self.assertEqual(contract.invoice_partner_id, self.invoice_address)
        self.assertEqual(contract.type_id, self.type_maintenance)
        self.assertEqual(contract.billing_cycle, "quarterly")
        self.assertEqual(contract.period_months, 12)
        self.assertEqual(contract.date_start.isoformat(), "2026-01-01")
        self.assertEqual(contract.date_end.isoformat(), "2026-12-31")
        self.assertEqual(contract.quote_ref, order.name)
        self.assertEqual(contract.quote_date.isoformat(), "2025-12-10", "the quotation's date")
        self.assertEqual(contract.client_order_ref, "PO-4471")
        self.assertEqual(contract.payment_term_id, self.payment_term)
        self.assertEqual(contract.company_id, self.company)
        self.assertEqual(contract.site_id, self.site, "the delivery address")
        # lines: product, description, quantity, unit price; the one-off line stays out
        self.assertEqual(
            [(ln.product_id, ln.quantity, ln.price_unit) for ln in contract.line_ids],
            [(self.service_hosting, 2.0, 240.0), (self.service_backup, 1.0, 120.0)],
        )
        hosting_line = order.order_line.filtered(lambda ln: ln.product_id == self.service_hosting)
        self.assertEqual(contract.line_ids[0].name, hosting_line.name)
        self.assertEqual(contract.line_ids[0].sale_line_id, hosting_line)
        self.assertEqual(contract.amount_total, 600.0)
        # installments planned: four quarters of 150
        self.assertEqual(
            self._dates(contract.installment_ids),
            ["2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"],
        )
        self.assertEqual(contract.installment_ids.mapped("amount"), [150.0] * 4)
        # the contract bills the line: its terms change on the contract only
        with self.assertRaisesRegex(UserError, "change the contracts, not the order"):
            hosting_line.write({"recurring": False})
        with self.assertRaisesRegex(UserError, "change the contracts, not the order"):
            hosting_line.write({"price_unit": 300.0})
        hosting_line.write({"price_unit": 240.0, "recurring_date_start": "2026-01-01"})
        # confirming again (e.g. a second call) creates nothing more
        self.assertFalse(order._create_recurring_contracts())
        self.assertEqual(order.recurring_contract_ids, contract)

    def test_nothing_is_billed_twice(self):
        order = self._order(
            [
                (self.setup_fee, 1, 350.0, {}),
                (self.service_hosting, 1, 480.0, self._recurring()),
            ]
        )
        order.action_confirm()
        contract = order.recurring_contract_ids
        recurring_line = order.order_line.filtered("recurring")
        self.assertEqual(recurring_line.qty_to_invoice, 0.0)
        self.assertEqual(recurring_line.invoice_status, "no")
        self.assertEqual(recurring_line.untaxed_amount_to_invoice, 0.0)
        self.assertEqual(order.invoice_status, "to invoice", "the setup fee")
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.product_id, self.setup_fee)
        self.assertEqual(invoice.amount_untaxed, 350.0)
        invoice.action_post()
        self.assertEqual(order.invoice_status, "invoiced")
        with self.assertRaises(UserError):
            order._create_invoices()
        down_payment = self.env["sale.advance.payment.inv"].create(
            {
                "sale_order_ids": [order.id],
                "advance_payment_method": "percentage",
                "amount": 50.0,
            }
        )
        with self.assertRaisesRegex(UserError, "a down payment would bill them twice"):
            down_payment.create_invoices()
        # the contract bills the recurring service, exactly once over the year
        self._bill("2026-12-31")
        self.assertFalse(self._run(invoice_date="2026-12-31").line_ids, "nothing left")
        lines = self._recurring_invoice_lines(self.service_hosting)
        self.assertEqual(
            sorted(lines.recurring_installment_id.ids), sorted(contract.installment_ids.ids)
        )
        self.assertAlmostEqual(sum(lines.mapped("price_subtotal")), 480.0)
        self.assertFalse(
            lines.filtered(lambda ln: ln.sale_line_ids), "no recurring line came from the order"
        )

    def test_groups_by_start_and_duration(self):
        order = self._order(
            [
                (self.service_hosting, 1, 240.0, self._recurring("quarterly")),
                (self.service_backup, 1, 120.0, self._recurring("annual")),
                (self.service_backup, 1, 60.0, self._recurring("monthly", start="2026-03-01")),
                (self.service_hosting, 1, 90.0, self._recurring("quarterly", duration=6)),
                (self.service_hosting, 1, 30.0, self._recurring("monthly", duration=6)),
            ]
        )
        order.action_confirm()
        contracts = order.recurring_contract_ids
        self.assertEqual(len(contracts), 4)
        mixed = contracts.filtered(lambda c: c.billing_cycle == "mixed")
        self.assertEqual(mixed.date_start.isoformat(), "2026-01-01")
        self.assertEqual(
            sorted(mixed.line_ids.mapped("cycle")), ["annual", "quarterly"], "each its own cycle"
        )
        self.assertEqual(sum(mixed.installment_ids.mapped("amount")), 360.0)
        march = contracts.filtered(lambda c: c.date_start.isoformat() == "2026-03-01")
        self.assertEqual(march.billing_cycle, "monthly")
        self.assertEqual(march.date_end.isoformat(), "2027-02-28")
        self.assertEqual(len(march.installment_ids), 12)
        # six months: the amount is the whole validity's, split per cycle
        short = contracts.filtered(lambda c: c.date_end.isoformat() == "2026-06-30")
        self.assertEqual(sorted(short.mapped("billing_cycle")), ["monthly", "quarterly"])
        self.assertEqual(set(short.mapped("period_months")), {6})
        quarterly = short.filtered(lambda c: c.billing_cycle == "quarterly")
        self.assertEqual(quarterly.installment_ids.mapped("amount"), [45.0, 45.0])
        monthly = short.filtered(lambda c: c.billing_cycle == "monthly")
        self.assertEqual(monthly.installment_ids.mapped("amount"), [5.0] * 6)

    def test_recurring_product_defaults_on_the_quotation(self):
        form = Form(self.env["sale.order"])
        form.partner_id = self.customer
        with form.order_line.new() as line:
            line.product_id = self.service_hosting
            self.assertTrue(line.recurring)
            self.assertEqual(line.recurring_cycle, "quarterly")
            self.assertEqual(line.recurring_duration, 12)
            self.assertTrue(line.recurring_date_start)
            line.recurring_date_start = "2026-02-01"
        with form.order_line.new() as line:
            line.product_id = self.setup_fee
            self.assertFalse(line.recurring)
        order = form.save()
        recurring = order.order_line.filtered("recurring")
        self.assertEqual(recurring.recurring_date_end.isoformat(), "2027-01-31")
        order.action_confirm()
        self.assertEqual(order.recurring_contract_ids.date_start.isoformat(), "2026-02-01")
        self.assertEqual(order.recurring_contract_ids.type_id, self.type_maintenance)

    def test_bad_input_is_refused_on_the_model(self):
        order = self._order([(self.setup_fee, 1, 350.0, {})])
        cases = [
            ({"recurring_duration": 0}, "at least one month"),
            ({"recurring_duration": -3}, "at least one month"),
            ({"recurring_date_start": False}, "needs the start date"),
            ({"recurring_cycle": False}, "needs its billing cycle"),
            ({"recurring_cycle": "quarterly", "recurring_duration": 4}, "cannot be billed every"),
        ]
        for values, message in cases:
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, message):
                self.env["sale.order.line"].create(
                    {
                        "order_id": order.id,
                        "product_id": self.service_backup.id,
                        **self._recurring(),
                        **values,
                    }
                )
        line = order.order_line
        with self.assertRaisesRegex(ValidationError, "at least one month"):
            line.write({**self._recurring(), "recurring_duration": 0})
        with self.assertRaisesRegex(ValidationError, "at least one month"):
            self.service_backup.write({"recurring_service": True, "recurring_duration": 0})

    def test_no_contract_type_refused_at_confirmation(self):
        self.company.recurring_sale_contract_type_id = False
        order = self._order([(self.service_backup, 1, 120.0, self._recurring())])
        with self.assertRaisesRegex(UserError, "no contract type"):
            order.action_confirm()

    def test_cancelling_the_order_of_a_running_contract_is_refused(self):
        order = self._order([(self.service_hosting, 1, 480.0, self._recurring())])
        order.action_confirm()
        with self.assertRaisesRegex(UserError, "running contracts"):
            order._action_cancel()
        contract = order.recurring_contract_ids
        contract._cancel(contract.date_start)
        order._action_cancel()
        self.assertEqual(order.state, "cancel")

    def test_salesperson_without_contract_rights_confirms(self):
        salesman = self.env["res.users"].create(
            {
                "name": "Venditore",
                "login": "venditore_contracts",
                "company_id": self.company.id,
                "company_ids": [self.company.id],
                "groups_id": [self.env.ref("sales_team.group_sale_salesman").id],
            }
        )
        order = self._order(
            [(self.service_hosting, 1, 480.0, self._recurring())], user_id=salesman.id
        )
        order.with_user(salesman).action_confirm()
        self.assertEqual(order.recurring_contract_ids.state, "active")
        self.assertEqual(order.recurring_contract_ids.create_uid, salesman)
