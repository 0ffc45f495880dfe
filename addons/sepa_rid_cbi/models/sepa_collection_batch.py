import base64
import datetime as dt
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.contract_recurring.tools.errors import localized_params
from odoo.addons.contract_recurring.tools.money import to_cents

from ..tools import cbi_sdd, charset, iban, pain008, riba, sdd
from ..tools.errors import DomainError

FILE_FORMATS = [
    ("pain.008.001.08", "SEPA pain.008.001.08"),
    ("pain.008.001.02", "SEPA pain.008.001.02"),
    ("cbi.00.01.01", "CBI-SDD CBIBdySDDReq 00.01.01"),
    ("cbi.00.01.00", "CBI-SDD CBIBdySDDReq 00.01.00"),
    ("riba", "CBI RiBa (fixed width)"),
]
# A batch's own labels, not the collections' ones: in Italian a batch
# ('distinta') and a collection ('incasso') do not share a gender, and
# "With Returns" holds whether one or all of its collections came back.
BATCH_STATES = [
    ("draft", "Draft"),
    ("generated", "Generated"),
    ("sent", "Sent to Bank"),
    ("accepted", "Accepted by Bank"),
    ("returned", "With Returns"),
    ("paid", "Credited"),
    ("closed", "Closed"),
    ("cancelled", "Voided"),
]
OPEN_COLLECTION_STATES = ("draft", "sent", "accepted", "paid")


