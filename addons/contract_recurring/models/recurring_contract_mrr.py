from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models, tools
from odoo.tools import SQL

from ..tools import xlsx

# Tables this report reads, to flush before reading it.
DEPENDS = {
    "recurring.contract": [
        "company_id",
        "commercial_partner_id",
        "product_id",
        "type_id",
        "kind",
        "state",
        "date_start",
        "date_end",
        "cancellation_date",
        "date_activated",
        "date_lapsed",
        "date_reactivated",
        "previous_contract_id",
        "amount_annual",
    ],
    "recurring.contract.type": ["product_id"],
    "recurring.contract.agent": ["contract_id", "sequence", "partner_id"],
    "res.company": ["currency_id"],
    "res.currency": ["decimal_places"],
}

# Figures summed over the rows of a month (the dashboard and the export read them).
MEASURES = (
    "mrr",
    "arr",
    "new_mrr",
    "expansion_mrr",
    "contraction_mrr",
    "churn_mrr",
    "reactivation_mrr",
    "net_mrr",
    "active_count",
    "new_count",
    "churn_count",
    "due_count",
    "renewed_count",
)

# Columns of the rows, in the order of the query.
ROW_TYPE = """
    id bigint, month date, company_id integer, currency_id integer, contract_id integer,
    partner_id integer, product_id integer, type_id integer, agent_id integer,
    mrr numeric, arr numeric, new_mrr numeric, expansion_mrr numeric,
    contraction_mrr numeric, churn_mrr numeric, reactivation_mrr numeric, net_mrr numeric,
    active_count integer, new_count integer, churn_count integer, due_count integer,
    renewed_count integer
"""


