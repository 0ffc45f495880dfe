from odoo import _, models
from odoo.exceptions import UserError


class RecurringContractRenewal(models.TransientModel):
    _inherit = "recurring.contract.renewal"

    def action_renewal_quotation(self):
        """Phase 3: a renewal quotation per selected contract instead of a
        direct renewal; confirming a quotation renews its contract."""
        self.ensure_one()
        contracts = self.line_ids.filtered("selected").contract_id
        if not contracts:
            raise UserError(_("Select at least one contract to renew."))
        orders = contracts._create_renewal_quotations(percentage=self.percentage)
        action = {
            "type": "ir.actions.act_window",
            "name": _("Renewal Quotations"),
            "res_model": "sale.order",
            "view_mode": "list,form",
            "domain": [("id", "in", orders.ids)],
            "context": {"create": False},
        }
        if len(orders) == 1:
            action.update({"view_mode": "form", "res_id": orders.id})
        return action
