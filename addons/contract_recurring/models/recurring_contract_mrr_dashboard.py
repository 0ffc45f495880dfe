from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import format_amount, format_date, formatLang

from ..tools import xlsx

TREND_MONTHS = 12


class RecurringContractMrrDashboard(models.TransientModel):
    """Recurring-revenue dashboard: a month against the previous month and the
    same month a year before, and the 12 months up to it. The figures come
    from ``recurring.contract.mrr`` in one grouped query."""

    _name = "recurring.contract.mrr.dashboard"
    _description = "Recurring Revenue Dashboard"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        string="Month",
        required=True,
        default=fields.Date.context_today,
        help="Any day of the month to show.",
    )
    comparison_html = fields.Html(string="Comparison", compute="_compute_figures", sanitize=False)
    trend_html = fields.Html(string="12-Month Trend", compute="_compute_figures", sanitize=False)

    # ------------------------------------------------------------------
    # months and figures
    # ------------------------------------------------------------------
    def _month(self):
        self.ensure_one()
        return (self.date or fields.Date.context_today(self)).replace(day=1)

    def _comparison_months(self):
        month = self._month()
        return [month, month - relativedelta(months=1), month - relativedelta(years=1)]

    def _trend_months(self):
        month = self._month()
        return [month - relativedelta(months=n) for n in range(TREND_MONTHS - 1, -1, -1)]

    def _figures(self):
        months = sorted(set(self._comparison_months()) | set(self._trend_months()))
        return self.env["recurring.contract.mrr"]._monthly_figures(months, self.company_id)

    def _figure_rows(self):
        """(label, figure, kind) of the comparison, in order."""
        return [
            (_("MRR"), "mrr", "money"),
            (_("ARR"), "arr", "money"),
            (_("New MRR"), "new_mrr", "money"),
            (_("Expansion"), "expansion_mrr", "money"),
            (_("Contraction"), "contraction_mrr", "money"),
            (_("Churn"), "churn_mrr", "money"),
            (_("Reactivation"), "reactivation_mrr", "money"),
            (_("Net change"), "net_mrr", "money"),
            (_("Active contracts"), "active_count", "integer"),
            (_("Average contract value (annual)"), "average_value", "money"),
            (_("Contracts due to renew"), "due_count", "integer"),
            (_("Renewed contracts"), "renewed_count", "integer"),
            (_("Renewal rate"), "renewal_rate", "percent"),
            (_("Churn rate"), "churn_rate", "percent"),
        ]

    def _trend_columns(self):
        return [
            (_("MRR"), "mrr"),
            (_("New MRR"), "new_mrr"),
            (_("Expansion"), "expansion_mrr"),
            (_("Contraction"), "contraction_mrr"),
            (_("Churn"), "churn_mrr"),
            (_("Reactivation"), "reactivation_mrr"),
            (_("Net change"), "net_mrr"),
        ]

    def _format(self, value, kind):
        if kind == "money":
            return format_amount(self.env, value, self.currency_id)
        if kind == "percent":
            return f"{formatLang(self.env, value, digits=1)} %"
        return formatLang(self.env, value, digits=0)

    def _month_label(self, month):
        return format_date(self.env, month, date_format="MM/yyyy")

    @api.depends("company_id", "date")
    def _compute_figures(self):
        for dashboard in self:
            if not dashboard.company_id:
                dashboard.comparison_html = dashboard.trend_html = False
                continue
            figures = dashboard._figures()
            dashboard.comparison_html = dashboard._comparison_table(figures)
            dashboard.trend_html = dashboard._trend_table(figures)

    def _comparison_table(self, figures):
        months = self._comparison_months()
        head = Markup("").join(
            Markup('<th class="text-end">{}<br/><small>{}</small></th>').format(
                title, self._month_label(month)
            )
            for title, month in zip(
                (_("This month"), _("Last month"), _("Same month last year")), months, strict=True
            )
        )
        body = Markup("").join(
            Markup("<tr><td>{}</td>{}</tr>").format(
                label,
                Markup("").join(
                    Markup('<td class="text-end">{}</td>').format(
                        self._format(figures[month][name], kind)
                    )
                    for month in months
                ),
            )
            for label, name, kind in self._figure_rows()
        )
        return Markup(
            '<table class="table table-sm o_recurring_mrr_comparison">'
            "<thead><tr><th>{}</th>{}</tr></thead><tbody>{}</tbody></table>"
        ).format(_("Figure"), head, body)

    def _trend_table(self, figures):
        months = self._trend_months()
        columns = self._trend_columns()
        peak = max((figures[month]["mrr"] for month in months), default=0) or 1
        head = Markup("").join(
            Markup('<th class="text-end">{}</th>').format(label) for label, _name in columns
        )
        body = Markup("").join(
            Markup(
                '<tr><td>{}</td><td style="width: 30%;"><div class="bg-primary" '
                'style="height: 1em; width: {}%;"></div></td>{}</tr>'
            ).format(
                self._month_label(month),
                round(100 * figures[month]["mrr"] / peak),
                Markup("").join(
                    Markup('<td class="text-end">{}</td>').format(
                        self._format(figures[month][name], "money")
                    )
                    for _label, name in columns
                ),
            )
            for month in months
        )
        return Markup(
            '<table class="table table-sm o_recurring_mrr_trend">'
            "<thead><tr><th>{}</th><th>{}</th>{}</tr></thead><tbody>{}</tbody></table>"
        ).format(_("Month"), _("MRR"), head, body)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_open_trend(self):
        """The graph of the 12 months up to the dashboard's month."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "contract_recurring.recurring_contract_mrr_action_trend"
        )
        months = self._trend_months()
        action["domain"] = [
            ("company_id", "=", self.company_id.id),
            ("month", ">=", months[0]),
            ("month", "<=", months[-1]),
        ]
        action["context"] = {}
        return action

    def action_export_xlsx(self):
        """The comparison and the trend as an Excel file."""
        self.ensure_one()
        figures = self._figures()
        months = self._comparison_months()
        comparison = xlsx.Sheet(
            title=_("Comparison"),
            columns=[
                xlsx.Column(_("Figure"), "text", width=34),
                *(
                    xlsx.Column(f"{title} {self._month_label(month)}", "number", total=False)
                    for title, month in zip(
                        (_("This month"), _("Last month"), _("Same month last year")),
                        months,
                        strict=True,
                    )
                ),
            ],
            rows=[
                [label, *(figures[month][name] for month in months)]
                for label, name, _kind in self._figure_rows()
            ],
            total_label="",
        )
        trend = xlsx.Sheet(
            title=_("12-month trend"),
            columns=[
                xlsx.Column(_("Month"), "date"),
                *(
                    xlsx.Column(label, "money", total=name != "mrr")
                    for label, name in self._trend_columns()
                ),
            ],
            rows=[
                [month, *(figures[month][name] for _label, name in self._trend_columns())]
                for month in self._trend_months()
            ],
            total_label=_("Total"),
        )
        currency = self.currency_id
        content = xlsx.workbook_bytes(
            [comparison, trend],
            currency_symbol=currency.symbol or "",
            decimal_places=currency.decimal_places,
        )
        return self.env["recurring.contract.analysis"]._xlsx_action(
            content, _("recurring-revenue-dashboard.xlsx")
        )
