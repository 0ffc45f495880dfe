from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


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

    @api.model
    def default_get(self, fields_list):
        """Single renewal (the contract's 'Renew' button): the wizard opens at
        phase 2 with the given contracts listed and selected."""
        values = super().default_get(fields_list)
        contract_ids = self.env.context.get("renewal_contract_ids")
        if contract_ids:
            contracts = self.env["recurring.contract"].browse(contract_ids)
            values.update(
                {
                    "company_id": contracts[:1].company_id.id,
                    "contract_ids": [Command.set(contracts.ids)],
                    "include_manual": True,
                    "step": "cancel",
                    "line_ids": [
                        Command.create({"contract_id": contract.id, "selected": True})
                        for contract in contracts.filtered_domain(contracts._renewable_domain())
                    ],
                }
            )
        return values

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
        new_contracts = contracts._renew(
            automatic=automatic,
            percentage=self.percentage,
            copy_notes=self.copy_notes,
            send_mail=self.send_mail,
        )
        self.renewed_contract_ids = new_contracts
        # the list, or the form of the only one; the domain is kept either way
        return new_contracts._get_records_action(
            name=_("Renewed Contracts"),
            domain=[("id", "in", new_contracts.ids)],
            context={"create": False},
        )
