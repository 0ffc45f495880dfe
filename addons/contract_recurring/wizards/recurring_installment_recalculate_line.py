from odoo import fields, models


class RecurringInstallmentRecalculateLine(models.TransientModel):
    _name = "recurring.installment.recalculate.line"
    _description = "Recalculate Contract Installments: Change"
    _order = "new_competence_start, id"

    wizard_id = fields.Many2one(
        "recurring.installment.recalculate", required=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    action = fields.Selection(
        selection=[
            ("keep", "Keep (billed)"),
            ("replace", "Replace"),
            ("add", "Add"),
            ("remove", "Remove"),
        ],
        required=True,
        readonly=True,
    )
    installment_id = fields.Many2one(
        "recurring.contract.installment", string="Current Installment", readonly=True
    )
    old_competence_start = fields.Date(related="installment_id.competence_start")
    old_competence_end = fields.Date(related="installment_id.competence_end")
    old_amount = fields.Monetary(related="installment_id.amount")
    new_sequence = fields.Integer(readonly=True)
    new_line_id = fields.Many2one("recurring.contract.line", readonly=True)
    new_invoice_date = fields.Date(readonly=True)
    new_competence_start = fields.Date(readonly=True)
    new_competence_end = fields.Date(readonly=True)
    new_amount = fields.Monetary(readonly=True)

    def _change_values(self):
        """This change as the contract's engine takes it."""
        self.ensure_one()
        return {
            "action": self.action,
            "installment_id": self.installment_id.id,
            "new_invoice_date": self.new_invoice_date,
            "new_competence_start": self.new_competence_start,
            "new_competence_end": self.new_competence_end,
            "new_amount": self.new_amount,
            "new_sequence": self.new_sequence,
            "new_line_id": self.new_line_id.id,
        }