class SepaCollectionBatch(models.Model):
    _name = "sepa.collection.batch"
    _description = "Collection Batch"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(
        selection=[("sdd", "SEPA Direct Debit"), ("riba", "RiBa")],
        required=True,
        default="sdd",
        tracking=True,
    )
    file_format = fields.Selection(
        selection=FILE_FORMATS,
        required=True,
        compute="_compute_file_format",
        store=True,
        precompute=True,
        readonly=False,
    )
    scheme = fields.Selection(
        selection=[("CORE", "CORE"), ("B2B", "B2B")], default="CORE", required=True
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Bank Journal",
        required=True,
        check_company=True,
        domain="[('type', '=', 'bank')]",
        help="Its bank account is the creditor account of the batch.",
    )
    accounting_mode = fields.Selection(
        related="journal_id.sepa_accounting_mode", string="Collection Accounting"
    )
    date_from = fields.Date(string="Due From")
    date_to = fields.Date(string="Due To", required=True, default=fields.Date.context_today)
    partner_ids = fields.Many2many("res.partner", string="Customers")
    sale_journal_ids = fields.Many2many(
        "account.journal",
        "sepa_collection_batch_sale_journal_rel",
        string="Invoice Journals",
        domain="[('type', '=', 'sale')]",
    )
    group_by_debtor = fields.Boolean(
        string="One Collection per Debtor and Due Date",
        help="Installments of the same customer, mandate and due date are collected together.",
    )
    state = fields.Selection(
        selection=BATCH_STATES, default="draft", required=True, tracking=True, copy=False
    )
    collection_ids = fields.One2many("sepa.collection", "batch_id", string="Collections")
    collection_count = fields.Integer(compute="_compute_totals")
    amount_total = fields.Monetary(compute="_compute_totals", string="Total")
    returned_count = fields.Integer(compute="_compute_totals", string="Returned")
    early_count = fields.Integer(
        compute="_compute_early",
        string="Due Too Early",
        help="Collections due before the first date the bank accepts for a file sent today.",
    )
    earliest_due_date = fields.Date(
        compute="_compute_early",
        string="First Allowed Due Date",
        help="First due date the bank accepts for a file sent today (its lead time).",
    )
    message_id = fields.Char(string="Message Id", readonly=True, copy=False)
    generation_count = fields.Integer(readonly=True, copy=False)
    file = fields.Binary(readonly=True, attachment=True, copy=False)
    filename = fields.Char(readonly=True, copy=False)
    date_generated = fields.Datetime(readonly=True, copy=False)
    date_sent = fields.Date(readonly=True, copy=False)
    date_accepted = fields.Date(readonly=True, copy=False)
    date_paid = fields.Date(readonly=True, copy=False)
    bank_move_id = fields.Many2one(
        "account.move", string="Bank Credit Entry", readonly=True, copy=False
    )
    validation = fields.Selection(
        selection=[
            ("iso_xsd", "ISO 20022 schema (pain.008)"),
            ("cbi_xsd", "CBI schemas and own checks"),
            ("own", "Own checks (no CBI schemas configured)"),
        ],
        string="Validated By",
        readonly=True,
        copy=False,
        help="What the generated file was validated against. CBI-SDD files are "
        "always checked by the addon's own rules; also by the official CBI schemas "
        "when the company's CBI schema folder holds them. RiBa files are checked by "
        "the addon's own rules.",
    )

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "The batch number must be unique."),
    ]

    @api.depends("kind")
    def _compute_file_format(self):
        for batch in self:
            if batch.kind == "riba":
                batch.file_format = "riba"
            elif not batch.file_format or batch.file_format == "riba":
                batch.file_format = "pain.008.001.08"

    @api.depends("collection_ids.amount", "collection_ids.state")
    def _compute_totals(self):
        for batch in self:
            active = batch.collection_ids.filtered(lambda c: c.state != "cancelled")
            batch.collection_count = len(active)
            batch.amount_total = sum(active.mapped("amount"))
            batch.returned_count = len(active.filtered(lambda c: c.state == "returned"))

    @api.depends(
        "state",
        "kind",
        "scheme",
        "journal_id.sepa_lead_days",
        "collection_ids.due_date",
        "collection_ids.mandate_id",
    )
    @api.depends_context("tz")
    def _compute_early(self):
        today = fields.Date.context_today(self)
        for batch in self:
            early = batch._early_collections(today)
            batch.early_count = len(early)
            batch.earliest_due_date = min(early.values()) if early else False

    def _early_collections(self, today):
        """{collection: first due date allowed} of the draft SDD batch's
        collections due before that date when the file is sent ``today``."""
        self.ensure_one()
        if self.kind != "sdd" or self.state != "draft":
            return {}
        lead = self._lead_days()
        early = {}
        for collection in self.collection_ids.filtered(lambda c: c.state == "draft"):
            scheme = collection.mandate_id.scheme or self.scheme
            earliest = sdd.earliest_due_date(today, scheme, lead)
            if collection.due_date < earliest:
                early[collection] = earliest
        return early

    def action_move_early_collections(self):
        """Move the collections due too early to the first due date the bank
        accepts (the invoices' own due dates stay as they are)."""
        today = fields.Date.context_today(self)
        for batch in self:
            if batch.state != "draft":
                raise UserError(self.env._("Batch %(name)s is not a draft.", name=batch.name))
            early = batch._early_collections(today)
            by_date = defaultdict(lambda: self.env["sepa.collection"])
            for collection, earliest in early.items():
                by_date[earliest] |= collection
            for earliest, collections in by_date.items():
                collections.due_date = earliest
                batch.message_post(
                    body=self.env._(
                        "%(count)s collection(s) moved to %(date)s, the first due date "
                        "the bank accepts: %(names)s.",
                        count=len(collections),
                        date=format_date(self.env, earliest),
                        names=", ".join(c._tool_label() for c in collections),
                    )
                )
        return True

    @api.constrains("kind", "file_format")
    def _check_file_format(self):
        for batch in self:
            if (batch.kind == "riba") != (batch.file_format == "riba"):
                raise UserError(
                    self.env._(
                        "Batch %(name)s: a RiBa batch needs the RiBa file and an SDD "
                        "batch an SDD file.",
                        name=batch.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("sepa.collection.batch")
                    or "/"
                )
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # building
    # ------------------------------------------------------------------
    def _receivable_domain(self):
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
            ("amount_residual", ">", 0),
            ("move_id.move_type", "=", "out_invoice"),
            ("move_id.sepa_payment_method", "=", self.kind),
            ("date_maturity", "<=", self.date_to),
        ]
        if self.date_from:
            domain.append(("date_maturity", ">=", self.date_from))
        if self.partner_ids:
            domain.append(
                (
                    "partner_id.commercial_partner_id",
                    "in",
                    self.partner_ids.commercial_partner_id.ids,
                )
            )
        if self.sale_journal_ids:
            domain.append(("journal_id", "in", self.sale_journal_ids.ids))
        return domain

    def _default_mandates(self, partners):
        """Latest valid mandate of the batch scheme per commercial partner (a
        mandate to align is taken too: generating then says it must be aligned)."""
        mandates = self.env["sepa.mandate"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("partner_id", "in", partners.ids),
                ("state", "in", ("valid", "to_align")),
                ("scheme", "=", self.scheme),
            ],
            order="signature_date desc, id desc",
        )
        result = {}
        for mandate in mandates:
            result.setdefault(mandate.partner_id.commercial_partner_id.id, mandate)
        return result

    def action_build(self):
        """Fill the draft batch with the installments due matching its filters."""
        for batch in self:
            if batch.state != "draft":
                raise UserError(self.env._("Batch %(name)s is not a draft.", name=batch.name))
            lines = self.env["account.move.line"].search(
                batch._receivable_domain(), order="date_maturity, move_name, id"
            )
            busy = self.env["sepa.collection"].search(
                [
                    ("move_line_ids", "in", lines.ids),
                    ("state", "in", OPEN_COLLECTION_STATES),
                    ("batch_id", "!=", batch.id),
                ]
            )
            lines -= busy.move_line_ids
            partners = lines.partner_id.commercial_partner_id
            defaults = batch._default_mandates(partners) if batch.kind == "sdd" else {}
            groups = defaultdict(lambda: self.env["account.move.line"])
            for line in lines:
                partner = line.partner_id.commercial_partner_id
                mandate = self.env["sepa.mandate"]
                if batch.kind == "sdd":
                    mandate = line.move_id.sepa_mandate_id or defaults.get(partner.id, mandate)
                    if mandate and mandate.scheme != batch.scheme:
                        continue
                key = (partner.id, line.date_maturity, mandate.id)
                if not batch.group_by_debtor:
                    key += (line.id,)
                groups[key] |= line
            batch.collection_ids.unlink()
            values = []
            for index, (key, group) in enumerate(groups.items(), start=1):
                values.append(
                    {
                        "batch_id": batch.id,
                        "sequence": index,
                        "name": batch._end_to_end_id(index),
                        "partner_id": key[0],
                        "mandate_id": key[2] or False,
                        "move_line_ids": [Command.set(group.ids)],
                        "invoice_ids": [Command.set(group.move_id.ids)],
                        "amount": sum(group.mapped("amount_residual")),
                        "due_date": key[1],
                    }
                )
            self.env["sepa.collection"].create(values)
        empty = self.filtered(lambda b: not b.collection_ids)
        if empty:
            # the form would just stay as it was: say why
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "title": self.env._("Nothing to collect"),
                    "message": self.env._(
                        "No open installment paid by %(method)s falls due by %(date)s "
                        "for batch %(name)s: check its customers, journals and dates.",
                        method=dict(self._fields["kind"]._description_selection(self.env))[
                            empty[0].kind
                        ],
                        date=format_date(self.env, empty[0].date_to),
                        name=empty[0].name,
                    ),
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        return True

    def _end_to_end_id(self, index):
        prefix = charset.to_sepa(self.name, 28).replace(" ", "")
        return f"{prefix}-{index:05d}"

    # ------------------------------------------------------------------
    # tools mapping
    # ------------------------------------------------------------------
    def _tool_error(self, error):
        if isinstance(error, DomainError):
            return error.render(self.env._)
        params = localized_params(error.params, lambda d: format_date(self.env, d))
        return self.env._(error.message, **params)

    def _creditor_iban(self):
        return iban.normalize(self.journal_id.bank_account_id.acc_number or "")

    def _tool_creditor(self):
        company = self.company_id
        partner = company.partner_id
        return sdd.Creditor(
            name=company.name,
            iban=self._creditor_iban(),
            creditor_id=company.sepa_creditor_identifier or "",
            bic=self.journal_id.bank_account_id.bank_bic or "",
            address=sdd.Address(
                street=partner.street or "",
                postcode=partner.zip or "",
                town=partner.city or "",
                country=partner.country_id.code or "IT",
            ),
            cuc=company.sepa_cbi_cuc or "",
        )

    def _tool_collection(self, collection):
        mandate = collection.mandate_id
        partner = collection.partner_id.commercial_partner_id
        return sdd.Collection(
            end_to_end_id=collection.name,
            amount_cents=to_cents(collection.amount),
            due_date=collection.due_date,
            debtor_name=partner.name or "",
            debtor_iban=mandate.partner_bank_id.acc_number or "",
            mandate=mandate._sepa_tool_mandate() if mandate else None,
            debtor_bic=mandate.partner_bank_id.bank_bic or "",
            debtor_address=sdd.Address(
                street=partner.street or "",
                postcode=partner.zip or "",
                town=partner.city or "",
                country=partner.country_id.code or "IT",
            ),
            remittance=self.env._("Invoice %(names)s", names=collection.invoice_names),
            currency=collection.invoice_ids[:1].currency_id.name or "EUR",
        )

    def _tool_batch(self):
        self.ensure_one()
        active = self.collection_ids.filtered(lambda c: c.state != "cancelled")
        return sdd.Batch(
            message_id=self._next_message_id(),
            created_at=fields.Datetime.now().replace(microsecond=0),
            creditor=self._tool_creditor(),
            collections=tuple(self._tool_collection(c) for c in active),
        )

    def _next_message_id(self):
        base = charset.to_sepa(self.name, 30).replace(" ", "")
        return f"{base}-{self.generation_count + 1}"

    def _lead_days(self):
        days = max(self.journal_id.sepa_lead_days, 1)
        return {"CORE": days, "B2B": days}

    def _problems(self, tool_batch, today):
        """Translated lines, one per offending invoice, of what blocks the file."""
        self.ensure_one()
        messages = []
        result = sdd.check_batch(tool_batch, today, self._lead_days())
        for problem in result.header:
            messages.append(
                self.env._(
                    "Batch %(name)s: %(problem)s",
                    name=self.name,
                    problem=self._tool_error(problem),
                )
            )
        by_name = {c.name: c for c in self.collection_ids}
        for collection in self.collection_ids.filtered(lambda c: c.state != "cancelled"):
            problems = [self._tool_error(p) for p in result.collections.get(collection.name, [])]
            mandate = collection.mandate_id
            if mandate and mandate.state != "valid":
                state = dict(mandate._fields["state"]._description_selection(self.env))
                problems.append(
                    self.env._(
                        "mandate %(ref)s is %(state)s",
                        ref=mandate.name,
                        state=state[mandate.state],
                    )
                )
            if problems:
                messages.append(
                    "%s: %s" % (by_name[collection.name]._tool_label(), "; ".join(problems))
                )
        return messages

    def _riba_file(self, today):
        company = self.company_id
        partner = company.partner_id
        creditor = riba.RibaCreditor(
            sia_code=company.sepa_sia_code or "",
            name=company.name,
            iban=self._creditor_iban(),
            tax_code=(
                (company.vat or "").removeprefix("IT")
                or partner.commercial_partner_id.l10n_it_codice_fiscale
                or ""
            ),
            street=partner.street or "",
            city=partner.city or "",
        )
        messages, receipts = [], []
        if not creditor.tax_code:
            messages.append(
                self.env._(
                    "Company %(company)s has neither a VAT number nor a tax code: the "
                    "RiBa file must carry the creditor's tax code.",
                    company=company.name,
                )
            )
        if not company.sepa_sia_code:
            messages.append(
                self.env._("Company %(company)s has no SIA code.", company=company.name)
            )
        try:
            iban.italian_parts(creditor.iban)
        except DomainError as error:
            messages.append(
                self.env._(
                    "Bank journal %(journal)s: %(error)s",
                    journal=self.journal_id.name,
                    error=self._tool_error(error),
                )
            )
        for collection in self.collection_ids.filtered(lambda c: c.state != "cancelled"):
            debtor = collection.partner_id.commercial_partner_id
            problems = []
            bank = debtor.bank_ids[:1]
            parts = {}
            if debtor.sepa_riba_abi and not bank:
                # known only by its bank's ABI/CAB, as RiBa allows
                parts = {"abi": debtor.sepa_riba_abi, "cab": debtor.sepa_riba_cab}
            else:
                try:
                    parts = iban.italian_parts(bank.acc_number or "")
                except DomainError as error:
                    if debtor.sepa_riba_abi:
                        parts = {"abi": debtor.sepa_riba_abi, "cab": debtor.sepa_riba_cab}
                    else:
                        problems.append(
                            self.env._(
                                "debtor bank: %(error)s (or give the ABI and CAB of its "
                                "bank for RiBa)",
                                error=self._tool_error(error),
                            )
                        )
            if collection.amount <= 0:
                problems.append(self.env._("the amount must be positive"))
            if collection.invoice_ids[:1].currency_id.name != "EUR":
                problems.append(self.env._("the currency is not EUR"))
            if problems:
                messages.append("%s: %s" % (collection._tool_label(), "; ".join(problems)))
                continue
            receipts.append(
                riba.RibaReceipt(
                    number=collection.sequence,
                    due_date=collection.due_date,
                    amount_cents=to_cents(collection.amount),
                    debtor_name=debtor.name or "",
                    debtor_tax_code=(
                        debtor.l10n_it_codice_fiscale or debtor.vat or ""
                    ).removeprefix("IT"),
                    debtor_abi=parts["abi"],
                    debtor_cab=parts["cab"],
                    debtor_street=debtor.street or "",
                    debtor_zip=debtor.zip or "",
                    debtor_city=debtor.city or "",
                    debtor_province=debtor.state_id.code or "",
                    debtor_bank_name=bank.bank_id.name or "",
                    description=self.env._("Invoice %(names)s", names=collection.invoice_names),
                    debtor_code=str(debtor.id),
                    public_references=collection._riba_public_references(),
                )
            )
        if messages:
            return messages, None
        return [], riba.RibaFile(creditor, tuple(receipts), today, self.name[:20])

    # ------------------------------------------------------------------
    # generation
    # ------------------------------------------------------------------
    def action_generate(self):
        for batch in self:
            batch._generate()
        return True

    def _generate(self):
        self.ensure_one()
        if self.state not in ("draft", "generated"):
            raise UserError(self.env._("Batch %(name)s was already sent.", name=self.name))
        if not self.collection_ids.filtered(lambda c: c.state != "cancelled"):
            raise UserError(
                self.env._("Batch %(name)s has no collection: build it first.", name=self.name)
            )
        today = fields.Date.context_today(self)
        if self.kind == "riba":
            messages, riba_file = self._riba_file(today)
            if messages:
                self._raise_problems(messages)
            data = self._call_tool(lambda: riba.write(riba_file).encode("ascii"))
            validation = "own"
            message_id = self.name
            extension = "txt"
        else:
            tool_batch = self._tool_batch()
            messages = self._problems(tool_batch, today)
            if messages:
                self._raise_problems(messages)
            data, validation = self._call_tool(lambda: self._sdd_xml(tool_batch, today))
            message_id = tool_batch.message_id
            extension = "xml"
        self.write(
            {
                "file": base64.b64encode(data),
                "filename": "%s.%s" % (charset.to_sepa(self.name).replace("/", "_"), extension),
                "message_id": message_id,
                "generation_count": self.generation_count + 1,
                "date_generated": fields.Datetime.now(),
                "state": "generated",
                "validation": validation,
            }
        )
        validations = dict(self._fields["validation"]._description_selection(self.env))
        self.message_post(
            body=self.env._(
                "File %(file)s generated and validated (%(format)s): %(validation)s.",
                file=self.filename,
                format=dict(FILE_FORMATS)[self.file_format],
                validation=validations[validation],
            )
        )

    def _raise_problems(self, messages):
        message = self.env._(
            "Batch %(name)s cannot be generated:\n%(problems)s",
            name=self.name,
            problems="\n".join("- " + m for m in messages),
        )
        if self.early_count:
            message += "\n" + self.env._(
                "First due date the bank accepts: %(date)s. 'Move to First Allowed "
                "Date' moves the collections due earlier; a collection's due date "
                "can also be changed in the list.",
                date=format_date(self.env, self.earliest_due_date),
            )
        raise UserError(message)

    def _call_tool(self, function):
        try:
            return function()
        except DomainError as error:
            raise UserError(
                self.env._(
                    "Batch %(name)s: the file is not valid: %(error)s",
                    name=self.name,
                    error=self._tool_error(error),
                )
            ) from error

    def _sdd_xml(self, tool_batch, today):
        """(file bytes, validation passed). CBI-SDD: always the project's own
        checks; the CBI schemas too when the company's folder holds them (a
        configured folder that does not is an error, not a silent skip)."""
        lead = self._lead_days()
        if self.file_format.startswith("pain.008"):
            return pain008.generate(tool_batch, self.file_format, today, lead), "iso_xsd"
        version = self.file_format.removeprefix("cbi.")
        company = self.company_id
        xsd_dir = company._sepa_cbi_xsd_dir()
        if company.sepa_cbi_xsd_dir:
            cbi_sdd.schema(xsd_dir, f"CBIBdySDDReq.{version}")  # absent: clear error
        elif xsd_dir and not cbi_sdd.has_schema(xsd_dir, f"CBIBdySDDReq.{version}"):
            xsd_dir = None
        data = cbi_sdd.generate(
            tool_batch,
            version,
            physical=True,
            xsd_dir=xsd_dir,
            today=today,
            lead_days=lead,
        )
        return data, "cbi_xsd" if xsd_dir else "own"

    # ------------------------------------------------------------------
    # life cycle
    # ------------------------------------------------------------------
    def _check_state(self, allowed, action):
        for batch in self:
            if batch.state not in allowed:
                raise UserError(
                    self.env._(
                        "Batch %(name)s cannot be %(action)s in its current state.",
                        name=batch.name,
                        action=action,
                    )
                )

    def _active(self, states):
        return self.collection_ids.filtered(lambda c: c.state in states)

    def action_send(self):
        self._check_state(("generated",), self.env._("marked as sent"))
        for batch in self:
            collections = batch._active(("draft",))
            collections.write({"state": "sent"})
            due = {}
            for collection in collections.filtered("mandate_id"):
                mandate = collection.mandate_id
                due[mandate.id] = max(due.get(mandate.id, collection.due_date), collection.due_date)
            collections.mandate_id._sepa_mark_sent(due)
        self.write({"state": "sent", "date_sent": fields.Date.context_today(self)})
        return True

    def action_accept(self):
        self._check_state(("sent", "returned"), self.env._("accepted"))
        for batch in self:
            collections = batch._active(("sent",))
            if batch.accounting_mode == "sbf":
                batch._register_payments(collections, transit=True)
            collections.write({"state": "accepted"})
            if batch.state == "sent":
                batch.write({"state": "accepted", "date_accepted": fields.Date.context_today(self)})
        return True

    def action_paid(self):
        """The bank credited the batch: collections not returned are paid."""
        self._check_state(("sent", "accepted", "returned"), self.env._("marked as paid"))
        for batch in self:
            collections = batch._active(("sent", "accepted"))
            if batch.accounting_mode == "sbf":
                batch._register_payments(
                    collections.filtered(lambda c: not c.payment_id), transit=True
                )
                batch._book_bank_credit(collections)
            else:
                batch._register_payments(collections, transit=False)
            collections.write({"state": "paid"})
            batch.write({"state": "paid", "date_paid": fields.Date.context_today(self)})
        return True

    def action_close(self):
        self._check_state(("paid", "returned"), self.env._("closed"))
        self.write({"state": "closed"})
        return True

    def action_cancel(self):
        self._check_state(("draft", "generated", "sent"), self.env._("cancelled"))
        self.collection_ids.write({"state": "cancelled"})
        self.write({"state": "cancelled"})
        return True

    def action_draft(self):
        self._check_state(("generated", "cancelled"), self.env._("reset to draft"))
        self.collection_ids.filtered(lambda c: c.state == "cancelled").write({"state": "draft"})
        self.write({"state": "draft", "file": False, "filename": False})
        return True

    # ------------------------------------------------------------------
    # accounting
    # ------------------------------------------------------------------
    def _transit_account(self):
        account = self.journal_id.sepa_transit_account_id
        if not account:
            raise UserError(
                self.env._(
                    "Bank journal %(journal)s collects subject to collection: set "
                    "its 'effetti all'incasso' account.",
                    journal=self.journal_id.name,
                )
            )
        return account

    def _register_payments(self, collections, transit):
        """One posted account.payment per collection, reconciled with its
        installments; subject to collection it goes to the transit account."""
        self.ensure_one()
        if not collections:
            return self.env["account.payment"]
        journal = self.journal_id
        method_line = journal.inbound_payment_method_line_ids[:1]
        if not method_line:
            raise UserError(
                self.env._(
                    "Bank journal %(journal)s has no incoming payment method.",
                    journal=journal.name,
                )
            )
        outstanding = self._transit_account() if transit else self._outstanding_account(method_line)
        date = fields.Date.context_today(self)
        values = []
        for collection in collections:
            lines = collection.move_line_ids.filtered(lambda aml: not aml.reconciled)
            values.append(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": collection.partner_id.id,
                    "amount": sum(lines.mapped("amount_residual")) or collection.amount,
                    "currency_id": self.currency_id.id,
                    "date": date,
                    "journal_id": journal.id,
                    "company_id": self.company_id.id,
                    "payment_method_line_id": method_line.id,
                    "outstanding_account_id": outstanding.id,
                    "destination_account_id": (
                        lines[:1] or collection.move_line_ids[:1]
                    ).account_id.id,
                    "memo": collection.name,
                }
            )
        payments = self.env["account.payment"].create(values)
        # the outstanding account follows the payment method: force ours
        payments.write({"outstanding_account_id": outstanding.id})
        payments.action_post()
        for collection, payment in zip(collections, payments, strict=True):
            lines = collection.move_line_ids.filtered(lambda aml: not aml.reconciled)
            counterpart = payment.move_id.line_ids.filtered(
                lambda aml, p=payment: aml.account_id == p.destination_account_id
            )
            (counterpart | lines).reconcile()
            collection.payment_id = payment
        return payments

    def _outstanding_account(self, method_line):
        """The outstanding receipts account as Odoo 18 resolves it: the
        payment method line's own account, else the chart of accounts'
        outstanding receipts account (else the company's transfer account),
        as account.payment does when no method line account is set."""
        self.ensure_one()
        if method_line.payment_account_id:
            return method_line.payment_account_id
        probe = self.env["account.payment"].new(
            {"company_id": self.company_id.id, "journal_id": self.journal_id.id}
        )
        try:
            return probe._get_outstanding_account("inbound")
        except UserError as error:
            raise UserError(
                self.env._(
                    "Bank journal %(journal)s: set an outstanding receipts account on "
                    "its payment method %(method)s.",
                    journal=self.journal_id.name,
                    method=method_line.name,
                )
            ) from error

    def _book_bank_credit(self, collections):
        """Subject to collection: the bank credits the transit account."""
        self.ensure_one()
        if not collections:
            return
        transit = self._transit_account()
        total = sum(collections.mapped("amount"))
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": self.journal_id.id,
                "date": fields.Date.context_today(self),
                "ref": self.env._("Collection batch %(name)s credited", name=self.name),
                "line_ids": [
                    Command.create(
                        {
                            "name": self.name,
                            "account_id": self.journal_id.default_account_id.id,
                            "debit": total,
                        }
                    ),
                    Command.create({"name": self.name, "account_id": transit.id, "credit": total}),
                ],
            }
        )
        move.action_post()
        self.bank_move_id = move
        collections.write({"bank_move_id": move.id})

    def _return_collections(self, details, import_record, charge_fee):
        """Reopen the invoices of returned collections: payment cancelled,
        bank credit reversed, optional fee invoiced, partner flagged.

        details: {collection record: (reason code, bank note)}.
        """
        today = fields.Date.context_today(self)
        collections = self.env["sepa.collection"].concat(*details)
        collections = collections.filtered(lambda c: c.state not in ("returned", "cancelled"))
        for collection in collections:
            batch = collection.batch_id
            payment = collection.payment_id
            if payment and payment.state != "canceled":
                payment.action_draft()
                payment.action_cancel()
            values = {
                "state": "returned",
                "return_code": details[collection][0] or False,
                "return_note": details[collection][1] or False,
                "return_date": today,
                "return_import_id": import_record.id,
            }
            if collection.bank_move_id:
                values["return_move_id"] = batch._book_return(collection).id
            if charge_fee:
                values["fee_move_id"] = batch._invoice_return_fee(collection).id
            collection.write(values)
        md01 = collections.filtered(lambda c: (details[c][0] or "").upper() == "MD01")
        md01.mandate_id._sepa_mark_to_align(md01)
        for batch in collections.batch_id:
            if batch.state in ("sent", "accepted"):
                batch.state = "returned"
            own = collections.filtered(lambda c, b=batch: c.batch_id == b)
            batch.message_post(
                body=self.env._(
                    "%(count)s collection(s) returned: %(names)s",
                    count=len(own),
                    names=", ".join(own.mapped("name")),
                )
            )
        return collections

    def _book_bank_charges(self, collection, cents, import_record):
        """The bank's charges on a returned receipt: bank charges expense
        against the bank account (the fee invoiced to the customer is apart)."""
        self.ensure_one()
        account = self.journal_id.sepa_bank_charges_account_id
        amount = cents / 100
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": self.journal_id.id,
                "date": fields.Date.context_today(self),
                "ref": self.env._(
                    "Bank charges on collection %(name)s (%(file)s)",
                    name=collection.name,
                    file=import_record.name,
                ),
                "line_ids": [
                    Command.create(
                        {"name": collection.name, "account_id": account.id, "debit": amount}
                    ),
                    Command.create(
                        {
                            "name": collection.name,
                            "account_id": self.journal_id.default_account_id.id,
                            "credit": amount,
                        }
                    ),
                ],
            }
        )
        move.action_post()
        collection.bank_charges_move_id = move
        return move

    def _book_return(self, collection):
        transit = self._transit_account()
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": self.journal_id.id,
                "date": fields.Date.context_today(self),
                "ref": self.env._("Return of collection %(name)s", name=collection.name),
                "line_ids": [
                    Command.create(
                        {
                            "name": collection.name,
                            "account_id": transit.id,
                            "debit": collection.amount,
                        }
                    ),
                    Command.create(
                        {
                            "name": collection.name,
                            "account_id": self.journal_id.default_account_id.id,
                            "credit": collection.amount,
                        }
                    ),
                ],
            }
        )
        move.action_post()
        return move

    def _invoice_return_fee(self, collection):
        product = self.journal_id.sepa_return_fee_product_id
        if not product:
            raise UserError(
                self.env._(
                    "Bank journal %(journal)s has no return fee product.",
                    journal=self.journal_id.name,
                )
            )
        invoice = collection.invoice_ids[:1]
        contracts = invoice.recurring_contract_ids[:1]
        builder = self.env["recurring.invoice.builder"]
        fiscal_position = builder._fiscal_position(
            contracts, partner=collection.partner_id, company=self.company_id
        )
        move = builder._create_invoices(
            [
                builder._invoice_values(
                    contracts,
                    [
                        builder._line_values(
                            contracts,
                            fiscal_position,
                            product=product,
                            name=self.env._(
                                "Return fee for %(names)s", names=collection.invoice_names
                            ),
                            price_unit=product.lst_price,
                        )
                    ],
                    partner=collection.partner_id,
                    company=self.company_id,
                    invoice_date=fields.Date.context_today(self),
                    journal=invoice.journal_id,
                    fiscal_position=fiscal_position,
                    origin=collection.name,
                )
            ],
            sources=[
                self.env._(
                    "Return fee of collection %(collection)s (batch %(batch)s).",
                    collection=collection.name,
                    batch=self.name,
                )
            ],
        )
        move.action_post()
        return move

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s/%s/file/%s?download=true"
            % (self._name, self.id, self.filename),
            "target": "self",
        }

    @api.model
    def _demo_draft_batch(self):
        """Demo: a draft SDD batch of the demo company's first bank journal."""
        company = self.env.ref("base.demo_company_it", raise_if_not_found=False)
        if not company:
            return self.browse()
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        if not journal:
            return self.browse()
        if not journal.bank_account_id:
            journal.bank_account_id = self.env.ref(
                "sepa_rid_cbi.bank_account_demo_company", raise_if_not_found=False
            )
        batch = self.with_company(company).create(
            {
                "company_id": company.id,
                "journal_id": journal.id,
                "kind": "sdd",
                "date_to": fields.Date.context_today(self) + dt.timedelta(days=60),
            }
        )
        batch.action_build()
        return batch

    @api.model
    def _demo_batch_ready_to_send(self, contract_ids):
        """Demo: a batch ready to send. What the contracts plan this month is
        billed today (the invoices fall due with their payment term, past the
        bank's lead time), collected on the demo journal and its file
        generated: the office only has to send it."""
        company = self.env.ref("base.demo_company_it", raise_if_not_found=False)
        if not company:
            return self.browse()
        today = fields.Date.context_today(self)
        month_start = today.replace(day=1)
        invoices = self.env["recurring.billing"]._demo_bill(
            contract_ids,
            month_start,
            month_start + relativedelta(months=1, days=-1),
            today,
            module="sepa_rid_cbi",
        )
        if not invoices:  # already billed (demo data loaded again by an update)
            return self.browse()
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        batch = self.with_company(company).create(
            {
                "company_id": company.id,
                "journal_id": journal.id,
                "kind": "sdd",
                "partner_ids": [Command.set(invoices.partner_id.commercial_partner_id.ids)],
                "date_to": today + dt.timedelta(days=60),
            }
        )
        batch.action_build()
        batch.action_generate()
        return batch
