from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..tools import renewal
from ..tools.errors import DomainError


class RecurringContractSplit(models.TransientModel):
    """Link a contract to more sites, or split it proportionally into one
    contract per site (seed §2.G)."""

    _name = "recurring.contract.split"
    _description = "Link or Split a Contract over Sites"

    contract_id = fields.Many2one("recurring.contract", required=True, ondelete="cascade")
    commercial_partner_id = fields.Many2one(related="contract_id.commercial_partner_id")
    currency_id = fields.Many2one(related="contract_id.currency_id")
    amount_total = fields.Monetary(related="contract_id.amount_total")
    mode = fields.Selection(
        selection=[
            ("link", "Link the contract to other sites"),
            ("split", "Split the contract proportionally, one contract per site"),
        ],
        required=True,
        default="link",
    )
    site_ids = fields.Many2many(
        "res.partner",
        string="Sites to Link",
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    line_ids = fields.One2many(
        "recurring.contract.split.line", "wizard_id", string="Shares per Site"
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        contract = self.env["recurring.contract"].browse(values.get("contract_id"))
        if contract:
            if "site_ids" in fields_list:
                values["site_ids"] = [Command.set(contract.site_ids.ids)]
            if "line_ids" in fields_list:
                values["line_ids"] = [
                    Command.create({"site_id": site.id, "weight": 1.0, "sequence": index})
                    for index, site in enumerate(contract.site_id | contract.site_ids)
                ]
        return values

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "link":
            return self._link()
        return self._split()

    def _link(self):
        contract = self.contract_id
        added = self.site_ids - contract.site_ids - contract.site_id
        removed = contract.site_ids - self.site_ids
        contract.site_ids = self.site_ids - contract.site_id
        if added or removed:
            contract.message_post(
                body=_(
                    "Linked sites: added %(added)s; removed %(removed)s.",
                    added=", ".join(added.mapped("display_name")) or "-",
                    removed=", ".join(removed.mapped("display_name")) or "-",
                )
            )
        return {"type": "ir.actions.act_window_close"}

    def _split(self):
        contract = self.contract_id
        lines = self.line_ids
        if len(lines) < 2:
            raise UserError(
                _(
                    "Contract %(name)s: give at least two sites to split it over.",
                    name=contract.name,
                )
            )
        if len(lines.site_id) != len(lines):
            raise UserError(_("Each site can appear only once in a split."))
        if contract.state not in ("draft", "active", "suspended"):
            raise UserError(
                _(
                    "Contract %(name)s: only draft, active or suspended contracts can be split.",
                    name=contract.name,
                )
            )
        weights = [contract._cents(line.weight) for line in lines]
        contract_lines = contract.line_ids
        unbilled = contract.installment_ids.filtered(lambda i: not i.move_id)
        try:
            line_shares = renewal.split_amounts(
                [contract._cents(line.price_subtotal) for line in contract_lines], weights
            )
            installment_shares = renewal.split_amounts(
                [contract._cents(inst.amount) for inst in unbilled], weights
            )
        except DomainError as error:
            raise contract._domain_error(error) from error
        if not any(weights):
            raise UserError(_("Give a positive share to at least one site."))

        def line_commands(shares):
            # one unit priced at the share keeps the split exact to the cent
            return [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "name": line.name,
                        "sequence": line.sequence,
                        "cycle": line.cycle,
                        "quantity": 1.0,
                        "price_unit": contract._amount(share),
                    }
                )
                for line, share in zip(contract_lines, shares, strict=True)
            ]

        # the other sites get new contracts, copies with their share
        vals_list = []
        for split_line, values, shares in zip(
            lines[1:], contract.copy_data() * (len(lines) - 1), line_shares[1:], strict=True
        ):
            values = dict(values)
            values.update(
                {
                    "site_id": split_line.site_id.id,
                    "site_ids": [Command.clear()],
                    "line_ids": line_commands(shares),
                    "invoice_partner_id": contract.invoice_partner_id.id,
                    "payment_term_id": contract.payment_term_id.id,
                    "billing_date_start": contract.billing_date_start,
                    "interval_months": contract.interval_months,
                    "invoices_per_period": contract.invoices_per_period,
                    "call_fee_amount": contract.call_fee_amount,
                    "call_fee_hours": contract.call_fee_hours,
                }
            )
            vals_list.append(values)
        new_contracts = self.env["recurring.contract"].create(vals_list)
        # old lines and unbilled installments go; billed ones stay on the original
        # (lines are rewritten in place: installments of mixed plans point to them)
        for line, share in zip(contract_lines, line_shares[0], strict=True):
            line.write({"quantity": 1.0, "price_unit": contract._amount(share)})
        parts = contract | new_contracts
        installment_values = []
        for index, part in enumerate(parts):
            part_lines = dict(zip(contract_lines.ids, part.line_ids, strict=True))
            for inst, amount in zip(unbilled, installment_shares[index], strict=True):
                installment_values.append(
                    {
                        "contract_id": part.id,
                        "line_id": part_lines.get(inst.line_id.id, part.line_ids[:0]).id,
                        "sequence": inst.sequence,
                        "invoice_date": inst.invoice_date,
                        "competence_start": inst.competence_start,
                        "competence_end": inst.competence_end,
                        "amount": contract._amount(amount),
                        "note": inst.note,
                        "excluded": inst.excluded,
                    }
                )
        unbilled.unlink()
        self.env["recurring.contract.installment"].create(installment_values)
        new_contracts.write({"state": contract.state})
        contract.write({"site_id": lines[0].site_id.id, "site_ids": [Command.clear()]})
        contract.message_post(
            body=_(
                "Split over %(count)s sites: this contract keeps site %(site)s, new "
                "contracts %(names)s.",
                count=len(lines),
                site=lines[0].site_id.display_name,
                names=", ".join(new_contracts.mapped("name")),
            )
        )
        for new in new_contracts:
            new.message_post(
                body=_("Created by splitting contract %(name)s over its sites.", name=contract.name)
            )
        return {
            "type": "ir.actions.act_window",
            "name": _("Split Contracts"),
            "res_model": "recurring.contract",
            "view_mode": "list,form",
            "domain": [("id", "in", parts.ids)],
        }
