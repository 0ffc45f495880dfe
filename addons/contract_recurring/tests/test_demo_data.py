from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("suite_demo", "post_install", "-at_install", "-standard")
class TestDemoData(TransactionCase):
    """Runs only in the all-addons database with demo data (tag suite_demo)."""

    def test_demo_company_has_realistic_contracts(self):
        company = self.env.ref("base.demo_company_it")
        self.assertEqual(company.country_id.code, "IT")
        self.assertTrue(company.account_sale_tax_id, "Italian chart loaded")
        contracts = self.env["recurring.contract"].search([("company_id", "=", company.id)])
        self.assertGreaterEqual(len(contracts.partner_id), 25)
        self.assertEqual(
            set(contracts.mapped("kind")), {"maintenance", "time_and_materials", "warranty"}
        )
        self.assertTrue(
            {"monthly", "quarterly", "annual", "mixed"} <= set(contracts.mapped("billing_cycle"))
        )
        self.assertTrue(
            {"active", "expired", "cancelled", "draft"} <= set(contracts.mapped("state"))
        )
        self.assertTrue(
            all(p.partner_latitude and p.partner_longitude for p in contracts.partner_id)
        )
        # the seed's list 'Contratti attivi annuali', grouped by service, has no
        # contract without its service
        self.assertEqual(contracts.filtered(lambda c: not c.product_id), contracts.browse())
        groups = self.env["recurring.contract"].read_group(
            [("company_id", "=", company.id), ("state", "=", "active")],
            ["amount_installment:sum"],
            ["product_id"],
        )
        self.assertTrue(groups)
        self.assertTrue(all(g["product_id"] for g in groups))
        self.assertTrue(any(g["amount_installment"] for g in groups))
        one_year = contracts.filtered(
            lambda c: (
                c.kind == "maintenance"
                and c.state == "active"
                and c.date_end == c.date_start + relativedelta(years=1, days=-1)
            )
        )
        self.assertTrue(one_year)
        for contract in one_year:
            self.assertEqual(
                contract.currency_id.compare_amounts(
                    sum(contract.installment_ids.mapped("amount")), contract.amount_total
                ),
                0,
                contract.name,
            )

    def test_billing_run_on_demo_data(self):
        company = self.env.ref("base.demo_company_it")
        run = (
            self.env["recurring.billing.run"]
            .with_company(company)
            .create({"company_id": company.id, "invoice_date": fields.Date.today()})
        )
        run.action_compute()
        self.assertTrue(run.line_ids)
        run.action_confirm()
        self.assertTrue(run.move_ids)
        self.assertTrue(all(run.move_ids.mapped("amount_tax")), "22% VAT on demo services")

    def test_demo_is_alive_on_the_day_it_is_created(self):
        """Demo dates follow the day the database is created."""
        company = self.env.ref("base.demo_company_it")
        today = fields.Date.today()
        month_start = today.replace(day=1)
        month_end = month_start + relativedelta(months=1, days=-1)
        next_month_end = month_start + relativedelta(months=2, days=-1)
        Contract = self.env["recurring.contract"]
        domain = [("company_id", "=", company.id)]
        active = Contract.search([*domain, ("state", "=", "active")])
        self.assertGreaterEqual(len(active), 10)
        due = active.installment_ids.filtered(lambda i: month_start <= i.invoice_date <= month_end)
        self.assertTrue(due, "installments due this month")
        renewals = Contract.search(
            [*domain, *Contract._renewable_domain(), ("date_end", ">=", month_start)]
        )
        self.assertTrue(renewals.filtered(lambda c: c.date_end <= month_end), "this month")
        self.assertTrue(
            renewals.filtered(lambda c: month_end < c.date_end <= next_month_end), "next month"
        )
        seasonal = active.filtered("seasonal")
        self.assertTrue(seasonal.filtered(lambda c: c.date_start <= today <= c.date_end))
        self.assertTrue(Contract.search([*domain, ("state", "=", "expired")]))

    def test_demo_portal_user_has_a_contract_to_sign(self):
        user = self.env.ref("contract_recurring.user_portal_customer_03")
        self.assertTrue(user._is_portal())
        contract = self.env.ref("contract_recurring.contract_03")
        visible = self.env["recurring.contract"].with_user(user).search([])
        self.assertIn(contract, visible)
        self.assertEqual(visible.commercial_partner_id, user.commercial_partner_id)
        self.assertTrue(contract._has_to_be_signed())
        self.assertTrue(contract.installment_ids, "the plan shows on the portal")

    def test_demo_has_overdue_invoices(self):
        """Posted contract invoices, due in the past and unpaid, on the day the
        demo is created (the helpdesk gate and the call screen show them)."""
        company = self.env.ref("base.demo_company_it")
        today = fields.Date.today()
        overdue = self.env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "=", "not_paid"),
                ("invoice_date_due", "<", today),
                ("recurring_billing_id", "!=", False),
            ]
        )
        customers = self.env.ref("contract_recurring.partner_customer_16") | self.env.ref(
            "contract_recurring.partner_customer_19"
        )
        self.assertEqual(overdue.partner_id.commercial_partner_id & customers, customers)
        amounts = customers._recurring_overdue_amounts(company=company)
        for customer in customers:
            self.assertGreater(amounts[customer.id], 500, customer.name)
            self.assertGreater(
                customer.with_company(company).recurring_overdue_amount, 0, customer.name
            )
        # each with the payment term of its contract, and the contract still active
        contracts = overdue.filtered(lambda m: m.partner_id in customers).recurring_contract_ids
        self.assertTrue(contracts)
        self.assertTrue(all(c.state == "active" and c.payment_term_id for c in contracts))
        # demo data of this addon: uninstalling it removes them with their customers
        owned = overdue.filtered(lambda m: m.partner_id in customers)
        self.assertEqual(
            set(owned.get_external_id().values()) - {""},
            {f"contract_recurring.demo_invoice_{m.id}" for m in owned},
        )

    def test_demo_contracts_have_payment_terms_and_euro_types(self):
        company = self.env.ref("base.demo_company_it")
        contracts = self.env["recurring.contract"].search([("company_id", "=", company.id)])
        self.assertFalse(contracts.filtered(lambda c: not c.payment_term_id))
        self.assertEqual(contracts.type_id.currency_id, company.currency_id)
        # what the demo billed was started by the administrator, not OdooBot
        runs = self.env["recurring.billing"].search([("company_id", "=", company.id)])
        self.assertEqual(runs.user_id, self.env.ref("base.user_admin"))

    def test_demo_portal_customer_logs_in_and_sees_its_contract(self):
        """The README's portal login belongs to a customer with an active contract."""
        user = self.env.ref("contract_recurring.user_portal_customer")
        self.assertTrue(user._is_portal())
        self.assertEqual(user.login, "cliente")
        self.assertEqual(user.company_id, self.env.ref("base.demo_company_it"))
        user.with_user(user)._check_credentials(
            {"login": "cliente", "password": "cliente", "type": "password"},
            {"interactive": True},
        )
        contracts = (
            self.env["recurring.contract"].with_user(user).search([("state", "=", "active")])
        )
        self.assertIn(self.env.ref("contract_recurring.contract_15"), contracts)
        self.assertEqual(contracts.commercial_partner_id, user.partner_id.commercial_partner_id)
