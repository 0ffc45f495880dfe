from odoo import fields, models

URGENT = "2"


class FieldPlanProposalLine(models.TransientModel):
    _name = "field.plan.proposal.line"
    _description = "Planning Proposal Line"
    _order = "score desc, id"

    proposal_id = fields.Many2one("field.plan.proposal", required=True, ondelete="cascade")
    intervention_id = fields.Many2one("field.intervention", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="intervention_id.partner_id")
    contract_id = fields.Many2one(related="intervention_id.contract_id")
    city = fields.Char(related="intervention_id.city")
    expected_date = fields.Date(related="intervention_id.expected_date")
    geo_state = fields.Selection(related="intervention_id.geo_state")
    service_blocked = fields.Boolean(related="intervention_id.service_blocked")
    mandatory = fields.Boolean(help="Tassativo: saved on the intervention.")
    urgent = fields.Boolean(help="Urgente: saved on the intervention as its priority.")
    score = fields.Float(digits=(12, 2))
    score_detail = fields.Char()
    technician_id = fields.Many2one("field.technician", string="Operator")
    vehicle_id = fields.Many2one("field.vehicle")
    plan_date = fields.Date(string="Date")
    hour = fields.Float(
        string="Not Before",
        default=8.0,
        help="The visit starts at this time or later: the visits of a technician's "
        "day are put one after the other with the travel between them.",
    )
    to_plan = fields.Boolean(string="Plan")
    note = fields.Text(help="Saved on the intervention as the instructions for the technician.")
    distance_km = fields.Float(string="Distance (km)", digits=(12, 1))

    def _save_to_interventions(self):
        """Write 'Tassativo', 'Urgente' and the note back where they changed."""
        for line in self:
            intervention = line.intervention_id
            values = {}
            if line.mandatory != intervention.mandatory:
                values["mandatory"] = line.mandatory
            is_urgent = intervention.priority >= URGENT
            if line.urgent and not is_urgent:
                values["priority"] = URGENT
            elif not line.urgent and is_urgent:
                values["priority"] = "0"
            if (line.note or False) != (intervention.description or False):
                values["description"] = line.note
            if values:
                intervention.write(values)
