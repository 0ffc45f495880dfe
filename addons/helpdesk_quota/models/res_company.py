import logging

import requests

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.calls import pbx_url, valid_phone

_logger = logging.getLogger(__name__)

PBX_TIMEOUT = 10


class ResCompany(models.Model):
    _inherit = "res.company"

    helpdesk_require_contract = fields.Boolean(
        string="Tickets Need an Active Contract",
        default=True,
        help="Portal customers without an active contract covering support cannot submit tickets.",
    )
    helpdesk_overdue_threshold = fields.Monetary(
        string="Overdue Threshold for Tickets",
        currency_field="currency_id",
        default=0.0,
        help="Portal customers whose overdue receivables exceed this amount cannot submit tickets.",
    )
    helpdesk_overdue_message = fields.Text(
        string="What to Tell the Customer",
        translate=True,
        default="I see some overdue invoices: let me put you through to our "
        "accounts office for a moment.",
        help="Shown in red on the call screen when the caller has overdue receivables.",
    )
    helpdesk_support_phone = fields.Char(
        string="Support Phone Number",
        help="Shown to portal customers who cannot ask for a callback; the "
        "company's phone when empty.",
    )
    helpdesk_callback_limit = fields.Integer(
        string="Callback Requests Allowed",
        default=3,
        help="How many callback requests a customer may send within the "
        "window below; 0 means no limit.",
    )
    helpdesk_callback_minutes = fields.Integer(
        string="Callback Window (minutes)",
        default=60,
    )
    helpdesk_pbx_url = fields.Char(
        string="Click-to-Call URL",
        help="The PBX URL that places a call, e.g. "
        "https://pbx.example.com/dial?from={extension}&to={number}: {number} "
        "is the number to call (+39...), {extension} the operator's PBX "
        "extension. Requested with GET.",
    )

    @api.constrains("helpdesk_callback_limit", "helpdesk_callback_minutes")
    def _check_helpdesk_callback_limit(self):
        for company in self:
            if company.helpdesk_callback_limit < 0 or company.helpdesk_callback_minutes < 1:
                raise ValidationError(
                    self.env._(
                        "The callback limit cannot be negative and its window "
                        "must be at least one minute."
                    )
                )

    @api.constrains("helpdesk_pbx_url")
    def _check_helpdesk_pbx_url(self):
        for company in self.filtered("helpdesk_pbx_url"):
            try:
                pbx_url(company.helpdesk_pbx_url, "+390212345678")
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "The click-to-call URL must start with http:// or "
                        "https:// and contain {number}."
                    )
                ) from error

    def _helpdesk_support_phone(self):
        self.ensure_one()
        return self.helpdesk_support_phone or self.phone or ""

    def _helpdesk_pbx_dial(self, number):
        """Ask the PBX to call ``number`` from the current user's extension."""
        self.ensure_one()
        if not self.helpdesk_pbx_url:
            raise UserError(
                self.env._(
                    "Click-to-call is not configured: set the PBX URL in "
                    "Helpdesk > Configuration > Settings."
                )
            )
        normalized = valid_phone(number)
        if not normalized:
            raise UserError(
                self.env._("%(number)s is not a valid phone number.", number=number or "")
            )
        url = pbx_url(self.helpdesk_pbx_url, normalized, self.env.user.helpdesk_pbx_extension)
        try:
            response = requests.get(url, timeout=PBX_TIMEOUT)
            response.raise_for_status()
        except requests.exceptions.Timeout as error:
            raise UserError(
                self.env._(
                    "The PBX did not answer within %(seconds)s seconds: the "
                    "call to %(number)s was not placed.",
                    seconds=PBX_TIMEOUT,
                    number=normalized,
                )
            ) from error
        except requests.exceptions.RequestException as error:
            _logger.info("click-to-call to %s failed: %s", normalized, error)
            raise UserError(
                self.env._(
                    "The PBX refused the call to %(number)s: %(error)s",
                    number=normalized,
                    error=str(error),
                )
            ) from error
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Calling %(number)s...", number=normalized),
                "sticky": False,
            },
        }
