from odoo import _, api, fields, models

# The customer-invoice document types of l10n_it_edi's mapping (out_invoice),
# and TD24, the deferred invoice of FatturaPA 1.2.2 that contract billing uses.
EDI_DOCUMENT_TYPES = [
    ("TD01", "TD01 - Invoice"),
    ("TD02", "TD02 - Advance or down payment on invoice"),
    ("TD03", "TD03 - Advance or down payment on fee note"),
    ("TD06", "TD06 - Fee note (parcella)"),
    ("TD07", "TD07 - Simplified invoice"),
    ("TD09", "TD09 - Simplified debit note"),
    ("TD24", "TD24 - Deferred invoice"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    recurring_installment_ids = fields.One2many(
        "recurring.contract.installment", "move_id", string="Contract Installments"
    )
    recurring_contract_ids = fields.Many2many(
        "recurring.contract",
        string="Contracts",
        compute="_compute_recurring_contract_ids",
    )
    recurring_contract_count = fields.Integer(compute="_compute_recurring_contract_ids")
    recurring_billing_id = fields.Many2one(
        "recurring.billing",
        string="Billing Run",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The contract billing run that created this invoice.",
    )
    recurring_document_type = fields.Selection(
        selection=EDI_DOCUMENT_TYPES,
        string="E-invoice Document Type",
        copy=False,
        help="Set by the contract billing run; when empty the e-invoice document "
        "type is deduced as usual.",
    )

    @api.depends("line_ids.recurring_contract_id")
    def _compute_recurring_contract_ids(self):
        for move in self:
            move.recurring_contract_ids = move.line_ids.recurring_contract_id
            move.recurring_contract_count = len(move.recurring_contract_ids)

    def _l10n_it_edi_get_document_type(self):
        return self.recurring_document_type or super()._l10n_it_edi_get_document_type()

    def _l10n_it_edi_get_values(self, pdf_values=None):
        """FatturaPA values: with several contracts on one invoice, one
        DatiContratto each (2.1.3), with the numbers of its lines
        (RiferimentoNumeroLinea) and its own CUP/CIG."""
        values = super()._l10n_it_edi_get_values(pdf_values)
        contracts = self.invoice_line_ids.recurring_contract_id
        values["recurring_contracts_data"] = []
        if len(contracts) > 1:
            numbers = {}
            for base_line in values["base_lines"]:
                contract = base_line["record"].recurring_contract_id
                if contract:
                    numbers.setdefault(contract, []).append(base_line["it_values"]["numero_linea"])
            values["recurring_contracts_data"] = [
                {
                    "name": contract.name,
                    "date": contract.date_start,
                    "cup": contract.l10n_it_cup,
                    "cig": contract.l10n_it_cig,
                    "line_numbers": sorted(numbers.get(contract, [])),
                }
                for contract in contracts.sorted("name")
            ]
        return values

    def _free_recurring_installments(self, reason):
        installments = self.recurring_installment_ids
        if not installments:
            return
        for contract in installments.contract_id:
            own = installments.filtered(lambda i, c=contract: i.contract_id == c)
            contract.message_post(
                body=_(
                    "%(count)s installment(s) to bill again: invoice %(invoices)s %(reason)s.",
                    count=len(own),
                    invoices=", ".join(own.move_id.mapped("display_name")),
                    reason=reason,
                )
            )
        installments.move_id = False

    def button_cancel(self):
        res = super().button_cancel()
        self.filtered(lambda m: m.state == "cancel")._free_recurring_installments(_("cancelled"))
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_free_recurring_installments(self):
        self._free_recurring_installments(_("deleted"))

    def action_view_recurring_contracts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Contracts"),
            "res_model": "recurring.contract",
            "view_mode": "list,form",
            "domain": [("id", "in", self.recurring_contract_ids.ids)],
        }
