import base64
import io

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..models.account_move import EDI_DOCUMENT_TYPES
from ..models.recurring_contract import BILLABLE_STATES


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
        default=lambda self: self.env["recurring.billing"]._sale_journal(self.env.company),
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
    send_invoices = fields.Boolean(
        string="Send the Invoices",
        help="Also send the posted invoices: the PDF by e-mail to each invoice "
        "recipient and the e-invoice to the SdI, as Odoo's 'Send' does.",
    )
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
    billing_id = fields.Many2one("recurring.billing", string="Billing Run", readonly=True)
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
                    for group in billable._billing_groups(
                        self.one_invoice_per_installment, self.use_cup_cig
                    )
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
    def _billing_options(self):
        """The options of the persistent run (see recurring.billing)."""
        return {
            "company_id": self.company_id.id,
            "invoice_date": self.invoice_date,
            "date_until": self._cutoff_date(),
            "journal_id": self.journal_id.id,
            "document_type": self.document_type,
            "period_first_of_month": self.period_first_of_month,
            "one_invoice_per_installment": self.one_invoice_per_installment,
            "use_cup_cig": self.use_cup_cig,
            "post_invoices": self.post_invoices,
            "send_invoices": self.post_invoices and self.send_invoices,
            "forced_number": self.post_invoices and self.forced_number or False,
        }

    def action_confirm(self):
        """Step 2: the run bills the selected invoices (and posts them)."""
        self.ensure_one()
        if self.state != "preview":
            raise UserError(_("Compute the preview before confirming."))
        selected = self.line_ids.filtered("selected")
        if not selected:
            raise UserError(_("Select at least one invoice to create."))
        billing = self.env["recurring.billing"]._start(
            selected.installment_ids, **self._billing_options()
        )
        billing.action_run()
        self.write(
            {
                "billing_id": billing.id,
                "move_ids": [Command.set(billing.move_ids.ids)],
                "state": "done",
            }
        )
        return self._after_confirm()

    def _after_confirm(self):
        """The created invoices; a run still at work shows its progress."""
        if self.billing_id.state == "done":
            return self.action_view_invoices()
        return self.billing_id._action_open()

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
                    *installment._billed_period(self.period_first_of_month),
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
