from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.calls import rate_limited, valid_phone


class HelpdeskCallbackRequest(models.Model):
    """A customer's 'call me free' request from the portal: the operators
    are notified and call the number back from the call screen."""

    _name = "helpdesk.callback.request"
    _description = "Callback Request"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Requested By",
        required=True,
        index=True,
        default=lambda self: self.env.user.partner_id,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Customer",
    )
    phone = fields.Char(string="Number to Call", required=True)
    phone_normalized = fields.Char(
        string="Normalised Number", compute="_compute_phone_normalized", store=True
    )
    state = fields.Selection(
        [("new", "To Call Back"), ("done", "Called Back"), ("cancel", "Cancelled")],
        string="Status",
        required=True,
        default="new",
        tracking=True,
    )
    user_id = fields.Many2one("res.users", string="Operator", readonly=True, tracking=True)
    call_id = fields.Many2one("helpdesk.call", string="Logged Call", readonly=True, copy=False)

    @api.depends("partner_id", "phone")
    def _compute_name(self):
        for request in self:
            request.name = self.env._(
                "Call back %(customer)s",
                customer=request.partner_id.display_name or request.phone or "",
            )

    @api.depends("phone")
    def _compute_phone_normalized(self):
        for request in self:
            request.phone_normalized = valid_phone(request.phone) or False

    @api.constrains("phone")
    def _check_phone(self):
        for request in self:
            if not valid_phone(request.phone):
                raise ValidationError(
                    self.env._(
                        "%(phone)s is not a valid phone number: write the "
                        "number with its area code, e.g. 02 1234 5678 or "
                        "+39 347 123 4567.",
                        phone=request.phone or "",
                    )
                )

    # ------------------------------------------------------------------
    # creation: eligibility, rate limit, notification
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests._check_eligibility()
        requests._check_rate_limit()
        requests._notify_operators()
        return requests

    def _check_eligibility(self):
        """Portal users may ask only while their customer may open tickets."""
        if not self.env.user.share:
            return
        for company, requests in self.grouped("company_id").items():
            result = requests.partner_id._helpdesk_eligibility(company=company)
            for request in requests:
                ok, reason, _contracts = result[request.partner_id.id]
                if not ok:
                    raise UserError(reason)

    def _check_rate_limit(self):
        """At most N requests per customer within the company's window,
        these included. The counting reads every request of the customer:
        sudo, as a portal user sees only their own."""
        now = fields.Datetime.now()
        for company, requests in self.grouped("company_id").items():
            limit = company.helpdesk_callback_limit
            minutes = company.helpdesk_callback_minutes
            if not limit:
                continue
            since = now - timedelta(minutes=minutes)
            # sudo: count the customer's requests whoever of its contacts asked
            recent = self.sudo().search(
                [
                    ("company_id", "=", company.id),
                    ("commercial_partner_id", "in", requests.commercial_partner_id.ids),
                    ("create_date", ">=", since),
                    ("id", "not in", requests.ids),
                ]
            )
            for entity in requests.commercial_partner_id:
                times = [r.create_date for r in recent if r.commercial_partner_id == entity]
                mine = requests.filtered(lambda r, e=entity: r.commercial_partner_id == e)
                for request in mine:
                    if rate_limited(times, now, limit, minutes * 60):
                        raise UserError(
                            self.env._(
                                "You have already asked to be called back %(count)s "
                                "times in the last %(minutes)s minutes: our "
                                "operators will call you as soon as possible.",
                                count=len(times),
                                minutes=minutes,
                            )
                        )
                    times.append(request.create_date or now)

    def _notify_operators(self):
        """Push the request to the helpdesk users of its company."""
        group = self.env.ref("helpdesk_mgmt.group_helpdesk_user_own")
        for company, requests in self.grouped("company_id").items():
            # sudo: a portal user's request notifies internal users it cannot read
            operators = (
                group.sudo()
                .users.filtered(lambda u, c=company: not u.share and c in u.company_ids)
                .sudo()
            )
            # each operator reads the notification in their own language
            for lang, users in operators.grouped("lang").items():
                translated = requests.with_context(lang=lang or self.env.lang)
                for request in translated:
                    users._bus_send(
                        "helpdesk_quota.callback",
                        {
                            "id": request.id,
                            "title": translated.env._("Callback request"),
                            "message": translated.env._(
                                "%(customer)s asks to be called back at %(phone)s.",
                                customer=request.partner_id.display_name,
                                phone=request.phone,
                            ),
                        },
                    )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_open_call_screen(self):
        """The call screen prefilled with the customer and the number."""
        self.ensure_one()
        if self.state != "new":
            raise UserError(
                self.env._(
                    "This request has already been handled by %(user)s.",
                    user=self.user_id.name or "",
                )
            )
        screen = self.env["helpdesk.call.screen"].create(
            {
                "company_id": self.company_id.id,
                "phone": self.phone_normalized or self.phone,
                "query": self.phone_normalized or self.phone,
                "partner_id": self.partner_id.id,
                "callback_id": self.id,
                "outgoing": True,
            }
        )
        self.user_id = self.env.user
        return screen._reopen()

    def action_cancel(self):
        self.write({"state": "cancel"})
        return True
