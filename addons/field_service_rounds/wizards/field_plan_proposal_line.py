from odoo import fields, models


class FieldPlanProposalLine(models.TransientModel):
    _name = "field.plan.proposal.line"
    _description = "Planning Proposal Line"
    _order = "score desc, id"

    proposal_id = fields.Many2one("field.plan.proposal", required=True, ondelete="cascade")
    intervention_id = fields.Many2one("field.intervention", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="intervention_id.partner_id")
    city = fields.Char(related="intervention_id.city")
    expected_date = fields.Date(related="intervention_id.expected_date")
    mandatory = fields.Boolean(related="intervention_id.mandatory")
    priority = fields.Selection(related="intervention_id.priority")
    geo_state = fields.Selection(related="intervention_id.geo_state")
    score = fields.Float(digits=(12, 2))
    score_detail = fields.Char()
    technician_id = fields.Many2one("field.technician")
    vehicle_id = fields.Many2one("field.vehicle")
    plan_date = fields.Date(string="Date")
    hour = fields.Float(string="Time", default=8.0)
    to_plan = fields.Boolean(string="Plan")
    note = fields.Text()
