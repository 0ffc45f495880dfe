from odoo import api, fields, models


class CreditControlLine(models.Model):
    _inherit = "credit.control.line"

    recurring_contract_ids = fields.Many2many(
        "recurring.contract",
        string="Contracts",
        compute="_compute_recurring_contract_ids",
        help="The contracts billed by the invoice of this open item.",
    )
    recurring_contract_names = fields.Char(
        string="Contract", compute="_compute_recurring_contract_ids"
    )
    recurring_postponed_until = fields.Date(
        string="Postponed Until",
        readonly=True,
        copy=False,
        help="The item gets no reminder before this date.",
    )

    @api.depends("invoice_id.line_ids.recurring_contract_id")
    def _compute_recurring_contract_ids(self):
        for line in self:
            contracts = line.invoice_id.line_ids.recurring_contract_id
            line.recurring_contract_ids = contracts
            line.recurring_contract_names = ", ".join(contracts.mapped("name"))

    def _recurring_postpone(self, until):
        """Put reminders off: the lines are set aside (ignored) and the runs
        before ``until`` prepare none for their items."""
        self.write({"state": "ignored", "recurring_postponed_until": until})
