from odoo import _, models
from odoo.exceptions import UserError


class RecurringContractRenewal(models.TransientModel):
    _inherit = "recurring.contract.renewal"

    def _action_renew(self, automatic):
        self.ensure_one()
        contracts = self.line_ids.filtered("selected").contract_id
        if not contracts:
            raise UserError(_("Select at least one contract to renew."))
        jobs = contracts._renew_in_jobs(
            automatic=automatic,
            percentage=self.percentage,
            copy_notes=self.copy_notes,
            send_mail=self.send_mail,
        )
        if not jobs:
            return super()._action_renew(automatic)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Renewal in background"),
                "message": _(
                    "%(count)s contracts are renewed in background by %(jobs)s jobs.",
                    count=len(contracts),
                    jobs=jobs,
                ),
                "type": "info",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
