from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..tools.schedule import period_bounds
from .recurring_contract import BILLABLE_STATES


class RecurringContractInstallment(models.Model):
    _name = "recurring.contract.installment"
    _description = "Contract Installment"
    _order = "contract_id, invoice_date, sequence, id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "recurring.contract", required=True, ondelete="cascade", index=True
    )
    line_id = fields.Many2one(
        "recurring.contract.line",
        string="Service Line",
        ondelete="cascade",
        help="Mixed contracts: the service line this installment bills.",
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True, string="Customer")
    contract_state = fields.Selection(related="contract_id.state", string="Contract Status")
    sequence = fields.Integer(default=1)
    invoice_date = fields.Date(string="Planned Invoice Date", required=True, index=True)
    competence_start = fields.Date(required=True)
    competence_end = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        domain="[('move_type', 'in', ('out_invoice', 'out_refund'))]",
    )
    invoice_number = fields.Char(related="move_id.name", string="Invoice Number")
    invoice_date_done = fields.Date(related="move_id.invoice_date", string="Invoiced On")
    excluded = fields.Boolean(copy=False, help="Not to be billed.")
    note = fields.Text(string="Installment Notes")
    state = fields.Selection(
        selection=[("to_bill", "To bill"), ("billed", "Billed"), ("excluded", "Excluded")],
        compute="_compute_state",
        store=True,
        index=True,
    )

    in_billing_term = fields.Boolean(
        string="Within the Contract Term",
        compute="_compute_in_billing_term",
        store=True,
        index=True,
        help="The contract owes this installment: it is active, renewed, expired "
        "or cancelled, and the installment's competence starts by its end date "
        "(or cancellation date). The billing run and the cut-off read this one rule.",
    )

    _sql_constraints = [
        (
            "competence_check",
            "CHECK(competence_end >= competence_start)",
            "An installment's competence cannot end before it starts.",
        ),
    ]

    @api.depends("move_id", "excluded")
    def _compute_state(self):
        for installment in self:
            if installment.move_id:
                installment.state = "billed"
            elif installment.excluded:
                installment.state = "excluded"
            else:
                installment.state = "to_bill"

    @api.depends(
        "competence_start",
        "contract_id.state",
        "contract_id.date_end",
        "contract_id.cancellation_date",
    )
    def _compute_in_billing_term(self):
        for installment in self:
            contract = installment.contract_id
            end = contract._billing_term_end()
            installment.in_billing_term = contract.state in BILLABLE_STATES and (
                not end or installment.competence_start <= end
            )

    @api.model
    def _billable_domain(self, until):
        """Installments to bill with planned invoice date up to ``until``."""
        return [
            ("state", "=", "to_bill"),
            ("in_billing_term", "=", True),
            ("invoice_date", "<=", until),
        ]

    def _billed_period(self, first_of_month):
        """The competence the invoice states ('data periodo al primo del mese')."""
        self.ensure_one()
        return period_bounds(self.competence_start, self.competence_end, first_of_month)

    def _billing_groups(self, one_per_installment=False, use_cup_cig=True):
        """The installments as one recordset per invoice, in billing order;
        the preview and the billing share it, so that they cannot drift."""
        groups = {}
        ordered = self.sorted(
            lambda i: (i.contract_id.invoice_partner_id.id, i.contract_id.id, i.invoice_date, i.id)
        )
        for installment in ordered:
            key = (
                (installment.id,)
                if one_per_installment
                else installment.contract_id._invoice_group_key(use_cup_cig)
            )
            groups.setdefault(key, []).append(installment.id)
        # one prefetch set for all groups: contracts and recipients read once
        return [self.browse(ids).with_prefetch(self._prefetch_ids) for ids in groups.values()]

    @api.depends("contract_id.name", "competence_start", "competence_end")
    def _compute_display_name(self):
        for installment in self:
            installment.display_name = _(
                "%(contract)s %(start)s - %(end)s",
                contract=installment.contract_id.name,
                start=format_date(self.env, installment.competence_start),
                end=format_date(self.env, installment.competence_end),
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        if self.filtered("move_id"):
            raise UserError(_("Billed installments cannot be removed."))

    def write(self, vals):
        protected = {"amount", "competence_start", "competence_end", "invoice_date"}
        if protected & set(vals) and self.filtered("move_id"):
            raise UserError(_("Billed installments cannot be changed."))
        return super().write(vals)

    def action_exclude(self):
        if self.filtered("move_id"):
            raise UserError(_("Billed installments cannot be excluded."))
        self.excluded = True

    def action_include(self):
        self.excluded = False

    def action_unlink_invoice(self):
        """Detach an invoice issued elsewhere; the installment is to bill again."""
        for installment in self.filtered("move_id"):
            installment.contract_id.message_post(
                body=_(
                    "Installment %(installment)s unlinked from invoice %(invoice)s.",
                    installment=installment.display_name,
                    invoice=installment.move_id.display_name,
                )
            )
        self.move_id = False

    def action_link_invoice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Link an Invoice"),
            "res_model": "recurring.installment.link",
            "view_mode": "form",
            "target": "new",
            "context": {"default_installment_id": self.id},
        }
