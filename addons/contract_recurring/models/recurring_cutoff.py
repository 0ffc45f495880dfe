from collections import defaultdict
from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..tools import accruals, xlsx
from ..tools.errors import DomainError, localized_params
from ..tools.money import from_cents, to_cents
from .recurring_cutoff_line import CUTOFF_KINDS
from .res_company import CUTOFF_ACCOUNT_FIELDS

INVOICE_TYPES = ("out_invoice", "out_refund")
BILL_TYPES = ("in_invoice", "in_refund")
# Kinds whose balance-sheet side is a debit (1901 ratei attivi, 1902 risconti
# attivi); the others credit 2701 / 2702.
DEBIT_KINDS = ("accrued_income", "deferred_expense")


class RecurringCutoff(models.Model):
    """A cut-off run: ratei e risconti at a date, its entry and reversal."""

    _name = "recurring.cutoff"
    _description = "Accruals and Deferrals Cut-off"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        string="Cut-off Date",
        required=True,
        tracking=True,
        # the last closing: 31/12 of the previous year
        default=lambda self: (
            fields.Date.context_today(self).replace(month=1, day=1) - timedelta(days=1)
        ),
    )
    journal_id = fields.Many2one(
        "account.journal",
        required=True,
        check_company=True,
        domain="[('type', '=', 'general')]",
        compute="_compute_defaults",
        store=True,
        precompute=True,
        readonly=False,
    )
    accrued_income_account_id = fields.Many2one(
        "account.account",
        string="Accrued Income (ratei attivi)",
        required=True,
        check_company=True,
        compute="_compute_defaults",
        store=True,
        precompute=True,
        readonly=False,
    )
    deferred_expense_account_id = fields.Many2one(
        "account.account",
        string="Prepaid Expenses (risconti attivi)",
        required=True,
        check_company=True,
        compute="_compute_defaults",
        store=True,
        precompute=True,
        readonly=False,
    )
    accrued_expense_account_id = fields.Many2one(
        "account.account",
        string="Accrued Expenses (ratei passivi)",
        required=True,
        check_company=True,
        compute="_compute_defaults",
        store=True,
        precompute=True,
        readonly=False,
    )
    deferred_income_account_id = fields.Many2one(
        "account.account",
        string="Deferred Income (risconti passivi)",
        required=True,
        check_company=True,
        compute="_compute_defaults",
        store=True,
        precompute=True,
        readonly=False,
    )
    include_vendor_bills = fields.Boolean(
        default=True,
        help="Also prepaid and accrued expenses from vendor bills carrying competence dates.",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("posted", "Posted"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    line_ids = fields.One2many("recurring.cutoff.line", "cutoff_id", string="Lines", readonly=True)
    move_id = fields.Many2one(
        "account.move",
        string="Entry",
        readonly=True,
        copy=False,
        ondelete="set null",
        check_company=True,
    )
    reverse_move_id = fields.Many2one(
        "account.move",
        string="Reversal",
        readonly=True,
        copy=False,
        ondelete="set null",
        check_company=True,
    )
    amount_deferred_income = fields.Monetary(
        string="Deferred Income", compute="_compute_totals", store=True
    )
    amount_accrued_income = fields.Monetary(
        string="Accrued Income", compute="_compute_totals", store=True
    )
    amount_deferred_expense = fields.Monetary(
        string="Prepaid Expenses", compute="_compute_totals", store=True
    )
    amount_accrued_expense = fields.Monetary(
        string="Accrued Expenses", compute="_compute_totals", store=True
    )
    line_count = fields.Integer(compute="_compute_totals", store=True)

    @api.depends("date")
    def _compute_name(self):
        for cutoff in self:
            cutoff.name = _(
                "Cut-off %(date)s", date=cutoff.date and format_date(self.env, cutoff.date)
            )

    @api.depends("company_id")
    def _compute_defaults(self):
        for cutoff in self:
            company = cutoff.company_id
            if not company:
                continue
            accounts = company._recurring_cutoff_accounts()
            for kind in CUTOFF_ACCOUNT_FIELDS:
                cutoff[f"{kind}_account_id"] = accounts[kind]
            cutoff.journal_id = company._recurring_cutoff_journal()

    @api.depends("line_ids.amount", "line_ids.kind")
    def _compute_totals(self):
        for cutoff in self:
            totals = defaultdict(float)
            for line in cutoff.line_ids:
                totals[line.kind] += line.amount
            for kind, _label in CUTOFF_KINDS:
                cutoff[f"amount_{kind}"] = cutoff.currency_id.round(totals[kind])
            cutoff.line_count = len(cutoff.line_ids)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if self.filtered(lambda c: c.state == "posted"):
            raise UserError(_("A posted cut-off cannot be deleted: cancel its entries first."))

    # ------------------------------------------------------------------
    # collecting
    # ------------------------------------------------------------------
    def _kind_labels(self):
        field = self.env["recurring.cutoff.line"]._fields["kind"]
        return dict(field._description_selection(self.env))

    def _account_of(self, kind):
        return self[f"{kind}_account_id"]

    def _cents(self, amount):
        return to_cents(amount, self.currency_id.decimal_places)

    def _amount(self, cents):
        return from_cents(cents, self.currency_id.decimal_places)

    def _contract_filter(self):
        """Invoice lines count when linked to a contract flagged for accruals."""
        return [("recurring_contract_id.include_in_accruals", "=", True)]

    def _source_lines(self):
        """Posted invoice/bill lines with competence dates that may contribute:
        billed by the cut-off date with competence after it (deferrals), or
        billed after it with competence started by it (accruals)."""
        domain = [
            ("company_id", "=", self.company_id.id),
            ("parent_state", "=", "posted"),
            ("display_type", "=", "product"),
            ("competence_date_start", "!=", False),
            ("competence_date_end", "!=", False),
            "|",
            "&",
            ("date", "<=", self.date),
            ("competence_date_end", ">", self.date),
            "&",
            ("date", ">", self.date),
            ("competence_date_start", "<=", self.date),
        ]
        MoveLine = self.env["account.move.line"]
        customer = MoveLine.search(
            [*domain, ("move_id.move_type", "in", INVOICE_TYPES), *self._contract_filter()]
        )
        vendor = MoveLine.browse()
        if self.include_vendor_bills:
            vendor = MoveLine.search(
                [
                    *domain,
                    ("move_id.move_type", "in", BILL_TYPES),
                    "|",
                    ("recurring_contract_id", "=", False),
                    *self._contract_filter(),
                ]
            )
        return customer, vendor

    def _unbilled_installments(self):
        """Installments of flagged contracts whose competence started by the
        cut-off date and that no invoice posted by that date bills. Those
        billed later by a posted invoice are counted here, from the
        installment, and their invoice lines are left out."""
        installments = self.env["recurring.contract.installment"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("contract_id.include_in_accruals", "=", True),
                ("in_billing_term", "=", True),  # the billing run's rule
                ("excluded", "=", False),
                ("competence_start", "<=", self.date),
                "|",
                ("move_id", "=", False),
                ("move_id.state", "!=", "posted"),
            ]
        )
        billed_later = self.env["recurring.contract.installment"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("contract_id.include_in_accruals", "=", True),
                ("competence_start", "<=", self.date),
                ("move_id.state", "=", "posted"),
                ("move_id.date", ">", self.date),
            ]
        )
        return installments | billed_later

    def _income_account(self, contract, product, fallback):
        """The revenue account the installment's invoice line would get."""
        account = contract.type_id.with_company(contract.company_id).revenue_account_id
        if not account and product:
            account = product.product_tmpl_id.with_company(
                contract.company_id
            )._get_product_accounts()["income"]
        account = account or fallback
        fiscal_position = contract.fiscal_position_id
        return fiscal_position.map_account(account) if fiscal_position else account

    def _line_values(self, kind, cents, total_days, days, base, **values):
        return {
            "kind": kind,
            "amount": self._amount(cents),
            "days_total": total_days,
            "days": days,
            "base_amount": base,
            **values,
        }

    def _compute_line_values(self):
        """The contributing lines as values for recurring.cutoff.line."""
        self.ensure_one()
        cutoff = self.date
        customer_lines, vendor_lines = self._source_lines()
        installments = self._unbilled_installments()
        counted_installments = set(installments.ids)
        result = []
        try:
            for line in customer_lines | vendor_lines:
                income = line.move_id.move_type in INVOICE_TYPES
                if income and line.recurring_installment_id.id in counted_installments:
                    continue  # counted from its installment, never twice
                start, end = line.competence_date_start, line.competence_date_end
                # revenue is a credit, expense a debit: both made positive
                base_cents = self._cents(-line.balance if income else line.balance)
                total = accruals.days_between(start, end)
                if line.date <= cutoff:
                    kind = "deferred_income" if income else "deferred_expense"
                    cents = accruals.deferred_cents(base_cents, start, end, cutoff)
                    days = accruals.days_between(max(start, cutoff + timedelta(days=1)), end)
                else:
                    kind = "accrued_income" if income else "accrued_expense"
                    cents = accruals.accrued_cents(base_cents, start, end, cutoff)
                    days = accruals.days_between(start, min(end, cutoff))
                if not cents:
                    continue
                result.append(
                    self._line_values(
                        kind,
                        cents,
                        total,
                        days,
                        self._amount(base_cents),
                        contract_id=line.recurring_contract_id.id,
                        installment_id=line.recurring_installment_id.id,
                        source_line_id=line.id,
                        invoice_id=line.move_id.id,
                        partner_id=line.partner_id.commercial_partner_id.id,
                        product_id=line.product_id.id,
                        account_id=line.account_id.id,
                        analytic_distribution=line.analytic_distribution or False,
                        competence_start=start,
                        competence_end=end,
                    )
                )
            company_currency = self.currency_id
            fallback_account = (
                self.env["account.journal"]
                .search(
                    [
                        *self.env["account.journal"]._check_company_domain(self.company_id),
                        ("type", "=", "sale"),
                    ],
                    limit=1,
                )
                .default_account_id
            )
            for installment in installments:
                contract = installment.contract_id
                start, end = installment.competence_start, installment.competence_end
                amount = installment.amount
                if contract.currency_id != company_currency:
                    amount = contract.currency_id._convert(
                        amount, company_currency, self.company_id, cutoff
                    )
                base_cents = self._cents(amount)
                cents = accruals.accrued_cents(base_cents, start, end, cutoff)
                if not cents:
                    continue
                product = (
                    installment.line_id.product_id
                    or contract.line_ids[:1].product_id
                    or contract._default_invoice_product()
                )
                result.append(
                    self._line_values(
                        "accrued_income",
                        cents,
                        accruals.days_between(start, end),
                        accruals.days_between(start, min(end, cutoff)),
                        self._amount(base_cents),
                        contract_id=contract.id,
                        installment_id=installment.id,
                        invoice_id=installment.move_id.id,
                        partner_id=contract.invoice_partner_id.commercial_partner_id.id,
                        product_id=product.id,
                        account_id=self._income_account(contract, product, fallback_account).id,
                        competence_start=start,
                        competence_end=end,
                    )
                )
        except DomainError as error:
            raise UserError(
                _(
                    error.message,
                    **localized_params(error.params, lambda d: format_date(self.env, d)),
                )
            ) from error
        return result

    def _check_no_live_cutoff(self):
        """Refuse a second cut-off for the same date and company while the
        entry of another one is still posted."""
        self.ensure_one()
        # serialise concurrent cut-offs of the same company until commit
        self.env.cr.execute(
            "SELECT pg_advisory_xact_lock(hashtext('recurring.cutoff'), %s)",
            [self.company_id.id],
        )
        others = self.search(
            [
                ("id", "!=", self.id),
                ("company_id", "=", self.company_id.id),
                ("date", "=", self.date),
                ("move_id.state", "=", "posted"),
            ]
        ).filtered(
            # an entry reversed by the cut-off date itself no longer counts
            lambda c: (
                not c.move_id.reversal_move_ids.filtered(
                    lambda r: r.state == "posted" and r.date <= c.date
                )
            )
        )
        if others:
            raise UserError(
                _(
                    "The cut-off at %(date)s of %(company)s is already posted "
                    "(%(entries)s). Cancel or delete those entries before running "
                    "it again.",
                    date=fields.Date.to_string(self.date),
                    company=self.company_id.display_name,
                    entries=", ".join(others.move_id.mapped("display_name")),
                )
            )

    def action_compute(self):
        """The preview: every contributing line, with totals."""
        for cutoff in self:
            if cutoff.state != "draft":
                raise UserError(
                    _("Cut-off %(name)s is not a draft: it cannot be recomputed.", name=cutoff.name)
                )
            cutoff._check_no_live_cutoff()
            values = cutoff._compute_line_values()
            cutoff.write({"line_ids": [Command.clear()] + [Command.create(v) for v in values]})
        return True

    # ------------------------------------------------------------------
    # journal entry
    # ------------------------------------------------------------------
    def _move_line_values(self):
        """Lines grouped by account, partner and analytic distribution."""
        self.ensure_one()
        cutoff_lines = [
            accruals.CutoffLine(
                key=line.id,
                account_key=line.account_id.id,
                partner_key=line.partner_id.id,
                analytic_key=tuple(sorted((line.analytic_distribution or {}).items())),
                kind=line.kind,
                amount_cents=self._cents(line.amount),
                days_total=line.days_total,
                days_after_or_before=line.days,
            )
            for line in self.line_ids
        ]
        balance_side = defaultdict(int)
        values = []
        labels = self._kind_labels()
        for (kind, account_id, partner_id, analytic), cents in accruals.group_for_entry(
            cutoff_lines
        ).items():
            if not cents:
                continue
            sign = -1 if kind in DEBIT_KINDS else 1  # P&L side is the opposite one
            values.append(
                {
                    "name": _(
                        "%(kind)s at %(date)s",
                        kind=labels[kind],
                        date=fields.Date.to_string(self.date),
                    ),
                    "account_id": account_id,
                    "partner_id": partner_id or False,
                    "analytic_distribution": dict(analytic) or False,
                    "balance": self._amount(sign * cents),
                }
            )
            balance_side[(kind, partner_id)] -= sign * cents
        for (kind, partner_id), cents in balance_side.items():
            if not cents:
                continue
            values.append(
                {
                    "name": _(
                        "%(kind)s at %(date)s",
                        kind=labels[kind],
                        date=fields.Date.to_string(self.date),
                    ),
                    "account_id": self._account_of(kind).id,
                    "partner_id": partner_id or False,
                    "balance": self._amount(cents),
                }
            )
        return values

    def action_confirm(self):
        """Post the entry at the cut-off date and its reversal the day after."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("Cut-off %(name)s is already confirmed.", name=self.name))
        self._check_no_live_cutoff()
        missing = [label for kind, label in CUTOFF_KINDS if not self._account_of(kind)]
        if missing:
            raise UserError(
                _(
                    "Cut-off %(name)s: set the accounts for %(kinds)s.",
                    name=self.name,
                    kinds=", ".join(missing),
                )
            )
        # recompute: the entry reflects the invoices as they are now
        self.action_compute()
        line_values = self._move_line_values()
        if not line_values:
            raise UserError(
                _("Cut-off %(name)s: nothing to accrue or defer at this date.", name=self.name)
            )
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "company_id": self.company_id.id,
                "journal_id": self.journal_id.id,
                "date": self.date,
                "ref": self.name,
                "line_ids": [Command.create(v) for v in line_values],
            }
        )
        move.action_post()
        reversal = move._reverse_moves(
            [
                {
                    "date": self.date + timedelta(days=1),
                    "ref": _("Reversal of %(name)s", name=self.name),
                }
            ]
        )
        reversal.action_post()
        self.write({"move_id": move.id, "reverse_move_id": reversal.id, "state": "posted"})
        return True

    def action_cancel(self):
        """Cancel the entry and its reversal: the cut-off can then run again."""
        for cutoff in self:
            moves = cutoff.move_id | cutoff.reverse_move_id
            posted = moves.filtered(lambda m: m.state == "posted")
            posted.button_draft()
            moves.filtered(lambda m: m.state == "draft").button_cancel()
        self.write({"state": "cancelled"})
        return True

    def action_draft(self):
        if self.filtered(lambda c: c.move_id.state == "posted"):
            raise UserError(_("Cancel the entries before resetting the cut-off to draft."))
        self.write({"state": "draft", "move_id": False, "reverse_move_id": False})
        return True

    def action_view_moves(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Cut-off Entries"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", (self.move_id | self.reverse_move_id).ids)],
        }

    # ------------------------------------------------------------------
    # export
    # ------------------------------------------------------------------
    def _xlsx_content(self):
        self.ensure_one()
        labels = self._kind_labels()
        columns = [
            xlsx.Column(_("Type"), "text"),
            xlsx.Column(_("Contract"), "text"),
            xlsx.Column(_("Partner"), "text"),
            xlsx.Column(_("Invoice / Bill"), "text"),
            xlsx.Column(_("Account"), "text"),
            xlsx.Column(_("Competence start"), "date"),
            xlsx.Column(_("Competence end"), "date"),
            xlsx.Column(_("Competence days"), "integer", total=False),
            xlsx.Column(_("Days"), "integer", total=False),
            xlsx.Column(_("Taxable amount"), "money"),
            xlsx.Column(_("Amount"), "money"),
        ]
        rows = [
            [
                labels[line.kind],
                line.contract_id.name or "",
                line.partner_id.display_name or "",
                line.invoice_id.name or "",
                line.account_id.display_name or "",
                line.competence_start,
                line.competence_end,
                line.days_total,
                line.days,
                line.base_amount,
                line.amount,
            ]
            for line in self.line_ids.sorted(lambda ln: (ln.kind, ln.contract_id.name or "", ln.id))
        ]
        sheet = xlsx.Sheet(
            title=_("Cut-off"),
            columns=columns,
            rows=rows,
            group_column=0,
            subtotal_label=_("Subtotal %(group)s"),
            total_label=_("Total"),
        )
        return xlsx.workbook_bytes(
            [sheet],
            currency_symbol=self.currency_id.symbol or "",
            decimal_places=self.currency_id.decimal_places,
        )

    def action_export_xlsx(self):
        self.ensure_one()
        return self.env["recurring.contract.analysis"]._xlsx_action(
            self._xlsx_content(),
            _("cutoff-%(date)s.xlsx", date=fields.Date.to_string(self.date)),
        )
