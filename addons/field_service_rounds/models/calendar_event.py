from odoo import api, fields, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    field_intervention_id = fields.Many2one(
        "field.intervention", string="Intervention", index=True, ondelete="set null"
    )

    def write(self, vals):
        result = super().write(vals)
        if not self.env.context.get("fsr_from_intervention") and {
            "start",
            "stop",
            "start_date",
            "stop_date",
            "user_id",
        } & set(vals):
            self._update_interventions()
        return result

    def _update_interventions(self):
        """The event moved in the calendar: move its intervention."""
        events = self.filtered("field_intervention_id")
        technicians = self.env["field.technician"].search([("user_id", "in", events.user_id.ids)])
        by_user = {tech.user_id: tech for tech in technicians}
        for event in events:
            intervention = event.field_intervention_id
            values = {"planned_start": event.start, "planned_stop": event.stop}
            if intervention.round_id and intervention.round_id.date != event.start.date():
                values["round_id"] = False
            technician = by_user.get(event.user_id)
            if technician and technician != intervention.technician_id:
                values["technician_id"] = technician.id
            intervention.with_context(fsr_from_event=True).write(values)

    @api.ondelete(at_uninstall=False)
    def _unplan_interventions(self):
        """The event was deleted in the calendar: the intervention is to plan again."""
        if self.env.context.get("fsr_from_intervention"):
            return
        interventions = self.field_intervention_id.filtered(lambda i: i.state == "planned")
        interventions.with_context(fsr_from_event=True).write(
            {
                "state": "to_plan",
                "planned_start": False,
                "planned_stop": False,
                "round_id": False,
                "calendar_event_id": False,
            }
        )

    def action_open_field_intervention(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "field.intervention",
            "res_id": self.field_intervention_id.id,
            "view_mode": "form",
        }
