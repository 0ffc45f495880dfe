from urllib.parse import urlencode

from odoo import api, fields, models

from .field_round import OSM_DIRECTIONS, _point


class FieldRoundStop(models.Model):
    _name = "field.round.stop"
    _description = "Round Stop"
    _order = "round_id, sequence, id"

    round_id = fields.Many2one("field.round", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="round_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    intervention_id = fields.Many2one("field.intervention", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="intervention_id.partner_id")
    address = fields.Char(related="intervention_id.address")
    phone = fields.Char(related="intervention_id.phone")
    arrival_datetime = fields.Datetime(string="Arrival")
    start_datetime = fields.Datetime(string="Start")
    end_datetime = fields.Datetime(string="End")
    travel_km = fields.Float(string="Travel (km)", digits=(12, 1))
    travel_minutes = fields.Integer()
    directions_url = fields.Char(
        string="Directions",
        compute="_compute_directions_url",
        help="OpenStreetMap directions from the previous stop (or the base).",
    )

    @api.depends("round_id.stop_ids", "intervention_id.latitude", "intervention_id.longitude")
    def _compute_directions_url(self):
        for stop in self:
            stops = stop.round_id.stop_ids.sorted("sequence")
            tech = stop.round_id.technician_id
            previous = (tech.base_latitude, tech.base_longitude)
            for other in stops:
                if other == stop:
                    break
                previous = (other.intervention_id.latitude, other.intervention_id.longitude)
            here = (stop.intervention_id.latitude, stop.intervention_id.longitude)
            route = f"{_point(*previous)};{_point(*here)}"
            query = urlencode({"engine": "fossgis_osrm_car", "route": route})
            stop.directions_url = f"{OSM_DIRECTIONS}?{query}"
