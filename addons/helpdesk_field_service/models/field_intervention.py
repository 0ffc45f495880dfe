from odoo import fields, models


class FieldIntervention(models.Model):
    _inherit = "field.intervention"

    ticket_id = fields.Many2one("helpdesk.ticket", index="btree_not_null", copy=False)
    call_id = fields.Many2one("helpdesk.call", index="btree_not_null", copy=False)
