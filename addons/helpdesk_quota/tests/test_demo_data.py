from odoo.tests import TransactionCase, tagged


@tagged("suite_demo", "post_install", "-at_install", "-standard")
class TestDemoData(TransactionCase):
    """Runs only in the all-addons run with demo data."""

    def test_demo_support_terms(self):
        maintenance = self.env.ref("contract_recurring.contract_type_maintenance")
        self.assertEqual(
            (maintenance.helpdesk_quota, maintenance.helpdesk_quota_period), (3, "month")
        )
        contract = self.env.ref("contract_recurring.contract_03")
        self.assertEqual(contract.helpdesk_quota, 3)
        rows = contract._helpdesk_quota_summary()
        self.assertEqual(rows[0]["included"], 3)
        self.assertEqual(rows[0]["used"] + rows[0]["available"], 3)

    def test_demo_caller_found_by_phone(self):
        customer = self.env.ref("contract_recurring.partner_customer_03")
        screen = self.env["helpdesk.call.screen"].create({"query": "0039 0521 234 567"})
        self.assertEqual(screen.partner_id, customer)

    def test_demo_callback_request_opens_the_call_screen(self):
        request = self.env.ref("helpdesk_quota.helpdesk_callback_request_demo_1")
        customer = self.env.ref("contract_recurring.partner_customer_03")
        self.assertEqual(request.state, "new")
        action = request.with_company(request.company_id).action_open_call_screen()
        screen = self.env["helpdesk.call.screen"].browse(action["res_id"])
        self.assertEqual(screen.partner_id, customer)
        self.assertIn("matricola", screen.operator_instructions)

    def test_demo_overdue_customer_is_stopped_and_warned(self):
        """A demo customer with overdue invoices above the company's threshold:
        the portal gate refuses tickets and the call screen shows the warning."""
        company = self.env.ref("base.demo_company_it")
        customer = self.env.ref("contract_recurring.partner_customer_16")
        ok, reason, contracts = customer._helpdesk_eligibility(company=company)[customer.id]
        self.assertTrue(contracts, "an active support contract")
        self.assertFalse(ok)
        self.assertIn("overdue", reason)
        screen = (
            self.env["helpdesk.call.screen"]
            .with_company(company)
            .create({"partner_id": customer.id})
        )
        self.assertTrue(screen.overdue_warning)
        self.assertGreater(screen.overdue_amount, company.helpdesk_overdue_threshold)
        self.assertTrue(screen.overdue_message)
