from odoo import Command, api, fields, models


class RecurringInstallmentRecalculate(models.TransientModel):
    _name = "recurring.installment.recalculate"
    _description = "Recalculate Contract Installments"

    contract_id = fields.Many2one("recurring.contract", required=True, ondelete="cascade")
    line_ids = fields.One2many(
        "recurring.installment.recalculate.line", "wizard_id", string="Changes"
    )
    currency_id = fields.Many2one(related="contract_id.currency_id")

    @api.model
    def default_get(self, fields_list):
        """The changes the contract's engine proposes."""
        values = super().default_get(fields_list)
        contract = self.env["recurring.contract"].browse(values.get("contract_id"))
        if contract and "line_ids" in fields_list:
            values["line_ids"] = [Command.create(vals) for vals in contract._plan_changes()]
        return values

    def action_apply(self):
        self.ensure_one()
        self.contract_id._apply_plan_changes([line._change_values() for line in self.line_ids])
        return {"type": "ir.actions.act_window_close"}
