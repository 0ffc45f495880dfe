from odoo import fields, models, tools


class RecurringContractAgentReport(models.Model):
    """Billed amount attributed to each agent, per month (a PostgreSQL view):
    the taxable amount of posted contract invoices times the agent's share."""

    _name = "recurring.contract.agent.report"
    _description = "Billed Amount per Agent"
    _auto = False
    _order = "month desc, partner_id"
    _depends = {
        "recurring.contract.agent": ["contract_id", "partner_id", "user_id", "percentage"],
        "account.move.line": ["recurring_contract_id", "balance", "date", "parent_state"],
        "account.move": ["move_type"],
        "recurring.contract": ["company_id", "partner_id"],
    }

    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Agent", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    contract_id = fields.Many2one("recurring.contract", readonly=True)
    customer_id = fields.Many2one("res.partner", readonly=True)
    percentage = fields.Float(string="Share (%)", readonly=True, aggregator="avg")
    amount_billed = fields.Monetary(
        string="Contract Billed",
        readonly=True,
        help="Taxable amount billed on the contract in the month.",
    )
    amount_attributed = fields.Monetary(
        string="Attributed",
        readonly=True,
        help="The agent's share of the billed amount.",
    )

    def _query(self):
        return """
            SELECT ROW_NUMBER() OVER (ORDER BY billed.month, a.id) AS id,
                   billed.month, c.company_id, rc.currency_id, a.partner_id, a.user_id,
                   c.id AS contract_id, c.partner_id AS customer_id, a.percentage,
                   billed.amount AS amount_billed,
                   ROUND(billed.amount * a.percentage / 100.0, 2) AS amount_attributed
              FROM (
                    SELECT aml.recurring_contract_id AS contract_id,
                           date_trunc('month', aml.date)::date AS month,
                           SUM(-aml.balance) AS amount
                      FROM account_move_line aml
                      JOIN account_move am ON am.id = aml.move_id
                     WHERE aml.parent_state = 'posted'
                       AND aml.display_type = 'product'
                       AND aml.recurring_contract_id IS NOT NULL
                       AND am.move_type IN ('out_invoice', 'out_refund')
                     GROUP BY aml.recurring_contract_id, date_trunc('month', aml.date)
                   ) billed
              JOIN recurring_contract c ON c.id = billed.contract_id
              JOIN recurring_contract_agent a ON a.contract_id = c.id
              JOIN res_company rc ON rc.id = c.company_id
        """

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"CREATE OR REPLACE VIEW {self._table} AS ({self._query()})")
