from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RecurringContractMove(models.TransientModel):
    """Move a contract to another site (seed §2.F)."""

    _name = "recurring.contract.move"
    _description = "Move Contract to Another Site"

    contract_id = fields.Many2one("recurring.contract", required=True, ondelete="cascade")
    commercial_partner_id = fields.Many2one(related="contract_id.commercial_partner_id")
    current_site_id = fields.Many2one(related="contract_id.site_id", string="Current Site")
    other_customer = fields.Boolean(
        string="Site of Another Customer",
        help="Managers only: move the contract to a site of another customer; the "
        "contract's customer changes with it.",
    )
    is_manager = fields.Boolean(compute="_compute_is_manager")
    site_id = fields.Many2one(
        "res.partner",
        string="New Site",
        required=True,
        domain="[('id', '!=', current_site_id), ('parent_id', '!=', False)]"
        " if other_customer else "
        "[('id', '!=', current_site_id), ('commercial_partner_id', '=', "
        "commercial_partner_id)]",
    )
    reason = fields.Char()

    def _compute_is_manager(self):
        is_manager = self.env.user.has_group("contract_recurring.group_contract_manager")
        for wizard in self:
            wizard.is_manager = is_manager

    @api.onchange("other_customer")
    def _onchange_other_customer(self):
        self.site_id = False

    def action_move(self):
        self.ensure_one()
        contract = self.contract_id
        site = self.site_id
        old_site = contract.site_id
        if site == old_site:
            raise UserError(
                _(
                    "Contract %(name)s is already on site %(site)s.",
                    name=contract.name,
                    site=site.display_name,
                )
            )
        values = {"site_id": site.id, "site_ids": [(3, site.id)]}
        new_customer = site.commercial_partner_id
        if new_customer != contract.commercial_partner_id:
            if not self.env.user.has_group("contract_recurring.group_contract_manager"):
                raise UserError(
                    _(
                        "Contract %(name)s: only a contract manager can move it to "
                        "%(site)s, a site of another customer (%(customer)s).",
                        name=contract.name,
                        site=site.display_name,
                        customer=new_customer.display_name,
                    )
                )
            values.update(
                {
                    "partner_id": new_customer.id,
                    "site_ids": [(5,)],
                }
            )
            if contract.invoice_partner_id == contract.partner_id:
                values["invoice_partner_id"] = new_customer.id
        contract.write(values)
        contract.message_post(
            body=_(
                "Moved from site %(old)s to site %(new)s%(customer)s. %(reason)s",
                old=old_site.display_name or _("(none)"),
                new=site.display_name,
                customer=_(" of customer %s", new_customer.display_name)
                if "partner_id" in values
                else "",
                reason=self.reason or "",
            )
        )
        return {"type": "ir.actions.act_window_close"}
