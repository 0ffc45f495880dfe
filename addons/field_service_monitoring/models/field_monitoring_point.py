from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import thresholds


class FieldMonitoringPoint(models.Model):
    _name = "field.monitoring.point"
    _description = "Monitoring Point"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "site_id, sequence, code, id"
    _check_company_auto = True
    _rec_names_search = ["code", "name", "location"]

    code = fields.Char(required=True, tracking=True, help="The number on the station or meter.")
    name = fields.Char(string="Description", translate=False)
    sequence = fields.Integer(default=10)
    site_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        help="The customer's site (or the customer itself) where the point is installed.",
    )
    partner_id = fields.Many2one(
        related="site_id.commercial_partner_id", string="Customer", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    type_id = fields.Many2one(
        "field.monitoring.point.type",
        string="Point Type",
        required=True,
        check_company=True,
        tracking=True,
    )
    location = fields.Char(help="Where the point is, e.g. 'Warehouse, north wall'.")
    unit = fields.Char(
        compute="_compute_unit", store=True, readonly=False, precompute=True, translate=False
    )
    check_min = fields.Boolean(string="Minimum Threshold", tracking=True)
    threshold_min = fields.Float(string="Minimum", digits=(16, 2), tracking=True)
    check_max = fields.Boolean(string="Maximum Threshold", tracking=True)
    threshold_max = fields.Float(string="Maximum", digits=(16, 2), tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        help="Gets an activity when a reading crosses a threshold.",
    )
    active = fields.Boolean(default=True, tracking=True)
    reading_ids = fields.One2many("field.monitoring.reading", "point_id", string="Readings")
    reading_count = fields.Integer(compute="_compute_reading_count")

    _sql_constraints = [
        (
            "site_code_uniq",
            "unique(site_id, code)",
            "A site cannot have two monitoring points with the same code.",
        ),
    ]

    @api.depends("type_id")
    def _compute_unit(self):
        for rec in self:
            if rec.type_id and not rec.unit:
                rec.unit = rec.type_id.unit

    @api.depends("code", "name", "location")
    def _compute_display_name(self):
        for rec in self:
            label = rec.name or rec.location
            rec.display_name = f"{rec.code} - {label}" if label else rec.code or ""

    def _compute_reading_count(self):
        counts = dict(
            self.env["field.monitoring.reading"]._read_group(
                [("point_id", "in", self.ids), ("state", "!=", "pending")],
                ["point_id"],
                ["__count"],
            )
        )
        for rec in self:
            rec.reading_count = counts.get(rec, 0)

    def _thresholds(self):
        """This point's limits for ``tools.thresholds``."""
        self.ensure_one()
        return thresholds.Thresholds(
            thresholds.to_decimal(self.threshold_min) if self.check_min else None,
            thresholds.to_decimal(self.threshold_max) if self.check_max else None,
        )

    @api.constrains("check_min", "check_max", "threshold_min", "threshold_max")
    def _check_thresholds(self):
        for rec in self:
            if not rec._thresholds().consistent():
                raise ValidationError(
                    self.env._(
                        "Monitoring point %(point)s: the minimum threshold cannot exceed "
                        "the maximum.",
                        point=rec.display_name,
                    )
                )

    def action_view_readings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_service_monitoring.field_monitoring_reading_action"
        )
        action["domain"] = [("point_id", "=", self.id)]
        action["context"] = {"search_default_recorded": 1}
        return action
