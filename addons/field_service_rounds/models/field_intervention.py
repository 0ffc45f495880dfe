from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date, html_escape

from ..tools import geo, routing, scoring
from ..tools import schedule as tools_schedule

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]
CLOSING_PARTS = [
    ("all_day", "All day"),
    ("morning", "Morning"),
    ("afternoon", "Afternoon"),
]
DEFAULT_TZ = "Europe/Rome"
# fields whose change moves, creates or removes the calendar event
CALENDAR_FIELDS = {"planned_start", "planned_stop", "technician_id", "state", "name"}


class FieldIntervention(models.Model):
    _name = "field.intervention"
    _description = "Field Intervention"
    _inherit = ["mail.thread"]
    _order = "expected_date, priority desc, id"
    _check_company_auto = True

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    contract_id = fields.Many2one(
        "recurring.contract", index=True, check_company=True, tracking=True
    )
    contract_type_id = fields.Many2one(related="contract_id.type_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        compute="_compute_from_contract",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    service_blocked = fields.Boolean(
        string="Blocked (Unpaid)",
        compute="_compute_service_blocked",
        help="The customer's service is suspended for unpaid invoices (payment "
        "reminders): the intervention cannot be planned until they are paid.",
    )
    site_id = fields.Many2one(
        "res.partner",
        compute="_compute_from_contract",
        store=True,
        readonly=False,
        precompute=True,
        help="Where the work is done; the customer's address when empty.",
    )
    address = fields.Char(compute="_compute_address")
    city = fields.Char(compute="_compute_zone", store=True)
    zip = fields.Char(string="ZIP", compute="_compute_zone", store=True)
    phone = fields.Char(compute="_compute_address")
    equipment_ids = fields.Many2many("maintenance.equipment", string="Machines", check_company=True)
    origin = fields.Selection(
        selection=[
            ("contract", "Contract schedule"),
            ("ticket", "Ticket"),
            ("call", "Call"),
            ("one_off", "One-off"),
        ],
        string="Type",
        default="one_off",
        required=True,
        index=True,
    )
    schedule_date = fields.Date(
        copy=False,
        readonly=True,
        help="Technical: the date of the contract schedule this intervention "
        "comes from (one intervention per contract and date).",
    )
    system_type_id = fields.Many2one("field.system.type")
    description = fields.Text(string="Instructions for the Technician")
    expected_date = fields.Date(index=True, tracking=True)
    priority = fields.Selection(
        selection=[
            ("0", "Normal"),
            ("1", "Important"),
            ("2", "Urgent"),
            ("3", "Very urgent"),
        ],
        default="0",
        required=True,
    )
    mandatory = fields.Boolean(help="Mandatory (tassativo): the rounds must always serve it.")
    notice_days = fields.Integer(help="Days of notice the customer needs before a visit.")
    expected_hours = fields.Float(default=1.0)
    operators = fields.Integer(default=1, required=True)
    vehicle_id = fields.Many2one("field.vehicle", string="Vehicle Needed", check_company=True)
    hour_from = fields.Float(string="Preferred From")
    hour_to = fields.Float(string="Preferred To")
    preferred_weekday = fields.Selection(WEEKDAYS)
    closing_weekday = fields.Selection(WEEKDAYS, string="Closing Day")
    closing_part = fields.Selection(CLOSING_PARTS, default="all_day")
    supplier_id = fields.Many2one("res.partner", string="Subcontractor")
    technician_id = fields.Many2one(
        "field.technician", index=True, check_company=True, tracking=True
    )
    technician_user_id = fields.Many2one(related="technician_id.user_id")
    planned_start = fields.Datetime(tracking=True)
    planned_stop = fields.Datetime()
    round_id = fields.Many2one("field.round", index=True, copy=False, ondelete="set null")
    state = fields.Selection(
        selection=[
            ("to_plan", "To Plan"),
            ("planned", "Planned"),
            ("to_invoice", "To Invoice"),
            ("done", "Invoiced / Closed"),
            ("cancelled", "Cancelled"),
        ],
        default="to_plan",
        required=True,
        index=True,
        copy=False,
        tracking=True,
    )
    latitude = fields.Float(
        digits=(10, 7), compute="_compute_coordinates", store=True, readonly=False
    )
    longitude = fields.Float(
        digits=(10, 7), compute="_compute_coordinates", store=True, readonly=False
    )
    geo_state = fields.Selection(
        selection=[("located", "Geolocated"), ("not_located", "Not geolocated")],
        string="Geolocation",
        compute="_compute_geo_state",
        store=True,
    )
    calendar_event_id = fields.Many2one(
        "calendar.event", copy=False, readonly=True, ondelete="set null"
    )
    # closing
    date_done = fields.Datetime(string="Closed On", copy=False)
    actual_hours = fields.Float(copy=False)
    travel_km = fields.Float(string="Travel (km)", copy=False)
    travel_hours = fields.Float(copy=False)
    line_ids = fields.One2many(
        "field.intervention.line", "intervention_id", string="Materials and Billable Lines"
    )
    material_line_ids = fields.One2many(
        "field.intervention.line",
        "intervention_id",
        string="Materials",
        domain=[("line_type", "=", "material")],
    )
    closing_notes = fields.Text(copy=False)
    signature = fields.Binary(string="Customer Signature", copy=False, attachment=True)
    signed_by = fields.Char(copy=False)
    photo_ids = fields.Many2many("ir.attachment", string="Photos", copy=False)
    amount_billable = fields.Monetary(compute="_compute_amount_billable", store=True)
    invoice_id = fields.Many2one("account.move", copy=False, readonly=True)
    color = fields.Integer(related="technician_id.color")

    _sql_constraints = [
        (
            "contract_schedule_uniq",
            "unique(contract_id, schedule_date)",
            "A contract has one scheduled intervention per expected date.",
        ),
    ]

    # ------------------------------------------------------------ computes
    @api.depends("contract_id")
    def _compute_from_contract(self):
        for rec in self:
            contract = rec.contract_id
            if contract:
                rec.partner_id = contract.partner_id
                rec.site_id = contract.site_id or rec.site_id

    @api.depends("site_id.contact_address", "partner_id.contact_address")
    def _compute_address(self):
        for rec in self:
            place = rec.site_id or rec.partner_id
            lines = (place.contact_address or "").splitlines()
            rec.address = ", ".join(line.strip() for line in lines if line.strip())
            rec.phone = place.phone or place.mobile or rec.partner_id.phone

    @api.depends("site_id.city", "partner_id.city", "site_id.zip", "partner_id.zip")
    def _compute_zone(self):
        for rec in self:
            place = rec.site_id or rec.partner_id
            rec.city = place.city
            rec.zip = place.zip

    @api.depends(
        "site_id.partner_latitude",
        "site_id.partner_longitude",
        "partner_id.partner_latitude",
        "partner_id.partner_longitude",
    )
    def _compute_coordinates(self):
        for rec in self:
            place = rec.site_id
            if not (place.partner_latitude or place.partner_longitude):
                place = rec.partner_id
            rec.latitude = place.partner_latitude
            rec.longitude = place.partner_longitude

    @api.depends("latitude", "longitude")
    def _compute_geo_state(self):
        for rec in self:
            located = rec.latitude or rec.longitude
            rec.geo_state = "located" if located else "not_located"

    @api.depends("line_ids.billable", "line_ids.price_subtotal")
    def _compute_amount_billable(self):
        for rec in self:
            rec.amount_billable = sum(rec.line_ids.filtered("billable").mapped("price_subtotal"))

    @api.constrains("planned_start", "planned_stop")
    def _check_planned_dates(self):
        for rec in self:
            if rec.planned_start and rec.planned_stop and rec.planned_stop < rec.planned_start:
                raise ValidationError(
                    self.env._("Intervention %(name)s cannot end before it starts.", name=rec.name)
                )

    @api.constrains("operators", "expected_hours")
    def _check_figures(self):
        for rec in self:
            if rec.operators not in (1, 2) or rec.expected_hours < 0:
                raise ValidationError(
                    self.env._(
                        "Intervention %(name)s: operators must be 1 or 2 and the "
                        "expected hours cannot be negative.",
                        name=rec.name,
                    )
                )

    # ----------------------------------------------------------------- ORM
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("field.intervention")
                    or "/"
                )
        records = super().create(vals_list)
        records.filtered(lambda r: r.state == "planned")._sync_calendar_events()
        return records

    def write(self, vals):
        if "planned_start" in vals and "planned_stop" not in vals and vals["planned_start"]:
            # keep the duration when only the start moves
            if len(self) == 1 and self.planned_start and self.planned_stop:
                start = fields.Datetime.to_datetime(vals["planned_start"])
                vals["planned_stop"] = start + (self.planned_stop - self.planned_start)
        result = super().write(vals)
        if CALENDAR_FIELDS & set(vals) and not self.env.context.get("fsr_from_event"):
            self._sync_calendar_events()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        closed = self.filtered(lambda r: r.state in ("to_invoice", "done"))
        if closed:
            raise UserError(
                self.env._(
                    "Closed interventions cannot be deleted: %(names)s.",
                    names=", ".join(closed.mapped("name")),
                )
            )

    def unlink(self):
        self.calendar_event_id.with_context(fsr_from_intervention=True).unlink()
        return super().unlink()

    # ------------------------------------------------------------ calendar
    def _tz(self):
        return pytz.timezone(self.env.user.tz or DEFAULT_TZ)

    def _event_description(self):
        self.ensure_one()
        base_url = self.get_base_url()
        link = f"{base_url}/odoo/action-field_service_rounds.field_intervention_action/{self.id}"
        rows = [
            (self.env._("Customer"), self.partner_id.display_name),
            (self.env._("Address"), self.address),
            (self.env._("Phone"), self.phone),
            (self.env._("Contract"), self.contract_id.name),
            (self.env._("System Type"), self.system_type_id.name),
            (self.env._("Instructions"), self.description),
        ]
        body = "".join(
            f"<p><b>{html_escape(label)}</b>: {html_escape(value)}</p>"
            for label, value in rows
            if value
        )
        return (
            body
            + f'<p><a href="{html_escape(link)}">'
            + html_escape(self.env._("Open intervention %(name)s", name=self.name))
            + "</a></p>"
        )

    def _event_values(self):
        self.ensure_one()
        partners = self.technician_id._calendar_partners()
        return {
            "name": f"{self.name} - {self.partner_id.display_name}",
            "start": self.planned_start,
            "stop": self.planned_stop or self.planned_start + timedelta(hours=1),
            "allday": False,
            "user_id": (self.technician_id.user_id or self.env.user).id,
            "partner_ids": [Command.set(partners.ids)],
            "location": self.address,
            "description": self._event_description(),
            "field_intervention_id": self.id,
        }

    def _sync_calendar_events(self):
        """One event per planned intervention: create, move or delete it."""
        events = self.env["calendar.event"].with_context(
            fsr_from_intervention=True, no_mail_to_attendees=True
        )
        to_drop = self.filtered(
            lambda r: (
                r.calendar_event_id and (r.state in ("to_plan", "cancelled") or not r.planned_start)
            )
        )
        to_drop.calendar_event_id.with_context(fsr_from_intervention=True).unlink()
        planned = self.filtered(lambda r: r.state == "planned" and r.planned_start)
        create_vals, creating = [], self.browse()
        for rec in planned:
            if rec.calendar_event_id:
                rec.calendar_event_id.with_context(
                    fsr_from_intervention=True, no_mail_to_attendees=True
                ).write(rec._event_values())
            else:
                create_vals.append(rec._event_values())
                creating |= rec
        if create_vals:
            new_events = events.create(create_vals)
            for rec, event in zip(creating, new_events, strict=True):
                rec.with_context(fsr_from_event=True).calendar_event_id = event

    def _compute_service_blocked(self):
        for company, recs in self.grouped("company_id").items():
            status = recs.commercial_partner_id._recurring_followup_status(company=company)
            for rec in recs:
                rec.service_blocked = status.get(rec.commercial_partner_id.id, (False, ""))[0]

    def _check_not_blocked(self):
        blocked = self.filtered("service_blocked")
        if blocked:
            raise UserError(
                self.env._(
                    "The service of %(customers)s is suspended for unpaid invoices: "
                    "%(names)s cannot be planned until they are paid.",
                    customers=", ".join(blocked.commercial_partner_id.mapped("display_name")),
                    names=", ".join(blocked.mapped("name")),
                )
            )

    # ------------------------------------------------------------- actions
    def action_plan(self):
        self._check_not_blocked()
        for rec in self:
            if rec.state not in ("to_plan", "planned"):
                raise UserError(
                    self.env._(
                        "Intervention %(name)s cannot be planned in its state.",
                        name=rec.name,
                    )
                )
            if not rec.technician_id or not rec.planned_start:
                raise UserError(
                    self.env._(
                        "Intervention %(name)s: set the technician and the planned start first.",
                        name=rec.name,
                    )
                )
        for rec in self.filtered(lambda r: not r.planned_stop):
            rec.planned_stop = rec.planned_start + timedelta(hours=rec.expected_hours or 1.0)
        to_notify = self.filtered(lambda r: r.state == "to_plan")
        self.write({"state": "planned"})
        to_notify._notify_supplier()
        return True

    def _notify_supplier(self):
        """Send the subcontractor the contract's e-mail text, when asked to."""
        for rec in self:
            contract = rec.contract_id
            if not (rec.supplier_id and contract.intervention_send_supplier_mail):
                continue
            rec.message_post(
                body=contract.intervention_supplier_mail_text
                or self.env._("Intervention %(name)s is planned.", name=rec.name),
                subject=self.env._("Intervention %(name)s", name=rec.name),
                partner_ids=rec.supplier_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def action_unplan(self):
        if self.filtered(lambda r: r.state != "planned"):
            raise UserError(self.env._("Only planned interventions can be unplanned."))
        self.write(
            {"state": "to_plan", "planned_start": False, "planned_stop": False, "round_id": False}
        )
        return True

    def action_cancel(self):
        if self.filtered(lambda r: r.state in ("to_invoice", "done")):
            raise UserError(self.env._("Closed interventions cannot be cancelled."))
        self.write({"state": "cancelled", "round_id": False})
        return True

    def action_reset(self):
        if self.filtered(lambda r: r.state != "cancelled"):
            raise UserError(self.env._("Only cancelled interventions can be reset."))
        self.write({"state": "to_plan", "planned_start": False, "planned_stop": False})
        return True

    def action_open_closing(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close Intervention"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (self.env.ref("field_service_rounds.field_intervention_view_form_close").id, "form")
            ],
            "target": "current",
        }

    def action_close(self):
        """Record the closing and turn what the contract excludes into billable lines."""
        for rec in self:
            if rec.state not in ("to_plan", "planned"):
                raise UserError(
                    self.env._(
                        "Intervention %(name)s is already closed or cancelled.",
                        name=rec.name,
                    )
                )
            if rec.actual_hours <= 0:
                raise UserError(
                    self.env._(
                        "Intervention %(name)s: enter the actual hours before closing.",
                        name=rec.name,
                    )
                )
        line_model = self.env["field.intervention.line"]
        line_model.create([vals for rec in self for vals in rec._billable_line_values()])
        for rec in self:
            rec._mark_material_billable()
        now = fields.Datetime.now()
        for rec in self:
            billable = rec.amount_billable or rec.line_ids.filtered("billable")
            state = "to_invoice" if billable else "done"
            rec.write({"state": state, "date_done": rec.date_done or now})
        self._consume_prepaid_hours()
        return True

    def _prepaid_hours_contract(self):
        """Whether the intervention's labour hours draw on its contract's
        prepaid hours instead of being billed as a labour line."""
        self.ensure_one()
        # sudo: the technician closing the intervention may not read contract blocks
        blocks = self.contract_id.sudo().hour_block_ids
        return bool(blocks.filtered(lambda b: b.state == "active"))

    def _consume_prepaid_hours(self):
        """The labour hours of closed interventions draw on their contract's
        prepaid hours (once per intervention: recording it again takes only
        what was not taken yet)."""
        todo = self.filtered(lambda r: r.contract_id and r._prepaid_hours_contract())
        values_list = []
        for rec in todo:
            hours = rec._labour_hours()
            if hours > 0:
                values_list.append(
                    {
                        "contract_id": rec.contract_id.id,
                        "hours": hours,
                        "date": fields.Date.context_today(rec, rec.date_done)
                        if rec.date_done
                        else fields.Date.context_today(rec),
                        "user_id": (rec.technician_id.user_id or self.env.user).id,
                        "source_model": self._name,
                        "source_id": rec.id,
                        "source_name": self.env._("Intervention %(name)s", name=rec.name),
                    }
                )
        self.env["recurring.contract"]._consume_prepaid_hours(values_list)

    def _on_call_fee(self):
        """Whether the closing bills the contract's call-right fee."""
        self.ensure_one()
        return self.origin != "contract" and bool(self.contract_id.call_fee_amount)

    def _labour_hours(self):
        """Worked hours not covered by the call-right fee."""
        self.ensure_one()
        if self._on_call_fee():
            return max(0.0, self.actual_hours - self.contract_id.call_fee_hours)
        return self.actual_hours

    def _excluded(self):
        """(labour, travel, materials) billed apart for this intervention."""
        self.ensure_one()
        contract = self.contract_id
        if not contract:
            return True, True, True
        return contract.exclude_labour, contract.exclude_travel, contract.exclude_materials

    def _mark_material_billable(self):
        materials = self.line_ids.filtered(lambda line: line.line_type == "material")
        materials.write({"billable": self._excluded()[2]})

    def _billable_line_values(self):
        """Labour, travel and call-right fee lines of the closing."""
        self.ensure_one()
        labour, travel, _materials = self._excluded()
        contract = self.contract_id
        products = {
            key: self.env.ref(f"field_service_rounds.product_{key}")
            for key in ("labour", "travel", "call_fee")
        }
        values = []
        if self._on_call_fee():
            values.append(
                {
                    "intervention_id": self.id,
                    "line_type": "call_fee",
                    "product_id": products["call_fee"].id,
                    "name": self.env._("Call-right fee"),
                    "quantity": 1.0,
                    "price_unit": contract.call_fee_amount,
                    "billable": True,
                }
            )
        hours = self._labour_hours()
        # on a contract with prepaid hours, labour draws on them instead
        if labour and hours and not self._prepaid_hours_contract():
            values.append(
                {
                    "intervention_id": self.id,
                    "line_type": "labour",
                    "product_id": products["labour"].id,
                    "name": self.env._("Labour"),
                    "quantity": hours,
                    "price_unit": products["labour"].lst_price,
                    "billable": True,
                }
            )
        if travel and self.travel_km:
            values.append(
                {
                    "intervention_id": self.id,
                    "line_type": "travel",
                    "product_id": products["travel"].id,
                    "name": self.env._("Travel (km)"),
                    "quantity": self.travel_km,
                    "price_unit": products["travel"].lst_price,
                    "billable": True,
                }
            )
        return values

    def action_geolocate(self):
        """Geocode the site address (online only); otherwise keep 'not geolocated'."""
        located = self.browse()
        for rec in self:
            place = rec.site_id or rec.partner_id
            coords = geo.geocode(rec.address or place.display_name)
            if coords:
                rec.write({"latitude": coords[0], "longitude": coords[1]})
                place.write({"partner_latitude": coords[0], "partner_longitude": coords[1]})
                located |= rec
        missing = self - located
        message = (
            self.env._("Geolocated.")
            if not missing
            else self.env._(
                "Could not geolocate %(names)s (offline or address not found): "
                "enter the coordinates by hand.",
                names=", ".join(missing.mapped("name")),
            )
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": "warning" if missing else "success"},
        }

    def action_view_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.calendar_event_id.id,
            "view_mode": "form",
        }

    @api.model
    def action_update_schedule(self):
        """'Update schedule from contracts' for all contracts."""
        self.env["recurring.contract"]._cron_update_interventions()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._("Schedule updated from the contracts."),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------- helpers
    def _local_datetime(self, day, hour, tz=None):
        """UTC naive datetime of ``hour`` (float) local time on ``day``."""
        tz = tz or self._tz()
        local = datetime.combine(day, time()) + timedelta(hours=hour)
        return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    # ------------------------------------------------------------- scoring
    def _unpaid_items(self):
        """Customer reliability: overdue receivables as a count of 'items'.

        contract_recurring gives the overdue amount per commercial partner;
        each started 1,000 of it counts as one unpaid item (0 when nothing is
        overdue), which lowers the reliability term of the score.
        """
        partners = self.commercial_partner_id
        if not partners:
            return {}
        amounts = partners._recurring_overdue_amounts(company=self.env.company)
        return {
            pid: (0 if amount <= 0 else 1 + int(amount // 1000)) for pid, amount in amounts.items()
        }

    def _scores(self, plan_dates, today=None):
        """{intervention id: tools.scoring.Score} for a plan date per id."""
        today = today or fields.Date.context_today(self)
        unpaid = self._unpaid_items()
        result = {}
        for rec in self:
            facts = scoring.InterventionFacts(
                customer_importance=int(rec.commercial_partner_id.field_importance or 0),
                priority=int(rec.priority or 0),
                contract_priority=int(rec.contract_id.priority or 0),
                mandatory=rec.mandatory,
                expected_date=rec.expected_date or None,
                notice_days=max(rec.notice_days, 0),
                unpaid_items=unpaid.get(rec.commercial_partner_id.id, 0),
            )
            result[rec.id] = scoring.score(facts, plan_dates[rec.id], today)
        return result

    def _routing_job(self, days, prize):
        """This intervention as a ``tools.routing.Job`` over the horizon ``days``."""
        self.ensure_one()
        windows = tools_schedule.job_windows(
            days,
            self.hour_from or None,
            self.hour_to or None,
            int(self.preferred_weekday) if self.preferred_weekday else None,
            int(self.closing_weekday) if self.closing_weekday else None,
            self.closing_part or "all_day",
        )
        located = self.geo_state == "located"
        return routing.Job(
            id=self.id,
            lat=self.latitude if located else None,
            lon=self.longitude if located else None,
            service_minutes=int(round((self.expected_hours or 0.0) * 60)),
            windows=windows,
            required_skills=frozenset(self.system_type_id.ids),
            needs_vehicle=self.vehicle_id.id or None,
            operators=self.operators,
            mandatory=self.mandatory,
            prize=prize,
        )

    # ------------------------------------------------------------------
    # billing (through contract_recurring's invoice builder)
    # ------------------------------------------------------------------
    def _invoice_group_key(self):
        """Interventions with the same key are billed on one invoice: those of
        contracts that would share one, else those of one customer."""
        contract = self.contract_id
        if contract:
            return ("contract", *contract._invoice_group_key())
        return ("partner", self.partner_id.commercial_partner_id.id)

    def _invoice_section_name(self):
        day = self.date_done or self.planned_start
        return self.env._(
            "Intervention %(name)s of %(date)s",
            name=self.name,
            date=format_date(self.env, day.date()) if day else "",
        )

    def _create_invoices(self, invoice_date, journal):
        """Bill these interventions (to invoice): one customer invoice per
        recipient, their billable lines not yet billed, a section each."""
        wrong = self.filtered(lambda i: i.state != "to_invoice")
        if wrong or not self:
            raise UserError(
                self.env._(
                    "Only interventions to invoice can be billed (%(names)s).",
                    names=", ".join(wrong.mapped("name")) or "-",
                )
            )
        builder = self.env["recurring.invoice.builder"]
        groups = {}
        for intervention in self:
            key = intervention._invoice_group_key()
            groups[key] = groups.get(key, self.browse()) | intervention
        fiscal_positions, values_list, billed_lines = {}, [], []
        for interventions in groups.values():
            contracts = interventions.contract_id
            partner = interventions[:1].partner_id
            fiscal_position = builder._fiscal_position(
                contracts, partner=partner, company=journal.company_id, cache=fiscal_positions
            )
            lines, billed = [], self.env["field.intervention.line"]
            for intervention in interventions:
                lines.append(
                    {"display_type": "line_section", "name": intervention._invoice_section_name()}
                )
                moment = intervention.date_done or intervention.planned_start
                day = moment.date() if moment else False
                for line in intervention.line_ids.filtered(
                    lambda item: item.billable and not item.invoice_line_id
                ):
                    lines.append(
                        builder._line_values(
                            intervention.contract_id,
                            fiscal_position,
                            product=line.product_id,
                            name=line.name,
                            price_unit=line.price_unit,
                            quantity=line.quantity,
                            start=day,
                            end=day,
                        )
                    )
                    billed |= line
            values_list.append(
                builder._invoice_values(
                    contracts,
                    lines,
                    partner=partner,
                    company=journal.company_id,
                    invoice_date=invoice_date,
                    journal=journal,
                    fiscal_position=fiscal_position,
                    origin=", ".join(interventions.mapped("name")),
                )
            )
            billed_lines.append((interventions, billed))
        moves = builder._create_invoices(
            values_list,
            sources=[
                self.env._(
                    "Created from interventions %(names)s.", names=", ".join(items.mapped("name"))
                )
                for items, _billed in billed_lines
            ],
        )
        for move, (interventions, billed) in zip(moves, billed_lines, strict=True):
            product_lines = move.invoice_line_ids.filtered(lambda ml: ml.display_type == "product")
            for line, move_line in zip(billed, product_lines, strict=True):
                line.invoice_line_id = move_line
            interventions.write({"state": "done", "invoice_id": move.id})
        return moves
