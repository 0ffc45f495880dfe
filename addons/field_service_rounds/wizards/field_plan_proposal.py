from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..tools import calendar_it, geo
from ..tools import schedule as tools_schedule

DEFAULT_START_HOUR = 8.0


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
    line_ids = fields.One2many("field.plan.proposal.line", "proposal_id", string="Proposals")

    def _interventions(self):
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
        return self.env["field.intervention"].search(domain)

    def _plan_date(self, intervention, today, holidays):
        earliest = today + timedelta(days=max(intervention.notice_days, 1))
        day = max(intervention.expected_date or earliest, earliest)
        return tools_schedule.next_working_day(day, holidays)

    def _best_technician(self, intervention, technicians):
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
        self.ensure_one()
        interventions = self._interventions()
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
            total, breakdown = scores[intervention.id]
            commands.append(
                Command.create(
                    {
                        "intervention_id": intervention.id,
                        "score": total,
                        "score_detail": ", ".join(
                            f"{key} {value:g}" for key, value in breakdown.items() if value
                        ),
                        "technician_id": tech.id,
                        "vehicle_id": (intervention.vehicle_id or tech.vehicle_ids[:1]).id,
                        "plan_date": plan_dates[intervention.id],
                        "hour": intervention.hour_from or DEFAULT_START_HOUR,
                        "note": intervention.description,
                    }
                )
            )
        self.line_ids = commands
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Planning Proposal"),
        }

    def action_confirm(self):
        """Plan the ticked lines: technician, date and the calendar event."""
        self.ensure_one()
        lines = self.line_ids.filtered("to_plan")
        if not lines:
            raise UserError(self.env._("Tick at least one intervention to plan."))
        missing = lines.filtered(lambda line: not line.technician_id or not line.plan_date)
        if missing:
            raise UserError(
                self.env._(
                    "Set the technician and the date of %(names)s.",
                    names=", ".join(missing.intervention_id.mapped("name")),
                )
            )
        for line in lines:
            intervention = line.intervention_id
            start = intervention._local_datetime(line.plan_date, line.hour)
            intervention.write(
                {
                    "technician_id": line.technician_id.id,
                    "vehicle_id": line.vehicle_id.id or intervention.vehicle_id.id,
                    "planned_start": start,
                    "planned_stop": start + timedelta(hours=intervention.expected_hours or 1.0),
                }
            )
        lines.intervention_id.action_plan()
        return {
            "type": "ir.actions.act_window",
            "res_model": "field.intervention",
            "view_mode": "list,form,calendar",
            "domain": [("id", "in", lines.intervention_id.ids)],
            "name": self.env._("Planned Interventions"),
        }

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        partner = self.partner_id.commercial_partner_id
        if self.contract_id and self.contract_id.commercial_partner_id != partner:
            self.contract_id = False
