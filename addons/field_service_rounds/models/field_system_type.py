from odoo import fields, models


class FieldSystemType(models.Model):
    _name = "field.system.type"
    _description = "System Type"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
