import json
from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.exceptions import UserError

OSRM_MAP = "https://map.project-osrm.org/"
OSM_DIRECTIONS = "https://www.openstreetmap.org/directions"


def _point(lat, lon):
    return f"{lat:.6f},{lon:.6f}"


class FieldRound(models.Model):
    _name = "field.round"
    _description = "Technician's Round"
    _inherit = ["mail.thread"]
    _order = "date desc, technician_id, id"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    technician_id = fields.Many2one(
        "field.technician", required=True, index=True, check_company=True
    )
    technician_user_id = fields.Many2one(related="technician_id.user_id")
    date = fields.Date(required=True, index=True)
    state = fields.Selection(
        selection=[("draft", "Proposed"), ("validated", "Validated"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
    )
    stop_ids = fields.One2many("field.round.stop", "round_id", string="Stops")
    stop_count = fields.Integer(compute="_compute_stop_count")
    start_datetime = fields.Datetime(string="Leaves Base At")
    end_datetime = fields.Datetime(string="Back at Base At")
    distance_km = fields.Float(string="Distance (km)", digits=(12, 1))
    duration_hours = fields.Float(string="Duration (hours)")
    navigation_url = fields.Char(
        string="Navigation Link",
        compute="_compute_navigation_url",
        help="OpenStreetMap (OSRM) route through the stops in order, from and "
        "back to the technician's base.",
    )

    map_data = fields.Text(
        compute="_compute_navigation_url",
        help="Technical: base and stops (JSON) for the map widget.",
    )

    @api.depends("stop_ids")
    def _compute_stop_count(self):
        for rnd in self:
            rnd.stop_count = len(rnd.stop_ids)

    @api.depends(
        "stop_ids.sequence",
        "stop_ids.intervention_id.latitude",
        "technician_id.base_latitude",
        "technician_id.base_longitude",
        "company_id.field_map_tile_url",
        "company_id.field_map_tile_attribution",
    )
    def _compute_navigation_url(self):
        for rnd in self:
            tech = rnd.technician_id
            base = _point(tech.base_latitude, tech.base_longitude)
            points = [base]
            points += [
                _point(stop.intervention_id.latitude, stop.intervention_id.longitude)
                for stop in rnd.stop_ids.sorted("sequence")
            ]
            points.append(base)
            query = urlencode([("loc", p) for p in points] + [("srv", "0")])
            rnd.navigation_url = f"{OSRM_MAP}?{query}" if rnd.stop_ids else False
            stops = rnd.stop_ids.sorted("sequence")
            rnd.map_data = json.dumps(
                {
                    "base": [tech.base_latitude, tech.base_longitude],
                    # the company's tile server (empty: no background map)
                    "tiles": rnd.company_id.field_map_tile_url or "",
                    "attribution": rnd.company_id.field_map_tile_attribution or "",
                    "stops": [
                        {
                            "lat": stop.intervention_id.latitude,
                            "lon": stop.intervention_id.longitude,
                            "label": stop.partner_id.display_name or "",
                        }
                        for stop in stops
                    ],
                }
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("field.round") or "/"
        return super().create(vals_list)

    def action_validate(self):
        """Plan the stops' interventions: one calendar event each."""
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(self.env._("Only proposed rounds can be validated."))
        for rnd in self:
            busy = rnd.stop_ids.intervention_id.filtered(
                lambda i: i.state not in ("to_plan", "planned")
            )
            if busy:
                raise UserError(
                    self.env._(
                        "Round %(round)s: interventions %(names)s are closed or "
                        "cancelled; compute the rounds again.",
                        round=rnd.name,
                        names=", ".join(busy.mapped("name")),
                    )
                )
        for rnd in self:
            for stop in rnd.stop_ids:
                stop.intervention_id.write(
                    {
                        "technician_id": rnd.technician_id.id,
                        "planned_start": stop.start_datetime,
                        "planned_stop": stop.end_datetime,
                        "round_id": rnd.id,
                        "state": "planned",
                    }
                )
        self.write({"state": "validated"})
        return True

    def action_cancel(self):
        planned = self.stop_ids.intervention_id.filtered(
            lambda i: i.state == "planned" and i.round_id in self
        )
        planned.action_unplan()
        self.write({"state": "cancelled"})
        return True

    def action_open_navigation(self):
        self.ensure_one()
        if not self.navigation_url:
            raise UserError(self.env._("Round %(name)s has no stops.", name=self.name))
        return {"type": "ir.actions.act_url", "url": self.navigation_url, "target": "new"}
