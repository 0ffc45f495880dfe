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
            run = self.with_company(company).create(
                {"date": today, "company_id": company.id, "policy_ids": policy.ids}
            )
            try:
                run.generate_credit_lines()
            except UserError as error:
                _logger.info("Follow-up run of %s skipped: %s", company.name, error)
                run.unlink()
                continue
            runs |= run
        return runs
