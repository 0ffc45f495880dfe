from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import charset, iban, sdd, seda
from ..tools.errors import ValidationError as ToolValidationError

EXPIRY_MONTHS = 36


class SepaMandate(models.Model):
    _name = "sepa.mandate"
    _description = "SEPA Direct Debit Mandate"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "signature_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Mandate Reference",
        required=True,
        tracking=True,
        copy=False,
        help="Unique mandate reference (UMR): at most 35 characters of the SEPA set.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Debtor",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    partner_bank_id = fields.Many2one(
        "res.partner.bank",
        string="Debtor Bank Account",
        required=True,
        tracking=True,
        check_company=True,
        domain="[('partner_id', '=', partner_id)]",
    )
    debtor_iban = fields.Char(string="Debtor IBAN", related="partner_bank_id.acc_number")
    debtor_bic = fields.Char(string="Debtor BIC", related="partner_bank_id.bank_bic")
    signature_date = fields.Date(required=True, tracking=True)
    scheme = fields.Selection(
        selection=[("CORE", "CORE"), ("B2B", "B2B")],
        required=True,
        default="CORE",
        tracking=True,
    )
    mandate_type = fields.Selection(
        selection=[("recurrent", "Recurrent"), ("oneoff", "One-off")],
        string="Type",
        required=True,
        default="recurrent",
        tracking=True,
    )
    seda_form = fields.Selection(
        selection=[("paper", "Paper"), ("electronic", "Electronic")],
        string="Mandate Form",
        required=True,
        default="paper",
        tracking=True,
        help="How the debtor signed the mandate: on paper or electronically. "
        "With the scheme it gives the SEDA mandate type.",
    )
    seda_mandate_type = fields.Char(
        string="SEDA Mandate Type",
        compute="_compute_seda_mandate_type",
        help="CORSEDEM / CORSEDPM (Core, electronic / paper), B2BSEDEM / "
        "B2BSEDPM (B2B, electronic / paper): the type the SEDA alignment uses.",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("valid", "Valid"),
            ("to_align", "To Align (SEDA)"),
            ("suspended", "Suspended"),
            ("revoked", "Revoked"),
            ("expired", "Expired"),
        ],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    last_debit_date = fields.Date(
        readonly=True, copy=False, help="Due date of the last collection sent."
    )
    first_debit_sent = fields.Boolean(
        readonly=True, copy=False, help="A first collection was already sent."
    )
    final = fields.Boolean(
        string="Final Collection Next",
        help="The next collection is the last one (sequence type FNAL).",
    )
    sequence_type = fields.Selection(
        selection=[
            ("FRST", "First"),
            ("RCUR", "Recurrent"),
            ("FNAL", "Final"),
            ("OOFF", "One-off"),
        ],
        string="Next Sequence Type",
        compute="_compute_sequence_type",
    )
    original_reference = fields.Char(
        readonly=True,
        copy=False,
        help="Amendment to send with the next collection: former mandate reference.",
    )
    original_iban = fields.Char(
        string="Original IBAN",
        readonly=True,
        copy=False,
        help="Amendment to send with the next collection: former debtor IBAN.",
    )
    amendment_pending = fields.Boolean(compute="_compute_amendment_pending")
    signed_document = fields.Binary(string="Signed Mandate", attachment=True)
    signed_document_name = fields.Char(string="Signed Mandate File Name")
    event_ids = fields.One2many("sepa.mandate.event", "mandate_id", string="Events")
    collection_ids = fields.One2many("sepa.collection", "mandate_id", string="Collections")
    note = fields.Text()

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "The mandate reference must be unique per company.",
        ),
    ]

    @api.depends("mandate_type", "first_debit_sent", "final")
    def _compute_sequence_type(self):
        for mandate in self:
            if mandate.mandate_type == "oneoff":
                mandate.sequence_type = "OOFF"
            elif mandate.final:
                mandate.sequence_type = "FNAL"
            elif mandate.first_debit_sent:
                mandate.sequence_type = "RCUR"
            else:
                mandate.sequence_type = "FRST"

    @api.depends("scheme", "seda_form")
    def _compute_seda_mandate_type(self):
        for mandate in self:
            mandate.seda_mandate_type = seda.mandate_type(mandate.scheme, mandate.seda_form)

    @api.depends("original_reference", "original_iban")
    def _compute_amendment_pending(self):
        for mandate in self:
            mandate.amendment_pending = bool(mandate.original_reference or mandate.original_iban)

    @api.constrains("name")
    def _check_name(self):
        for mandate in self:
            bad = charset.invalid_sepa_chars(mandate.name)
            if len(mandate.name) > 35 or bad:
                raise ValidationError(
                    self.env._(
                        "Mandate reference %(ref)s: at most 35 characters of the "
                        "SEPA set (letters, digits, / - ? : ( ) . , ' + space); "
                        "invalid: %(chars)s",
                        ref=mandate.name,
                        chars=" ".join(bad) or "-",
                    )
                )

    @api.constrains("partner_bank_id", "partner_id")
    def _check_partner_bank(self):
        for mandate in self:
            bank = mandate.partner_bank_id
            if bank.partner_id.commercial_partner_id != (mandate.partner_id.commercial_partner_id):
                raise ValidationError(
                    self.env._(
                        "Mandate %(ref)s: the bank account %(account)s does not "
                        "belong to %(partner)s.",
                        ref=mandate.name,
                        account=bank.acc_number,
                        partner=mandate.partner_id.display_name,
                    )
                )
            mandate._sepa_check_account(bank.acc_number, bank.bank_bic)

    def _sepa_check_account(self, account, bic=None):
        """Raise a ValidationError naming the mandate when IBAN/BIC are invalid."""
        try:
            iban.validate_iban(account)
            if bic:
                iban.validate_bic(bic)
        except ToolValidationError as error:
            raise ValidationError(
                self.env._(
                    "Mandate %(ref)s: %(error)s",
                    ref=self.name,
                    error=error.render(self.env._),
                )
            ) from error

    def write(self, vals):
        tracked = {"name", "partner_bank_id"} & set(vals)
        if tracked:
            used = self.filtered("first_debit_sent")
            before = {m.id: (m.name, m.partner_bank_id.sanitized_acc_number) for m in used}
        res = super().write(vals)
        if tracked and used:
            used._sepa_record_amendment(before)
        return res

    def _sepa_record_amendment(self, before):  # pylint: disable=missing-return
        """Keep the former reference/IBAN for the next collection, log an event."""
        events = []
        for mandate in self:
            old_name, old_iban = before[mandate.id]
            values = {}
            if old_name != mandate.name and not mandate.original_reference:
                values["original_reference"] = old_name
            new_iban = mandate.partner_bank_id.sanitized_acc_number
            if old_iban != new_iban and not mandate.original_iban:
                values["original_iban"] = old_iban
            if values:
                super(SepaMandate, mandate).write(values)
            if old_name != mandate.name or old_iban != new_iban:
                events.append(
                    {
                        "mandate_id": mandate.id,
                        "event_type": "amended",
                        "date": fields.Date.context_today(self),
                        "new_reference": mandate.name,
                        "new_iban": new_iban,
                        "note": self.env._(
                            "Former reference %(ref)s, former IBAN %(iban)s",
                            ref=old_name,
                            iban=old_iban,
                        ),
                        "applied": True,
                    }
                )
        if events and not self.env.context.get("sepa_amendment_from_event"):
            self.env["sepa.mandate.event"].create(events)

    def _sepa_bank_for_iban(self, account):
        """The debtor's bank account with this IBAN, created when missing."""
        self.ensure_one()
        self._sepa_check_account(account)
        number = iban.normalize(account)
        partner = self.partner_id.commercial_partner_id
        bank = self.env["res.partner.bank"].search(
            [("sanitized_acc_number", "=", number), ("partner_id", "=", partner.id)],
            limit=1,
        )
        return bank or self.env["res.partner.bank"].create(
            {"acc_number": number, "partner_id": partner.id}
        )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_validate(self):
        for mandate in self:
            if mandate.state not in ("draft", "suspended", "to_align"):
                raise UserError(
                    self.env._(
                        "Mandate %(ref)s cannot be validated from its current state.",
                        ref=mandate.name,
                    )
                )
            mandate._sepa_check_account(
                mandate.partner_bank_id.acc_number, mandate.partner_bank_id.bank_bic
            )
        self.write({"state": "valid"})

    def _sepa_mark_to_align(self, collections):
        """A collection returned with MD01 ('assenza mandato SEDA'): the
        debtor's bank has no aligned mandate; no new collection until the
        mandate is aligned (SEDA NWC answered by a positive REC)."""
        for mandate in self.filtered(lambda m: m.state == "valid"):
            mandate.state = "to_align"
            mandate.message_post(
                body=self.env._(
                    "Collection %(names)s returned with MD01 (no SEDA mandate at the "
                    "debtor's bank): align the mandate (SEDA NWC) and confirm it "
                    "before the next collection.",
                    names=", ".join(
                        collections.filtered(lambda c, m=mandate: c.mandate_id == m).mapped("name")
                    ),
                )
            )

    def action_seda_export(self):
        """The alignment file (the project's own SEDA interchange CSV) asking
        the debtors' banks to align these mandates: one NWC row each, with the
        SEDA mandate type; an NWC event is logged on each mandate."""
        wrong = self.filtered(lambda m: m.state not in ("draft", "valid", "to_align"))
        if wrong:
            raise UserError(
                self.env._(
                    "Only draft, valid or to-align mandates can be sent for alignment: %(refs)s.",
                    refs=", ".join(wrong.mapped("name")),
                )
            )
        today = fields.Date.context_today(self)
        rows = [
            (
                mandate.name,
                "NWC",
                today.isoformat(),
                mandate.partner_bank_id.sanitized_acc_number,
                "",
                mandate.partner_id.commercial_partner_id.name,
                mandate.seda_mandate_type,
            )
            for mandate in self
        ]
        self.env["sepa.mandate.event"].create(
            [
                {"mandate_id": m.id, "event_type": "requested", "date": today, "applied": True}
                for m in self
            ]
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"seda-nwc-{today.isoformat()}.csv",
                "raw": seda.write_rows(rows).encode(),
                "mimetype": "text/csv",
                "res_model": self._name,
                "res_id": self[:1].id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def action_suspend(self):
        self.filtered(lambda m: m.state == "valid").write({"state": "suspended"})

    def action_revoke(self):
        self.filtered(lambda m: m.state in ("draft", "valid", "suspended", "to_align")).write(
            {"state": "revoked"}
        )

    def action_draft(self):
        self.filtered(lambda m: m.state in ("suspended", "revoked")).write({"state": "draft"})

    def _sepa_expiry_limit(self, today):
        return today - relativedelta(months=EXPIRY_MONTHS)

    def _expire_unused(self, today=None):
        """Recurrent valid mandates unused for 36 months become expired."""
        today = today or fields.Date.context_today(self)
        limit = self._sepa_expiry_limit(today)
        candidates = self.search(
            [
                ("state", "=", "valid"),
                ("mandate_type", "=", "recurrent"),
                ("signature_date", "<", limit),
                "|",
                ("last_debit_date", "=", False),
                ("last_debit_date", "<", limit),
            ]
        )
        if candidates:
            candidates.write({"state": "expired"})
            for mandate in candidates:
                mandate.message_post(
                    body=self.env._(
                        "Expired: no collection in the last %(months)s months.",
                        months=EXPIRY_MONTHS,
                    )
                )
        return candidates

    @api.model
    def _cron_expire_mandates(self):
        for company in self.env["res.company"].search([]):
            self.with_company(company).with_context(
                allowed_company_ids=company.ids
            )._expire_unused()

    def _sepa_tool_mandate(self):
        """The tools' sdd.Mandate of this mandate (with pending amendments)."""
        self.ensure_one()
        return sdd.Mandate(
            reference=self.name,
            signature_date=self.signature_date,
            scheme=self.scheme,
            sequence_type=self.sequence_type,
            original_reference=self.original_reference or "",
            original_debtor_iban=self.original_iban or "",
        )

    def _sepa_mark_sent(self, due_dates):  # pylint: disable=missing-return
        """After a batch is sent: sequence moves on, amendments are delivered.
        One write per distinct (last debit date, expiry), not per mandate."""
        groups = defaultdict(list)
        for mandate in self:
            last_debit = max([d for d in [mandate.last_debit_date, due_dates.get(mandate.id)] if d])
            expires = mandate.final or mandate.mandate_type == "oneoff"
            groups[last_debit, expires].append(mandate.id)
        for (last_debit, expires), ids in groups.items():
            values = {
                "first_debit_sent": True,
                "original_reference": False,
                "original_iban": False,
                "last_debit_date": last_debit,
            }
            if expires:
                values["state"] = "expired"
                values["final"] = False
            super(SepaMandate, self.browse(ids)).write(values)

    def action_view_collections(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Collections"),
            "res_model": "sepa.collection",
            "view_mode": "list,form",
            "domain": [("mandate_id", "=", self.id)],
        }
