from odoo import Command, _lt, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.contract_recurring.tools.money import from_cents, to_cents

from ..tools import camt, cbi_rh, iban, matching
from ..tools.errors import DomainError


class SepaTransferImport(models.TransientModel):
    """Import of incoming transfers (camt.053/054, CBI RH) as bank statement
    lines, matched to open invoices."""

    _name = "sepa.transfer.import"
    _inherit = ["sepa.file.import.mixin"]
    _description = "Import Incoming Transfers"
    _import_kind = "transfer"
    _import_title = _lt("Import Incoming Transfers")

    journal_id = fields.Many2one(
        "account.journal",
        string="Bank Journal",
        required=True,
        domain="[('type', '=', 'bank'), ('company_id', '=', company_id)]",
    )

    def _statements(self, data):
        """Tool statements as (id, iban, [movement dicts]) for camt and RH."""
        expected = iban.normalize(self.journal_id.bank_account_id.acc_number or "")
        if not expected:
            raise UserError(
                self.env._(
                    "Bank journal %(journal)s has no bank account (IBAN).",
                    journal=self.journal_id.name,
                )
            )
        if self._is_xml(data):
            currency = (self.journal_id.currency_id or self.company_id.currency_id).name
            parsed = camt.parse(data, expected_iban=expected, currency=currency)
            fmt = parsed[0].flavour
            return fmt, [
                (
                    st.statement_id,
                    st.account_iban,
                    [
                        {
                            "date": e.booking_date or e.value_date,
                            "amount_cents": e.amount_cents,
                            "name": e.counterparty_name,
                            "iban": e.counterparty_iban,
                            "reference": e.structured_reference,
                            "text": e.remittance,
                            "bank_ref": e.bank_reference or e.end_to_end_id,
                            "kind": "sdd_reversal" if e.reversal else "",
                            "e2e": e.end_to_end_id,
                            "tax_code": "",
                            "reason": e.return_reason,
                            "foreign": None,
                        }
                        for e in st.entries
                    ],
                )
                for st in parsed
            ]
        parsed = cbi_rh.parse(data, expected_iban=expected)
        return "cbi_rh", [
            (
                f"RH-{st.date.isoformat()}-{st.number}",
                st.account_iban,
                [
                    {
                        "date": m.booking_date,
                        "amount_cents": m.amount_cents,
                        "name": m.counterparty_name,
                        "iban": m.counterparty_iban,
                        "reference": m.structured_reference,
                        "text": " ".join(filter(None, [m.remittance, m.description])),
                        "bank_ref": m.bank_reference or str(index),
                        "kind": m.kind,
                        "e2e": m.end_to_end_id,
                        "tax_code": m.counterparty_tax_code,
                        "reason": "",
                        "foreign": m.foreign,
                    }
                    for index, m in enumerate(st.movements, start=1)
                ],
            )
            for st in parsed
        ]

    def action_import(self):
        data = self._read_file()
        Import = self.env["sepa.file.import"]
        try:
            file_format, statements = self._statements(data)
        except DomainError as error:
            self._raise_format(error)
        keys = [
            f"{account}/{ident}/{mv['bank_ref']}"
            for ident, account, movements in statements
            for mv in movements
        ]
        # the movements the file carries, whatever its bytes (line ends, BOM,
        # message id): the same movements again are the same content
        content = sorted(
            [account, ident, mv["bank_ref"], mv["date"], mv["amount_cents"]]
            for ident, account, movements in statements
            for mv in movements
        )
        content_hash, known = self._known(content)
        if known:
            return known
        known = self.env["account.bank.statement.line"].search(
            [("company_id", "=", self.company_id.id), ("sepa_import_key", "in", keys)]
        )
        known_keys = set(known.mapped("sepa_import_key"))
        if keys and known_keys >= set(keys):
            earlier = known.sepa_import_id.sorted("id")[:1]
            if earlier:
                return self._done(earlier._duplicate_text())
        record = Import.create(
            {
                "name": self.filename or file_format,
                "company_id": self.company_id.id,
                "kind": "transfer",
                "file_format": file_format,
                "file_hash": content_hash,
                "journal_id": self.journal_id.id,
            }
        )
        partners = self._partners_by_iban(
            {mv["iban"] for _i, _a, mvs in statements for mv in mvs if mv["iban"]}
        )
        lines = self.env["account.bank.statement.line"]
        charge_backs = {}
        for ident, account, movements in statements:
            line_values = []
            for mv in movements:
                key = f"{account}/{ident}/{mv['bank_ref']}"
                if key in known_keys:
                    continue
                known_keys.add(key)
                partner = partners.get(mv["iban"])
                if mv["kind"] in ("riba_unpaid", "sdd_reversal") and mv["amount_cents"] < 0:
                    charge_backs[key] = mv
                line_values.append(
                    Command.create(
                        {
                            "journal_id": self.journal_id.id,
                            "date": mv["date"] or fields.Date.context_today(self),
                            "amount": from_cents(mv["amount_cents"]),
                            "payment_ref": mv["text"] or mv["reference"] or mv["name"] or "/",
                            "partner_name": mv["name"] or False,
                            "account_number": mv["iban"] or False,
                            "partner_id": partner.id if partner else False,
                            "sepa_import_key": key,
                            "sepa_import_id": record.id,
                            "sepa_match_state": "unmatched",
                            "transaction_details": {
                                "structured_reference": mv["reference"],
                                "bank_reference": mv["bank_ref"],
                                **self._foreign_details(mv["foreign"]),
                            },
                            "narration": self._foreign_note(mv["foreign"]),
                        }
                    )
                )
            if not line_values:
                continue
            statement = self.env["account.bank.statement"].create(
                {
                    "name": ident,
                    "journal_id": self.journal_id.id,
                    "line_ids": line_values,
                }
            )
            record.statement_ids = [Command.link(statement.id)]
            lines |= statement.line_ids
        returned = self._tie_charge_backs(lines, charge_backs, record)
        counts = self._match(lines - returned)
        counts["matched"] += len(returned)
        summary = self.env._(
            "%(total)s movement(s) imported: %(matched)s matched, %(proposed)s "
            "proposed, %(unmatched)s to reconcile by hand.",
            total=len(lines),
            **counts,
        )
        if returned:
            summary += " " + self.env._(
                "%(count)s collection(s) charged back by the bank and returned: %(names)s.",
                count=len(returned),
                names=", ".join(returned.sepa_collection_id.mapped("name")),
            )
        record.summary = summary
        return self._done(summary)

    def _tie_charge_backs(self, lines, charge_backs, record):
        """Bank debits of unpaid RiBa (CBI causale 37) and SDD reversals (Z9)
        return their collection: found by end-to-end id, else by amount and
        debtor (its IBAN or tax code); one candidate only, else left to the
        user. Returns the statement lines tied."""
        tied = self.env["account.bank.statement.line"]
        if not charge_backs:
            return tied
        collections = self.env["sepa.collection"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("sent", "accepted", "paid")),
            ]
        )
        by_name = {c.name: c for c in collections}
        # collections the movements name that can no longer be returned
        # (already returned, cancelled): a repeated notice of a return must
        # not fall back to another collection of the same amount and debtor
        named = [mv["e2e"] for mv in charge_backs.values() if mv["e2e"]]
        settled = set(
            self.env["sepa.collection"]
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("name", "in", named),
                    ("state", "not in", ("sent", "accepted", "paid")),
                ]
            )
            .mapped("name")
        )
        # returns already recorded (by a returns file) whose bank debit has not
        # come yet: a debit of the same kind, debtor and amount is theirs
        awaiting = self.env["sepa.collection"].search(
            [("company_id", "=", self.company_id.id), ("state", "=", "returned")]
        )
        awaiting -= (
            self.env["account.bank.statement.line"]
            .search([("sepa_collection_id", "in", awaiting.ids)])
            .sepa_collection_id
        )
        tax_partners = {}
        codes = [mv["tax_code"] for mv in charge_backs.values() if mv["tax_code"]]
        if codes:
            for partner in self.env["res.partner"].search(
                ["|", ("vat", "in", codes + [f"IT{c}" for c in codes]),
                 ("l10n_it_codice_fiscale", "in", codes)]
            ):  # fmt: skip
                for code in (partner.vat, partner.l10n_it_codice_fiscale):
                    if code:
                        tax_partners[code.removeprefix("IT")] = partner.commercial_partner_id
        ibans = self._partners_by_iban({mv["iban"] for mv in charge_backs.values() if mv["iban"]})
        returns = {}
        for line in lines.filtered(lambda st: st.sepa_import_key in charge_backs):
            mv = charge_backs[line.sepa_import_key]
            kind = "riba" if mv["kind"] == "riba_unpaid" else "sdd"
            if mv["e2e"] in settled:
                continue
            collection = by_name.get(mv["e2e"]) if mv["e2e"] else None
            if collection is None or collection.kind != kind:
                partner = ibans.get(mv["iban"]) or tax_partners.get(mv["tax_code"])
                cents = -mv["amount_cents"]
                candidates = collections.filtered(
                    lambda c, p=partner, k=kind, a=cents: (
                        c.kind == k
                        and p
                        and c.partner_id.commercial_partner_id == p
                        and to_cents(c.amount) == a
                        and c not in returns
                    )
                )
                if len(candidates) > 1:
                    # a charge-back follows a credit: collections credited first
                    candidates = candidates.filtered(lambda c: c.state in ("accepted", "paid"))
                if any(
                    c.kind == kind
                    and c.partner_id.commercial_partner_id == partner
                    and to_cents(c.amount) == cents
                    for c in awaiting
                ):
                    # the debit of a return already recorded: nothing to return
                    candidates = candidates.browse()
                collection = candidates if len(candidates) == 1 else None
            if not collection:
                continue
            if mv["reason"]:
                code = mv["reason"]
                note = self.env._(
                    "Returned by the bank on %(date)s (camt, reason %(reason)s, %(ref)s)",
                    date=format_date(self.env, line.date),
                    reason=code,
                    ref=mv["bank_ref"],
                )
            else:
                code = "37000" if kind == "riba" else "Z9"
                note = self.env._(
                    "Charged back by the bank on %(date)s (CBI causale %(causale)s, %(ref)s)",
                    date=format_date(self.env, line.date),
                    causale="37" if kind == "riba" else "Z9",
                    ref=mv["bank_ref"],
                )
            returns[collection] = (code, note)
            line.write(
                {
                    "sepa_collection_id": collection.id,
                    "sepa_match_state": "matched",
                    "sepa_match_rule": "collection_return",
                    "partner_id": collection.partner_id.commercial_partner_id.id,
                }
            )
            tied |= line
        if returns:
            self.env["sepa.collection.batch"]._return_collections(returns, record, False)
        return tied

    @staticmethod
    def _foreign_details(foreign):
        """transaction_details keys of an RH 63 ZZ1 foreign transfer (Decimals
        kept exact as text)."""
        if not foreign:
            return {}
        return {
            "foreign_transfer": {
                key: str(value)
                for key, value in vars(foreign).items()
                if value is not None and value != ""
            }
        }

    def _foreign_note(self, foreign):
        """Readable note of an RH 63 ZZ1 foreign transfer, for the statement line."""
        if not foreign:
            return False
        parts = []
        for label, amount, currency in (
            (self.env._("Original amount"), foreign.original_amount, foreign.original_currency),
            (self.env._("Settled amount"), foreign.settled_amount, foreign.settled_currency),
            (
                self.env._("Negotiated amount"),
                foreign.negotiated_amount,
                foreign.negotiated_currency,
            ),
            (self.env._("Commissions"), foreign.commissions, ""),
            (self.env._("Expenses"), foreign.expenses, ""),
            (self.env._("Exchange rate"), foreign.exchange_rate, ""),
        ):
            if amount is not None:
                parts.append(f"{label}: {amount} {currency}".strip())
        if foreign.country:
            parts.append(self.env._("Country (UIC code): %(code)s", code=foreign.country))
        return self.env._("Foreign transfer. %(details)s", details="; ".join(parts))

    def _partners_by_iban(self, numbers):
        banks = self.env["res.partner.bank"].search([("sanitized_acc_number", "in", list(numbers))])
        return {b.sanitized_acc_number: b.partner_id.commercial_partner_id for b in banks}

    def _open_invoices(self):
        invoices = self.env["account.move"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
            ]
        )
        banks = self.env["res.partner.bank"].search(
            [("partner_id", "child_of", invoices.commercial_partner_id.ids)]
        )
        ibans = {}
        for bank in banks:
            ibans.setdefault(bank.partner_id.commercial_partner_id.id, set()).add(
                bank.sanitized_acc_number
            )
        return invoices, [
            matching.OpenInvoice(
                id=inv.id,
                number=inv.name,
                partner_id=inv.commercial_partner_id.id,
                residual_cents=to_cents(inv.amount_residual),
                structured_reference=inv.payment_reference or "",
                partner_ibans=frozenset(ibans.get(inv.commercial_partner_id.id, ())),
            )
            for inv in invoices
        ]

    def _match(self, lines):
        counts = {"matched": 0, "proposed": 0, "unmatched": 0}
        if not lines:
            return counts
        invoices, open_invoices = self._open_invoices()
        movements = [
            matching.IncomingMovement(
                id=str(line.id),
                amount_cents=to_cents(line.amount),
                counterparty_iban=line.account_number or "",
                structured_reference=(line.transaction_details or {}).get(
                    "structured_reference", ""
                ),
                remittance=line.payment_ref or "",
            )
            for line in lines
        ]
        by_id = {str(line.id): line for line in lines}
        for result in matching.match(movements, open_invoices):
            line = by_id[result.movement_id]
            moves = invoices.browse(result.invoice_ids)
            state = result.status
            if state == matching.MATCHED and not line._sepa_reconcile(moves):
                state = matching.PROPOSED
            line.write(
                {
                    "sepa_match_state": state,
                    "sepa_match_rule": result.rule or False,
                    "sepa_proposed_move_ids": [Command.set(moves.ids)],
                }
            )
            counts[state] += 1
        return counts
