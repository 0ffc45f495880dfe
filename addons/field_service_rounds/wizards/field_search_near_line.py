from odoo import fields, models


class FieldSearchNearLine(models.TransientModel):
    _name = "field.search.near.line"
    _description = "Intervention Near a Point"
    _order = "sequence, id"

    search_id = fields.Many2one("field.search.near", required=True, ondelete="cascade")
    sequence = fields.Integer()
    intervention_id = fields.Many2one("field.intervention", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="intervention_id.partner_id")
    address = fields.Char(related="intervention_id.address")
    expected_date = fields.Date(related="intervention_id.expected_date")
    state = fields.Selection(related="intervention_id.state")
    distance_km = fields.Float(string="Distance (km)", digits=(12, 2))