class RecurringContractMrr(models.Model):
    """Recurring revenue per month (a PostgreSQL view, one grouped query).

    A contract's monthly recurring revenue (MRR) is its annual amount / 12,
    rounded to the currency. Renewals continue their predecessor: a renewal
    chain is followed month by month, and the change of its MRR from the
    previous month is new (first month of the chain), reactivation (back after
    a gap), expansion or contraction (renewal or indexation with another
    amount) or churn (the month after its last month). One row per chain and
    month, plus one row per churn and per contract due to renew.
    """

    _name = "recurring.contract.mrr"
    _description = "Recurring Revenue Analysis"
    _auto = False
    _order = "month desc, contract_id"
    _depends = DEPENDS

    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    contract_id = fields.Many2one("recurring.contract", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", string="Service", readonly=True)
    type_id = fields.Many2one("recurring.contract.type", string="Contract Type", readonly=True)
    agent_id = fields.Many2one("res.partner", readonly=True, help="The contract's first agent.")
    mrr = fields.Monetary(
        string="MRR",
        readonly=True,
        help="Monthly recurring revenue: annual amount of the contracts in force / 12.",
    )
    arr = fields.Monetary(string="ARR", readonly=True, help="Annual recurring revenue: 12 × MRR.")
    new_mrr = fields.Monetary(string="New MRR", readonly=True)
    expansion_mrr = fields.Monetary(
        string="Expansion",
        readonly=True,
        help="MRR increase of renewals and indexations over the previous month.",
    )
    contraction_mrr = fields.Monetary(
        string="Contraction",
        readonly=True,
        help="MRR decrease of renewals over the previous month.",
    )
    churn_mrr = fields.Monetary(
        string="Churn",
        readonly=True,
        help="MRR lost: contracts cancelled (in the month of the effective date) "
        "or expired without renewal (in the month after their end).",
    )
    reactivation_mrr = fields.Monetary(
        string="Reactivation",
        readonly=True,
        help="MRR back after a gap: reactivated contracts and renewals confirmed "
        "after their predecessor ended.",
    )
    net_mrr = fields.Monetary(
        string="Net MRR Change",
        readonly=True,
        help="New + expansion + reactivation - contraction - churn.",
    )
    active_count = fields.Integer(string="Active Contracts", readonly=True)
    new_count = fields.Integer(string="New Contracts", readonly=True)
    churn_count = fields.Integer(string="Churned Contracts", readonly=True)
    due_count = fields.Integer(
        string="Due to Renew", readonly=True, help="Contracts whose term ends in the month."
    )
    renewed_count = fields.Integer(
        string="Renewed",
        readonly=True,
        help="Contracts due to renew in the month that have an active renewal.",
    )

    def _query(self):
        horizon = SQL("(date_trunc('month', CURRENT_DATE) + INTERVAL '12 months')::date")
        return SQL(
            """
            WITH RECURSIVE contract AS (
                -- what counts: contracts with an amount, not drafts, not manual
                -- renewals still to confirm
                SELECT c.id, c.company_id, rc.currency_id, c.previous_contract_id,
                       c.commercial_partner_id AS partner_id,
                       COALESCE(c.product_id, t.product_id) AS product_id, c.type_id,
                       c.date_end, c.kind, c.state, c.cancellation_date,
                       agent.partner_id AS agent_id,
                       ROUND(c.amount_annual / 12, COALESCE(cur.decimal_places, 2)) AS mrr,
                       date_trunc('month',
                           CASE WHEN c.previous_contract_id IS NOT NULL
                                 AND c.date_activated > c.date_start
                                THEN c.date_activated ELSE c.date_start END)::date
                           AS start_month,
                       -- first month without it (NULL: open-ended)
                       date_trunc('month',
                           CASE WHEN c.state = 'cancelled' AND c.cancellation_date IS NOT NULL
                                THEN LEAST(c.cancellation_date, c.date_end + 1)
                                ELSE c.date_end + 1 END)::date AS stop_month,
                       date_trunc('month', c.date_lapsed)::date AS lapse_month,
                       date_trunc('month', c.date_reactivated)::date AS back_month
                  FROM recurring_contract c
                  JOIN recurring_contract_type t ON t.id = c.type_id
                  JOIN res_company rc ON rc.id = c.company_id
                  LEFT JOIN res_currency cur ON cur.id = rc.currency_id
                  LEFT JOIN (SELECT DISTINCT ON (contract_id) contract_id, partner_id
                               FROM recurring_contract_agent
                              ORDER BY contract_id, sequence, id) agent
                         ON agent.contract_id = c.id
                 WHERE c.state != 'draft'
                   AND c.amount_annual > 0
                   AND NOT (c.state = 'suspended' AND c.previous_contract_id IS NOT NULL
                            AND c.date_activated IS NULL)
            ),
            chain AS (
                SELECT c.id, c.id AS root_id
                  FROM contract c
                  LEFT JOIN contract p ON p.id = c.previous_contract_id
                 WHERE p.id IS NULL
                UNION ALL
                SELECT c.id, chain.root_id
                  FROM contract c
                  JOIN chain ON chain.id = c.previous_contract_id
            ),
            successor AS (
                SELECT previous_contract_id AS id, MIN(start_month) AS start_month
                  FROM contract
                 WHERE previous_contract_id IS NOT NULL
                 GROUP BY previous_contract_id
            ),
            span AS (
                -- a renewed contract stops where its renewal starts
                SELECT c.*, chain.root_id,
                       LEAST(c.stop_month, successor.start_month) AS last_month_excl
                  FROM contract c
                  JOIN chain ON chain.id = c.id
                  LEFT JOIN successor ON successor.id = c.id
            ),
            chain_month AS (
                SELECT s.root_id, m.month::date AS month, SUM(s.mrr) AS mrr,
                       MAX(s.id) AS contract_id
                  FROM span s
                 CROSS JOIN LATERAL generate_series(
                       s.start_month,
                       LEAST(s.last_month_excl - INTERVAL '1 month', %(horizon)s),
                       INTERVAL '1 month') AS m(month)
                 WHERE s.lapse_month IS NULL
                    OR NOT (m.month >= s.lapse_month AND m.month < s.back_month)
                 GROUP BY s.root_id, m.month
            ),
            step AS (
                SELECT cm.*,
                       LAG(cm.month) OVER w AS prev_month,
                       LAG(cm.mrr) OVER w AS prev_mrr,
                       LEAD(cm.month) OVER w AS next_month
                  FROM chain_month cm
                WINDOW w AS (PARTITION BY cm.root_id ORDER BY cm.month)
            ),
            fact AS (
                SELECT month, contract_id, mrr,
                       CASE WHEN prev_month IS NULL THEN mrr ELSE 0 END AS new_mrr,
                       CASE WHEN prev_month = (month - INTERVAL '1 month')::date
                             AND mrr > prev_mrr THEN mrr - prev_mrr ELSE 0 END AS expansion_mrr,
                       CASE WHEN prev_month = (month - INTERVAL '1 month')::date
                             AND mrr < prev_mrr THEN prev_mrr - mrr ELSE 0 END
                           AS contraction_mrr,
                       0 AS churn_mrr,
                       CASE WHEN prev_month < (month - INTERVAL '1 month')::date
                            THEN mrr ELSE 0 END AS reactivation_mrr,
                       1 AS active_count,
                       CASE WHEN prev_month IS NULL THEN 1 ELSE 0 END AS new_count,
                       0 AS churn_count, 0 AS due_count, 0 AS renewed_count
                  FROM step
                UNION ALL
                SELECT (month + INTERVAL '1 month')::date, contract_id, 0, 0, 0, 0,
                       mrr, 0, 0, 0, 1, 0, 0
                  FROM step
                 WHERE (next_month IS NULL OR next_month > (month + INTERVAL '1 month')::date)
                   AND month < %(horizon)s
                UNION ALL
                -- due to renew: the term ends in the month (not cancelled before)
                SELECT date_trunc('month', c.date_end)::date, c.id, 0, 0, 0, 0, 0, 0, 0,
                       0, 0, 1,
                       CASE WHEN successor.id IS NOT NULL THEN 1 ELSE 0 END
                  FROM contract c
                  LEFT JOIN successor ON successor.id = c.id
                 WHERE c.date_end IS NOT NULL
                   AND c.kind != 'time_and_materials'
                   AND NOT (c.state = 'cancelled' AND c.cancellation_date < c.date_end)
            )
            SELECT ROW_NUMBER() OVER (ORDER BY f.month, f.contract_id) AS id,
                   f.month, c.company_id, c.currency_id, f.contract_id, c.partner_id,
                   c.product_id, c.type_id, c.agent_id,
                   f.mrr, 12 * f.mrr AS arr, f.new_mrr, f.expansion_mrr,
                   f.contraction_mrr, f.churn_mrr, f.reactivation_mrr,
                   f.new_mrr + f.expansion_mrr + f.reactivation_mrr
                       - f.contraction_mrr - f.churn_mrr AS net_mrr,
                   f.active_count, f.new_count, f.churn_count, f.due_count,
                   f.renewed_count
              FROM fact f
              JOIN contract c ON c.id = f.contract_id
            """,
            horizon=horizon,
        )

    @api.model
    def _function_name(self):
        return f"{self._table}_rows"

    @api.model
    def _drop_function(self):
        self.env.cr.execute(
            SQL("DROP FUNCTION IF EXISTS %s() CASCADE", SQL.identifier(self._function_name()))
        )

    def init(self):
        # The rows come from a SQL function run with JIT off: the planner cannot
        # estimate the renewal chains and the months of each contract, and on a
        # server with JIT it spent seconds compiling a query that runs in
        # milliseconds. The function is dropped on uninstall (uninstall_hook).
        tools.drop_view_if_exists(self.env.cr, self._table)
        self._drop_function()
        function = SQL.identifier(self._function_name())
        self.env.cr.execute(
            SQL(
                """
                CREATE FUNCTION %s()
                RETURNS TABLE (%s)
                LANGUAGE sql STABLE SET jit = off
                AS $body$ %s $body$
                """,
                function,
                SQL(ROW_TYPE),
                self._query(),
            )
        )
        self.env.cr.execute(
            SQL("CREATE VIEW %s AS (SELECT * FROM %s())", SQL.identifier(self._table), function)
        )

    # ------------------------------------------------------------------
    # figures
    # ------------------------------------------------------------------
    @api.model
    def _monthly_figures(self, months, companies=None):
        """Totals and rates per month (first days) for ``companies`` (the
        current ones when empty): one grouped query whatever the number of
        contracts. Returns ``{month: {figure: value}}``, every month present."""
        companies = companies or self.env.companies
        previous = {month: month - relativedelta(months=1) for month in months}
        wanted = sorted(set(months) | set(previous.values()))
        groups = self._read_group(
            [("company_id", "in", companies.ids), ("month", "in", wanted)],
            ["month:day"],
            [f"{name}:sum" for name in MEASURES],
        )
        sums = {group[0]: dict(zip(MEASURES, group[1:], strict=True)) for group in groups}
        empty = dict.fromkeys(MEASURES, 0)
        result = {}
        for month in months:
            figures = dict(sums.get(month, empty))
            opening = sums.get(previous[month], empty)["mrr"]
            figures["opening_mrr"] = opening
            figures["renewal_rate"] = (
                100.0 * figures["renewed_count"] / figures["due_count"]
                if figures["due_count"]
                else 0.0
            )
            figures["churn_rate"] = 100.0 * figures["churn_mrr"] / opening if opening else 0.0
            figures["average_value"] = (
                figures["arr"] / figures["active_count"] if figures["active_count"] else 0.0
            )
            result[month] = figures
        return result

    # ------------------------------------------------------------------
    # Excel export
    # ------------------------------------------------------------------
    def _xlsx_content(self):
        currency = self.currency_id[:1] or self.env.company.currency_id
        sheet = xlsx.Sheet(
            title=_("Recurring revenue"),
            columns=[
                xlsx.Column(_("Month"), "date"),
                xlsx.Column(_("Contract"), "text"),
                xlsx.Column(_("Customer"), "text", width=30),
                xlsx.Column(_("Service"), "text", width=30),
                xlsx.Column(_("Contract type"), "text", width=20),
                xlsx.Column(_("Agent"), "text", width=20),
                xlsx.Column(_("MRR"), "money"),
                xlsx.Column(_("ARR"), "money"),
                xlsx.Column(_("New"), "money"),
                xlsx.Column(_("Expansion"), "money"),
                xlsx.Column(_("Contraction"), "money"),
                xlsx.Column(_("Churn"), "money"),
                xlsx.Column(_("Reactivation"), "money"),
                xlsx.Column(_("Net change"), "money"),
            ],
            rows=[
                [
                    row.month,
                    row.contract_id.name,
                    row.partner_id.display_name or "",
                    row.product_id.display_name or "",
                    row.type_id.display_name or "",
                    row.agent_id.display_name or "",
                    row.mrr,
                    row.arr,
                    row.new_mrr,
                    row.expansion_mrr,
                    row.contraction_mrr,
                    row.churn_mrr,
                    row.reactivation_mrr,
                    row.net_mrr,
                ]
                for row in self.sorted(lambda r: (r.month, r.contract_id.name or ""))
            ],
            group_column=0,
            subtotal_label=_("Total %(group)s"),
            total_label=_("Total"),
        )
        return xlsx.workbook_bytes(
            [sheet],
            currency_symbol=currency.symbol or "",
            decimal_places=currency.decimal_places,
        )

    def action_export_xlsx(self):
        """Excel file of the rows: those selected, else the filter."""
        rows = self or self.search(self.env.context.get("active_domain") or [])
        return self.env["recurring.contract.analysis"]._xlsx_action(
            rows._xlsx_content(), _("recurring-revenue.xlsx")
        )
