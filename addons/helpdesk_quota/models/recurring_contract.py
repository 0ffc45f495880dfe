from odoo import api, fields, models

from ..tools.quota import available, period_bounds
from .recurring_contract_type import OVER_QUOTA, QUOTA_PERIODS


class RecurringContract(models.Model):
    _inherit = "recurring.contract"

    helpdesk_support = fields.Boolean(
        string="Covers Support",
        compute="_compute_helpdesk_terms",
        store=True,
        readonly=False,
    )
    helpdesk_quota = fields.Integer(
        string="Requests Included",
        compute="_compute_helpdesk_terms",
        store=True,
        readonly=False,
        help="Support requests included per period; 0 means unlimited. "
        "Defaults to the contract type's.",
    )
    helpdesk_quota_period = fields.Selection(
        QUOTA_PERIODS,
        string="Quota Period",
        compute="_compute_helpdesk_terms",
        store=True,
        readonly=False,
    )
    helpdesk_over_quota = fields.Selection(
        OVER_QUOTA,
        string="Over Quota",
        compute="_compute_helpdesk_terms",
        store=True,
        readonly=False,
    )
    helpdesk_extra_price = fields.Monetary(
        string="Extra Request Price",
        compute="_compute_helpdesk_terms",
        store=True,
        readonly=False,
    )
    helpdesk_ticket_ids = fields.One2many("helpdesk.ticket", "contract_id", string="Tickets")
    helpdesk_ticket_count = fields.Integer(
        string="Ticket Count", compute="_compute_helpdesk_ticket_count"
    )
    helpdesk_quota_used = fields.Integer(
        string="Requests Used", compute="_compute_helpdesk_quota_figures"
    )
    helpdesk_quota_available = fields.Integer(
        string="Requests Available",
        compute="_compute_helpdesk_quota_figures",
        help="-1 when the quota is unlimited.",
    )
    helpdesk_quota_label = fields.Char(
        string="Requests This Period", compute="_compute_helpdesk_quota_figures"
    )

    @api.depends("type_id")
    def _compute_helpdesk_terms(self):
        for contract in self:
            contract_type = contract.type_id
            contract.helpdesk_support = contract_type.helpdesk_support if contract_type else True
            contract.helpdesk_quota = contract_type.helpdesk_quota
            contract.helpdesk_quota_period = contract_type.helpdesk_quota_period or "month"
            contract.helpdesk_over_quota = contract_type.helpdesk_over_quota or "refuse"
            contract.helpdesk_extra_price = contract_type.helpdesk_extra_price

    def _compute_helpdesk_ticket_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.helpdesk_ticket_count = counts.get(contract, 0)

    def _compute_helpdesk_quota_figures(self):
        today = fields.Date.context_today(self)
        used = self._helpdesk_used(today)
        for contract in self:
            count = used.get(contract.id, 0)
            free = available(contract.helpdesk_quota, count)
            contract.helpdesk_quota_used = count
            contract.helpdesk_quota_available = -1 if free is None else free
            if free is None:
                contract.helpdesk_quota_label = self.env._("%(used)s used, unlimited", used=count)
            else:
                contract.helpdesk_quota_label = self.env._(
                    "%(used)s of %(included)s used, %(free)s available",
                    used=count,
                    included=contract.helpdesk_quota,
                    free=free,
                )

    def _helpdesk_period(self, day):
        self.ensure_one()
        return period_bounds(day, self.helpdesk_quota_period or "month")

    def _helpdesk_used(self, day):
        """Requests used in the period containing ``day``, per contract id."""
        if not self.ids:
            return {}
        # sudo: counters are figures shown to portal users and operators
        counters = (
            self.env["helpdesk.quota.counter"]
            .sudo()
            .search(
                [
                    ("contract_id", "in", self.ids),
                    ("period_start", "<=", day),
                    ("period_end", ">=", day),
                ]
            )
        )
        used = {}
        for counter in counters:
            contract = counter.contract_id
            if (counter.period_start, counter.period_end) == contract._helpdesk_period(day):
                used[contract.id] = counter.used
        return used

    @api.model
    def _helpdesk_support_contracts(self, partners, company, on_date):
        """Active contracts covering support of these commercial partners."""
        return self.search(
            [
                ("commercial_partner_id", "in", partners.commercial_partner_id.ids),
                ("company_id", "=", company.id),
                ("state", "=", "active"),
                ("helpdesk_support", "=", True),
                ("date_start", "<=", on_date),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", on_date),
            ]
        )

    def _helpdesk_quota_summary(self, day=None):
        """The figures of the portal box, one dict per contract."""
        day = day or fields.Date.context_today(self)
        used = self._helpdesk_used(day)
        rows = []
        for contract in self:
            count = used.get(contract.id, 0)
            start, end = contract._helpdesk_period(day)
            rows.append(
                {
                    "contract": contract,
                    "name": contract.name,
                    "activation_date": contract.date_start,
                    "version": contract.type_id.name,
                    "period": dict(
                        contract._fields["helpdesk_quota_period"]._description_selection(self.env)
                    ).get(contract.helpdesk_quota_period),
                    "period_start": start,
                    "period_end": end,
                    "included": contract.helpdesk_quota,
                    "used": count,
                    "available": available(contract.helpdesk_quota, count),
                    "billable_extra": contract.helpdesk_over_quota == "bill",
                }
            )
        return rows

    def action_view_helpdesk_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt.helpdesk_ticket_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {
            "default_contract_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action
