import base64

from odoo import _, api, fields, models, tools

from ..tools import xlsx

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Tables this report reads, to flush before reading it.
DEPENDS = {
    "recurring.contract": [
        "company_id",
        "currency_id",
        "product_id",
        "type_id",
        "state",
        "date_start",
        "date_end",
        "cancellation_date",
        "amount_annual",
    ],
    "recurring.contract.type": ["product_id"],
    "recurring.contract.installment": ["contract_id", "invoice_date", "amount", "state"],
    "account.move.line": ["recurring_contract_id", "balance", "date", "parent_state"],
    "account.move": ["move_type"],
}


class RecurringContractAnalysis(models.Model):
    """Monthly contract analysis: one row per month, company, service and
    contract type (a PostgreSQL view, one grouped query)."""

    _name = "recurring.contract.analysis"
    _description = "Monthly Contract Analysis"
    _auto = False
    _order = "month desc, product_id, type_id"
    _depends = DEPENDS

    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    product_id = fields.Many2one("product.product", string="Service", readonly=True)
    type_id = fields.Many2one("recurring.contract.type", string="Contract Type", readonly=True)
    annual_value = fields.Monetary(
        string="Contracted Annual Value",
        readonly=True,
        help="Annual amount of the contracts in force during the month.",
    )
    amount_billed = fields.Monetary(
        string="Billed",
        readonly=True,
        help="Taxable amount of the posted contract invoices dated in the month "
        "(net of credit notes).",
    )
    amount_to_bill = fields.Monetary(
        string="Still to Bill",
        readonly=True,
        help="Installments planned in the month and not billed yet.",
    )
    active_count = fields.Integer(string="Active Contracts", readonly=True)
    new_count = fields.Integer(string="New Contracts", readonly=True)
    renewed_count = fields.Integer(string="Renewed Contracts", readonly=True)
    cancelled_count = fields.Integer(string="Cancelled Contracts", readonly=True)

    def _query(self):
        # Contracts count in every month from their start to their end (to the
        # cancellation date when cancelled; open-ended ones up to a year from
        # now). 'New' in the start month, 'renewed' in the end month of a
        # renewed contract, 'cancelled' in the month the cancellation takes
        # effect.
        return """
            WITH contract AS (
                SELECT c.id, c.company_id, c.state, c.date_start, c.amount_annual,
                       COALESCE(c.product_id, t.product_id) AS product_id,
                       c.type_id,
                       CASE WHEN c.state = 'cancelled' AND c.cancellation_date IS NOT NULL
                            THEN LEAST(c.cancellation_date,
                                       COALESCE(c.date_end, c.cancellation_date))
                            ELSE COALESCE(c.date_end,
                                          (CURRENT_DATE + INTERVAL '12 months')::date)
                       END AS date_stop
                  FROM recurring_contract c
                  JOIN recurring_contract_type t ON t.id = c.type_id
                 WHERE c.state != 'draft'
            ),
            facts AS (
                SELECT m.month::date AS month, c.company_id, c.product_id, c.type_id,
                       c.amount_annual AS annual_value,
                       0.0 AS amount_billed, 0.0 AS amount_to_bill,
                       1 AS active_count,
                       CASE WHEN date_trunc('month', c.date_start) = m.month
                            THEN 1 ELSE 0 END AS new_count,
                       CASE WHEN c.state = 'renewed'
                             AND date_trunc('month', c.date_stop) = m.month
                            THEN 1 ELSE 0 END AS renewed_count,
                       CASE WHEN c.state = 'cancelled'
                             AND date_trunc('month', c.date_stop) = m.month
                            THEN 1 ELSE 0 END AS cancelled_count
                  FROM contract c
                 CROSS JOIN LATERAL generate_series(
                       date_trunc('month', c.date_start),
                       date_trunc('month', GREATEST(c.date_stop, c.date_start)),
                       INTERVAL '1 month') AS m(month)
                UNION ALL
                SELECT date_trunc('month', aml.date)::date, c.company_id, c.product_id,
                       c.type_id, 0.0, -aml.balance, 0.0, 0, 0, 0, 0
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                  JOIN contract c ON c.id = aml.recurring_contract_id
                 WHERE aml.parent_state = 'posted'
                   AND aml.display_type = 'product'
                   AND am.move_type IN ('out_invoice', 'out_refund')
                UNION ALL
                SELECT date_trunc('month', i.invoice_date)::date, c.company_id,
                       c.product_id, c.type_id, 0.0, 0.0, i.amount, 0, 0, 0, 0
                  FROM recurring_contract_installment i
                  JOIN contract c ON c.id = i.contract_id
                 WHERE i.state = 'to_bill'
            )
            SELECT ROW_NUMBER() OVER (ORDER BY f.month, f.company_id, f.product_id,
                                      f.type_id) AS id,
                   f.month, f.company_id, rc.currency_id, f.product_id, f.type_id,
                   SUM(f.annual_value) AS annual_value,
                   SUM(f.amount_billed) AS amount_billed,
                   SUM(f.amount_to_bill) AS amount_to_bill,
                   SUM(f.active_count) AS active_count,
                   SUM(f.new_count) AS new_count,
                   SUM(f.renewed_count) AS renewed_count,
                   SUM(f.cancelled_count) AS cancelled_count
              FROM facts f
              JOIN res_company rc ON rc.id = f.company_id
             GROUP BY f.month, f.company_id, rc.currency_id, f.product_id, f.type_id
        """

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"CREATE OR REPLACE VIEW {self._table} AS ({self._query()})")

    # ------------------------------------------------------------------
    # Excel export
    # ------------------------------------------------------------------
    @api.model
    def _xlsx_action(self, content, filename):
        """Download ``content`` (xlsx bytes) as ``filename``."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "datas": base64.b64encode(content),
                "mimetype": XLSX_MIMETYPE,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _xlsx_content(self):
        currency = self.currency_id[:1] or self.env.company.currency_id
        sheet = xlsx.Sheet(
            title=_("Monthly analysis"),
            columns=[
                xlsx.Column(_("Service"), "text", width=30),
                xlsx.Column(_("Month"), "date"),
                xlsx.Column(_("Contract type"), "text", width=20),
                xlsx.Column(_("Contracted annual value"), "money", total=False),
                xlsx.Column(_("Billed"), "money"),
                xlsx.Column(_("Still to bill"), "money"),
                xlsx.Column(_("Active"), "integer", total=False),
                xlsx.Column(_("New"), "integer"),
                xlsx.Column(_("Renewed"), "integer"),
                xlsx.Column(_("Cancelled"), "integer"),
            ],
            rows=[
                [
                    row.product_id.display_name or "",
                    row.month,
                    row.type_id.display_name or "",
                    row.annual_value,
                    row.amount_billed,
                    row.amount_to_bill,
                    row.active_count,
                    row.new_count,
                    row.renewed_count,
                    row.cancelled_count,
                ]
                for row in self.sorted(lambda r: (r.month, r.type_id.display_name or ""))
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
        """Excel file of the analysis rows: those selected, else the filter."""
        rows = self or self.search(self.env.context.get("active_domain") or [])
        return self._xlsx_action(rows._xlsx_content(), _("contract-analysis.xlsx"))

    @api.model
    def _contracts_xlsx_action(self, contracts):
        """Contracts grouped by service with subtotals and a total."""
        currency = contracts.currency_id[:1] or self.env.company.currency_id
        states = dict(contracts._fields["state"]._description_selection(self.env))
        cycles = dict(contracts._fields["billing_cycle"]._description_selection(self.env))
        sheet = xlsx.Sheet(
            title=_("Contracts"),
            columns=[
                xlsx.Column(_("Service"), "text", width=30),
                xlsx.Column(_("Contract"), "text"),
                xlsx.Column(_("Customer"), "text", width=30),
                xlsx.Column(_("Contract type"), "text", width=20),
                xlsx.Column(_("Activation"), "date"),
                xlsx.Column(_("Valid to"), "date"),
                xlsx.Column(_("Cycle"), "text"),
                xlsx.Column(_("Period amount"), "money"),
                xlsx.Column(_("Annual amount"), "money"),
                xlsx.Column(_("Installment amount"), "money"),
                xlsx.Column(_("Status"), "text"),
            ],
            rows=[
                [
                    contract._default_invoice_product().display_name or "",
                    contract.name,
                    contract.partner_id.display_name,
                    contract.type_id.display_name,
                    contract.date_start,
                    contract.date_end,
                    cycles.get(contract.billing_cycle, ""),
                    contract.amount_total,
                    contract.amount_annual,
                    contract.amount_installment,
                    states.get(contract.state, ""),
                ]
                for contract in contracts
            ],
            group_column=0,
            subtotal_label=_("Total %(group)s"),
            total_label=_("Total"),
        )
        content = xlsx.workbook_bytes(
            [sheet],
            currency_symbol=currency.symbol or "",
            decimal_places=currency.decimal_places,
        )
        return self._xlsx_action(content, _("contracts.xlsx"))
