from collections import Counter, defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    contract_id = fields.Many2one(
        "recurring.contract",
        index="btree_not_null",
        tracking=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('state', '=', 'active'), ('helpdesk_support', '=', True)]",
        help="Chosen automatically when the customer has exactly one active "
        "contract covering support.",
    )
    requester_id = fields.Many2one(
        "res.partner",
        string="Requested By",
        help="The customer's contact who asked; the ticket's customer is the commercial entity.",
    )
    quota_counter_id = fields.Many2one(
        "helpdesk.quota.counter",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    quota_state = fields.Selection(
        [
            ("included", "Included in the contract"),
            ("extra", "Billable extra"),
            ("override", "Accepted by override"),
            ("released", "Given back (cancelled)"),
        ],
        string="Quota",
        readonly=True,
        copy=False,
    )
    quota_extra_id = fields.Many2one(
        "helpdesk.quota.extra", string="Extra to Bill", readonly=True, copy=False
    )
    override_reason = fields.Text(
        copy=False,
        help="Needed to open a ticket for a customer without an active "
        "contract, with overdue invoices or over the quota; it is logged.",
    )
    eligibility_warning = fields.Char(compute="_compute_eligibility_warning")
    time_ids = fields.One2many("helpdesk.ticket.time", "ticket_id", string="Time Spent")
    time_total = fields.Float(string="Hours Spent", compute="_compute_time_total", store=True)
    timer_running = fields.Boolean(compute="_compute_timer_running")
    call_id = fields.Many2one("helpdesk.call", copy=False, readonly=True)

    # ------------------------------------------------------------------
    # computes and constraints
    # ------------------------------------------------------------------
    @api.depends("time_ids.duration")
    def _compute_time_total(self):
        for ticket in self:
            ticket.time_total = sum(ticket.time_ids.mapped("duration"))

    @api.depends("time_ids.date_stop", "time_ids.user_id")
    @api.depends_context("uid")
    def _compute_timer_running(self):
        for ticket in self:
            ticket.timer_running = any(
                not entry.date_stop and entry.user_id.id == self.env.uid
                for entry in ticket.time_ids
            )

    @api.depends("partner_id", "company_id")
    def _compute_eligibility_warning(self):
        todo = self.filtered(lambda t: t.partner_id and not t.id)
        (self - todo).eligibility_warning = False
        for company, tickets in todo.grouped("company_id").items():
            result = tickets.partner_id._helpdesk_eligibility(company=company)
            for ticket in tickets:
                ok, reason, _contracts = result[ticket.partner_id.id]
                ticket.eligibility_warning = False if ok else reason

    @api.constrains("contract_id", "partner_id")
    def _check_contract_customer(self):
        for ticket in self.filtered("contract_id"):
            contract = ticket.contract_id
            if contract.commercial_partner_id != ticket.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: contract %(contract)s belongs to "
                        "%(owner)s, not to the ticket's customer.",
                        ticket=ticket.display_name,
                        contract=contract.name,
                        owner=contract.commercial_partner_id.display_name,
                    )
                )

    @api.onchange("partner_id")
    def _onchange_partner_id_contract(self):
        if self.contract_id and (
            self.contract_id.commercial_partner_id != self.partner_id.commercial_partner_id
        ):
            self.contract_id = False
        if self.partner_id and not self.contract_id:
            result = self.partner_id._helpdesk_eligibility(company=self.company_id)
            contracts = result[self.partner_id.id][2]
            if len(contracts) == 1:
                self.contract_id = contracts

    # ------------------------------------------------------------------
    # creation: eligibility and quota
    # ------------------------------------------------------------------
    def _helpdesk_may_override(self):
        return not self.env.user.share and not self.env.su

    @api.model_create_multi
    def create(self, vals_list):
        enforce = not self.env.su and not self.env.context.get("helpdesk_quota_no_check")
        context = self.env.context
        for vals in vals_list:
            # defaults are applied after this method: take those it needs now
            for key in ("partner_id", "company_id", "contract_id", "override_reason"):
                if key not in vals and context.get(f"default_{key}"):
                    vals[key] = context[f"default_{key}"]
        by_company = defaultdict(set)
        for vals in vals_list:
            if vals.get("partner_id"):
                company_id = vals.get("company_id") or self.env.company.id
                by_company[company_id].add(vals["partner_id"])
        eligibility = {
            company_id: self.env["res.partner"]
            .browse(partner_ids)
            ._helpdesk_eligibility(company=self.env["res.company"].browse(company_id))
            for company_id, partner_ids in by_company.items()
        }
        today = fields.Date.context_today(self)
        # sudo: counters are bookkeeping rows that no user edits directly
        Counter_ = self.env["helpdesk.quota.counter"].sudo()
        for vals in vals_list:
            partner_id = vals.get("partner_id")
            if not partner_id:
                continue
            company_id = vals.get("company_id") or self.env.company.id
            ok, reason, contracts = eligibility[company_id][partner_id]
            if not vals.get("contract_id") and len(contracts) == 1:
                vals["contract_id"] = contracts.id
            override = (vals.get("override_reason") or "").strip()
            if enforce and not ok:
                if not (override and self._helpdesk_may_override()):
                    raise UserError(self._helpdesk_refusal(reason))
            if not vals.get("contract_id") or vals.get("quota_counter_id"):
                continue
            # sudo: portal submissions read their own contract's quota terms
            contract = self.env["recurring.contract"].sudo().browse(vals["contract_id"])
            counter = Counter_._consume(contract, today)
            if counter:
                vals.update(quota_counter_id=counter.id, quota_state="included")
            elif contract.helpdesk_over_quota == "bill":
                vals["quota_state"] = "extra"
            elif override and self._helpdesk_may_override():
                vals["quota_state"] = "override"
            else:
                raise UserError(self._helpdesk_over_quota_message(contract, today))
        tickets = super().create(vals_list)
        tickets._helpdesk_after_create()
        tickets.filtered(lambda t: t.stage_id.helpdesk_quota_release)._helpdesk_release_quota()
        return tickets

    def _helpdesk_refusal(self, reason):
        if self._helpdesk_may_override():
            return self.env._(
                "%(reason)s\nTo open the ticket anyway, write an override reason.",
                reason=reason,
            )
        return reason

    def _helpdesk_over_quota_message(self, contract, day):
        start, end = contract._helpdesk_period(day)
        message = self.env._(
            "Contract %(contract)s includes %(included)s requests from %(start)s "
            "to %(end)s and all of them have been used: no new ticket can be "
            "opened in this period.",
            contract=contract.name,
            included=contract.helpdesk_quota,
            start=format_date(self.env, start),
            end=format_date(self.env, end),
        )
        return self._helpdesk_refusal(message)

    def _helpdesk_after_create(self):
        extras = self.filtered(lambda t: t.quota_state == "extra")
        if extras:
            records = (
                self.env["helpdesk.quota.extra"]
                .sudo()
                .create(
                    # sudo: the extra is created for the customer's submission
                    [
                        {
                            "contract_id": ticket.contract_id.id,
                            "ticket_id": ticket.id,
                            "date": fields.Date.context_today(self),
                            "name": self.env._(
                                "Support request over the quota: %(ticket)s",
                                ticket=ticket.display_name,
                            ),
                            "product_id": ticket.contract_id.type_id.helpdesk_extra_product_id.id,
                            "amount": ticket.contract_id.helpdesk_extra_price,
                        }
                        for ticket in extras
                    ]
                )
            )
            for ticket, extra in zip(extras, records, strict=True):
                # sudo: quota_extra_id is readonly bookkeeping, set by the system
                ticket.sudo().quota_extra_id = extra
        for ticket in self.filtered("override_reason"):
            ticket.message_post(
                body=self.env._(
                    "Opened by %(user)s with an override: %(reason)s",
                    user=self.env.user.name,
                    reason=ticket.override_reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _helpdesk_take_quota(self, today):
        """Count the ticket against its contract's quota again (contract
        changed, or moved out of a cancelled stage)."""
        self.ensure_one()
        values = {"quota_counter_id": False, "quota_state": False}
        if not self.contract_id:
            return values
        if self.stage_id.helpdesk_quota_release:
            values["quota_state"] = "released"
            return values
        # sudo: counters are bookkeeping rows; the contract's quota terms are
        # read whoever links the ticket
        counter = self.env["helpdesk.quota.counter"].sudo()._consume(self.contract_id.sudo(), today)
        if counter:
            values.update(quota_counter_id=counter.id, quota_state="included")
        elif self.contract_id.helpdesk_over_quota == "bill":
            values["quota_state"] = "extra"
        elif self.override_reason and self._helpdesk_may_override():
            values["quota_state"] = "override"
        else:
            raise UserError(self._helpdesk_over_quota_message(self.contract_id, today))
        return values

    def _helpdesk_release_quota(self):
        """The tickets no longer count: their requests go back to the
        counters and their extras not billed yet are dropped."""
        todo = self.filtered(lambda t: t.quota_state and t.quota_state != "released")
        if not todo:
            return
        counts = Counter(ticket.quota_counter_id.id for ticket in todo if ticket.quota_counter_id)
        # sudo: counters and extras are bookkeeping rows that no user edits directly
        if counts:
            self.env["helpdesk.quota.counter"].sudo()._release(counts)
        unbilled = todo.quota_extra_id.filtered(lambda e: e.state == "to_bill")
        super(HelpdeskTicket, todo.sudo()).write(
            {"quota_counter_id": False, "quota_state": "released"}
        )
        # the ticket's quota_extra_id is emptied by the deletion (set null)
        unbilled.sudo().unlink()

    def write(self, vals):
        releasing = retaking = self.browse()
        if "stage_id" in vals:
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.helpdesk_quota_release:
                releasing = self.filtered(lambda t: not t.stage_id.helpdesk_quota_release)
            else:
                retaking = self.filtered(lambda t: t.stage_id.helpdesk_quota_release)
        changed = self.browse()
        if "contract_id" in vals:
            changed = self.filtered(lambda t: t.contract_id.id != vals["contract_id"])
        released = Counter(changed.quota_counter_id.ids)
        result = super().write(vals)
        if released:
            # sudo: counters are bookkeeping rows that no user edits directly
            self.env["helpdesk.quota.counter"].sudo()._release(released)
        # tickets whose contract changed are counted (or not) below
        (releasing - changed)._helpdesk_release_quota()
        today = fields.Date.context_today(self)
        for ticket in changed | retaking:
            super(HelpdeskTicket, ticket).write(ticket._helpdesk_take_quota(today))
        (changed | retaking).filtered(
            lambda t: t.quota_state == "extra" and not t.quota_extra_id
        )._helpdesk_after_create()
        if "stage_id" in vals or "time_ids" in vals:
            self._helpdesk_consume_prepaid_hours()
        return result

    def _helpdesk_consume_prepaid_hours(self):
        """The time of closed tickets draws on their contract's prepaid
        hours; only the time not consumed yet is taken, so closing a ticket
        again consumes nothing more (or only the time added meanwhile)."""
        closed = self.filtered(lambda t: t.closed and t.contract_id and t.time_total > 0)
        if not closed:
            return
        today = fields.Date.context_today(self)
        self.env["recurring.contract"]._consume_prepaid_hours(
            [
                {
                    "contract_id": ticket.contract_id.id,
                    "hours": ticket.time_total,
                    "date": fields.Date.context_today(self, ticket.closed_date)
                    if ticket.closed_date
                    else today,
                    "user_id": (ticket.user_id or self.env.user).id,
                    "source_model": self._name,
                    "source_id": ticket.id,
                    "source_name": self.env._("Ticket %(ticket)s", ticket=ticket.display_name),
                }
                for ticket in closed
            ]
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_release_quota(self):
        counts = Counter(ticket.quota_counter_id.id for ticket in self if ticket.quota_counter_id)
        if counts:
            # sudo: counters are bookkeeping rows that no user edits directly
            self.env["helpdesk.quota.counter"].sudo()._release(counts)
        unbilled = self.quota_extra_id.filtered(lambda e: e.state == "to_bill")
        # sudo: an extra not billed yet goes with its deleted ticket
        unbilled.sudo().unlink()

    # ------------------------------------------------------------------
    # time tracking
    # ------------------------------------------------------------------
    def action_timer_start(self):
        running = self.filtered("timer_running")
        if running:
            raise UserError(
                self.env._(
                    "Your timer is already running on ticket %(ticket)s.",
                    ticket=running[0].display_name,
                )
            )
        now = fields.Datetime.now()
        self.env["helpdesk.ticket.time"].create(
            [
                {"ticket_id": ticket.id, "user_id": self.env.uid, "date_start": now}
                for ticket in self
            ]
        )
        return True

    def action_timer_stop(self):
        logs = self.env["helpdesk.ticket.time"].search(
            [
                ("ticket_id", "in", self.ids),
                ("user_id", "=", self.env.uid),
                ("date_stop", "=", False),
            ]
        )
        if not logs:
            raise UserError(self.env._("No timer of yours is running on these tickets."))
        logs.write({"date_stop": fields.Datetime.now()})
        return True
