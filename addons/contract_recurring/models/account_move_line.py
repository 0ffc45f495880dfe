from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    recurring_contract_id = fields.Many2one(
        "recurring.contract", string="Contract", index="btree_not_null", copy=False
    )
    recurring_installment_id = fields.Many2one(
        "recurring.contract.installment",
        string="Contract Installment",
        index="btree_not_null",
        copy=False,
        ondelete="set null",
    )
    recurring_contract_line_id = fields.Many2one(
        "recurring.contract.line",
        string="Contract Service",
        copy=False,
        ondelete="set null",
    )
    recurring_hour_usage_id = fields.Many2one(
        "recurring.contract.hour.usage",
        string="Hours Beyond the Prepaid Hours",
        index="btree_not_null",
        copy=False,
        ondelete="set null",
    )
    competence_date_start = fields.Date(
        string="Competence Start",
        help="Start of the period this line's revenue or expense belongs to "
        "(used for accruals and deferrals).",
    )
    competence_date_end = fields.Date(string="Competence End")

    def init(self):
        result = super().init()
        # An installment is billed at most once: two live (not cancelled)
        # invoice lines can never bill the same installment and service, even
        # when two billing runs race or one is killed half-way.
        self.env.cr.execute(
            SQL(
                """
            CREATE UNIQUE INDEX IF NOT EXISTS account_move_line_recurring_installment_uniq
                ON account_move_line (
                    recurring_installment_id, COALESCE(recurring_contract_line_id, 0)
                )
             WHERE recurring_installment_id IS NOT NULL AND parent_state != 'cancel'
            """
            )
        )
        # over-block hours are billed at most once, like installments
        self.env.cr.execute(
            SQL(
                """
            CREATE UNIQUE INDEX IF NOT EXISTS account_move_line_recurring_hour_usage_uniq
                ON account_move_line (recurring_hour_usage_id)
             WHERE recurring_hour_usage_id IS NOT NULL AND parent_state != 'cancel'
            """
            )
        )
        return result

    def _recurring_overdue_since(self):
        """{line id: date} from which each receivable line counts as overdue.

        Its due date here; addons that restart the clock override it (a bank
        return counts from the return date in sepa_rid_cbi). Overdue
        follow-up levels are computed from these dates."""
        return {line.id: line.date_maturity for line in self}

    @api.constrains("competence_date_start", "competence_date_end")
    def _check_competence_dates(self):
        for line in self:
            start, end = line.competence_date_start, line.competence_date_end
            if bool(start) != bool(end) or (start and end < start):
                raise ValidationError(
                    _(
                        "Line %(line)s: give both competence dates, the end not before the start.",
                        line=line.display_name,
                    )
                )
