from collections import defaultdict
from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..tools import renewal
from ..tools.errors import DomainError

NOTICE_DAYS_PARAM = "contract_recurring.renewal_notice_days"


class RecurringContractRenewal(models.TransientModel):
    """Mass renewal in three phases (seed §2.D): selection, optional
    cancellations, then automatic or manual renewal of the selected ones."""

    _name = "recurring.contract.renewal"
    _description = "Contract Renewal"

    step = fields.Selection(
        selection=[
            ("filter", "Selection"),
            ("cancel", "Cancellations"),
            ("renew", "Renewal"),
        ],
        default="filter",
        required=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(string="Expiry From")
    date_to = fields.Date(string="Expiry To")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        domain="[('parent_id', '=', False)]",
        help="Empty: all customers.",
    )
    type_id = fields.Many2one(
        "recurring.contract.type",
        string="Contract Type",
        help="Empty: all contract types.",
    )
    include_manual = fields.Boolean(
        string="Include Contracts without Automatic Renewal",
        help="Also list the contracts not flagged for automatic renewal.",
    )
    sent_filter = fields.Selection(
        selection=[
            ("all", "Sent and not sent"),
            ("sent", "Only sent contracts"),
            ("not_sent", "Only contracts not sent"),
        ],
        string="Sent Contracts",
        default="all",
        required=True,
    )
    contract_ids = fields.Many2many(
        "recurring.contract",
        string="Contracts",
        help="Technical: restricts the selection (renewal of a single contract).",
    )
    line_ids = fields.One2many(
        "recurring.contract.renewal.line", "wizard_id", string="Contracts to Renew"
    )
    cancellation_date = fields.Date(
        string="Cancellation Effective Date",
        help="Effective date of the cancellations of phase 2; empty: each contract's end date.",
    )
    percentage = fields.Float(
        string="Contract Value Recalculation (%)",
        digits=(16, 2),
        help="Positive or negative percentage applied to the contract value "
        "(e.g. ISTAT indexation); unit prices are rounded to the cent.",
    )
    copy_notes = fields.Boolean(string="Copy Installment Notes to the New Contracts")
    send_mail = fields.Boolean(
        string="Notify the Invoice Recipients",
        default=True,
        help="Automatic renewal: e-mail the new amounts to each contract's invoice recipient.",
    )
    renewed_contract_ids = fields.Many2many(
        "recurring.contract",
        "recurring_contract_renewal_result_rel",
        "wizard_id",
        "contract_id",
        string="Renewed Contracts",
        readonly=True,
    )

    # ------------------------------------------------------------------
    # phase 1: selection
    # ------------------------------------------------------------------
    def _contract_domain(self):
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            *self.env["recurring.contract"]._renewable_domain(),
        ]
        if self.contract_ids:
            domain.append(("id", "in", self.contract_ids.ids))
        if self.date_from:
            domain.append(("date_end", ">=", self.date_from))
        if self.date_to:
            domain.append(("date_end", "<=", self.date_to))
        if self.partner_id:
            domain.append(("commercial_partner_id", "=", self.partner_id.commercial_partner_id.id))
        if self.type_id:
            domain.append(("type_id", "=", self.type_id.id))
        if not self.include_manual:
            domain.append(("auto_renew", "=", True))
        if self.sent_filter != "all":
            domain.append(("sent", "=", self.sent_filter == "sent"))
        return domain

    def _reopen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Contract Renewal"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_search(self):
        self.ensure_one()
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise UserError(
                _(
                    "The expiry range is empty: %(start)s comes after %(end)s.",
                    start=self.date_from,
                    end=self.date_to,
                )
            )
        contracts = self.env["recurring.contract"].search(
            self._contract_domain(), order="date_end, name"
        )
        if not contracts:
            raise UserError(
                _(
                    "No contract to renew matches these parameters (open-ended, "
                    "cancelled and already renewed contracts are never listed)."
                )
            )
        single = bool(self.contract_ids)
        self.line_ids = [Command.clear()] + [
            Command.create({"contract_id": contract.id, "selected": single})
            for contract in contracts
        ]
        self.step = "cancel"
        return self._reopen()

    # ------------------------------------------------------------------
    # phase 2: optional cancellations
    # ------------------------------------------------------------------
    def action_back(self):
        self.ensure_one()
        self.line_ids = [Command.clear()]
        self.step = "filter"
        return self._reopen()

    def action_cancel_selected(self):
        """Cancel the contracts flagged in phase 2; they are not renewed."""
        self.ensure_one()
        to_cancel = self.line_ids.filtered("to_cancel")
        for line in to_cancel:
            contract = line.contract_id
            contract._cancel(self.cancellation_date or contract.date_end)
        to_cancel.unlink()
        if not self.line_ids:
            raise UserError(_("Every listed contract is cancelled: nothing left to renew."))
        self.step = "renew"
        return self._reopen()

    # ------------------------------------------------------------------
    # phase 3: selection and renewal
    # ------------------------------------------------------------------
    def action_select_all(self):
        self.line_ids.selected = True
        return self._reopen()

    def action_select_none(self):
        self.line_ids.selected = False
        return self._reopen()

    def action_renew_automatic(self):
        return self._action_renew(automatic=True)

    def action_renew_manual(self):
        return self._action_renew(automatic=False)

    def _action_renew(self, automatic):
        self.ensure_one()
        contracts = self.line_ids.filtered("selected").contract_id
        if not contracts:
            raise UserError(_("Select at least one contract to renew."))
        new_contracts = self._renew_contracts(
            contracts,
            automatic=automatic,
            percentage=self.percentage,
            copy_notes=self.copy_notes,
            send_mail=self.send_mail,
        )
        self.renewed_contract_ids = new_contracts
        action = {
            "type": "ir.actions.act_window",
            "name": _("Renewed Contracts"),
            "res_model": "recurring.contract",
            "view_mode": "list,form",
            "domain": [("id", "in", new_contracts.ids)],
            "context": {"create": False},
        }
        if len(new_contracts) == 1:
            action.update({"view_mode": "form", "res_id": new_contracts.id})
        return action

    # ------------------------------------------------------------------
    # renewal engine (also used by the scheduled action)
    # ------------------------------------------------------------------
    @api.model
    def _action_for_contracts(self, contracts):
        """The same wizard on given contracts (single renewal), at phase 2."""
        not_renewable = contracts._not_renewable()
        if not_renewable:
            raise UserError(self._not_renewable_message(not_renewable))
        wizard = self.create(
            {
                "company_id": contracts[:1].company_id.id,
                "contract_ids": [Command.set(contracts.ids)],
                "include_manual": True,
            }
        )
        return wizard.action_search()

    @api.model
    def _not_renewable_message(self, contracts):
        return _(
            "These contracts cannot be renewed (only active or expired contracts "
            "with an end date, not renewed yet): %(names)s",
            names=", ".join(contracts.mapped("name")),
        )

    @api.model
    def _new_contract_values(self, contract, values, percentage):
        try:
            start, end = renewal.renewal_dates(
                contract.date_start, contract.date_end, contract.seasonal
            )
        except DomainError as error:
            raise UserError(
                _(
                    "Contract %(name)s: %(reason)s",
                    name=contract.name,
                    reason=_(error.message, **error.params),
                )
            ) from error
        for command in values.get("line_ids", []):
            line_values = command[2]
            line_values["price_unit"] = contract._indexed_price(
                line_values.get("price_unit", 0.0), percentage
            )
        values.update(
            {
                "date_start": start,
                "date_end": end,
                "billing_date_start": start,
                "previous_contract_id": contract.id,
                # computed fields with readonly=False are not copied
                "invoice_partner_id": contract.invoice_partner_id.id,
                "payment_term_id": contract.payment_term_id.id,
                "call_fee_amount": contract.call_fee_amount,
                "call_fee_hours": contract.call_fee_hours,
                "product_id": contract.product_id.id,
                "exclude_labour": contract.exclude_labour,
                "exclude_travel": contract.exclude_travel,
                "exclude_materials": contract.exclude_materials,
                "interval_months": contract.interval_months,
                "invoices_per_period": contract.invoices_per_period,
                "sent": False,
                "first_contract": False,
                "late_start": False,
                "cancellation_date": False,
            }
        )
        return values

    @api.model
    def _renew_contracts(
        self, contracts, automatic=True, percentage=0.0, copy_notes=False, send_mail=True
    ):
        """Renew ``contracts`` in batch and return the new contracts.

        Automatic: the new contracts are active and the old ones renewed.
        Manual: the new contracts are suspended until confirmed from the
        'Contract Update' screen; the old ones stay as they are, linked.
        """
        not_renewable = contracts._not_renewable()
        if not_renewable:
            raise UserError(self._not_renewable_message(not_renewable))
        if not contracts:
            return contracts
        vals_list = [
            self._new_contract_values(contract, values, percentage)
            for contract, values in zip(contracts, contracts.copy_data(), strict=True)
        ]
        self._reserve_names(vals_list)
        new_contracts = (
            self.env["recurring.contract"]
            .with_context(
                tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
            )
            .create(vals_list)
        )
        installment_values = []
        for old, new in zip(contracts, new_contracts, strict=True):
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
            contracts.with_context(tracking_disable=True).state = "renewed"
        self._log_renewal(contracts, new_contracts, automatic, percentage)
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
            self.env.cr.execute(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                [f"ir_sequence_{sequence.id:03d}_{date_range.id:03d}", len(group)],
            )
            numbers = sorted(row[0] for row in self.env.cr.fetchall())
            sequence = sequence.with_context(ir_sequence_date_range=date_range.date_from)
            for vals, number in zip(group, numbers, strict=True):
                vals["name"] = sequence.get_next_char(number)

    @api.model
    def _log_renewal(self, contracts, new_contracts, automatic, percentage):
        mode = _("automatic") if automatic else _("manual, to confirm")
        old_bodies, new_bodies = {}, {}
        for old, new in zip(contracts, new_contracts, strict=True):
            old_bodies[old.id] = _(
                "Renewed (%(mode)s) by contract %(new)s, valid %(start)s - %(end)s, "
                "percentage %(percentage)s%%.",
                mode=mode,
                new=new.name,
                start=new.date_start,
                end=new.date_end,
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
        contracts._message_log_batch(bodies=old_bodies)
        new_contracts._message_log_batch(bodies=new_bodies)

    # ------------------------------------------------------------------
    # scheduled renewal
    # ------------------------------------------------------------------
    @api.model
    def _notice_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(NOTICE_DAYS_PARAM, "0")
        try:
            return max(int(value), 0)
        except ValueError:
            return 0

    @api.model
    def _cron_renew(self):
        """Automatic renewal of the contracts flagged for it, ``notice`` days
        before their end date (parameter contract_recurring.renewal_notice_days)."""
        limit = fields.Date.context_today(self) + timedelta(days=self._notice_days())
        contracts = self.env["recurring.contract"].search(
            [
                *self.env["recurring.contract"]._renewable_domain(),
                ("auto_renew", "=", True),
                ("date_end", "<=", limit),
            ],
            order="date_end, id",
        )
        return self._renew_contracts(contracts, automatic=True, copy_notes=True)
