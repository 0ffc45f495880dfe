from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    helpdesk_pbx_extension = fields.Char(
        string="PBX Extension",
        help="The operator's extension on the company's PBX, put in the "
        "click-to-call URL as {extension}.",
    )

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["helpdesk_pbx_extension"]

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["helpdesk_pbx_extension"]
