from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FieldMonitoringReportWizard(models.TransientModel):
    _name = "field.monitoring.report.wizard"
    _description = "Print Monitoring Report"

    site_id = fields.Many2one(
        "res.partner",
        required=True,
        domain="[('monitoring_point_ids', '!=', False)]",
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: self.env["res.partner"]._monitoring_default_period(
            fields.Date.context_today(self)
        )[0],
    )
    date_to = fields.Date(
        string="To", required=True, default=lambda self: fields.Date.context_today(self)
    )
    reading_count = fields.Integer(
        string="Readings in the Period", compute="_compute_reading_count"
    )

    @api.depends("site_id", "date_from", "date_to")
    def _compute_reading_count(self):
        for wizard in self:
            if not (wizard.site_id and wizard.date_from and wizard.date_to):
                wizard.reading_count = 0
                continue
            wizard.reading_count = self.env["field.monitoring.reading"].search_count(
                [
                    ("site_id", "=", wizard.site_id.id),
                    ("state", "!=", "pending"),
                    ("date", ">=", wizard.date_from),
                    ("date", "<=", wizard.date_to),
                ]
            )

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(
                    self.env._("The start of the period cannot come after its end.")
                )

    def action_print(self):
        self.ensure_one()
        return self.site_id.action_print_monitoring_report(self.date_from, self.date_to)
