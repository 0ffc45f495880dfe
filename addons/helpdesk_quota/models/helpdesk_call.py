import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ..tools.quota import duration_minutes, normalize_phone


class HelpdeskCall(models.Model):
    """An incoming call logged from the call screen."""

    _name = "helpdesk.call"
    _description = "Helpdesk Call"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one("res.partner", string="Customer", index=True)
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, string="Commercial Entity"
    )
    phone = fields.Char(string="Caller Number")
    phone_normalized = fields.Char(
        string="Normalised Number", compute="_compute_phone_normalized", store=True
    )
    caller_name = fields.Char(string="Person on the Phone")
    reason = fields.Text(string="Reason for the Call")
    recipient_id = fields.Many2one(
        "res.users", string="Intended Recipient", domain="[('share', '=', False)]"
    )
    passed = fields.Boolean(
        string="Put Through",
        help="When the call is not put through, the intended recipient gets an e-mail.",
    )
    handled = fields.Boolean()
    call_back = fields.Boolean()
    call_back_date = fields.Datetime(
        string="Call Back At",
        help="With 'Call Back', the intended recipient (or the operator) gets "
        "an activity due at this time.",
    )
    outgoing = fields.Boolean(help="A call placed by the operator, e.g. a callback request.")
    callback_id = fields.Many2one(
        "helpdesk.callback.request", string="Callback Request", readonly=True, copy=False
    )
    user_id = fields.Many2one("res.users", string="Operator", default=lambda self: self.env.user)
    date_start = fields.Datetime(string="Call Started", required=True, default=fields.Datetime.now)
    date_end = fields.Datetime(string="Call Ended")
    duration = fields.Integer(string="Duration (min)", compute="_compute_duration", store=True)
    duration_seconds = fields.Integer(
        string="Duration (s)", compute="_compute_duration", store=True
    )
    ticket_ids = fields.One2many("helpdesk.ticket", "call_id", string="Tickets")
    recipient_notified = fields.Boolean(readonly=True, copy=False)

    @api.depends("partner_id", "phone", "date_start")
    def _compute_name(self):
        for call in self:
            call.name = self.env._(
                "Call from %(caller)s",
                caller=call.partner_id.display_name or call.phone or self.env._("unknown"),
            )

    @api.depends("phone")
    def _compute_phone_normalized(self):
        for call in self:
            call.phone_normalized = normalize_phone(call.phone) or False

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for call in self:
            if call.date_start and call.date_end:
                call.duration = duration_minutes(call.date_start, call.date_end)
                call.duration_seconds = max(
                    0, int((call.date_end - call.date_start).total_seconds())
                )
            else:
                call.duration = 0
                call.duration_seconds = 0

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for call in self:
            if call.date_end and call.date_end < call.date_start:
                raise ValidationError(
                    self.env._("A call cannot end before it started (%(call)s).", call=call.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        calls = super().create(vals_list)
        calls._notify_missed_recipient()
        calls._schedule_call_back()
        done = calls.filtered("callback_id")
        for call in done:
            call.callback_id.write(
                {"state": "done", "call_id": call.id, "user_id": call.user_id.id}
            )
        return calls

    def _schedule_call_back(self):
        """'Richiamare': an activity for the intended recipient (the operator
        when there is none), due at the chosen time."""
        activity_type = self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False)
        for call in self.filtered("call_back"):
            user = call.recipient_id or call.user_id or self.env.user
            when = call.call_back_date or fields.Datetime.now()
            tz = pytz.timezone(user.tz or self.env.user.tz or "Europe/Rome")
            local = pytz.utc.localize(when).astimezone(tz)
            call.activity_schedule(
                activity_type_id=activity_type.id if activity_type else False,
                date_deadline=local.date(),
                user_id=user.id,
                summary=self.env._(
                    "Call back %(caller)s at %(when)s",
                    caller=call.caller_name
                    or call.partner_id.display_name
                    or call.phone
                    or self.env._("unknown"),
                    when=f"{format_date(self.env, local.date())} {local:%H:%M}",
                ),
                note=call.reason or "",
            )

    def _notify_missed_recipient(self):
        """E-mail the intended recipient of the calls not put through."""
        todo = self.filtered(lambda c: c.recipient_id and not c.passed and not c.recipient_notified)
        if not todo:
            return
        template = self.env.ref("helpdesk_quota.helpdesk_call_missed_mail_template")
        for call in todo:
            template.send_mail(call.id, email_layout_xmlid="mail.mail_notification_light")
        todo.write({"recipient_notified": True})

    def action_notify_recipient(self):
        self._notify_missed_recipient()
        return True
