from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, html_escape

from ..tools import calendar_it, geo, routing
from ..tools import schedule as tools_schedule

DEFAULT_START_HOUR = 8.0
DEFAULT_DAY_END = 17.0
DEFAULT_TZ = "Europe/Rome"
URGENT = "2"  # priorities from this one up are 'Urgente' in the proposal


class FieldPlanProposal(models.TransientModel):
    _name = "field.plan.proposal"
    _description = "Planning Proposal"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_to = fields.Date(
        string="Extract up to",
        required=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=30),
    )
    partner_id = fields.Many2one("res.partner", string="Customer")
    contract_id = fields.Many2one("recurring.contract")
    technician_id = fields.Many2one(
        "field.technician",
        string="Operator",
        help="Only the interventions assigned or proposed to this technician.",
    )
    zone = fields.Char(help="City or ZIP code (its beginning) of the site.")
    unassigned_only = fields.Boolean(
        string="Not yet assigned", help="Only the interventions with no technician yet."
    )
    near_address = fields.Char(
        string="Near", help="Address geocoded when online; or enter the coordinates."
    )
    near_latitude = fields.Float(digits=(10, 7))
    near_longitude = fields.Float(digits=(10, 7))
    near_radius_km = fields.Float(string="Within (km)", default=20.0)
    line_ids = fields.One2many("field.plan.proposal.line", "proposal_id", string="Proposals")
    waiting_count = fields.Integer(string="Interventions waiting", compute="_compute_summary")
    summary_html = fields.Html(string="Data Summary", compute="_compute_summary", sanitize=False)

    @api.constrains("near_radius_km")
    def _check_near_radius(self):
        for proposal in self:
            if proposal.near_radius_km < 0:
                raise UserError(self.env._("The search radius cannot be negative."))

    # ------------------------------------------------------------ summary
    @api.depends("company_id")
    def _compute_summary(self):
        """'Riepilogo dati': interventions waiting, counted per month."""
        for proposal in self:
            groups = self.env["field.intervention"]._read_group(
                [("company_id", "=", proposal.company_id.id), ("state", "=", "to_plan")],
                ["expected_date:month"],
                ["__count"],
            )
            total = sum(count for _month, count in groups)
            rows = [
                (
                    format_date(self.env, month, date_format="MM/yyyy")
                    if month
                    else self.env._("No date"),
                    count,
                )
                for month, count in sorted(
                    groups, key=lambda group: (not group[0], group[0] or fields.Date.today())
                )
            ]
            period = html_escape(self.env._("Period"))
            number = html_escape(self.env._("No."))
            proposal.waiting_count = total
            proposal.summary_html = (
                '<table class="table table-sm o_fsr_summary"><thead><tr>'
                f'<th>{period}</th><th class="text-end">{number}</th>'
                "</tr></thead><tbody>"
                + "".join(
                    f'<tr><td>{html_escape(label)}</td><td class="text-end">{count}</td></tr>'
                    for label, count in rows
                )
                + "</tbody></table>"
            )

    # ------------------------------------------------------------ extract
    def _domain(self):
        domain = [
            ("company_id", "=", self.company_id.id),
            ("state", "=", "to_plan"),
            "|",
            ("expected_date", "=", False),
            ("expected_date", "<=", self.date_to),
        ]
        if self.partner_id:
            domain.append(("commercial_partner_id", "=", self.partner_id.commercial_partner_id.id))
        if self.contract_id:
            domain.append(("contract_id", "=", self.contract_id.id))
        if self.unassigned_only:
            domain.append(("technician_id", "=", False))
        if self.zone and self.zone.strip():
            zone = self.zone.strip()
            domain += ["|", ("city", "=ilike", zone), ("zip", "=like", f"{zone}%")]
        return domain

    def _near_point(self):
        """(lat, lon) of the 'near' filter, geocoding the address if needed."""
        if self.near_latitude or self.near_longitude:
            return self.near_latitude, self.near_longitude
        if not self.near_address:
            return None
        coords = geo.geocode(self.near_address)
        if not coords:
            raise UserError(
                self.env._(
                    "The address %(address)s could not be geolocated (offline or "
                    "not found): enter the coordinates.",
                    address=self.near_address,
                )
            )
        self.write({"near_latitude": coords[0], "near_longitude": coords[1]})
        return coords

    def _interventions(self):
        """The interventions to propose and, with the 'near' filter, their
        straight distance in km."""
        interventions = self.env["field.intervention"].search(self._domain())
        point = self._near_point()
        if not point:
            return interventions, {}
        points = [
            (i.latitude, i.longitude) if i.geo_state == "located" else None for i in interventions
        ]
        inside = geo.within_radius(points, point[0], point[1], self.near_radius_km)
        distances = {interventions[index].id: metres / 1000.0 for index, metres in inside}
        return interventions.filtered(lambda i: i.id in distances), distances

    def _plan_date(self, intervention, today, holidays):
        earliest = today + timedelta(days=max(intervention.notice_days, 1))
        day = max(intervention.expected_date or earliest, earliest)
        return tools_schedule.next_working_day(day, holidays)

    def _best_technician(self, intervention, technicians):
        if intervention.technician_id:
            return intervention.technician_id
        qualified = technicians.filtered(
            lambda t: (
                intervention.system_type_id <= t.system_type_ids
                and (not intervention.vehicle_id or intervention.vehicle_id in t.vehicle_ids)
                and (intervention.operators < 2 or t.operators >= 2)
            )
        )
        if not qualified:
            return technicians.browse()
        if intervention.geo_state != "located":
            return qualified[:1]
        points = [(t.base_latitude, t.base_longitude) for t in qualified]
        nearest = geo.nearest(points, intervention.latitude, intervention.longitude, 1)
        return qualified[nearest[0][0]]

    def action_compute(self):
        """'Pianifica' / 'Filtra': keep the edits made so far, then propose."""
        self.ensure_one()
        self.line_ids._save_to_interventions()
        interventions, distances = self._interventions()
        today = fields.Date.context_today(self)
        holidays = {}
        for year in (today.year, today.year + 1, self.date_to.year):
            holidays.update(calendar_it.italian_holidays(year))
        plan_dates = {i.id: self._plan_date(i, today, holidays) for i in interventions}
        scores = interventions._scores(plan_dates, today)
        technicians = self.env["field.technician"].search([("company_id", "=", self.company_id.id)])
        commands = [Command.clear()]
        for intervention in interventions:
            tech = self._best_technician(intervention, technicians)
            if self.technician_id and tech != self.technician_id:
                continue
            total, breakdown = scores[intervention.id]
            commands.append(
                Command.create(
                    {
                        "intervention_id": intervention.id,
                        "score": total,
                        "score_detail": ", ".join(
                            f"{key} {value:g}" for key, value in breakdown.items() if value
                        ),
                        "mandatory": intervention.mandatory,
                        "urgent": intervention.priority >= URGENT,
                        "technician_id": tech.id,
                        "vehicle_id": (intervention.vehicle_id or tech.vehicle_ids[:1]).id,
                        "plan_date": plan_dates[intervention.id],
                        "hour": intervention.hour_from or DEFAULT_START_HOUR,
                        "note": intervention.description,
                        "distance_km": distances.get(intervention.id, 0.0),
                    }
                )
            )
        self.line_ids = commands
        return self._reopen()

    def action_reset_filters(self):
        self.ensure_one()
        self.write(
            {
                "partner_id": False,
                "contract_id": False,
                "technician_id": False,
                "zone": False,
                "unassigned_only": False,
                "near_address": False,
                "near_latitude": 0.0,
                "near_longitude": 0.0,
            }
        )
        return self.action_compute()

    def action_save(self):
        """Save 'Tassativo', 'Urgente' and the notes back to the interventions."""
        self.ensure_one()
        self.line_ids._save_to_interventions()
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Planning Proposal"),
            "context": {"dialog_size": "extra-large"},
        }

    # ------------------------------------------------------------ confirm
    def _sequence(self, lines):
        """({line: (start, stop)} in UTC, [(technician, day, day end, last end)]
        of the days that run past the working day): each technician's visits
        of a day one after the other, with travel, from the base or after the
        visits already planned that day; visits to one site back to back."""
        interventions = lines.intervention_id
        days = lines.mapped("plan_date")
        existing = self.env["field.intervention"].search(
            [
                ("technician_id", "in", lines.technician_id.ids),
                ("state", "=", "planned"),
                ("planned_start", "!=", False),
                ("planned_start", "<", datetime.combine(max(days), time()) + timedelta(days=2)),
                ("planned_stop", ">", datetime.combine(min(days), time()) - timedelta(days=1)),
                ("id", "not in", interventions.ids),
            ]
        )
        groups = defaultdict(lambda: self.env["field.plan.proposal.line"])
        for line in lines:
            groups[line.technician_id, line.plan_date] |= line
        result, late = {}, []
        for (tech, day), group in groups.items():
            tz = pytz.timezone(tech.tz or self.env.user.tz or DEFAULT_TZ)

            def local(value, tz=tz):
                return pytz.utc.localize(value).astimezone(tz).replace(tzinfo=None)

            def utc(minutes, tz=tz, day=day):
                naive = datetime.combine(day, time()) + timedelta(minutes=minutes)
                return tz.localize(naive).astimezone(pytz.utc).replace(tzinfo=None)

            start_minute = min(int(round(line.hour * 60)) for line in group)
            start = None
            if tech.base_latitude or tech.base_longitude:
                start = (tech.base_latitude, tech.base_longitude)
            same_day = existing.filtered(
                lambda i, tech=tech, day=day, local=local: (
                    i.technician_id == tech and local(i.planned_start).date() == day
                )
            )
            if same_day:
                last = max(same_day, key=lambda i: i.planned_stop or i.planned_start)
                end = local(last.planned_stop or last.planned_start)
                end_minute = (end - datetime.combine(day, time())) // timedelta(minutes=1)
                if end_minute > start_minute:
                    start_minute = end_minute
                if last.geo_state == "located":
                    start = (last.latitude, last.longitude)
            visits = []
            for line in group:
                intervention = line.intervention_id
                located = intervention.geo_state == "located"
                visits.append(
                    routing.Visit(
                        id=line.id,
                        lat=intervention.latitude if located else None,
                        lon=intervention.longitude if located else None,
                        service_minutes=int(round((intervention.expected_hours or 1.0) * 60)),
                        earliest_minute=int(round(line.hour * 60)),
                        place=(intervention.site_id or intervention.partner_id).id,
                    )
                )
            by_id = {line.id: line for line in group}
            timed_visits = routing.sequence_day(start, visits, start_minute)
            for timed in timed_visits:
                result[by_id[timed.id]] = (utc(timed.start_minute), utc(timed.end_minute))
            day_end = self._day_end_minute(tech, day)
            if timed_visits and timed_visits[-1].end_minute > day_end:
                late.append((tech, day, day_end, timed_visits[-1].end_minute))
        return result, late

    def _day_end_minute(self, tech, day):
        """End of the technician's working day (its calendar), 17:00 without one."""
        hours = [
            a.hour_to
            for a in tech.resource_calendar_id.attendance_ids
            if a.display_type != "line_section"
            and int(a.dayofweek) == day.weekday()
            and (not a.resource_id or a.resource_id == tech.resource_id)
        ]
        return int(round((max(hours) if hours else DEFAULT_DAY_END) * 60))

    def _late_message(self, late):
        def hhmm(minutes):
            days, minutes = divmod(minutes, 1440)
            text = f"{minutes // 60:02d}:{minutes % 60:02d}"
            return text if not days else self.env._("%(time)s (next day)", time=text)

        return "\n".join(
            self.env._(
                "%(tech)s on %(day)s: the visits end at %(end)s, after the working day "
                "(%(day_end)s).",
                tech=tech.name,
                day=format_date(self.env, day),
                end=hhmm(end),
                day_end=hhmm(day_end),
            )
            for tech, day, day_end, end in late
        )

    def action_confirm(self):
        """'Inserisci nelle agende': plan the ticked lines in time, one after
        the other with travel, and create their calendar events."""
        self.ensure_one()
        self.line_ids._save_to_interventions()
        lines = self.line_ids.filtered("to_plan")
        if not lines:
            raise UserError(self.env._("Tick at least one intervention to plan."))
        lines.intervention_id._check_not_blocked()
        missing = lines.filtered(lambda line: not line.technician_id or not line.plan_date)
        if missing:
            raise UserError(
                self.env._(
                    "Set the technician and the date of %(names)s.",
                    names=", ".join(missing.intervention_id.mapped("name")),
                )
            )
        times, late = self._sequence(lines)
        for line in lines:
            intervention = line.intervention_id
            start, stop = times[line]
            intervention.write(
                {
                    "technician_id": line.technician_id.id,
                    "vehicle_id": line.vehicle_id.id or intervention.vehicle_id.id,
                    "planned_start": start,
                    "planned_stop": stop,
                }
            )
        lines.intervention_id.action_plan()
        planned = {
            "type": "ir.actions.act_window",
            "res_model": "field.intervention",
            "view_mode": "list,form,calendar",
            "views": [(False, "list"), (False, "form"), (False, "calendar")],
            "domain": [("id", "in", lines.intervention_id.ids)],
            "name": self.env._("Planned Interventions"),
        }
        if not late:
            return planned
        # planned as asked, but the planner must know the day runs over
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Working day exceeded"),
                "message": self._late_message(late),
                "type": "warning",
                "sticky": True,
                "next": planned,
            },
        }

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        partner = self.partner_id.commercial_partner_id
        if self.contract_id and self.contract_id.commercial_partner_id != partner:
            self.contract_id = False
