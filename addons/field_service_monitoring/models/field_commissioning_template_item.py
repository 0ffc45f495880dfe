from odoo import fields, models


class FieldCommissioningTemplateItem(models.Model):
    _name = "field.commissioning.template.item"
    _description = "Commissioning Checklist Item"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "field.commissioning.template", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="template_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Check", required=True, translate=True)
    expected_result = fields.Char(translate=True)
