from odoo import Command, _, fields, models
from odoo.exceptions import UserError

from ..tools import schedule


class RecurringInstallmentRecalculate(models.TransientModel):
    _name = "recurring.installment.recalculate"
    _description = "Recalculate Contract Installments"

    contract_id = fields.Many2one("recurring.contract", required=True, ondelete="cascade")
    line_ids = fields.One2many(
        "recurring.installment.recalculate.line", "wizard_id", string="Changes"
    )
    currency_id = fields.Many2one(related="contract_id.currency_id")

    def _propose(self):
        """Compare the new plan with the current one; billed lines stay."""
        self.ensure_one()
        contract = self.contract_id
        proposed = contract._proposed_installments()
        line_by_sequence = {inst.sequence: line for inst, line in proposed}
        current = contract.installment_ids
        by_sequence = {i.sequence: i for i in current}
        existing = [
            (
                i.sequence,
                i.competence_start,
                i.competence_end,
                contract._cents(i.amount),
                bool(i.move_id),
            )
            for i in current
        ]
        # mixed plans number installments per line: renumber uniquely first
        planned = [inst for inst, _line in proposed]
        changes = schedule.recalculate(existing, planned)
        self.line_ids = [
            Command.create(self._change_values(change, by_sequence, line_by_sequence))
            for change in changes
        ]

    def _change_values(self, change, by_sequence, line_by_sequence):
        old = by_sequence.get(change.old_sequence) if change.old_sequence else None
        new = change.new
        values = {
            "action": change.action,
            "installment_id": old.id if old else False,
        }
        if new:
            values.update(
                {
                    "new_invoice_date": new.invoice_date,
                    "new_competence_start": new.competence_start,
                    "new_competence_end": new.competence_end,
                    "new_amount": self.contract_id._amount(new.amount_cents),
                    "new_sequence": new.sequence,
                    "new_line_id": line_by_sequence.get(
                        new.sequence, self.env["recurring.contract.line"]
                    ).id,
                }
            )
        return values

    def action_apply(self):
        self.ensure_one()
        contract = self.contract_id
        if (
            self.line_ids.installment_id.filtered("move_id")
            & self.line_ids.filtered(
                lambda line: line.action in ("replace", "remove")
            ).installment_id
        ):
            raise UserError(_("Billed installments are never changed."))
        to_remove = self.line_ids.filtered(lambda line: line.action in ("replace", "remove"))
        notes = {line.new_competence_start: line.installment_id.note for line in to_remove}
        to_remove.installment_id.unlink()
        to_create = self.line_ids.filtered(lambda line: line.action in ("replace", "add"))
        self.env["recurring.contract.installment"].create(
            [
                {
                    "contract_id": contract.id,
                    "line_id": line.new_line_id.id,
                    "sequence": line.new_sequence,
                    "invoice_date": line.new_invoice_date,
                    "competence_start": line.new_competence_start,
                    "competence_end": line.new_competence_end,
                    "amount": line.new_amount,
                    "note": notes.get(line.new_competence_start) or False,
                }
                for line in to_create
            ]
        )
        if to_remove or to_create:
            contract.message_post(
                body=_(
                    "Installment plan recalculated: %(removed)s removed or replaced, "
                    "%(created)s created.",
                    removed=len(to_remove),
                    created=len(to_create),
                )
            )
        return {"type": "ir.actions.act_window_close"}
