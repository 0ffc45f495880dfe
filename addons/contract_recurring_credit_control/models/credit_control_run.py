import datetime as dt
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class CreditControlRun(models.Model):
    _inherit = "credit.control.run"

    @api.model
    def _cron_recurring_followup(self):
        """Daily: for each company with a follow-up policy, prepare the
        reminders due today (draft lines, to review, send or postpone)."""
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search(
            [("id", "in", self.env.user.company_ids.ids), ("credit_policy_id", "!=", False)]
        )
        runs = self.browse()
        for company in companies:
            policy = company.credit_policy_id
            if policy.do_nothing:
                continue
            try:
                with self.env.cr.savepoint():
                    run = self.with_company(company).create(
                        {"date": today, "company_id": company.id, "policy_ids": policy.ids}
                    )
                    run.generate_credit_lines()
            except UserError as error:
                # e.g. a run dated later exists: nothing to prepare today
                _logger.info("Follow-up run of %s skipped: %s", company.name, error)
                continue
            runs |= run
        return runs

    @api.model
    def _demo_overdue_invoice(self):
        """Demo: the policy follows the demo company's receivable accounts;
        an invoice of contract_05 due 10 days ago, and today's run (a
        friendly reminder in draft to review)."""
        contract = self.env.ref("contract_recurring.contract_05", raise_if_not_found=False)
        if not contract or not contract.company_id.credit_policy_id:
            return self.browse()
        company = contract.company_id
        company.credit_policy_id.account_ids = self.env["account.account"].search(
            [("account_type", "=", "asset_receivable"), ("company_ids", "in", company.ids)]
        )
        builder = self.env["recurring.invoice.builder"].with_company(company)
        journal = self.env["recurring.billing"]._sale_journal(company)
        fiscal_position = builder._fiscal_position(contract)
        due = fields.Date.context_today(self) - dt.timedelta(days=10)
        invoice = builder._create_invoices(
            [
                builder._invoice_values(
                    contract,
                    [
                        builder._line_values(
                            contract,
                            fiscal_position,
                            name=self.env._("Fee %(contract)s", contract=contract.name),
                            price_unit=180.0,
                        )
                    ],
                    values={"invoice_payment_term_id": False, "invoice_date_due": due},
                    invoice_date=due,
                    journal=journal,
                    fiscal_position=fiscal_position,
                )
            ]
        )
        invoice.action_post()
        # demo data of this addon, removed with it (as the billing demo's invoices)
        self.env["ir.model.data"].create(
            {
                "module": "contract_recurring_credit_control",
                "name": f"demo_invoice_{invoice.id}",
                "model": "account.move",
                "res_id": invoice.id,
                "noupdate": True,
            }
        )
        return self.with_company(company)._cron_recurring_followup()
