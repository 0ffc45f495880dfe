from odoo import api, fields, models


class FieldMonitoringReport(models.AbstractModel):
    _name = "report.field_service_monitoring.monitoring_report_document"
    _description = "Monitoring Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        sites = self.env["res.partner"].browse(data.get("site_ids") or docids)
        today = fields.Date.context_today(self)
        default_from, default_to = sites._monitoring_default_period(today)
        date_from = fields.Date.to_date(data.get("date_from")) or default_from
        date_to = fields.Date.to_date(data.get("date_to")) or default_to
        return {
            "doc_ids": sites.ids,
            "doc_model": "res.partner",
            "docs": sites,
            "company": self.env.company,
            "sites": sites._monitoring_report_data(date_from, date_to),
        }
