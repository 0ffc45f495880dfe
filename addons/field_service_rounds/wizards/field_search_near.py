from odoo import Command, fields, models
from odoo.exceptions import UserError

from ..tools import geo, routing


class FieldSearchNear(models.TransientModel):
    _name = "field.search.near"
    _description = "Search Interventions Near"

    address = fields.Char(help="Geocoded when online; or enter the coordinates.")
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    limit = fields.Integer(default=10, required=True)
    include_planned = fields.Boolean()
    line_ids = fields.One2many("field.search.near.line", "search_id", string="Interventions")

    def action_search(self):
        self.ensure_one()
        lat, lon = self.latitude, self.longitude
        if not (lat or lon):
            if not self.address:
                raise UserError(self.env._("Enter an address or the coordinates to search near."))
            coords = geo.geocode(self.address)
            if not coords:
                raise UserError(
                    self.env._(
                        "The address %(address)s could not be geolocated (offline or "
                        "not found): enter the coordinates.",
                        address=self.address,
                    )
                )
            lat, lon = coords
            self.write({"latitude": lat, "longitude": lon})
        states = ["to_plan", "planned"] if self.include_planned else ["to_plan"]
        interventions = self.env["field.intervention"].search(
            [("state", "in", states), ("geo_state", "=", "located")]
        )
        jobs = [routing.Job(i.id, i.latitude, i.longitude, 0, []) for i in interventions]
        found = routing.nearest_jobs(jobs, lat, lon, max(self.limit, 1))
        self.line_ids = [Command.clear()] + [
            Command.create(
                {"intervention_id": job.id, "distance_km": metres / 1000.0, "sequence": rank}
            )
            for rank, (job, metres) in enumerate(found)
        ]
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Search Near"),
        }
