from odoo import fields, models


class HelpdeskCall(models.Model):
    _inherit = "helpdesk.call"

    intervention_ids = fields.One2many("field.intervention", "call_id", string="Interventions")
