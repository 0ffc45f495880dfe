from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"


class ResCompany(models.Model):
    _inherit = "res.company"

    field_map_tile_url = fields.Char(
        string="Round Map Tile Server",
        default=OSM_TILES,
        help="Address of the map tiles behind the round map, with {z}, {x} and {y} "
        "(e.g. a tile server of your own, or one your map provider gives you with "
        "its key). Empty: the route and the stops are drawn without a background map.",
    )
    field_map_tile_attribution = fields.Char(
        string="Round Map Credit",
        default=OSM_ATTRIBUTION,
        help="Credit the tile provider asks to show on the map.",
    )

    @api.constrains("field_map_tile_url")
    def _check_field_map_tile_url(self):
        for company in self.filtered("field_map_tile_url"):
            url = company.field_map_tile_url.strip()
            placeholders = all(part in url for part in ("{z}", "{x}", "{y}"))
            if not url.startswith(("https://", "http://")) or not placeholders:
                raise ValidationError(
                    _(
                        "The round map's tile server must be an http(s) address with "
                        "{z}, {x} and {y} in it, e.g. %(example)s (company %(company)s).",
                        example=OSM_TILES,
                        company=company.name,
                    )
                )
