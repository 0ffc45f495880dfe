from odoo import fields, models


class FieldCommissioningTemplate(models.Model):
    _name = "field.commissioning.template"
    _description = "Commissioning Checklist Template"
    _order = "system_type_id, name, id"

    name = fields.Char(required=True, translate=True)
    system_type_id = fields.Many2one(
        "field.system.type", required=True, index=True, help="The kind of system this checks."
    )
    reference = fields.Char(
        string="Standard", help="Standard or rule the checks follow, printed on the certificate."
    )
    item_ids = fields.One2many(
        "field.commissioning.template.item", "template_id", string="Items", copy=True
    )
    item_count = fields.Integer(compute="_compute_item_count")
    note = fields.Text(translate=True, help="Printed at the foot of the certificate.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)

    def _compute_item_count(self):
        for rec in self:
            rec.item_count = len(rec.item_ids)

    def _line_values(self):
        """Checklist lines of an intervention, one per item of this template."""
        self.ensure_one()
        return [
            {
                "template_item_id": item.id,
                "sequence": item.sequence,
                "name": item.name,
                "expected_result": item.expected_result,
            }
            for item in self.item_ids
        ]
