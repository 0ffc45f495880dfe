import base64
import io
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, split_every

from ..models.account_move import EDI_DOCUMENT_TYPES
from ..models.recurring_contract import BILLABLE_STATES
from ..tools.money import allocate_cents
from ..tools.schedule import period_bounds

CREATE_BATCH = 500


class RecurringBillingRun(models.TransientModel):
    _name = "recurring.billing.run"
    _description = "Contract Billing Run"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        selection=[("setup", "Parameters"), ("preview", "Preview"), ("done", "Done")],
        default="setup",
        required=True,
    )
    invoice_date = fields.Date(required=True, default=fields.Date.context_today)
    journal_id = fields.Many2one(
        "account.journal",
        string="Sales Journal",
        required=True,
        check_company=True,
        domain="[('type', '=', 'sale'), ('company_id', '=', company_id)]",
        default=lambda self: self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    partner_id = fields.Many2one("res.partner", string="Customer")
    group_id = fields.Many2one("recurring.contract.group", string="Contract Group")
    type_id = fields.Many2one("recurring.contract.type", string="Contract Type")
    document_type = fields.Selection(
        selection=EDI_DOCUMENT_TYPES, string="E-invoice Document Type", default="TD01"
    )
    check_expiry = fields.Boolean(
        string="Check Contract Expiry",
        default=True,
        help="List the due installments left out because they fall after their "
        "contract's end or cancellation date. Installments within the term of "
        "renewed, expired or cancelled contracts are billed.",
    )
    check_products = fields.Boolean(
        string="Check Associated Products First",
        help="Before computing, list and skip the contracts without an associated "
        "product (on the contract or its type) to describe their invoice lines.",
    )
    period_first_of_month = fields.Boolean(
        string="Period Starts on the 1st",
        default=True,
        help="The competence of each billed installment starts on the first day "
        "of its month (15/04 bills from 01/04).",
    )
    extend_to_month_end = fields.Boolean(
        string="Extend to Month End",
        help="Also bill installments planned up to the end of the invoice date's month.",
    )
    one_invoice_per_installment = fields.Boolean(
        help="Otherwise one invoice per recipient, currency and payment term, "
        "with one line per installment and service."
    )
    use_cup_cig = fields.Boolean(
        string="Carry CUP/CIG",
        default=True,
        help="Copy the contract's CUP and CIG to the invoices (public administration).",
    )
    post_invoices = fields.Boolean(string="Post the Invoices")
    auto_billing_only = fields.Boolean(
        help="Only contracts flagged for automatic billing (the daily run)."
    )
    next_number = fields.Char(string="First Free Number", compute="_compute_next_number")
    forced_number = fields.Char(
        string="Force First Number",
        help="Number of the first posted invoice; the following ones continue from it.",
    )
    line_ids = fields.One2many("recurring.billing.run.line", "run_id", string="Invoices")
    skipped_note = fields.Text(string="Skipped", readonly=True)
    move_ids = fields.Many2many("account.move", string="Created Invoices", readonly=True)
    amount_untaxed = fields.Monetary(compute="_compute_totals", currency_field="currency_id")
    invoice_count = fields.Integer(compute="_compute_totals")
    currency_id = fields.Many2one(related="company_id.currency_id")

    # ------------------------------------------------------------------
    @api.depends("line_ids.amount_untaxed", "line_ids.selected")
    def _compute_totals(self):
        for run in self:
            selected = run.line_ids.filtered("selected")
            run.amount_untaxed = sum(selected.mapped("amount_untaxed"))
            run.invoice_count = len(selected)

    @api.depends("journal_id", "invoice_date")
    def _compute_next_number(self):
        for run in self:
            run.next_number = run._first_free_number()

    def _first_free_number(self):
        if not self.journal_id or not self.invoice_date:
            return False
        draft = self.env["account.move"].new(
            {
                "move_type": "out_invoice",
                "journal_id": self.journal_id.id,
                "date": self.invoice_date,
                "invoice_date": self.invoice_date,
            }
        )
        format_string, values = draft._get_next_sequence_format()
        return format_string.format(**{**values, "seq": values["seq"] + 1})

    # ------------------------------------------------------------------
    # collecting
    # ------------------------------------------------------------------
    def _cutoff_date(self):
        if self.extend_to_month_end:
            return self.invoice_date + relativedelta(day=31)
        return self.invoice_date

    def _filter_domain(self):
        """The run's own filters (company, customer, group, type, automatic)."""
        domain = [("company_id", "=", self.company_id.id)]
        if self.partner_id:
            domain.append(
                ("contract_id.commercial_partner_id", "=", self.partner_id.commercial_partner_id.id)
            )
        if self.group_id:
            domain.append(("contract_id.group_id", "=", self.group_id.id))
        if self.type_id:
            domain.append(("contract_id.type_id", "=", self.type_id.id))
        if self.auto_billing_only:
            domain.append(("contract_id.auto_billing", "=", True))
        return domain

    def _installment_domain(self):
        Installment = self.env["recurring.contract.installment"]
        return self._filter_domain() + Installment._billable_domain(self._cutoff_date())

    def _without_product(self, contracts):
        """With the preliminary check, the contracts that have no associated
        product for their tagged invoice description."""
        if not self.check_products:
            return contracts.browse()
        return contracts.filtered(lambda c: not c._default_invoice_product())

    def _out_of_term(self):
        """Due installments left out because they fall after their contract's
        end or cancellation date (listed when checking the expiry)."""
        if not self.check_expiry:
            return self.env["recurring.contract.installment"]
        return self.env["recurring.contract.installment"].search(
            [
                *self._filter_domain(),
                ("state", "=", "to_bill"),
                ("in_billing_term", "=", False),
                ("contract_id.state", "in", BILLABLE_STATES),
                ("invoice_date", "<=", self._cutoff_date()),
            ]
        )

    def _group_key(self, installment):
        contract = installment.contract_id
        if self.one_invoice_per_installment:
            return (installment.id,)
        key = (
            contract.invoice_partner_id.id,
            contract.currency_id.id,
            contract.payment_term_id.id,
            contract.fiscal_position_id.id,
        )
        if self.use_cup_cig:
            key += (contract.l10n_it_cup or "", contract.l10n_it_cig or "")
        return key

    def _grouped(self, installments):
        groups = defaultdict(lambda: self.env["recurring.contract.installment"])
        for installment in installments.sorted(
            lambda i: (i.contract_id.invoice_partner_id.id, i.contract_id.id, i.invoice_date, i.id)
        ):
            groups[self._group_key(installment)] |= installment
        return list(groups.values())

    def action_compute(self):
        """Step 1: the preview ('prospetto') of the invoices to create."""
        self.ensure_one()
        billable = self.env["recurring.contract.installment"].search(self._installment_domain())
        skipped = self._out_of_term()
        no_product = self._without_product(billable.contract_id)
        billable = billable.filtered(lambda i: i.contract_id not in no_product)
        self.line_ids.unlink()
        self.write(
            {
                "line_ids": [
                    Command.create(
                        {
                            "partner_id": group.contract_id[:1].invoice_partner_id.id,
                            "installment_ref": group.ids,
                            "amount_untaxed": sum(group.mapped("amount")),
                        }
                    )
                    for group in self._grouped(billable)
                ],
                "skipped_note": "\n".join(self._skipped_lines(skipped, no_product)) or False,
                "state": "preview",
            }
        )
        return self._reopen()

    def _skipped_lines(self, out_of_term, no_product):
        """What the preview lists as left out, one line per contract."""
        for contract in out_of_term.contract_id:
            yield self.env._(
                "%(contract)s (%(partner)s): %(count)s installments after the "
                "contract's end on %(end)s, not billed",
                contract=contract.name,
                partner=contract.partner_id.display_name,
                count=len(out_of_term.filtered(lambda i, c=contract: i.contract_id == c)),
                end=format_date(self.env, contract._billing_term_end()),
            )
        for contract in no_product:
            yield self.env._(
                "%(contract)s (%(partner)s): no associated product, not billed",
                contract=contract.name,
                partner=contract.partner_id.display_name,
            )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Contract Billing"),
        }

    def action_back(self):
        self.write({"state": "setup"})
        return self._reopen()

    # ------------------------------------------------------------------
    # invoices
    # ------------------------------------------------------------------
    def _claim(self, installments):
        """Lock the installments still unbilled; those another run holds are
        skipped (SKIP LOCKED), those it billed meanwhile are filtered out."""
        if not installments:
            return installments
        installments.flush_recordset(["move_id", "excluded", "in_billing_term"])
        self.env.cr.execute(
            """
            SELECT id FROM recurring_contract_installment
             WHERE id IN %s AND move_id IS NULL AND excluded IS NOT TRUE
               AND in_billing_term
             FOR UPDATE SKIP LOCKED
            """,
            [tuple(installments.ids)],
        )
        claimed = {row[0] for row in self.env.cr.fetchall()}
        return installments.filtered(lambda i: i.id in claimed)

    def _billed_period(self, installment):
        """The competence the invoice states for ``installment``."""
        return period_bounds(
            installment.competence_start, installment.competence_end, self.period_first_of_month
        )

    def _invoice_line_values(self, installment, fiscal_position):
        contract = installment.contract_id
        currency = contract.currency_id
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
        start, end = self._billed_period(installment)
        revenue_account = contract.type_id.with_company(contract.company_id).revenue_account_id
        values = []
        for service, amount in zip(services, shares, strict=True):
            product = service.product_id or contract._default_invoice_product()
            name = contract._billing_description(start, end, product)
            if service and service.name and service.name != product.display_name:
                name = f"{name}\n{service.name}"
            line = {
                "product_id": product.id,
                "name": name,
                "quantity": 1.0,
                "price_unit": currency.round(amount),
                "recurring_contract_id": contract.id,
                "recurring_installment_id": installment.id,
                "recurring_contract_line_id": service.id,
                "competence_date_start": start,
                "competence_date_end": end,
            }
            if revenue_account:
                line["account_id"] = fiscal_position.map_account(revenue_account).id
            values.append(Command.create(line))
        return values

    def _fiscal_position(self, contract, cache):
        """The contract's fiscal position, or the one Odoo deduces for the
        recipient; deduced once per distinct set of the partner data it reads."""
        if contract.fiscal_position_id:
            return contract.fiscal_position_id
        partner = contract.invoice_partner_id.with_company(contract.company_id)
        key = (
            contract.company_id.id,
            partner.property_account_position_id.id,
            partner.country_id.id,
            partner.state_id.id,
            partner.zip,
            (partner.vat or "")[:2],
        )
        if key not in cache:
            cache[key] = (
                self.env["account.fiscal.position"]
                .with_company(contract.company_id)
                ._get_fiscal_position(partner)
            )
        return cache[key]

    def _invoice_values(self, installments, fiscal_positions=None):
        contracts = installments.contract_id
        contract = contracts[:1].with_prefetch(contracts._prefetch_ids)  # [:1] drops it
        partner = contract.invoice_partner_id
        fiscal_position = self._fiscal_position(
            contract, {} if fiscal_positions is None else fiscal_positions
        )
        values = {
            "move_type": "out_invoice",
            "company_id": contract.company_id.id,
            "partner_id": partner.id,
            "journal_id": self.journal_id.id,
            "invoice_date": self.invoice_date,
            "date": self.invoice_date,
            "currency_id": contract.currency_id.id,
            "invoice_payment_term_id": contract.payment_term_id.id,
            "fiscal_position_id": fiscal_position.id,
            "invoice_origin": ", ".join(contracts.mapped("name")),
            "ref": ", ".join(filter(None, contracts.mapped("client_order_ref"))) or False,
            "recurring_document_type": self.document_type,
            "l10n_it_origin_document_type": "contract",
            "l10n_it_origin_document_name": contract.name[:20],
            "l10n_it_origin_document_date": contract.date_start,
            "invoice_line_ids": [
                line
                for installment in installments
                for line in self._invoice_line_values(installment, fiscal_position)
            ],
        }
        if self.use_cup_cig:
            values["l10n_it_cup"] = contract.l10n_it_cup
            values["l10n_it_cig"] = contract.l10n_it_cig
        return values

    def _create_invoices(self, groups):
        """Create one invoice per group of installments, in batches; link them."""
        Move = self.env["account.move"].with_context(
            default_move_type="out_invoice", check_move_validity=False
        )
        moves = Move.browse()
        fiscal_positions = {}
        contracts = self.env["recurring.contract"].union(*(g.contract_id for g in groups))
        for company in contracts.company_id:  # prefetch the company-dependent field
            contracts.invoice_partner_id.with_company(company).mapped(
                "property_account_position_id"
            )
        for chunk in split_every(CREATE_BATCH, groups, list):
            created = Move.create(
                [self._invoice_values(group, fiscal_positions) for group in chunk]
            )
            for group, move in zip(chunk, created, strict=True):
                group.write({"move_id": move.id})
            moves |= created
            # memory stays bounded by the batch, not by the whole run: drop
            # the cache of what was created (contracts & co. stay prefetched)
            self.env.flush_all()
            for model in ("account.move", "account.move.line", "mail.message", "mail.followers"):
                self.env[model].invalidate_model()
        return moves

    def action_confirm(self):
        """Step 2: create (and optionally post) the selected invoices."""
        self.ensure_one()
        if self.state != "preview":
            raise UserError(_("Compute the preview before confirming."))
        selected = self.line_ids.filtered("selected")
        if not selected:
            raise UserError(_("Select at least one invoice to create."))
        claimed = self._claim(selected.installment_ids)
        # '&' drops the prefetch set: give it back, so that contracts, their
        # lines and recipients are read for the whole run at once
        groups = [
            group.with_prefetch(claimed._prefetch_ids)
            for group in (line.installment_ids & claimed for line in selected)
            if group
        ]
        moves = self._create_invoices(groups)
        if self.post_invoices and moves:
            if self.forced_number:
                moves[0].name = self.forced_number
            moves.action_post()
        self.write({"move_ids": [Command.set(moves.ids)], "state": "done"})
        return self.action_view_invoices()

    def action_view_invoices(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.move_ids.ids)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    # ------------------------------------------------------------------
    # preview outputs
    # ------------------------------------------------------------------
    def action_print_preview(self):
        return self.env.ref("contract_recurring.recurring_billing_run_report_action").report_action(
            self
        )

    def _preview_rows(self):
        """(recipient, contracts, installment, competence, amount) rows."""
        for line in self.line_ids.filtered("selected"):
            for installment in line.installment_ids:
                yield (
                    line.partner_id.display_name,
                    installment.contract_id.name,
                    *self._billed_period(installment),
                    installment.amount,
                )

    def action_export_xlsx(self):
        import openpyxl  # noqa: PLC0415 - optional at import time

        self.ensure_one()
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = _("Billing preview")
        sheet.append(
            [_("Recipient"), _("Contract"), _("Competence start"), _("Competence end"), _("Amount")]
        )
        money_format = "#,##0.00 [$%s]" % (self.currency_id.symbol or "")
        for row in self._preview_rows():
            sheet.append(list(row))
            sheet.cell(sheet.max_row, 3).number_format = "DD/MM/YYYY"
            sheet.cell(sheet.max_row, 4).number_format = "DD/MM/YYYY"
            sheet.cell(sheet.max_row, 5).number_format = money_format
        total_row = sheet.max_row + 1
        sheet.cell(total_row, 1, _("Total"))
        sheet.cell(total_row, 5, f"=SUM(E2:E{total_row - 1})").number_format = money_format
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:E{max(total_row - 1, 1)}"
        stream = io.BytesIO()
        workbook.save(stream)
        attachment = self.env["ir.attachment"].create(
            {
                "name": _("billing-preview-%(date)s.xlsx", date=self.invoice_date),
                "datas": base64.b64encode(stream.getvalue()),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------
    # scheduled billing
    # ------------------------------------------------------------------
    @api.model
    def _cron_bill_due_installments(self):
        """Bill due installments of contracts flagged for automatic billing."""
        for company in self.env["res.company"].search([]):
            journal = self.env["account.journal"].search(
                [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
            )
            if not journal:
                continue
            run = self.with_company(company).create(
                {
                    "company_id": company.id,
                    "journal_id": journal.id,
                    "auto_billing_only": True,
                }
            )
            run.action_compute()
            if run.line_ids:
                run.action_confirm()
