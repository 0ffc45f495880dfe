import datetime as dt

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


class CreditControlPostpone(models.TransientModel):
    """Put the selected reminders off to a date."""

    _name = "credit.control.postpone"
    _description = "Postpone Payment Reminders"

    @api.model
    def _default_line_ids(self):
        if self.env.context.get("active_model") != "credit.control.line":
            return False
        return self.env.context.get("active_ids", False)

    line_ids = fields.Many2many(
        "credit.control.line",
        string="Reminders",
        default=lambda self: self._default_line_ids(),
        domain=[("state", "in", ("draft", "to_be_sent"))],
    )
    date = fields.Date(
        string="Postpone Until",
        required=True,
        default=lambda self: fields.Date.context_today(self) + dt.timedelta(days=7),
    )
    note = fields.Char(string="Reason", help="Logged on the customer, e.g. a payment promise.")

    def action_postpone(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.state in ("draft", "to_be_sent"))
        if not lines:
            raise UserError(self.env._("Only reminders not yet sent can be postponed."))
        if self.date <= fields.Date.context_today(self):
            raise UserError(self.env._("Postpone to a date after today."))
        lines._recurring_postpone(self.date)
        for partner in lines.commercial_partner_id:
            partner.message_post(
                body=self.env._(
                    "Payment reminders postponed until %(date)s. %(note)s",
                    date=format_date(self.env, self.date),
                    note=self.note or "",
                ),
                subtype_xmlid="mail.mt_note",
            )
        return {"type": "ir.actions.act_window_close"}
