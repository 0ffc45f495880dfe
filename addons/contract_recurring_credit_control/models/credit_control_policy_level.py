from odoo import fields, models

from ..tools.followup import level_reached_on

# credit lines that count as a reminder given (OCA: draft and ignored lines
# are generated again on the next run)
GIVEN_STATES = ("to_be_sent", "queued", "sent", "email_error")


class CreditControlPolicyLevel(models.Model):
    _inherit = "credit.control.policy.level"

    recurring_suspend_service = fields.Boolean(
        string="Suspend Service",
        help="Once this reminder is given and until its invoices are paid, the "
        "customer's service is suspended: no new tickets, interventions blocked "
        "in planning.",
    )
    recurring_bank_return = fields.Boolean(
        string="Bank Returns Start Here",
        help="Open items of a returned direct debit or RiBa ('insoluto') start "
        "at this level, counted from the return date; other items skip it.",
    )

    def _recurring_restarted_lines(self, lines, since):
        """Lines whose overdue clock was restarted (bank return)."""
        return lines.filtered(
            lambda line: since.get(line.id, line.date_maturity) != line.date_maturity
        )

    def _recurring_lines_with_history(self, lines):
        """Move lines that already had a reminder given."""
        given = self.env["credit.control.line"].search(
            [
                ("move_line_id", "in", lines.ids),
                ("state", "in", GIVEN_STATES),
                ("manually_overridden", "=", False),
            ]
        )
        return given.move_line_id

    def _recurring_postponed_lines(self, controlling_date, lines):
        postponed = self.env["credit.control.line"].search(
            [
                ("move_line_id", "in", lines.ids),
                ("recurring_postponed_until", ">", controlling_date),
            ]
        )
        return postponed.move_line_id

    def _recurring_reached(self, controlling_date, lines, since):
        """Lines whose level date, counted from their overdue-since date, is reached."""
        controlling_date = fields.Date.to_date(controlling_date)
        reached = self.env["account.move.line"]
        for line in lines:
            start = level_reached_on(
                self.computation_mode, since.get(line.id, line.date_maturity), self.delay_days
            )
            if start is None or start <= controlling_date:
                reached |= line
        return reached

    def get_level_lines(self, controlling_date, lines):
        """OCA counts from the due date; count from each item's overdue-since
        date instead (bank returns), send returned items to the returns
        level first and leave postponed items out."""
        self.ensure_one()
        if not lines:
            return super().get_level_lines(controlling_date, lines)
        since = lines._recurring_overdue_since()
        restarted = self._recurring_restarted_lines(lines, since)
        fresh_restarted = restarted - self._recurring_lines_with_history(restarted)
        if self.recurring_bank_return:
            matching = self._recurring_reached(controlling_date, fresh_restarted, since)
        else:
            # OCA reads the previous reminders in SQL: write pending changes first
            self.env["credit.control.line"].flush_model()
            matching = super().get_level_lines(controlling_date, lines)
            if self.policy_id.level_ids.filtered("recurring_bank_return"):
                matching -= fresh_restarted
            matching = self._recurring_reached(controlling_date, matching, since)
        return matching - self._recurring_postponed_lines(controlling_date, matching)

    def _get_sql_level_part(self):
        """With a returns level in the policy, regular levels follow the
        previous regular level, or a returns level placed after it."""
        self.ensure_one()
        returns = self.policy_id.level_ids.filtered("recurring_bank_return")
        if not returns:
            return super()._get_sql_level_part()
        below = self.policy_id.level_ids.filtered(lambda lvl: lvl.level < self.level)
        regular = (below - returns).sorted("level")[-1:]
        feeders = (below & returns).filtered(lambda lvl: not regular or lvl.level > regular.level)
        levels = ", ".join(str(int(lvl.level)) for lvl in regular | feeders)
        if not regular:
            return (
                f"(cr_line.id IS NULL OR cr_line.level IN ({levels}))"
                if levels
                else ("cr_line.id IS NULL")
            )
        return f"cr_line.level IN ({levels})"

    def _demo_update_field_translations(self, field_name, translations):
        """Demo: translate the levels' texts into the languages installed
        (a database without Italian keeps the English texts)."""
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        translations = {lang: text for lang, text in translations.items() if lang in installed}
        if translations:
            self._update_field_translations(field_name, translations)
        return True
