from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    field_map_tile_url = fields.Char(related="company_id.field_map_tile_url", readonly=False)
    field_map_tile_attribution = fields.Char(
        related="company_id.field_map_tile_attribution", readonly=False
    )
