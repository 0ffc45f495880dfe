import dataclasses
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, format_date

from ..tools import renewal, schedule
from ..tools.errors import DomainError, localized_params
from ..tools.money import from_cents, to_cents
from ..tools.tags import render_description

CYCLES = [
    ("monthly", "Monthly"),
    ("bimonthly", "Bimonthly"),
    ("quarterly", "Quarterly"),
    ("fourmonthly", "Four-monthly"),
    ("semiannual", "Semiannual"),
    ("annual", "Annual"),
]
# Plans of open-ended contracts reach this far ahead; the daily billing
# cron extends them.
OPEN_ENDED_HORIZON = relativedelta(months=12)
# Contracts whose installments are due within their term: a renewed, expired
# or cancelled contract still owes what falls before its end. Draft and
# suspended contracts (a manual renewal not yet confirmed) owe nothing yet.
BILLABLE_STATES = ("active", "renewed", "expired", "cancelled")
NOTICE_DAYS_PARAM = "contract_recurring.renewal_notice_days"
RENEWABLE_STATES = ("active", "expired")


class RecurringContract(models.Model):
    _name = "recurring.contract"
    _description = "Customer Contract"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]
    _order = "date_start desc, name desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: _("New"),
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    site_id = fields.Many2one(
        "res.partner",
        tracking=True,
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
        help="The customer's plant or site (a delivery or other address) the contract covers.",
    )
    site_ids = fields.Many2many(
        "res.partner",
        "recurring_contract_site_rel",
        "contract_id",
        "partner_id",
        string="Linked Sites",
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
        help="Other sites covered by the same contract.",
    )
    invoice_partner_id = fields.Many2one(
        "res.partner",
        string="Invoice Recipient",
        compute="_compute_invoice_partner_id",
        store=True,
        readonly=False,
        check_company=True,
        tracking=True,
        help="Invoices go to this partner: the customer, or a third party.",
    )
    type_id = fields.Many2one(
        "recurring.contract.type",
        string="Contract Type",
        required=True,
        tracking=True,
        check_company=True,
    )
    kind = fields.Selection(related="type_id.kind", store=True)
    group_id = fields.Many2one(
        "recurring.contract.group", string="Contract Group", check_company=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
    )
    product_id = fields.Many2one(
        "product.product",
        string="Associated Product",
        check_company=True,
        compute="_compute_product_id",
        store=True,
        readonly=False,
        index=True,
        help="The contract's service, used for the invoice description and on "
        "invoice lines; wins over the contract type's product. Defaults to the "
        "type's product, else the first service line's.",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("active", "Active"),
            ("suspended", "Suspended"),
            ("cancelled", "Cancelled"),
            ("renewed", "Renewed"),
            ("expired", "Expired"),
        ],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    date_start = fields.Date(string="Valid From", required=True, default=fields.Date.context_today)
    date_end = fields.Date(
        string="Valid To",
        tracking=True,
        help="Empty for open-ended contracts (time and materials).",
    )
    period_months = fields.Integer(
        string="Period (months)",
        default=12,
        required=True,
        help="Length of the period the amount refers to; multi-year contracts "
        "repeat it over their whole validity.",
    )
    line_ids = fields.One2many("recurring.contract.line", "contract_id", copy=True)
    amount_total = fields.Monetary(
        string="Period Amount",
        compute="_compute_amounts",
        store=True,
        tracking=True,
        help="Amount agreed for each period: the sum of the service lines.",
    )
    amount_annual = fields.Monetary(string="Annual Amount", compute="_compute_amounts", store=True)
    amount_installment = fields.Monetary(
        string="Installment Amount",
        compute="_compute_amount_installment",
        store=True,
        help="The amount of one regular installment ('Importo Ft').",
    )
    client_order_ref = fields.Char(string="Customer Order Ref.")
    client_order_date = fields.Date(string="Customer Order Date")
    quote_ref = fields.Char(string="Quotation Ref.")
    quote_date = fields.Date(string="Quotation Date")
    payment_term_id = fields.Many2one(
        "account.payment.term",
        check_company=True,
        compute="_compute_payment_term_id",
        store=True,
        readonly=False,
    )
    fiscal_position_id = fields.Many2one(
        "account.fiscal.position",
        check_company=True,
    )
    practice_status = fields.Selection(
        selection=[
            ("regular", "Regular"),
            ("unsigned", "Not signed"),
            ("to_check", "To check"),
            ("disputed", "Disputed"),
        ],
        default="regular",
        tracking=True,
    )
    priority = fields.Selection(
        selection=[("0", "Normal"), ("1", "High"), ("2", "Urgent")], default="0"
    )
    exclude_labour = fields.Boolean(
        compute="_compute_exclusions",
        store=True,
        readonly=False,
        help="Labour of interventions is billed apart, not included in the contract. "
        "Defaults from the contract type.",
    )
    exclude_travel = fields.Boolean(
        compute="_compute_exclusions",
        store=True,
        readonly=False,
        help="Travel of interventions is billed apart, not included in the contract. "
        "Defaults from the contract type.",
    )
    exclude_materials = fields.Boolean(
        compute="_compute_exclusions",
        store=True,
        readonly=False,
        help="Materials of interventions are billed apart, not included in the "
        "contract. Defaults from the contract type.",
    )
    auto_renew = fields.Boolean(string="Automatic Renewal")
    auto_billing = fields.Boolean(
        string="Automatic Billing",
        help="The daily billing run bills this contract's due installments.",
    )
    critical = fields.Boolean()
    seasonal = fields.Boolean(
        help="Validity shorter than a year that renews to the same period of the next year."
    )
    first_contract = fields.Boolean()
    include_in_accruals = fields.Boolean(string="Include in Accruals")
    agent_ids = fields.One2many(
        "recurring.contract.agent",
        "contract_id",
        string="Agents",
        copy=True,
        help="Agents or salespersons sharing the billed amount; their percentages add up to 100.",
    )
    late_start = fields.Boolean()
    sent = fields.Boolean()
    call_fee_amount = fields.Monetary(
        string="Call-right Fee",
        compute="_compute_call_fee",
        store=True,
        readonly=False,
    )
    call_fee_hours = fields.Float(
        string="Call-right Hours",
        compute="_compute_call_fee",
        store=True,
        readonly=False,
    )
    cancellation_date = fields.Date(string="Cancellation Effective Date", tracking=True, copy=False)
    date_activated = fields.Date(
        string="Made Active On",
        readonly=True,
        copy=False,
        help="Day the contract was first made active. A manual renewal confirmed "
        "after its start counts in the recurring revenue from this day's month.",
    )
    date_lapsed = fields.Date(
        string="Lapsed On",
        readonly=True,
        copy=False,
        help="Cancellation effective date cleared by the last reactivation: the "
        "recurring revenue leaves in its month and comes back in the month of "
        "the reactivation.",
    )
    date_reactivated = fields.Date(string="Reactivated On", readonly=True, copy=False)
    l10n_it_cup = fields.Char(string="CUP", help="Public Investment Unique Identifier")
    l10n_it_cig = fields.Char(string="CIG", help="Tender Unique Identifier")
    note = fields.Html(string="Internal Notes")
    # billing parameters
    billing_date_start = fields.Date(
        string="Billing From",
        compute="_compute_billing_date_start",
        store=True,
        readonly=False,
        help="First date of the installment plan.",
    )
    billing_cycle = fields.Selection(
        selection=[*CYCLES, ("mixed", "Mixed")],
        default="annual",
        required=True,
        help="Mixed: each service line is billed on its own cycle.",
    )
    cycle_letter = fields.Char(string="Cycle", compute="_compute_cycle_letter")
    interval_months = fields.Integer(
        string="Interval (months)",
        compute="_compute_billing_parameters",
        store=True,
        readonly=False,
    )
    invoices_per_period = fields.Integer(
        string="Invoices per Period",
        compute="_compute_billing_parameters",
        store=True,
        readonly=False,
    )
    installment_ids = fields.One2many(
        "recurring.contract.installment", "contract_id", string="Installments"
    )
    installment_count = fields.Integer(compute="_compute_installment_figures")
    amount_billed = fields.Monetary(compute="_compute_installment_figures")
    amount_to_bill = fields.Monetary(compute="_compute_installment_figures")
    next_invoice_date = fields.Date(compute="_compute_installment_figures")
    invoice_ids = fields.Many2many("account.move", compute="_compute_invoice_ids")
    invoice_count = fields.Integer(compute="_compute_invoice_ids")
    # prepaid hours ('ordine cliente ore')
    hour_block_ids = fields.One2many(
        "recurring.contract.hour.block", "contract_id", string="Prepaid Hours"
    )
    hour_usage_ids = fields.One2many(
        "recurring.contract.hour.usage", "contract_id", string="Hours Used"
    )
    hour_block_count = fields.Integer(compute="_compute_prepaid_hours")
    prepaid_hours_ordered = fields.Float(
        string="Ordered Hours", compute="_compute_prepaid_hours", digits=(16, 2)
    )
    prepaid_hours_used = fields.Float(
        string="Used Hours",
        compute="_compute_prepaid_hours",
        digits=(16, 2),
        help="Hours drawn from the blocks and hours beyond them.",
    )
    prepaid_hours_remaining = fields.Float(
        string="Remaining Hours", compute="_compute_prepaid_hours", digits=(16, 2)
    )
    prepaid_hours_extra = fields.Float(
        string="Hours Beyond the Blocks", compute="_compute_prepaid_hours", digits=(16, 2)
    )
    activation_month_billing = fields.Boolean(
        compute="_compute_activation_month_billing",
        search="_search_activation_month_billing",
        help="Technical: some installment falls in the activation month of the "
        "contract's validity.",
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A contract number must be unique per company.",
        ),
        (
            "period_months_check",
            "CHECK(period_months > 0)",
            "The period must last at least one month.",
        ),
    ]

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------
    @api.depends("partner_id")
    def _compute_invoice_partner_id(self):
        for contract in self:
            contract.invoice_partner_id = contract.partner_id

    @api.depends("partner_id")
    def _compute_payment_term_id(self):
        for contract in self:
            contract.payment_term_id = contract.partner_id.property_payment_term_id

    @api.depends("type_id")
    def _compute_call_fee(self):
        for contract in self:
            contract.call_fee_amount = contract.type_id.call_fee_amount
            contract.call_fee_hours = contract.type_id.call_fee_hours

    @api.depends("type_id", "line_ids.product_id")
    def _compute_product_id(self):
        for contract in self:
            contract.product_id = (
                contract.product_id
                or contract.type_id.product_id
                or contract.line_ids[:1].product_id
            )

    @api.depends("type_id")
    def _compute_exclusions(self):
        for contract in self:
            contract_type = contract.type_id
            contract.exclude_labour = contract_type.exclude_labour
            contract.exclude_travel = contract_type.exclude_travel
            contract.exclude_materials = contract_type.exclude_materials

    @api.depends("installment_ids.amount", "amount_total", "invoices_per_period")
    def _compute_amount_installment(self):
        for contract in self:
            first = contract.installment_ids.sorted(lambda i: (i.sequence, i.invoice_date))[:1]
            if first:
                contract.amount_installment = first.amount
            elif contract.invoices_per_period:
                contract.amount_installment = contract.currency_id.round(
                    contract.amount_total / contract.invoices_per_period
                )
            else:
                contract.amount_installment = 0.0

    @api.depends("date_start")
    def _compute_billing_date_start(self):
        for contract in self:
            contract.billing_date_start = contract.date_start

    @api.depends("billing_cycle", "period_months")
    def _compute_billing_parameters(self):
        for contract in self:
            months = schedule.CYCLE_MONTHS.get(contract.billing_cycle)
            if not months:  # mixed: each line on its own cycle
                contract.interval_months = 0
                contract.invoices_per_period = 0
                continue
            contract.interval_months = months
            contract.invoices_per_period = max(contract.period_months // months, 1)

    @api.depends("billing_cycle")
    def _compute_cycle_letter(self):
        for contract in self:
            contract.cycle_letter = schedule.CYCLE_LETTER.get(contract.billing_cycle)

    @api.depends("line_ids.price_subtotal", "period_months", "currency_id")
    def _compute_amounts(self):
        for contract in self:
            total = sum(contract.line_ids.mapped("price_subtotal"))
            contract.amount_total = contract.currency_id.round(total)
            contract.amount_annual = contract.currency_id.round(
                total * 12 / (contract.period_months or 12)
            )

    @api.depends(
        "installment_ids.amount",
        "installment_ids.move_id",
        "installment_ids.excluded",
    )
    def _compute_installment_figures(self):
        for contract in self:
            installments = contract.installment_ids
            billed = installments.filtered("move_id")
            to_bill = installments - billed - installments.filtered("excluded")
            contract.installment_count = len(installments)
            contract.amount_billed = sum(billed.mapped("amount"))
            contract.amount_to_bill = sum(to_bill.mapped("amount"))
            contract.next_invoice_date = to_bill.sorted("invoice_date")[:1].invoice_date

    @api.depends("installment_ids.move_id")
    def _compute_invoice_ids(self):
        for contract in self:
            contract.invoice_ids = contract.installment_ids.move_id
            contract.invoice_count = len(contract.invoice_ids)

    @api.depends("installment_ids.invoice_date", "date_start")
    def _compute_activation_month_billing(self):
        for contract in self:
            month = contract.date_start and contract.date_start.month
            contract.activation_month_billing = any(
                i.invoice_date.month == month for i in contract.installment_ids
            )

    def _search_activation_month_billing(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the activation month."))
        self.env["recurring.contract.installment"].flush_model(["invoice_date", "contract_id"])
        self.flush_model(["date_start"])
        self.env.cr.execute(
            """
            SELECT DISTINCT c.id
              FROM recurring_contract c
              JOIN recurring_contract_installment i ON i.contract_id = c.id
             WHERE EXTRACT(MONTH FROM i.invoice_date)
                 = EXTRACT(MONTH FROM c.date_start)
            """
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------
    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(
                    _(
                        "Contract %(name)s cannot end (%(end)s) before it starts (%(start)s).",
                        name=contract.name,
                        start=contract.date_start,
                        end=contract.date_end,
                    )
                )

    @api.constrains("type_id", "date_end", "line_ids")
    def _check_kind_rules(self):
        for contract in self:
            if contract.kind in ("maintenance", "warranty") and not contract.date_end:
                raise ValidationError(
                    _(
                        "Contract %(name)s: a %(kind)s contract needs an end date.",
                        name=contract.name,
                        kind=contract.type_id.name,
                    )
                )
            if contract.kind == "time_and_materials" and contract.date_end:
                raise ValidationError(
                    _(
                        "Contract %(name)s: a time and materials contract is open-ended: "
                        "it has no end date and is never renewed.",
                        name=contract.name,
                    )
                )
        self.line_ids._check_zero_amount_kinds()

    @api.constrains("billing_cycle", "interval_months", "invoices_per_period")
    def _check_billing_parameters(self):
        for contract in self.filtered(lambda c: c.billing_cycle != "mixed"):
            if contract.interval_months <= 0 or contract.invoices_per_period <= 0:
                raise ValidationError(
                    _(
                        "Contract %(name)s: the billing interval and the number of "
                        "invoices per period must be at least 1.",
                        name=contract.name,
                    )
                )

    @api.constrains("billing_cycle", "line_ids", "period_months")
    def _check_mixed_lines(self):
        for contract in self.filtered(lambda c: c.billing_cycle == "mixed"):
            if contract.period_months != 12:
                raise ValidationError(
                    _(
                        "Contract %(name)s: a mixed contract states annual amounts "
                        "(period of 12 months).",
                        name=contract.name,
                    )
                )
            if contract.line_ids.filtered(lambda line: not line.cycle):
                raise ValidationError(
                    _(
                        "Contract %(name)s: on a mixed contract every service line "
                        "needs its billing cycle.",
                        name=contract.name,
                    )
                )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        new_name = _("New")
        for vals in vals_list:
            if vals.get("name", new_name) == new_name:
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("recurring.contract", sequence_date=vals.get("date_start"))
                )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        billed = self.installment_ids.filtered("move_id").contract_id
        if billed:
            raise UserError(
                _(
                    "Contract %(names)s cannot be deleted: some of its installments "
                    "are billed. Cancel it instead.",
                    names=", ".join(billed.mapped("name")),
                )
            )

    @api.onchange("type_id")
    def _onchange_type_id(self):
        contract_type = self.type_id
        if not contract_type:
            return
        if contract_type.kind == "time_and_materials":
            self.date_end = False
        if not self.line_ids and contract_type.product_id:
            self.line_ids = [
                Command.create(
                    {
                        "product_id": contract_type.product_id.id,
                        "name": contract_type.product_id.display_name,
                        "quantity": 1.0,
                        "price_unit": contract_type.standard_price
                        if contract_type.kind == "maintenance"
                        else 0.0,
                    }
                )
            ]

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for contract in self:
            contract.access_url = f"/my/contracts/{contract.id}"
        return result

    # ------------------------------------------------------------------
    # installment plan
    # ------------------------------------------------------------------
    def _domain_error(self, error):
        """A rule of ``tools/`` refused this contract's data: the user's error."""
        return UserError(
            _(
                "Contract %(name)s: %(reason)s",
                name=self.name,
                reason=_(
                    error.message,
                    **localized_params(error.params, lambda d: format_date(self.env, d)),
                ),
            )
        )

    def _cents(self, amount):
        return to_cents(amount, self.currency_id.decimal_places)

    def _amount(self, cents):
        return from_cents(cents, self.currency_id.decimal_places)

    def _plan_horizon(self):
        self.ensure_one()
        if self.date_end:
            return None
        today = fields.Date.context_today(self)
        return max(today, self.billing_date_start or self.date_start) + OPEN_ENDED_HORIZON

    def _proposed_installments(self):
        """The plan the current parameters give, as (Installment, line) pairs."""
        self.ensure_one()
        start = self.billing_date_start or self.date_start
        if not self.amount_total and not self.line_ids:
            return []
        try:
            if self.billing_cycle == "mixed":
                lines = [
                    (
                        line.id,
                        schedule.CYCLE_MONTHS[line.cycle],
                        self._cents(line.price_subtotal),
                    )
                    for line in self.line_ids
                ]
                planned = schedule.mixed_plan(
                    lines, start, self.date_end, horizon=self._plan_horizon()
                )
                line_by_id = {line.id: line for line in self.line_ids}
                # each line's plan counts from 1: number the merged plan anew
                return [
                    (dataclasses.replace(inst, sequence=number), line_by_id[key])
                    for number, (key, inst) in enumerate(planned, 1)
                ]
            planned = schedule.plan(
                start,
                self.date_end,
                self.interval_months,
                self._cents(self.amount_total),
                self.invoices_per_period,
                period_months=self.period_months,
                horizon=self._plan_horizon(),
            )
        except DomainError as error:
            raise self._domain_error(error) from error
        empty_line = self.env["recurring.contract.line"]
        return [(inst, empty_line) for inst in planned]

    def _installment_values(self, installment, line, note=False):
        return {
            "contract_id": self.id,
            "line_id": line.id,
            "sequence": installment.sequence,
            "invoice_date": installment.invoice_date,
            "competence_start": installment.competence_start,
            "competence_end": installment.competence_end,
            "amount": self._amount(installment.amount_cents),
            "note": note,
        }

    def action_compute_installments(self):
        """Compute the plan; with installments already there, propose changes."""
        self.ensure_one()
        if self.state not in ("draft", "active", "suspended"):
            raise UserError(
                _(
                    "The installments of a %(state)s contract cannot be recalculated.",
                    state=dict(self._fields["state"].selection)[self.state],
                )
            )
        if not self.installment_ids:
            values = [
                self._installment_values(inst, line) for inst, line in self._proposed_installments()
            ]
            self.env["recurring.contract.installment"].create(values)
            return True
        return self._lifecycle_wizard(
            "recurring.installment.recalculate", _("Recalculate Installments")
        )

    # ------------------------------------------------------------------
    # re-planning engine (recalculation, indexation, reactivation)
    # ------------------------------------------------------------------
    def _plan_changes(self):
        """What turns the current installments into the plan the contract's
        parameters give, as a list of change values (billed ones are kept):
        ``action`` (keep, replace, add, remove), ``installment_id`` and the new
        installment's ``new_*`` values."""
        self.ensure_one()
        proposed = self._proposed_installments()
        line_by_sequence = {inst.sequence: line for inst, line in proposed}
        current = self.installment_ids
        by_sequence = {i.sequence: i for i in current}
        existing = [
            (
                i.sequence,
                i.competence_start,
                i.competence_end,
                self._cents(i.amount),
                bool(i.move_id),
            )
            for i in current
        ]
        changes = schedule.recalculate(existing, [inst for inst, _line in proposed])
        empty_line = self.env["recurring.contract.line"]
        result = []
        for change in changes:
            old = by_sequence.get(change.old_sequence) if change.old_sequence else None
            values = {"action": change.action, "installment_id": old.id if old else False}
            new = change.new
            if new:
                values.update(
                    {
                        "new_invoice_date": new.invoice_date,
                        "new_competence_start": new.competence_start,
                        "new_competence_end": new.competence_end,
                        "new_amount": self._amount(new.amount_cents),
                        "new_sequence": new.sequence,
                        "new_line_id": line_by_sequence.get(new.sequence, empty_line).id,
                    }
                )
            result.append(values)
        return result

    def _apply_plan_changes(self, changes):
        """Apply change values of :meth:`_plan_changes`; billed installments
        are never changed."""
        self.ensure_one()
        Installment = self.env["recurring.contract.installment"]
        removed = [c for c in changes if c["action"] in ("replace", "remove")]
        to_remove = Installment.browse([c["installment_id"] for c in removed])
        if to_remove.filtered("move_id"):
            raise UserError(_("Billed installments are never changed."))
        notes = {
            c.get("new_competence_start"): Installment.browse(c["installment_id"]).note
            for c in removed
        }
        to_create = [c for c in changes if c["action"] in ("replace", "add")]
        to_remove.unlink()
        Installment.create(
            [
                {
                    "contract_id": self.id,
                    "line_id": c["new_line_id"],
                    "sequence": c["new_sequence"],
                    "invoice_date": c["new_invoice_date"],
                    "competence_start": c["new_competence_start"],
                    "competence_end": c["new_competence_end"],
                    "amount": c["new_amount"],
                    "note": notes.get(c["new_competence_start"]) or False,
                }
                for c in to_create
            ]
        )
        if removed or to_create:
            self.message_post(
                body=_(
                    "Installment plan recalculated: %(removed)s removed or replaced, "
                    "%(created)s created.",
                    removed=len(removed),
                    created=len(to_create),
                )
            )
        return len(removed) + len(to_create)

    def _replan(self, actions=("replace", "add", "remove")):
        """Re-plan the unbilled installments (only the given kinds of change)."""
        for contract in self:
            changes = [c for c in contract._plan_changes() if c["action"] in actions]
            contract._apply_plan_changes(changes)

    # ------------------------------------------------------------------
    # state actions
    # ------------------------------------------------------------------
    def action_activate(self):
        for contract in self:
            if contract.state not in ("draft", "suspended"):
                raise UserError(
                    _(
                        "Only draft or suspended contracts can be activated (%(name)s).",
                        name=contract.name,
                    )
                )
            if not contract.installment_ids and contract.amount_total:
                contract.action_compute_installments()
        self.filtered(lambda c: not c.date_activated).date_activated = fields.Date.context_today(
            self
        )
        self.write({"state": "active"})
        return True

    def action_suspend(self):
        if self.filtered(lambda c: c.state != "active"):
            raise UserError(_("Only active contracts can be suspended."))
        self.write({"state": "suspended"})
        return True

    def action_draft(self):
        if self.installment_ids.filtered("move_id"):
            raise UserError(_("A contract with billed installments cannot go back to draft."))
        self.write({"state": "draft"})
        return True

    def action_cancel(self):
        """Cancel as of the cancellation date (today when empty)."""
        today = fields.Date.context_today(self)
        for contract in self:
            contract._cancel(contract.cancellation_date or today)
        return True

    @api.model
    def _renewable_domain(self):
        """Contracts any renewal path may offer: active or expired, with an end
        date, not renewed yet, never time and materials (open-ended)."""
        return [
            ("state", "in", RENEWABLE_STATES),
            ("date_end", "!=", False),
            ("next_contract_id", "=", False),
            ("kind", "!=", "time_and_materials"),
        ]

    def _not_renewable(self):
        """Those of these contracts that no renewal path may renew."""
        return self.filtered(
            lambda c: (
                c.state not in RENEWABLE_STATES
                or not c.date_end
                or c.next_contract_id
                or c.kind == "time_and_materials"
            )
        )

    def _billing_term_end(self):
        """Last day whose installments are due: the end date, or the
        cancellation's effective date when earlier; False when open-ended."""
        self.ensure_one()
        ends = [d for d in (self.date_end, self.cancellation_date) if d]
        return min(ends) if ends else False

    def _cancel(self, effective_date):
        """Termination notice: unbilled installments after ``effective_date``
        are dropped, billed ones stay."""
        self.ensure_one()
        if self.state in ("cancelled", "renewed"):
            raise UserError(
                _(
                    "Contract %(name)s is already %(state)s.",
                    name=self.name,
                    state=dict(self._fields["state"].selection)[self.state],
                )
            )
        dropped = self.installment_ids.filtered(
            lambda i: not i.move_id and i.competence_start > effective_date
        )
        dropped.unlink()
        self.write({"state": "cancelled", "cancellation_date": effective_date})
        self.message_post(
            body=_(
                "Cancelled with effect from %(date)s; %(count)s unbilled installments dropped.",
                date=effective_date,
                count=len(dropped),
            )
        )

    @api.model
    def _cron_expire_contracts(self):
        today = fields.Date.context_today(self)
        expired = self.search([("state", "=", "active"), ("date_end", "<", today)])
        expired.write({"state": "expired"})
        return expired

    # ------------------------------------------------------------------
    # navigation
    # ------------------------------------------------------------------
    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    def _billing_description(self, start, end, product):
        """Main invoice line text for the period ``start``-``end``: the tagged
        template of the associated product (the contract's wins over the
        type's), else the type's, with its tags filled in."""
        associated = self._default_invoice_product()
        template = (
            associated.recurring_invoice_description
            or self.type_id.invoice_description
            or "#PRODUCT# #CONTRACT# #PERIOD#"
        )
        return render_description(
            template,
            {
                "start": start,
                "end": end,
                "contract": self.name,
                "customer": self.partner_id.display_name,
                "product": product.display_name or self.type_id.name,
            },
        )

    def _invoice_group_key(self, use_cup_cig=True):
        """Contracts with the same key are billed on one invoice. Other addons
        extend it with what their invoice header carries (e.g. the mandate)."""
        self.ensure_one()
        key = (
            self.invoice_partner_id.id,
            self.currency_id.id,
            self.payment_term_id.id,
            self.fiscal_position_id.id,
        )
        if use_cup_cig:
            key += (self.l10n_it_cup or "", self.l10n_it_cig or "")
        return key

    def _default_invoice_product(self):
        return self.product_id or self.type_id.product_id

    # ------------------------------------------------------------------
    # prepaid hours
    # ------------------------------------------------------------------
    @api.depends("hour_block_ids.hours_ordered", "hour_block_ids.state", "hour_usage_ids.hours")
    def _compute_prepaid_hours(self):
        Block = self.env["recurring.contract.hour.block"]
        Usage = self.env["recurring.contract.hour.usage"]
        ids = [contract_id for contract_id in self.ids if contract_id]
        blocks = {
            contract.id: (count, ordered, remaining)
            for contract, count, ordered, remaining in Block._read_group(
                [("contract_id", "in", ids), ("state", "=", "active")],
                ["contract_id"],
                ["__count", "hours_ordered:sum", "hours_remaining:sum"],
            )
        }
        extra = defaultdict(float)
        total = defaultdict(float)
        for contract, block, hours in Usage._read_group(
            [("contract_id", "in", ids)], ["contract_id", "block_id"], ["hours:sum"]
        ):
            total[contract.id] += hours
            if not block:
                extra[contract.id] += hours
        for contract in self:
            count, ordered, remaining = blocks.get(contract.id, (0, 0.0, 0.0))
            contract.hour_block_count = count
            contract.prepaid_hours_ordered = ordered
            contract.prepaid_hours_used = total[contract.id]
            contract.prepaid_hours_remaining = remaining
            contract.prepaid_hours_extra = extra[contract.id]

    def _consume_prepaid_hours(self, values_list):
        """Hours worked on contracts draw on their prepaid hours: see
        ``recurring.contract.hour.usage._consume`` (batch, idempotent per
        source). Returns the usage records created."""
        return self.env["recurring.contract.hour.usage"]._consume(values_list)

    def action_view_hour_blocks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "contract_recurring.recurring_contract_hour_block_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id}
        return action

    # ------------------------------------------------------------------
    # agents and export
    # ------------------------------------------------------------------
    @api.constrains("agent_ids")
    def _check_agent_split(self):
        for contract in self.filtered("agent_ids"):
            total = sum(contract.agent_ids.mapped("percentage"))
            if float_compare(total, 100.0, precision_digits=2):
                raise ValidationError(
                    _(
                        "Contract %(name)s: the agents' shares add up to %(total)s%%, not 100%%.",
                        name=contract.name,
                        total=round(total, 2),
                    )
                )

    def action_export_xlsx(self):
        """Excel file of the contracts: those selected, else the list's filter."""
        contracts = self or self.search(self.env.context.get("active_domain") or [])
        return self.env["recurring.contract.analysis"]._contracts_xlsx_action(contracts)

    # ------------------------------------------------------------------
    # lifecycle (renewal, update, cancellation modes, reactivation, sites,
    # print): the wizards live in wizards/recurring_contract_*.py
    # ------------------------------------------------------------------
    previous_contract_id = fields.Many2one(
        "recurring.contract",
        string="Renewal of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The contract this one renews.",
    )
    renewal_ids = fields.One2many("recurring.contract", "previous_contract_id", string="Renewals")
    next_contract_id = fields.Many2one(
        "recurring.contract",
        string="Renewed by",
        compute="_compute_next_contract_id",
        store=True,
        index="btree_not_null",
        help="The contract renewing this one.",
    )

    @api.depends("renewal_ids")
    def _compute_next_contract_id(self):
        for contract in self:
            contract.next_contract_id = contract.renewal_ids.sorted("id")[-1:]

    def _lifecycle_wizard(self, model, name, context=None):
        """The dialog of a wizard working on these contracts."""
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": context or {"default_contract_id": self.ensure_one().id},
        }

    def action_open_renewal(self):
        """The renewal wizard on these contracts, at its phase 2."""
        self._check_renewable()
        return self._lifecycle_wizard(
            "recurring.contract.renewal",
            _("Contract Renewal"),
            context={"renewal_contract_ids": self.ids, "dialog_size": "extra-large"},
        )

    def action_open_cancellation(self):
        return self._lifecycle_wizard("recurring.contract.cancel", _("Contract Cancellation"))

    def action_open_move(self):
        return self._lifecycle_wizard("recurring.contract.move", _("Move Contract"))

    def action_open_split(self):
        return self._lifecycle_wizard("recurring.contract.split", _("Link Sites"))

    def _deletion_blocker(self):
        """Why this contract cannot be deleted, or False."""
        self.ensure_one()
        billed = self.installment_ids.filtered("move_id")
        if billed:
            return _(
                "Contract %(name)s cannot be deleted: %(count)s of its installments "
                "are billed (%(invoices)s). Mark it cancelled instead.",
                name=self.name,
                count=len(billed),
                invoices=", ".join(billed.move_id.mapped("display_name")),
            )
        if self.next_contract_id:
            return _(
                "Contract %(name)s cannot be deleted: it was renewed by %(next)s; "
                "delete or cancel that contract first.",
                name=self.name,
                next=self.next_contract_id.name,
            )
        if not self.has_access("unlink"):
            return _(
                "Contract %(name)s: only contract managers can delete contracts.",
                name=self.name,
            )
        return False

    def action_reactivate(self):
        """A cancelled contract is active again, its future installments back."""
        not_cancelled = self.filtered(lambda c: c.state != "cancelled")
        if not_cancelled:
            raise UserError(
                _(
                    "Only cancelled contracts can be reactivated: %(names)s.",
                    names=", ".join(not_cancelled.mapped("name")),
                )
            )
        today = fields.Date.context_today(self)
        for contract in self:
            cancelled_on = contract.cancellation_date
            contract.write(
                {
                    "state": "active",
                    "cancellation_date": False,
                    "date_lapsed": cancelled_on,
                    "date_reactivated": today,
                }
            )
            restored = contract._restore_installments()
            contract.message_post(
                body=_(
                    "Reactivated (was cancelled as of %(date)s): %(count)s installments restored.",
                    date=cancelled_on,
                    count=restored,
                )
            )
        return True

    def _restore_installments(self):
        """Add back the planned installments missing from the plan."""
        self.ensure_one()
        if not self.amount_total:
            return 0
        to_add = [c for c in self._plan_changes() if c["action"] == "add"]
        self._apply_plan_changes(to_add)
        return len(to_add)

    def _indexed_price(self, price_unit, percentage):
        """``price_unit`` raised (lowered) by ``percentage`` %, to the cent."""
        self.ensure_one()
        if not percentage:
            return price_unit
        try:
            cents = renewal.apply_percentage(self._cents(price_unit), percentage)
        except DomainError as error:
            raise self._domain_error(error) from error
        return self._amount(cents)

    def _apply_indexation(self, percentage):
        """Index the unit prices; the unbilled installments follow."""
        for contract in self:
            old_amount = contract.amount_total
            for line in contract.line_ids:
                line.price_unit = contract._indexed_price(line.price_unit, percentage)
            if contract.installment_ids:
                contract._replan()
            contract.message_post(
                body=_(
                    "Indexation of %(percentage)s%%: period amount %(old)s -> %(new)s.",
                    percentage=percentage,
                    old=old_amount,
                    new=contract.amount_total,
                )
            )

    def _confirm_renewal(self):
        """Definitive renewal of suspended renewals: active, predecessor renewed."""
        self.action_activate()
        self.previous_contract_id.filtered(lambda c: c.state in ("active", "expired")).write(
            {"state": "renewed"}
        )

    def _send_lifecycle_mail(self, template_xmlid):
        """Queue the template's e-mail to each contract's invoice recipient."""
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        recipients = self.filtered(lambda c: c.invoice_partner_id.email)
        if not template or not recipients:
            return self.env["mail.mail"]
        mails = template.send_mail_batch(recipients.ids)
        recipients._message_log_batch(
            bodies={
                contract.id: self.env._(
                    "%(template)s e-mailed to %(partner)s.",
                    template=template.name,
                    partner=contract.invoice_partner_id.display_name,
                )
                for contract in recipients
            }
        )
        return mails

    def action_open_customer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.commercial_partner_id.id,
            "view_mode": "form",
        }

    def action_open_site(self):
        self.ensure_one()
        if not self.site_id:
            raise UserError(_("Contract %(name)s has no site.", name=self.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.site_id.id,
            "view_mode": "form",
        }

    def action_open_site_contracts(self):
        self.ensure_one()
        sites = self.site_id | self.site_ids
        if not sites:
            raise UserError(_("Contract %(name)s has no site.", name=self.name))
        return {
            "type": "ir.actions.act_window",
            "name": _("Contracts of %(site)s", site=", ".join(sites.mapped("display_name"))),
            "res_model": "recurring.contract",
            "view_mode": "list,form",
            "domain": ["|", ("site_id", "in", sites.ids), ("site_ids", "in", sites.ids)],
        }

    # ------------------------------------------------------------------
    # renewal engine (wizard, single renewal, scheduled action)
    # ------------------------------------------------------------------
    def _check_renewable(self):
        not_renewable = self._not_renewable()
        if not_renewable:
            raise UserError(
                _(
                    "These contracts cannot be renewed (only active or expired contracts "
                    "with an end date, not renewed yet, never time and materials): %(names)s",
                    names=", ".join(not_renewable.mapped("name")),
                )
            )

    def _renewal_values(self, values, percentage):
        """Values of the contract renewing this one, from its ``copy_data``."""
        self.ensure_one()
        try:
            start, end = renewal.renewal_dates(self.date_start, self.date_end, self.seasonal)
        except DomainError as error:
            raise self._domain_error(error) from error
        for command in values.get("line_ids", []):
            line_values = command[2]
            line_values["price_unit"] = self._indexed_price(
                line_values.get("price_unit", 0.0), percentage
            )
        values.update(
            {
                "date_start": start,
                "date_end": end,
                "billing_date_start": start,
                "previous_contract_id": self.id,
                # computed fields with readonly=False are not copied
                "invoice_partner_id": self.invoice_partner_id.id,
                "payment_term_id": self.payment_term_id.id,
                "call_fee_amount": self.call_fee_amount,
                "call_fee_hours": self.call_fee_hours,
                "product_id": self.product_id.id,
                "exclude_labour": self.exclude_labour,
                "exclude_travel": self.exclude_travel,
                "exclude_materials": self.exclude_materials,
                "interval_months": self.interval_months,
                "invoices_per_period": self.invoices_per_period,
                "sent": False,
                "first_contract": False,
                "late_start": False,
                "cancellation_date": False,
            }
        )
        return values

    def _renew(self, automatic=True, percentage=0.0, copy_notes=False, send_mail=True):
        """Renew these contracts in batch and return the new contracts.

        Automatic: the new contracts are active and these renewed. Manual: the
        new contracts are suspended until confirmed from the 'Contract
        Update' screen; these stay as they are, linked. Either way these keep
        billing their installments up to their end date.
        """
        self._check_renewable()
        if not self:
            return self
        vals_list = [
            contract._renewal_values(values, percentage)
            for contract, values in zip(self, self.copy_data(), strict=True)
        ]
        self._reserve_names(vals_list)
        new_contracts = self.with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        ).create(vals_list)
        installment_values = []
        for old, new in zip(self, new_contracts, strict=True):
            notes = {}
            if copy_notes:
                notes = {i.sequence: i.note for i in old.installment_ids if i.note}
            installment_values += [
                new._installment_values(inst, line, note=notes.get(inst.sequence, False))
                for inst, line in new._proposed_installments()
            ]
        self.env["recurring.contract.installment"].create(installment_values)
        new_contracts.state = "active" if automatic else "suspended"
        if automatic:
            # logged below in one batch instead of one tracking message each
            self.with_context(tracking_disable=True).state = "renewed"
        self._log_renewal(new_contracts, automatic, percentage)
        if automatic and send_mail:
            new_contracts._send_lifecycle_mail("contract_recurring.mail_template_contract_renewal")
        return new_contracts

    @api.model
    def _reserve_names(self, vals_list):
        """Give each new contract its number as ``next_by_code`` would, but
        with one query per sequence and year instead of several per contract
        (standard sequences with yearly ranges; others draw one by one)."""
        Sequence = self.env["ir.sequence"]
        sequences, ranges, groups = {}, {}, defaultdict(list)
        for vals in vals_list:
            company_id = vals["company_id"]
            if company_id not in sequences:
                sequences[company_id] = Sequence.search(
                    [
                        ("code", "=", "recurring.contract"),
                        ("company_id", "in", [company_id, False]),
                    ],
                    order="company_id",
                    limit=1,
                )
            sequence = sequences[company_id]
            if not sequence or sequence.implementation != "standard" or not sequence.use_date_range:
                continue  # create() draws the number
            if sequence not in ranges:
                ranges[sequence] = list(sequence.date_range_ids)
            day = vals["date_start"]
            date_range = next(
                (r for r in ranges[sequence] if r.date_from <= day <= r.date_to), None
            )
            if date_range is None:
                date_range = sequence.sudo()._create_date_range_seq(day)  # as _next() does
                ranges[sequence].append(date_range)
            groups[date_range].append(vals)
        for date_range, group in groups.items():
            sequence = date_range.sequence_id
            rows = self.env.execute_query(
                SQL(
                    "SELECT nextval(%s) FROM generate_series(1, %s)",
                    f"ir_sequence_{sequence.id:03d}_{date_range.id:03d}",
                    len(group),
                )
            )
            numbers = sorted(row[0] for row in rows)
            sequence = sequence.with_context(ir_sequence_date_range=date_range.date_from)
            for vals, number in zip(group, numbers, strict=True):
                vals["name"] = sequence.get_next_char(number)

    def _log_renewal(self, new_contracts, automatic, percentage):
        mode = _("automatic") if automatic else _("manual, to confirm")
        old_bodies, new_bodies = {}, {}
        for old, new in zip(self, new_contracts, strict=True):
            old_bodies[old.id] = _(
                "Renewed (%(mode)s) by contract %(new)s, valid %(start)s - %(end)s, "
                "percentage %(percentage)s%%.",
                mode=mode,
                new=new.name,
                start=format_date(self.env, new.date_start),
                end=format_date(self.env, new.date_end),
                percentage=percentage,
            )
            new_bodies[new.id] = _(
                "Renewal (%(mode)s) of contract %(old)s; amount %(old_amount)s -> "
                "%(new_amount)s (percentage %(percentage)s%%).",
                mode=mode,
                old=old.name,
                old_amount=old.amount_total,
                new_amount=new.amount_total,
                percentage=percentage,
            )
        self._message_log_batch(bodies=old_bodies)
        new_contracts._message_log_batch(bodies=new_bodies)

    @api.model
    def _renewal_notice_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(NOTICE_DAYS_PARAM, "0")
        try:
            return max(int(value), 0)
        except ValueError:
            return 0

    @api.model
    def _cron_renew_contracts(self):
        """Automatic renewal of the contracts flagged for it, ``notice`` days
        before their end date (parameter contract_recurring.renewal_notice_days)."""
        limit = fields.Date.context_today(self) + timedelta(days=self._renewal_notice_days())
        contracts = self.search(
            [*self._renewable_domain(), ("auto_renew", "=", True), ("date_end", "<=", limit)],
            order="date_end, id",
        )
        return contracts._renew(automatic=True, copy_notes=True)

    # ------------------------------------------------------------------
    # portal: online signature and customer requests (controllers/portal.py)
    # ------------------------------------------------------------------
    require_signature = fields.Boolean(
        string="Online Signature",
        readonly=True,
        copy=False,
        tracking=True,
        help="Sent to the customer for signature: the customer can sign it on the portal.",
    )
    signature = fields.Image(copy=False, attachment=True, max_width=1024, max_height=1024)
    signed_by = fields.Char(copy=False, tracking=True)
    signed_on = fields.Datetime(copy=False, tracking=True)
    request_ids = fields.One2many(
        "recurring.contract.request", "contract_id", string="Customer Requests"
    )
    request_pending_count = fields.Integer(compute="_compute_request_pending_count")

    @api.depends("request_ids.state")
    def _compute_request_pending_count(self):
        counts = dict(
            self.env["recurring.contract.request"]._read_group(
                [("contract_id", "in", self.ids), ("state", "=", "pending")],
                ["contract_id"],
                ["__count"],
            )
        )
        for contract in self:
            contract.request_pending_count = counts.get(contract, 0)

    def _has_to_be_signed(self):
        self.ensure_one()
        return (
            self.require_signature
            and not self.signature
            and self.state in ("draft", "active", "suspended")
        )

    def action_send_for_signature(self):
        """Ask the customer to sign online: flag the contract and open the
        e-mail with its portal link."""
        if self.filtered(lambda c: c.signature or c.state not in ("draft", "active", "suspended")):
            raise UserError(
                _("Only draft, active or suspended contracts not signed yet can be signed online.")
            )
        self.write({"require_signature": True})
        template = self.env.ref("contract_recurring.mail_template_contract_signature")
        layout = "mail.mail_notification_layout_with_responsible_signature"
        return {
            "type": "ir.actions.act_window",
            "name": _("Send for Signature"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment" if len(self) == 1 else "mass_mail",
                "default_email_layout_xmlid": layout,
                "force_email": True,
            },
        }

    def _sign(self, name, signature, author):
        """Record the customer's signature, attach the signed PDF and log it."""
        self.ensure_one()
        if not self._has_to_be_signed():
            raise UserError(_("Contract %(name)s is not waiting for a signature.", name=self.name))
        self.write({"signed_by": name, "signed_on": fields.Datetime.now(), "signature": signature})
        pdf = self.env["ir.actions.report"]._render_qweb_pdf(
            "contract_recurring.recurring_contract_report_action", self.ids
        )[0]
        filename = "{}.pdf".format(self.name.replace("/", "_"))
        self.message_post(
            body=_("Contract signed online by %(name)s.", name=name),
            attachments=[(filename, pdf)],
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return True
