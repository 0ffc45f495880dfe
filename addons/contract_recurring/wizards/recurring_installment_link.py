from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RecurringInstallmentLink(models.TransientModel):
    _name = "recurring.installment.link"
    _description = "Link an Installment to an Invoice Issued Elsewhere"

    installment_id = fields.Many2one(
        "recurring.contract.installment", required=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="installment_id.contract_id.commercial_partner_id")
    company_id = fields.Many2one(related="installment_id.company_id")
    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '!=', 'cancel'),"
        " ('commercial_partner_id', '=', partner_id), ('company_id', '=', company_id)]",
    )

    @api.constrains("move_id", "installment_id")
    def _check_move(self):
        for wizard in self:
            move = wizard.move_id
            if (
                move.commercial_partner_id != wizard.partner_id
                or move.company_id != wizard.company_id
                or move.state == "cancel"
                or move.move_type != "out_invoice"
            ):
                raise UserError(
                    _("Choose a customer invoice of the contract's customer and company.")
                )

    def action_link(self):
        self.ensure_one()
        installment = self.installment_id
        if installment.move_id:
            raise UserError(_("This installment is already billed."))
        installment.move_id = self.move_id
        installment.contract_id.message_post(
            body=_(
                "Installment %(installment)s linked to invoice %(invoice)s.",
                installment=installment.display_name,
                invoice=self.move_id.display_name,
            )
        )
        return {"type": "ir.actions.act_window_close"}
