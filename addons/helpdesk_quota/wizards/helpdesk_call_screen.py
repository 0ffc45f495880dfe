from odoo import Command, api, fields, models

from ..tools.quota import normalize_phone


class HelpdeskCallScreen(models.TransientModel):
    """The operator's screen for an incoming call: who is calling, what their
    contracts include, what they used, what they owe; log the call or open a
    ticket from it."""

    _name = "helpdesk.call.screen"
    _description = "Incoming Call Screen"

    query = fields.Char(string="Phone or Name")
    phone = fields.Char(string="Caller Number")
    candidate_ids = fields.Many2many(
        "res.partner", string="Matching Contacts", compute="_compute_candidate_ids"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    partner_street = fields.Char(related="partner_id.commercial_partner_id.street")
    partner_city = fields.Char(related="partner_id.commercial_partner_id.city")
    partner_phone = fields.Char(related="partner_id.phone")
    partner_mobile = fields.Char(related="partner_id.mobile")
    partner_email = fields.Char(related="partner_id.email")
    partner_vat = fields.Char(related="partner_id.commercial_partner_id.vat")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    contract_ids = fields.Many2many(
        "recurring.contract", string="Active Contracts", compute="_compute_customer_data"
    )
    open_ticket_ids = fields.Many2many(
        "helpdesk.ticket", string="Open Tickets", compute="_compute_customer_data"
    )
    tickets_used = fields.Integer(
        string="Requests Used This Period", compute="_compute_customer_data"
    )
    tickets_available = fields.Char(
        string="Requests Available This Period", compute="_compute_customer_data"
    )
    overdue_amount = fields.Monetary(compute="_compute_customer_data")
    overdue_warning = fields.Boolean(compute="_compute_customer_data")
    overdue_message = fields.Text(
        string="What to Tell the Customer", compute="_compute_customer_data"
    )
    followup_level_name = fields.Char(
        string="Payment Reminder Level", compute="_compute_customer_data"
    )
    service_suspended = fields.Boolean(compute="_compute_customer_data")
    eligibility_message = fields.Char(compute="_compute_customer_data")
    responsible_id = fields.Many2one(
        "res.users", string="Internal Responsible", compute="_compute_customer_data"
    )
    prepaid_hours_ordered = fields.Float(
        string="Ordered Prepaid Hours", compute="_compute_prepaid_hours", digits=(16, 2)
    )
    prepaid_hours_used = fields.Float(
        string="Used Prepaid Hours", compute="_compute_prepaid_hours", digits=(16, 2)
    )
    prepaid_hours_remaining = fields.Float(
        string="Prepaid Hours Left", compute="_compute_prepaid_hours", digits=(16, 2)
    )
    # the call being logged
    date_start = fields.Datetime(string="Call Started", required=True, default=fields.Datetime.now)
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
    call_back_date = fields.Datetime(string="Call Back At")
    call_id = fields.Many2one("helpdesk.call", string="Logged Call", readonly=True)
    call_date_end = fields.Datetime(related="call_id.date_end", string="Call Ended")
    operator_instructions = fields.Text(
        related="partner_id.commercial_partner_id.helpdesk_operator_instructions",
        string="Instructions for the Operator",
    )
    outgoing = fields.Boolean(readonly=True)
    callback_id = fields.Many2one(
        "helpdesk.callback.request", string="Callback Request", readonly=True
    )

    @api.depends("partner_id", "phone", "query")
    def _compute_display_name(self):
        for screen in self:
            who = screen.partner_id.display_name or screen.phone or screen.query
            screen.display_name = (
                self.env._("Call: %(who)s", who=who) if who else self.env._("Incoming Call")
            )

    @api.depends("query", "phone")
    def _compute_candidate_ids(self):
        Partner = self.env["res.partner"]
        for screen in self:
            screen.candidate_ids = Partner._helpdesk_find_callers(screen.query or screen.phone)

    @api.depends("query", "phone")
    def _compute_partner_id(self):
        for screen in self:
            candidates = screen.candidate_ids
            if not (screen.query or screen.phone) or screen.partner_id in candidates:
                screen.partner_id = screen.partner_id
            elif len(candidates.commercial_partner_id) == 1:
                screen.partner_id = candidates[0]
            else:
                screen.partner_id = False

    @api.depends("partner_id", "company_id")
    def _compute_customer_data(self):
        Contract = self.env["recurring.contract"]
        Ticket = self.env["helpdesk.ticket"]
        partners = self.partner_id
        eligibility = {}
        for company, screens in self.grouped("company_id").items():
            eligibility[company.id] = screens.partner_id._helpdesk_eligibility(company=company)
        commercial = partners.commercial_partner_id
        overdue = {}
        followup = {}
        for company, screens in self.grouped("company_id").items():
            entities = screens.partner_id.commercial_partner_id
            followup.update(
                {
                    (company.id, key): value
                    for key, value in entities._recurring_followup_status(company=company).items()
                }
            )
            overdue.update(
                {
                    (company.id, key): value
                    for key, value in entities._recurring_overdue_amounts(company=company).items()
                }
            )
        open_tickets = Ticket.search(
            [("commercial_partner_id", "in", commercial.ids), ("closed", "=", False)]
        )
        for screen in self:
            entity = screen.partner_id.commercial_partner_id
            empty = not entity
            ok, reason, contracts = (
                (True, "", Contract)
                if empty
                else eligibility[screen.company_id.id][screen.partner_id.id]
            )
            contracts = Contract.browse(contracts.ids)
            screen.contract_ids = [Command.set(contracts.ids)]
            mine = open_tickets.filtered(lambda t, e=entity: t.commercial_partner_id == e)
            screen.open_ticket_ids = [Command.set(mine.ids)]
            used = sum(contracts.mapped("helpdesk_quota_used"))
            screen.tickets_used = used
            if not contracts:
                screen.tickets_available = self.env._("No active contract")
            elif any(c.helpdesk_quota_available < 0 for c in contracts):
                screen.tickets_available = self.env._("Unlimited")
            else:
                screen.tickets_available = str(sum(contracts.mapped("helpdesk_quota_available")))
            amount = overdue.get((screen.company_id.id, entity.id), 0.0)
            screen.overdue_amount = amount
            screen.overdue_warning = amount > 0
            screen.overdue_message = (
                screen.company_id.helpdesk_overdue_message if amount > 0 else False
            )
            suspended, level = followup.get((screen.company_id.id, entity.id), (False, ""))
            screen.service_suspended = suspended
            screen.followup_level_name = level or False
            screen.eligibility_message = False if ok else reason
            screen.responsible_id = contracts[:1].user_id or entity.user_id

    @api.depends("contract_ids")
    def _compute_prepaid_hours(self):
        """Ordered / used / left prepaid hours of the customer's active contracts."""
        for screen in self:
            contracts = screen.contract_ids
            screen.prepaid_hours_ordered = sum(contracts.mapped("prepaid_hours_ordered"))
            screen.prepaid_hours_used = sum(contracts.mapped("prepaid_hours_used"))
            screen.prepaid_hours_remaining = sum(contracts.mapped("prepaid_hours_remaining"))

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
            "name": self.display_name,
            "context": {"form_view_initial_mode": "edit"},
        }

    def action_search(self):
        """Saving the screen recomputes the matches: stay on it (a new
        action would stack the same screen in the breadcrumb)."""
        self.ensure_one()
        return True

    def action_pbx_call(self):
        """Click-to-call the caller's number (or the customer's)."""
        self.ensure_one()
        number = (
            self.phone
            or (self.query if normalize_phone(self.query) else False)
            or self.partner_id.phone
            or self.partner_id.mobile
        )
        return self.company_id._helpdesk_pbx_dial(number)

    def _call_values(self):
        return {
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "phone": self.phone or (self.query if normalize_phone(self.query) else False),
            "caller_name": self.caller_name,
            "reason": self.reason,
            "recipient_id": self.recipient_id.id,
            "passed": self.passed,
            "handled": self.handled,
            "call_back": self.call_back,
            "call_back_date": self.call_back_date,
            "outgoing": self.outgoing,
            "callback_id": self.callback_id.id,
            "date_start": self.date_start,
            "date_end": fields.Datetime.now(),
        }

    def _log_call(self):
        self.ensure_one()
        if not self.call_id:
            self.call_id = self.env["helpdesk.call"].create(self._call_values())
        return self.call_id

    def action_log_call(self):
        call = self._log_call()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.call",
            "res_id": call.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_open_ticket(self):
        call = self._log_call()
        contracts = self.contract_ids
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "view_mode": "form",
            "target": "current",
            "name": self.env._("New Ticket"),
            "context": {
                "default_partner_id": self.partner_id.commercial_partner_id.id,
                "default_requester_id": self.partner_id.id,
                "default_partner_name": self.caller_name or self.partner_id.name,
                "default_partner_email": self.partner_id.email,
                "default_contract_id": contracts.id if len(contracts) == 1 else False,
                "default_call_id": call.id,
                "default_name": (self.reason or "").split("\n")[0][:80] or False,
                "default_description": self.reason or False,
                "default_channel_id": self.env.ref(
                    "helpdesk_mgmt.helpdesk_ticket_channel_phone", False
                ).id,
            },
        }
