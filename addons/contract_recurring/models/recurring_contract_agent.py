from odoo import api, fields, models


class RecurringContractAgent(models.Model):
    """An agent's share of a contract's billed amount."""

    _name = "recurring.contract.agent"
    _description = "Contract Agent"
    _order = "contract_id, sequence, id"

    contract_id = fields.Many2one(
        "recurring.contract", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        help="An internal salesperson; empty for an external agent.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Agent",
        required=True,
        index=True,
        compute="_compute_partner_id",
        store=True,
        precompute=True,
        readonly=False,
        help="The agent (an external partner, or the salesperson's contact).",
    )
    percentage = fields.Float(string="Share (%)", digits=(5, 2), required=True, default=100.0)

    _sql_constraints = [
        (
            "percentage_range",
            "CHECK(percentage > 0 AND percentage <= 100)",
            "An agent's share is a percentage greater than 0 and at most 100.",
        ),
    ]

    @api.depends("user_id")
    def _compute_partner_id(self):
        for agent in self:
            if agent.user_id:
                agent.partner_id = agent.user_id.partner_id
