from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date, formatLang

from ..tools import thresholds

READING_STATES = [
    ("pending", "To Record"),
    ("ok", "OK"),
    ("activity", "Activity Found"),
    ("anomaly", "Anomaly"),
    ("damaged", "Damaged / Missing"),
    ("not_accessible", "Not Accessible"),
]
THRESHOLD_STATUSES = [
    ("within", "Within Thresholds"),
    ("below", "Below Minimum"),
    ("above", "Above Maximum"),
    ("not_checked", "Not Checked"),
]
# fields whose change may make a reading cross a threshold
ALERT_FIELDS = {"value", "state", "point_id"}


class FieldMonitoringReading(models.Model):
    _name = "field.monitoring.reading"
    _description = "Monitoring Reading"
    _order = "date desc, site_id, point_sequence, point_code, id"
    _check_company_auto = True
    _rec_name = "point_id"

    intervention_id = fields.Many2one(
        "field.intervention",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="intervention_id.company_id", store=True, index=True, precompute=True
    )
    point_id = fields.Many2one(
        "field.monitoring.point",
        string="Monitoring Point",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    point_code = fields.Char(related="point_id.code", store=True, string="Point")
    point_sequence = fields.Integer(related="point_id.sequence", store=True)
    point_location = fields.Char(related="point_id.location", string="Location")
    type_id = fields.Many2one(related="point_id.type_id", store=True, string="Point Type")
    site_id = fields.Many2one(related="point_id.site_id", store=True, index=True, string="Site")
    partner_id = fields.Many2one(related="point_id.partner_id", store=True, string="Customer")
    technician_id = fields.Many2one(related="intervention_id.technician_id", store=True)
    unit = fields.Char(related="point_id.unit")
    date = fields.Date(
        compute="_compute_date",
        store=True,
        readonly=False,
        index=True,
        precompute=True,
        help="Day of the reading: the intervention's closing, planned or expected day.",
    )
    value = fields.Float(digits=(16, 2), aggregator="avg")
    state = fields.Selection(
        READING_STATES, string="Status", default="pending", required=True, index=True
    )
    threshold_status = fields.Selection(
        THRESHOLD_STATUSES,
        string="Thresholds",
        compute="_compute_threshold_status",
        store=True,
        index=True,
    )
    crossed = fields.Integer(
        string="Crossings",
        compute="_compute_threshold_status",
        store=True,
        help="1 when the reading crosses a threshold: summed, it counts the crossings.",
    )
    photo = fields.Image(max_width=1280, max_height=1280)
    note = fields.Char()
    alert_raised = fields.Boolean(
        copy=False, readonly=True, help="An activity was raised for this reading."
    )

    _sql_constraints = [
        (
            "intervention_point_uniq",
            "unique(intervention_id, point_id)",
            "An intervention records one reading per monitoring point.",
        ),
    ]

    @api.depends("intervention_id.date_done", "intervention_id.planned_start")
    def _compute_date(self):
        for rec in self:
            intervention = rec.intervention_id
            moment = intervention.date_done or intervention.planned_start
            if moment:
                rec.date = fields.Datetime.context_timestamp(rec, moment).date()
            elif not rec.date:
                rec.date = intervention.expected_date or fields.Date.context_today(rec)

    @api.depends(
        "value",
        "state",
        "point_id.check_min",
        "point_id.threshold_min",
        "point_id.check_max",
        "point_id.threshold_max",
    )
    def _compute_threshold_status(self):
        for rec in self:
            status = thresholds.evaluate(
                thresholds.to_decimal(rec.value), rec.point_id._thresholds(), rec.state
            )
            rec.threshold_status = status
            rec.crossed = 1 if thresholds.crosses(status) else 0

    @api.constrains("point_id", "intervention_id")
    def _check_point_site(self):
        for rec in self:
            place = rec.intervention_id._monitoring_place()
            if rec.point_id.site_id != place:
                raise ValidationError(
                    self.env._(
                        "Monitoring point %(point)s belongs to %(site)s, not to the site of "
                        "intervention %(intervention)s.",
                        point=rec.point_id.display_name,
                        site=rec.point_id.site_id.display_name,
                        intervention=rec.intervention_id.name,
                    )
                )

    # ----------------------------------------------------------------- ORM
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._raise_threshold_alerts()
        return records

    def write(self, vals):
        # a value typed on a reading still to record makes it an 'OK' reading
        recorded = (
            self.filtered(lambda r: r.state == "pending")
            if "value" in vals and "state" not in vals
            else self.browse()
        )
        result = super().write(vals)
        if recorded:
            super(FieldMonitoringReading, recorded).write({"state": "ok"})
        if ALERT_FIELDS & set(vals):
            self._raise_threshold_alerts()
        return result

    @api.onchange("value")
    def _onchange_value(self):
        if self.state == "pending":
            self.state = "ok"

    # --------------------------------------------------------------- alerts
    def _alert_texts(self):
        """(summary, note) of the activity, in the responsible's language."""
        self.ensure_one()
        point = self.point_id
        env = self.with_context(lang=point.user_id.lang or self.env.lang).env
        limits = point._thresholds()
        value = thresholds.to_decimal(self.value)
        if self.threshold_status == "above":
            limit, direction = limits.maximum, env._("above the maximum")
        else:
            limit, direction = limits.minimum, env._("below the minimum")
        unit = f" {point.unit}" if point.unit else ""
        summary = env._("Threshold crossed: %(point)s", point=point.display_name)
        note = env._(
            "Reading of %(value)s%(unit)s at %(site)s on %(date)s (intervention "
            "%(intervention)s) is %(direction)s of %(limit)s%(unit)s.",
            value=formatLang(env, float(value), digits=2),
            unit=unit,
            site=point.site_id.display_name,
            date=format_date(env, self.date),
            intervention=self.intervention_id.name,
            direction=direction,
            limit=formatLang(env, float(limit), digits=2),
        )
        return summary, note

    def _raise_threshold_alerts(self):
        """One activity on the point, for its responsible, per crossing reading."""
        to_alert = self.filtered(
            lambda r: thresholds.needs_alert(r.threshold_status, r.alert_raised)
        )
        if not to_alert:
            return self.env["mail.activity"]
        model_id = self.env["ir.model"]._get_id("field.monitoring.point")
        activity_type = self.env.ref("mail.mail_activity_data_warning")
        today = fields.Date.context_today(self)
        values = []
        for rec in to_alert:
            summary, note = rec._alert_texts()
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": rec.point_id.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "note": note,
                    "user_id": (rec.point_id.user_id or self.env.user).id,
                    "date_deadline": today,
                }
            )
        # sudo: the technician who records the reading may only read the point,
        # yet the alert must reach the point's responsible whatever their rights
        activities = self.env["mail.activity"].sudo().create(values)
        to_alert.write({"alert_raised": True})
        return activities
