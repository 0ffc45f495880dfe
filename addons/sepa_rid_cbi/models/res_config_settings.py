from pathlib import Path

from odoo import api, fields, models

from .res_company import DEFAULT_CBI_XSD_DIR


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sepa_creditor_identifier = fields.Char(
        related="company_id.sepa_creditor_identifier", readonly=False
    )
    sepa_cbi_cuc = fields.Char(related="company_id.sepa_cbi_cuc", readonly=False)
    sepa_sia_code = fields.Char(related="company_id.sepa_sia_code", readonly=False)
    sepa_import_max_size_mb = fields.Integer(
        related="company_id.sepa_import_max_size_mb", readonly=False
    )
    sepa_cbi_xsd_dir = fields.Char(related="company_id.sepa_cbi_xsd_dir", readonly=False)
    sepa_cbi_xsd_status = fields.Char(string="CBI Schemas", compute="_compute_sepa_cbi_xsd_status")

    @api.depends("sepa_cbi_xsd_dir")
    def _compute_sepa_cbi_xsd_status(self):
        for settings in self:
            folder = settings.sepa_cbi_xsd_dir or str(DEFAULT_CBI_XSD_DIR.resolve())
            if (Path(folder) / "CBISDDReqLogMsg.00.01.01.xsd").is_file():
                settings.sepa_cbi_xsd_status = self.env._("Found in %(folder)s", folder=folder)
            else:
                settings.sepa_cbi_xsd_status = self.env._(
                    "Absent: no CBI XSD in %(folder)s; CBI-SDD files are checked by "
                    "the addon's own rules only.",
                    folder=folder,
                )
