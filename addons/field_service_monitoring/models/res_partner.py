from datetime import date

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, formatLang

from ..tools import thresholds


class ResPartner(models.Model):
    _inherit = "res.partner"

    monitoring_point_ids = fields.One2many(
        "field.monitoring.point", "site_id", string="Monitoring Points"
    )
    monitoring_point_count = fields.Integer(compute="_compute_monitoring_point_count")

    def _compute_monitoring_point_count(self):
        counts = dict(
            self.env["field.monitoring.point"]._read_group(
                [("site_id", "in", self.ids)], ["site_id"], ["__count"]
            )
        )
        for rec in self:
            rec.monitoring_point_count = counts.get(rec, 0)

    def action_view_monitoring_points(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_service_monitoring.field_monitoring_point_action"
        )
        action["domain"] = [("site_id", "=", self.id)]
        action["context"] = {"default_site_id": self.id}
        return action

    # --------------------------------------------------------------- report
    def action_print_monitoring_report(self, date_from, date_to):
        """The monitoring report of these sites over the period, as a PDF action."""
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        if not (date_from and date_to) or date_from > date_to:
            raise UserError(self.env._("The period of the monitoring report is not valid."))
        if not self:
            raise UserError(self.env._("Choose the site of the monitoring report."))
        return self.env.ref(
            "field_service_monitoring.field_monitoring_report_action"
        ).report_action(
            self,
            data={
                "site_ids": self.ids,
                "date_from": fields.Date.to_string(date_from),
                "date_to": fields.Date.to_string(date_to),
            },
        )

    def _monitoring_report_data(self, date_from, date_to):
        """Per site: the points with their figures over the period, and every visit."""
        readings = self.env["field.monitoring.reading"].search(
            [
                ("site_id", "in", self.ids),
                ("state", "!=", "pending"),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            order="date, intervention_id, point_sequence, point_code, id",
        )
        env = self.env
        state_labels = dict(readings._fields["state"]._description_selection(env))
        status_labels = dict(readings._fields["threshold_status"]._description_selection(env))

        def number(value):
            return formatLang(env, float(value), digits=2) if value is not None else ""

        result = []
        for site in self:
            site_readings = readings.filtered(lambda r, s=site: r.site_id == s)
            points = site_readings.point_id | site.monitoring_point_ids
            point_rows = []
            for point in points.sorted(lambda p: (p.sequence, p.code)):
                limits = point._thresholds()
                measured = site_readings.filtered(
                    lambda r, p=point: r.point_id == p and r.state in thresholds.MEASURED_STATES
                )
                summary = thresholds.summarize(
                    [thresholds.to_decimal(r.value) for r in measured], limits
                )
                point_rows.append(
                    {
                        "point": point,
                        "limits": self._monitoring_limits_label(limits, number),
                        "count": summary.count,
                        "minimum": number(summary.minimum),
                        "maximum": number(summary.maximum),
                        "average": number(summary.average),
                        "crossings": summary.crossings,
                    }
                )
            visits = []
            for intervention in site_readings.intervention_id:
                rows = site_readings.filtered(lambda r, i=intervention: r.intervention_id == i)
                visits.append(
                    {
                        "intervention": intervention,
                        "date": format_date(env, rows[0].date),
                        "technician": intervention.technician_id.name or "",
                        "rows": [
                            {
                                "code": r.point_code,
                                "location": r.point_location or "",
                                "value": number(thresholds.to_decimal(r.value))
                                if r.state in thresholds.MEASURED_STATES
                                else "",
                                "unit": r.unit or "",
                                "state": state_labels[r.state],
                                "status": status_labels[r.threshold_status]
                                if r.threshold_status != "not_checked"
                                else "",
                                "crossed": bool(r.crossed),
                                "note": r.note or "",
                            }
                            for r in rows
                        ],
                    }
                )
            result.append(
                {
                    "site": site,
                    "period": env._(
                        "%(start)s to %(end)s",
                        start=format_date(env, date_from),
                        end=format_date(env, date_to),
                    ),
                    "points": point_rows,
                    "visits": visits,
                    "reading_count": len(site_readings),
                    "crossings": sum(site_readings.mapped("crossed")),
                }
            )
        return result

    @staticmethod
    def _monitoring_limits_label(limits, number):
        """'2,00 – 10,00', '≤ 10,00', '≥ 2,00' or '' for a point's thresholds."""
        if limits.minimum is not None and limits.maximum is not None:
            return f"{number(limits.minimum)} – {number(limits.maximum)}"
        if limits.maximum is not None:
            return f"≤ {number(limits.maximum)}"
        if limits.minimum is not None:
            return f"≥ {number(limits.minimum)}"
        return ""

    @staticmethod
    def _monitoring_default_period(today):
        """The default report period: from the first of January to ``today``."""
        return date(today.year, 1, 1), today
