from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

from ..tools.money import allocate_cents
from .account_move import EDI_DOCUMENT_TYPES

# key of the prepaid hours in the extras of a run (see _claim_extras)
HOURS_KEY = "recurring.contract.hour.usage"
# what one batch of invoices reads and creates, dropped from the cache after it
BATCH_CACHES = (
    "account.move",
    "account.move.line",
    "mail.message",
    "mail.followers",
    "recurring.contract",
    "recurring.contract.line",
    "recurring.contract.installment",
)
# invoices created per ORM batch; the cache of each batch is dropped after it
CREATE_BATCH = 500


class RecurringBilling(models.Model):
    """A billing run: its options, the installments it bills, its invoices.

    The engine lives here and needs no wizard: :meth:`_bill` claims the
    installments (``FOR UPDATE SKIP LOCKED``, then the partial unique index on
    invoice lines is the last guard), groups them, builds the invoices with
    the suite's one invoice builder and creates them in batches. The billing
    wizard only collects these options, previews and confirms; the daily cron
    and ``contract_recurring_queue``'s jobs call the same methods.
    """

    _name = "recurring.billing"
    _description = "Contract Billing Run"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default=lambda self: _("New"))
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users", string="Started by", readonly=True, default=lambda self: self.env.user
    )
    state = fields.Selection(
        selection=[
            ("draft", "To run"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    invoice_date = fields.Date(required=True, readonly=True)
    date_until = fields.Date(
        string="Bills Up To",
        readonly=True,
        help="What is due up to this date is billed (the invoice date, or the end of its month).",
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Sales Journal",
        required=True,
        readonly=True,
        check_company=True,
    )
    document_type = fields.Selection(
        selection=EDI_DOCUMENT_TYPES, string="E-invoice Document Type", readonly=True
    )
    period_first_of_month = fields.Boolean(string="Period Starts on the 1st", readonly=True)
    one_invoice_per_installment = fields.Boolean(readonly=True)
    use_cup_cig = fields.Boolean(string="Carry CUP/CIG", readonly=True)
    post_invoices = fields.Boolean(string="Post the Invoices", readonly=True)
    send_invoices = fields.Boolean(
        string="Send the Invoices",
        readonly=True,
        help="Posted invoices are sent through Odoo's sending flow: the PDF by e-mail "
        "to each invoice recipient, the e-invoice to the SdI.",
    )
    forced_number = fields.Char(string="Forced First Number", readonly=True)
    # The ids are kept as plain data, not as a relation: a run must not take
    # foreign-key locks on installments that another run is billing.
    installment_ref = fields.Json(readonly=True, copy=False)
    installment_ids = fields.Many2many(
        "recurring.contract.installment",
        string="Installments to Bill",
        compute="_compute_installment_ids",
    )
    move_ids = fields.One2many(
        "account.move", "recurring_billing_id", string="Invoices", readonly=True
    )
    installment_count = fields.Integer(compute="_compute_progress")
    billed_count = fields.Integer(string="Billed Installments", compute="_compute_progress")
    invoice_count = fields.Integer(compute="_compute_progress")
    progress = fields.Float(compute="_compute_progress", help="Installments billed, in %.")
    amount_untaxed = fields.Monetary(compute="_compute_progress", currency_field="currency_id")
    error = fields.Text(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("recurring.billing")
        return super().create(vals_list)

    @api.depends("installment_ref")
    def _compute_installment_ids(self):
        referenced = {ref for billing in self for ref in billing.installment_ref or []}
        existing = set(self.env["recurring.contract.installment"].browse(referenced).exists().ids)
        for billing in self:
            billing.installment_ids = [
                ref for ref in billing.installment_ref or [] if ref in existing
            ]

    def _compute_progress(self):
        billed = {}
        if self.ids:
            self.env["recurring.contract.installment"].flush_model(["move_id"])
            self.env["account.move"].flush_model(["recurring_billing_id"])
            billed = dict(
                self.env.execute_query(
                    SQL(
                        """
                        SELECT move.recurring_billing_id, COUNT(inst.id)
                          FROM recurring_contract_installment inst
                          JOIN account_move move ON move.id = inst.move_id
                         WHERE move.recurring_billing_id IN %s
                      GROUP BY move.recurring_billing_id
                        """,
                        tuple(self.ids),
                    )
                )
            )
        moves = {
            billing.id: (count, amount)
            for billing, count, amount in self.env["account.move"]._read_group(
                [("recurring_billing_id", "in", self.ids)],
                ["recurring_billing_id"],
                ["__count", "amount_untaxed:sum"],
            )
        }
        for billing in self:
            total = len(billing.installment_ref or [])
            billing.installment_count = total
            billing.billed_count = billed.get(billing.id, 0)
            billing.invoice_count, billing.amount_untaxed = moves.get(billing.id, (0, 0.0))
            billing.progress = 100.0 * billing.billed_count / total if total else 0.0

    # ------------------------------------------------------------------
    # the engine
    # ------------------------------------------------------------------
    def _claim(self, installments):
        """Lock the installments still to bill and within their contract's
        term; those another run holds are skipped (SKIP LOCKED), those it
        billed meanwhile are filtered out."""
        if not installments:
            return installments
        installments.flush_recordset(["move_id", "excluded", "in_billing_term"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM recurring_contract_installment
                 WHERE id IN %s AND move_id IS NULL AND excluded IS NOT TRUE
                   AND in_billing_term
                 FOR UPDATE SKIP LOCKED
                """,
                tuple(installments.ids),
            )
        )
        claimed = {row[0] for row in rows}
        return installments.filtered(lambda i: i.id in claimed)

    def _claim_extras(self, installments):
        """Hook: claim what is billed with these installments besides them
        (hours beyond the prepaid hours here, helpdesk over-quota extras in
        ``helpdesk_quota``), as a mapping handed, as is, to
        :meth:`_extra_line_values`. The prepaid hours are under the key
        ``(HOURS_KEY, carrier installment id)``."""
        extras = {}
        carriers = self._extra_carriers(installments)
        Usage = self.env["recurring.contract.hour.usage"]
        usages = Usage.search(
            [
                ("contract_id", "in", list(carriers)),
                ("billing_state", "=", "to_bill"),
                ("date", "<=", self.date_until or self.invoice_date),
            ]
        )
        if not usages:
            return extras
        # lock them: a concurrent run skips what this one bills
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM recurring_contract_hour_usage WHERE id IN %s "
                "FOR UPDATE SKIP LOCKED",
                tuple(usages.ids),
            )
        )
        locked = {row[0] for row in rows}
        for usage in usages.filtered(lambda u: u.id in locked):
            key = (HOURS_KEY, carriers[usage.contract_id.id])
            extras[key] = extras.get(key, Usage) | usage
        return extras

    def _extra_carriers(self, installments):
        """{contract id: id of its earliest installment of the run}: the
        invoice of that installment carries the contract's extras."""
        carriers = {}
        for installment in installments.sorted(lambda i: (i.invoice_date, i.id)):
            carriers.setdefault(installment.contract_id.id, installment.id)
        return carriers

    def _extra_line_values(self, group, extras, fiscal_position):
        """Hook: invoice lines (dicts of the invoice builder) added to the
        invoice of ``group``, from what :meth:`_claim_extras` gave."""
        Usage = self.env["recurring.contract.hour.usage"]
        return [
            line
            for installment in group
            for line in extras.get((HOURS_KEY, installment.id), Usage)._invoice_line_values(
                fiscal_position
            )
        ]

    def _installment_line_values(self, installment, fiscal_position):
        """The invoice lines of one installment: one per service line, the
        installment's amount shared among them to the cent."""
        contract = installment.contract_id
        if installment.line_id:
            services = installment.line_id
            shares = [installment.amount]
        else:
            services = contract.line_ids
            cents = allocate_cents(
                contract._cents(installment.amount),
                [contract._cents(line.price_subtotal) for line in services] or [1],
            )
            shares = [contract._amount(c) for c in cents]
            if not services:
                services = [self.env["recurring.contract.line"]]
        start, end = installment._billed_period(self.period_first_of_month)
        builder = self.env["recurring.invoice.builder"]
        lines = []
        for service, amount in zip(services, shares, strict=True):
            product = service.product_id or contract._default_invoice_product()
            name = contract._billing_description(start, end, product)
            if service and service.name and service.name != product.display_name:
                name = f"{name}\n{service.name}"
            lines.append(
                builder._line_values(
                    contract,
                    fiscal_position,
                    product=product,
                    name=name,
                    price_unit=amount,
                    start=start,
                    end=end,
                    recurring_installment_id=installment.id,
                    recurring_contract_line_id=service.id,
                )
            )
        return lines

    def _invoice_values(self, group, fiscal_positions=None, extras=None):
        """The invoice of a group of installments, through the builder."""
        builder = self.env["recurring.invoice.builder"]
        contracts = group.contract_id
        fiscal_position = builder._fiscal_position(
            contracts, cache={} if fiscal_positions is None else fiscal_positions
        )
        lines = [
            line
            for installment in group
            for line in self._installment_line_values(installment, fiscal_position)
        ]
        lines += self._extra_line_values(group, extras or {}, fiscal_position)
        return builder._invoice_values(
            contracts,
            lines,
            values={"recurring_billing_id": self.id},
            invoice_date=self.invoice_date,
            journal=self.journal_id,
            fiscal_position=fiscal_position,
            document_type=self.document_type,
            use_cup_cig=self.use_cup_cig,
        )

    def _source_note(self, group):
        return _(
            "Created by billing run %(run)s from contract %(contracts)s.",
            run=self.name,
            contracts=", ".join(group.contract_id.mapped("name")),
        )

    def _bill(self, installments):
        """Bill ``installments`` (those still billable when claimed) and
        return the invoices created. Runs inline, or in a job per chunk."""
        self.ensure_one()
        claimed = self._claim(installments)
        if not claimed:
            return self.env["account.move"]
        groups = claimed._billing_groups(self.one_invoice_per_installment, self.use_cup_cig)
        extras = self._claim_extras(claimed)
        builder = self.env["recurring.invoice.builder"]
        moves = self.env["account.move"]
        fiscal_positions = {}
        for chunk in split_every(CREATE_BATCH, groups, list):
            # one prefetch set per batch: its installments, contracts and
            # recipients are read once, and dropped with it below
            prefetch = [installment_id for group in chunk for installment_id in group.ids]
            chunk = [group.with_prefetch(prefetch) for group in chunk]
            self._prefetch_batch(claimed.browse(prefetch))
            created = builder._create_invoices(
                [self._invoice_values(group, fiscal_positions, extras) for group in chunk],
                sources=[self._source_note(group) for group in chunk],
            )
            for group, move in zip(chunk, created, strict=True):
                group.write({"move_id": move.id})
            moves |= created
            # memory stays bounded by the batch, not by the whole run: drop
            # the cache of what was created and of what it was created from
            self.env.flush_all()
            for model in BATCH_CACHES:
                self.env[model].invalidate_model()
        return moves

    def _prefetch_batch(self, installments):
        """Read in a few queries what billing ``installments`` reads record
        by record: the installments, their contracts and services, the
        recipients (with their company-dependent fiscal position)."""
        contracts = installments.contract_id
        contracts.line_ids.mapped("product_id")
        recipients = contracts.invoice_partner_id
        recipients.mapped("country_id")
        for company in contracts.company_id:
            recipients.with_company(company).mapped("property_account_position_id")

    def _post(self, moves):
        if not self.post_invoices or not moves:
            return
        if self.forced_number and not self.move_ids.filtered(lambda m: m.state == "posted"):
            moves[0].name = self.forced_number
        moves.action_post()

    def _send(self, moves):
        """Send posted invoices as Odoo's 'Send' does, each with its
        recipient's defaults (e-mail with the PDF, e-invoice to the SdI);
        what fails is logged on the invoice instead of stopping the run."""
        posted = moves.filtered(lambda m: m.state == "posted")
        if not self.send_invoices or not posted:
            return
        self.env["account.move.send"]._generate_and_send_invoices(posted, allow_raising=False)

    def _pending_installments(self):
        return self.installment_ids.filtered(lambda i: i.state == "to_bill" and i.in_billing_term)

    def _execute(self):
        """Bill every pending installment of the run, inline. Overridden by
        ``contract_recurring_queue`` to spread large runs over jobs."""
        self.ensure_one()
        self.state = "running"
        moves = self._bill(self._pending_installments())
        self._post(moves)
        self._send(moves)
        self.state = "done"
        return moves

    def action_run(self):
        for billing in self:
            if billing.state not in ("draft", "failed"):
                raise UserError(_("Billing run %(name)s has already run.", name=billing.name))
            billing._execute()
        return True

    @api.model
    def _start(self, installments, **options):
        """Create a run for ``installments`` with the wizard's ``options``."""
        return self.create({**options, "installment_ref": installments.ids})

    # ------------------------------------------------------------------
    # screens
    # ------------------------------------------------------------------
    def _action_open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_view_invoices(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("recurring_billing_id", "in", self.ids)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    # ------------------------------------------------------------------
    # scheduled billing
    # ------------------------------------------------------------------
    @api.model
    def _cron_bill_due_installments(self):
        """Bill due installments of contracts flagged for automatic billing."""
        Installment = self.env["recurring.contract.installment"]
        today = fields.Date.context_today(self)
        runs = self.browse()
        for company in self.env["res.company"].search([]):
            journal = self._sale_journal(company)
            installments = Installment.search(
                [
                    ("company_id", "=", company.id),
                    ("contract_id.auto_billing", "=", True),
                    *Installment._billable_domain(today),
                ]
            )
            if not journal or not installments:
                continue
            run = self.with_company(company)._start(
                installments, **self._unattended_options(company, journal, today)
            )
            run._execute()
            runs |= run
        return runs

    @api.model
    def _sale_journal(self, company):
        """The company's first sales journal: where unattended runs bill."""
        return self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )

    @api.model
    def _unattended_options(self, company, journal, day):
        """Options of a run nobody sets up (the daily cron, the demo): what
        is due by ``day``, invoiced on ``day`` as TD01, periods from the
        first of the month, CUP/CIG on their own invoices."""
        return {
            "company_id": company.id,
            "journal_id": journal.id,
            "invoice_date": day,
            "date_until": day,
            "document_type": "TD01",
            "period_first_of_month": True,
            "use_cup_cig": True,
        }

    @api.model
    def _demo_bill(
        self, contract_ids, date_from, date_to, invoice_date=None, module="contract_recurring"
    ):
        """Demo: bill and post the installments of the contracts planned
        between ``date_from`` and ``date_to``, one run per invoice date dated
        that day (or one run dated ``invoice_date``), in date order, as the
        office would have done then. Called by demo data (overdue invoices, a
        collection batch) with dates relative to the day the database is
        created. The invoices are demo data of ``module`` (an xml id each),
        so that uninstalling it removes them with the customers they bill."""
        installments = self.env["recurring.contract.installment"].search(
            [
                ("contract_id", "in", contract_ids),
                ("invoice_date", ">=", date_from),
                *self.env["recurring.contract.installment"]._billable_domain(date_to),
            ],
            order="invoice_date, id",
        )
        moves = self.env["account.move"]
        for company in installments.company_id:
            journal = self._sale_journal(company)
            mine = installments.filtered(lambda i, c=company: i.company_id == c)
            if invoice_date:
                days = {invoice_date: mine}
            else:
                days = {
                    d: mine.filtered(lambda i, d=d: i.invoice_date == d)
                    for d in mine.mapped("invoice_date")
                }
            for day in sorted(days):
                run = self.with_company(company)._start(
                    days[day],
                    **self._unattended_options(company, journal, day),
                    post_invoices=True,
                    user_id=self.env.ref("base.user_admin").id,
                )
                moves |= run._execute()
        self.env["ir.model.data"].create(
            [
                {
                    "module": module,
                    "name": f"demo_invoice_{move.id}",
                    "model": "account.move",
                    "res_id": move.id,
                    "noupdate": True,
                }
                for move in moves
            ]
        )
        return moves
