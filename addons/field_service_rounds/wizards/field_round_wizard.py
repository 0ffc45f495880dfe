import time as time_module
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..tools import calendar_it, routing
from ..tools.errors import DomainError

DEFAULT_TZ = "Europe/Rome"
# Score points added to every optional intervention's prize: with the solver's
# 1 km per point, an intervention is worth up to this many km of extra driving
# before the score ranks it, so optional interventions are left out only when
# the working time runs short (or they are very far away).
BASE_PRIZE_POINTS = 150.0
# A gap this short between two working windows of a day is a lunch break, not
# a return to base: the round spans it (the solver returns to base between
# separate windows).
LUNCH_BREAK_MINUTES = 90


def _span_breaks(windows, gap=LUNCH_BREAK_MINUTES):
    merged = []
    for start, end in windows:
        if merged and start - merged[-1][1] <= gap:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


class FieldRoundWizard(models.TransientModel):
    _name = "field.round.wizard"
    _description = "Generate Rounds"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self) + timedelta(days=1)
    )
    date_to = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self) + timedelta(days=5)
    )
    technician_ids = fields.Many2many(
        "field.technician",
        string="Technicians",
        default=lambda self: self._default_technicians(),
    )
    intervention_ids = fields.Many2many(
        "field.intervention",
        string="Interventions",
        help="Empty: every intervention to plan expected up to the end date.",
    )
    time_budget = fields.Float(
        string="Solver Time (s)", default=10.0, help="Seconds the route optimiser may use."
    )
    road_factor = fields.Float(default=1.3, help="Road distance = straight distance x this factor.")
    speed_kmh = fields.Float(string="Average Speed (km/h)", default=50.0)
    state = fields.Selection([("draft", "Draft"), ("done", "Computed")], default="draft")
    round_ids = fields.Many2many("field.round", string="Rounds")
    unplanned_ids = fields.One2many("field.round.wizard.unplanned", "wizard_id", string="Left Out")
    feasible = fields.Boolean(readonly=True)
    solve_seconds = fields.Float(string="Computed in (s)", readonly=True)

    @api.model
    def _default_technicians(self):
        """The company's technicians, leaving out crews that share a person
        with a technician already taken (single technicians come first)."""
        technicians = (
            self.env["field.technician"]
            .search([("company_id", "=", self.env.company.id)])
            .sorted(lambda t: (t.operators, t.name))
        )
        chosen, people = self.env["field.technician"], self.env["res.users"]
        for tech in technicians:
            members = tech.user_id | tech.member_user_ids
            if not members & people:
                chosen |= tech
                people |= members
        return chosen

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise UserError(self.env._("The end date comes before the start date."))
            if (wizard.date_to - wizard.date_from).days > 31:
                raise UserError(self.env._("Plan at most 31 days at a time."))

    # ------------------------------------------------------------- inputs
    def _days(self):
        count = (self.date_to - self.date_from).days + 1
        return [self.date_from + timedelta(days=i) for i in range(count)]

    def _holidays(self, days):
        holidays = {}
        for year in {day.year for day in days}:
            holidays.update(calendar_it.italian_holidays(year))
        return holidays

    def _leaves(self, technicians, days):
        """{technician: [(start, end)] naive local} from resource.calendar.leaves."""
        start = datetime.combine(days[0], time()) - timedelta(days=1)
        end = datetime.combine(days[-1], time()) + timedelta(days=2)
        leaves = self.env["resource.calendar.leaves"].search(
            [
                ("date_from", "<", end),
                ("date_to", ">", start),
                "|",
                ("resource_id", "in", technicians.resource_id.ids),
                "&",
                ("resource_id", "=", False),
                ("calendar_id", "in", technicians.resource_calendar_id.ids + [False]),
            ]
        )
        result = {}
        for tech in technicians:
            tz = pytz.timezone(tech.tz or DEFAULT_TZ)
            mine = leaves.filtered(
                lambda leave, tech=tech: (
                    leave.resource_id == tech.resource_id
                    or (
                        not leave.resource_id
                        and leave.calendar_id
                        in (tech.resource_calendar_id, self.env["resource.calendar"])
                        and leave.company_id in (tech.company_id, self.env["res.company"])
                    )
                )
            )
            result[tech] = [
                (
                    pytz.utc.localize(leave.date_from).astimezone(tz).replace(tzinfo=None),
                    pytz.utc.localize(leave.date_to).astimezone(tz).replace(tzinfo=None),
                )
                for leave in mine
            ]
        return result

    def _planned_busy(self, technicians, days):
        """{technician: [(start, end)] naive local} of the interventions already
        planned for it, or for a crew or technician sharing one of its people:
        the rounds fill the time that is still free."""
        start = datetime.combine(days[0], time()) - timedelta(days=1)
        end = datetime.combine(days[-1], time()) + timedelta(days=2)
        planned = self.env["field.intervention"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "planned"),
                ("technician_id", "!=", False),
                ("planned_start", "<", end),
                ("planned_stop", ">", start),
            ]
        )
        result = {}
        for tech in technicians:
            tz = pytz.timezone(tech.tz or DEFAULT_TZ)
            people = tech.user_id | tech.member_user_ids
            mine = planned.filtered(
                lambda i, tech=tech, people=people: (
                    i.technician_id == tech
                    or (i.technician_id.user_id | i.technician_id.member_user_ids) & people
                )
            )
            result[tech] = [
                (
                    pytz.utc.localize(i.planned_start).astimezone(tz).replace(tzinfo=None),
                    pytz.utc.localize(i.planned_stop or i.planned_start + timedelta(hours=1))
                    .astimezone(tz)
                    .replace(tzinfo=None),
                )
                for i in mine
            ]
        return result

    def _technicians(self, days):
        holidays = self._holidays(days)
        leaves = self._leaves(self.technician_ids, days)
        busy = self._planned_busy(self.technician_ids, days)
        result = []
        for tech in self.technician_ids:
            attendances = tech.resource_calendar_id.attendance_ids.filtered(
                lambda a, tech=tech: (
                    a.display_type != "line_section"
                    and (not a.resource_id or a.resource_id == tech.resource_id)
                )
            )
            weekly = [(int(a.dayofweek), a.hour_from, a.hour_to) for a in attendances]
            windows = calendar_it.horizon_windows(days, weekly, leaves[tech], holidays)
            # lunch breaks are spanned, the visits already planned are not
            windows = {
                index: calendar_it.cut_windows(days[index], _span_breaks(spans), busy[tech])
                for index, spans in windows.items()
            }
            windows = {index: spans for index, spans in windows.items() if spans}
            result.append(
                routing.Technician(
                    id=tech.id,
                    lat=tech.base_latitude,
                    lon=tech.base_longitude,
                    skills=frozenset(tech.system_type_ids.ids),
                    vehicles=frozenset(tech.vehicle_ids.ids),
                    windows=windows,
                    operators=tech.operators,
                )
            )
        return result

    def _check_people(self):
        """A person works in one selected technician or crew at a time."""
        seen = {}
        for tech in self.technician_ids:
            for user in tech.user_id | tech.member_user_ids:
                if user in seen:
                    raise UserError(
                        self.env._(
                            "%(user)s belongs to both %(first)s and %(second)s: "
                            "select only one of them for the same rounds.",
                            user=user.name,
                            first=seen[user].name,
                            second=tech.name,
                        )
                    )
                seen[user] = tech

    def _interventions(self):
        if self.intervention_ids:
            return self.intervention_ids.filtered(lambda i: i.state == "to_plan")
        return self.env["field.intervention"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "to_plan"),
                "|",
                ("expected_date", "=", False),
                ("expected_date", "<=", self.date_to),
            ]
        )

    def _jobs(self, interventions, days):
        middle = days[len(days) // 2]
        # the notice is counted from the first day planned when it is past
        today = min(fields.Date.context_today(self), days[0])
        scores = interventions._scores({i.id: middle for i in interventions}, today)
        jobs = []
        for intervention in interventions:
            try:
                prize = BASE_PRIZE_POINTS + scores[intervention.id].total
                jobs.append(intervention._routing_job(days, prize))
            except DomainError as error:
                raise UserError(
                    self.env._(
                        "Intervention %(name)s: %(reason)s",
                        name=intervention.name,
                        reason=self.env._(error.message, **error.params),
                    )
                ) from error
        return jobs

    # ------------------------------------------------------------ compute
    def action_compute(self):
        self.ensure_one()
        if not self.technician_ids:
            raise UserError(self.env._("Choose at least one technician."))
        no_user = self.technician_ids.filtered(lambda t: not t.user_id)
        if no_user:
            raise UserError(
                self.env._(
                    "Technicians %(names)s have no user: their calendar cannot "
                    "receive the interventions.",
                    names=", ".join(no_user.mapped("name")),
                )
            )
        self._check_people()
        days = self._days()
        interventions = self._interventions()
        if not interventions:
            raise UserError(self.env._("There is no intervention to plan in this period."))
        params = routing.Params(
            time_budget=max(self.time_budget, 0.1),
            road_factor=self.road_factor or 1.3,
            speed_kmh=self.speed_kmh or 50.0,
        )
        started = time_module.monotonic()
        try:
            result = routing.plan_rounds(
                self._jobs(interventions, days), self._technicians(days), params
            )
        except DomainError as error:
            raise UserError(self.env._(error.message, **error.params)) from error
        elapsed = time_module.monotonic() - started
        self._stale_rounds(interventions).unlink()
        rounds = self._create_rounds(result, days)
        reasons = {key: self.env._(message) for key, message in routing.REASONS.items()}
        self.write(
            {
                "state": "done",
                "feasible": result.feasible,
                "solve_seconds": round(elapsed, 2),
                "round_ids": [Command.set(rounds.ids)],
                "unplanned_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "intervention_id": item.job_id,
                            "reason": item.reason,
                            "reason_text": reasons[item.reason],
                            "mandatory": item.mandatory,
                        }
                    )
                    for item in result.unplanned
                ],
            }
        )
        return self._reopen()

    def _stale_rounds(self, interventions):
        """Proposed rounds that a new computation replaces: this wizard's, the
        selected technicians' on the planned days and any holding one of the
        interventions planned now (no duplicate proposals are left)."""
        return self.env["field.round"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "draft"),
                "|",
                "|",
                ("id", "in", self.round_ids.ids),
                "&",
                ("technician_id", "in", self.technician_ids.ids),
                "&",
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
                ("stop_ids.intervention_id", "in", interventions.ids),
            ]
        )

    def _create_rounds(self, result, days):
        techs = {t.id: t for t in self.technician_ids}
        values = []
        for rnd in result.rounds:
            tech = techs[rnd.technician_id]
            tz = pytz.timezone(tech.tz or DEFAULT_TZ)
            day = days[rnd.day_index]

            def at(seconds, tz=tz, day=day):
                local = datetime.combine(day, time()) + timedelta(seconds=seconds)
                return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

            values.append(
                {
                    "company_id": self.company_id.id,
                    "technician_id": tech.id,
                    "date": day,
                    "start_datetime": at(rnd.start_sec),
                    "end_datetime": at(rnd.end_sec),
                    "distance_km": rnd.distance_m / 1000.0,
                    "duration_hours": rnd.duration_sec / 3600.0,
                    "stop_ids": [
                        Command.create(
                            {
                                "sequence": index,
                                "intervention_id": stop.job_id,
                                "arrival_datetime": at(stop.arrival_sec),
                                "start_datetime": at(stop.start_sec),
                                "end_datetime": at(stop.end_sec),
                                "travel_km": stop.travel_m / 1000.0,
                                "travel_minutes": round(stop.travel_sec / 60),
                            }
                        )
                        for index, stop in enumerate(rnd.stops, 1)
                    ],
                }
            )
        return self.env["field.round"].create(values)

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Generate Rounds"),
        }

    def action_validate(self):
        self.ensure_one()
        rounds = self.round_ids.filtered(lambda r: r.state == "draft")
        if not rounds:
            raise UserError(self.env._("There is no proposed round to validate."))
        rounds.action_validate()
        return {
            "type": "ir.actions.act_window",
            "res_model": "field.round",
            "view_mode": "list,form",
            "domain": [("id", "in", rounds.ids)],
            "name": self.env._("Validated Rounds"),
        }
