from odoo import fields, models


class FieldMonitoringPointType(models.Model):
    _name = "field.monitoring.point.type"
    _description = "Monitoring Point Type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    unit = fields.Char(
        translate=True, help="Unit of the readings, e.g. % of bait eaten, catches, kWh."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    point_count = fields.Integer(compute="_compute_point_count")

    def _compute_point_count(self):
        counts = dict(
            self.env["field.monitoring.point"]._read_group(
                [("type_id", "in", self.ids)], ["type_id"], ["__count"]
            )
        )
        for rec in self:
            rec.point_count = counts.get(rec, 0)
