from odoo import models

from .credit_control_policy_level import GIVEN_STATES


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _recurring_followup_status(self, company=None):
        """From the reminders given on items still unpaid: the highest level
        reached, and whether one of them suspends the service. Paying the
        invoices reconciles their items, which lifts both."""
        status = super()._recurring_followup_status(company=company)
        company = company or self.env.company
        commercial = self.commercial_partner_id
        # sudo: helpdesk, planning and the call screen read the follow-up
        # status for users without credit-control rights; only the level
        # name and the suspension flag leave this method.
        lines = (
            self.env["credit.control.line"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "in", commercial.ids),
                    ("company_id", "=", company.id),
                    ("state", "in", GIVEN_STATES),
                    ("move_line_id.reconciled", "=", False),
                ]
            )
        )
        by_entity = lines.grouped("commercial_partner_id")
        for partner in self:
            mine = by_entity.get(partner.commercial_partner_id)
            if not mine:
                continue
            top = mine.sorted(lambda line: line.level)[-1]
            status[partner.id] = (
                any(mine.policy_level_id.mapped("recurring_suspend_service")),
                top.policy_level_id.name,
            )
        return status
