from odoo import _, api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    recurring_contract_ids = fields.One2many("recurring.contract", "partner_id", string="Contracts")
    recurring_contract_count = fields.Integer(
        string="Contract Count",
        compute="_compute_recurring_contract_count",
        groups="contract_recurring.group_contract_user",
    )
    recurring_overdue_amount = fields.Monetary(
        string="Overdue Amount",
        compute="_compute_recurring_overdue_amount",
        currency_field="currency_id",
        help="Unreconciled receivables past their due date, in company currency.",
    )
    recurring_service_suspended = fields.Boolean(
        string="Service Suspended",
        compute="_compute_recurring_followup",
        help="An overdue follow-up level that suspends the service was reached "
        "and its invoices are still unpaid: no tickets, interventions blocked. "
        "Paying the invoices lifts it.",
    )
    recurring_followup_level_name = fields.Char(
        string="Follow-up Level",
        compute="_compute_recurring_followup",
        help="The highest overdue follow-up level reached on invoices still unpaid.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        customers = partners.filtered(lambda p: not p.parent_id and p.customer_rank > 0)
        if customers:
            customers._create_open_ended_contracts()
        return partners

    def _create_open_ended_contracts(self):
        """Give each new customer the open-ended (time and materials) contract
        of every contract type flagged 'create for new customers'."""
        # sudo: whoever may create a customer gets its standard contract, even
        # without the contract rights (e.g. a salesperson); the types flagged
        # by a contract manager decide what is created.
        Type = self.env["recurring.contract.type"].sudo()
        types = Type.search(
            [("auto_create_for_new_customers", "=", True), ("kind", "=", "time_and_materials")]
        )
        if not types:
            return self.env["recurring.contract"]
        today = fields.Date.context_today(self)
        vals_list = []
        for partner in self:
            company = partner.company_id or self.env.company
            for contract_type in types.filtered(
                lambda t, c=company: not t.company_id or t.company_id == c
            ):
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "type_id": contract_type.id,
                        "company_id": company.id,
                        "date_start": today,
                        "date_end": False,
                    }
                )
        contracts = self.env["recurring.contract"].sudo().create(vals_list)
        contracts.action_activate()
        return contracts

    def _compute_recurring_contract_count(self):
        commercial = self.commercial_partner_id
        counts = dict(
            self.env["recurring.contract"]._read_group(
                [("commercial_partner_id", "in", commercial.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.recurring_contract_count = counts.get(partner.commercial_partner_id, 0)

    def _recurring_overdue_amounts(self, company=None, on_date=None):
        """Overdue receivables per commercial partner, in company currency.

        One grouped query for the whole recordset: unreconciled posted
        receivable lines whose maturity is before ``on_date``.
        """
        company = company or self.env.company
        on_date = on_date or fields.Date.context_today(self)
        commercial = self.commercial_partner_id
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                # sudo: the amount is a figure other modules (helpdesk gating,
                # planning) need for users without accounting rights; only the
                # total per partner leaves this method.
                [
                    ("partner_id", "child_of", commercial.ids),
                    ("company_id", "=", company.id),
                    ("account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("date_maturity", "<", on_date),
                ],
                ["partner_id"],
                ["amount_residual:sum"],
            )
        )
        totals = {}
        for partner, amount in groups:
            key = partner.commercial_partner_id.id
            totals[key] = totals.get(key, 0.0) + amount
        return {
            p.id: company.currency_id.round(totals.get(p.commercial_partner_id.id, 0.0))
            for p in self
        }

    def _compute_recurring_overdue_amount(self):
        amounts = self._recurring_overdue_amounts()
        for partner in self:
            partner.recurring_overdue_amount = amounts[partner.id]

    def _recurring_followup_status(self, company=None):
        """{partner id: (service suspended, follow-up level name)} per
        commercial partner, for the whole recordset.

        Nothing here: an overdue follow-up addon overrides it from its open
        reminders. Helpdesk, planning and the call screen read it."""
        return {partner.id: (False, "") for partner in self}

    def _compute_recurring_followup(self):
        status = self._recurring_followup_status()
        for partner in self:
            partner.recurring_service_suspended, partner.recurring_followup_level_name = status[
                partner.id
            ]

    def action_view_recurring_contracts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Contracts"),
            "res_model": "recurring.contract",
            "view_mode": "list,form",
            "domain": [("commercial_partner_id", "=", self.commercial_partner_id.id)],
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }
