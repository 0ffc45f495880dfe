import datetime as dt

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged


@tagged("suite_demo", "post_install", "-at_install", "-standard")
class TestDemoData(TransactionCase):
    """Runs only in the all-addons run with demo data: the demo's overdue
    customer from the friendly reminder to the suspension, lifted by payment."""

    def _run(self, company, day):
        run = self.env["credit.control.run"].create(
            {"date": day, "company_id": company.id, "policy_ids": company.credit_policy_id.ids}
        )
        run.generate_credit_lines()
        lines = run.line_ids
        lines.write({"state": "to_be_sent"})
        emails = lines.filtered(lambda line: line.channel == "email")
        if emails:
            self.env["credit.control.emailer"].create(
                {"line_ids": [Command.set(emails.ids)]}
            ).email_lines()
        if lines - emails:
            self.env["credit.control.printer"].create(
                {"line_ids": [Command.set((lines - emails).ids)]}
            ).print_lines()
        return lines

    def test_demo_followup_end_to_end(self):
        contract = self.env.ref("contract_recurring.contract_05")
        company = contract.company_id
        self.env = self.env(context=dict(self.env.context, allowed_company_ids=company.ids))
        customer = contract.partner_id.with_company(company)
        levels = self.env.ref("contract_recurring_credit_control.credit_control_policy_solleciti")
        self.assertEqual(company.credit_policy_id, levels)
        drafts = self.env["credit.control.line"].search(
            [("partner_id", "=", customer.id), ("state", "=", "draft")]
        )
        self.assertEqual(drafts.policy_level_id.level, 1)
        self.assertIn(contract, drafts.recurring_contract_ids)
        invoice = drafts.invoice_id
        today = fields.Date.context_today(self.env.user)
        drafts.write({"state": "to_be_sent"})
        self.env["credit.control.emailer"].create(
            {"line_ids": [Command.set(drafts.ids)]}
        ).email_lines()
        self.assertTrue(contract.message_ids.filtered(lambda m: invoice.name in (m.body or "")))
        for days, level in ((21, 3), (51, 4)):
            lines = self._run(company, today + dt.timedelta(days=days))
            mine = lines.filtered(lambda line: line.invoice_id == invoice)
            self.assertEqual(mine.level, level)
        customer.invalidate_recordset()
        self.assertTrue(customer.recurring_service_suspended)
        if "helpdesk.ticket" in self.env:
            ok, reason, _contracts = customer._helpdesk_eligibility(company=company)[customer.id]
            self.assertFalse(ok)
            self.assertIn(customer.display_name, reason)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        customer.invalidate_recordset()
        self.assertFalse(customer.recurring_service_suspended)
