from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RecurringContractCancel(models.TransientModel):
    """Cancellation of a contract (seed §2.E), in one of four modes."""

    _name = "recurring.contract.cancel"
    _description = "Contract Cancellation"

    contract_id = fields.Many2one("recurring.contract", required=True, ondelete="cascade")
    previous_contract_id = fields.Many2one(related="contract_id.previous_contract_id")
    mode = fields.Selection(
        selection=[
            ("none", "No cancellation"),
            ("delete_cancel_previous", "Delete and mark the previous contract cancelled"),
            ("delete_renew_previous", "Delete and mark the previous contract to renew"),
            ("cancel", "Mark the selected contract cancelled"),
        ],
        required=True,
        default="none",
        help="No cancellation: nothing is done.\n"
        "Delete and mark the previous contract cancelled: the selected contract "
        "disappears and the one it renewed becomes cancelled (it should have been "
        "cancelled instead of renewed).\n"
        "Delete and mark the previous contract to renew: the selected contract "
        "disappears and the one it renewed is to renew again (renewed by mistake).\n"
        "Mark the selected contract cancelled: termination notice received; "
        "unbilled installments after the effective date are dropped.",
    )
    effective_date = fields.Date(
        default=fields.Date.context_today,
        help="Cancellation effective date: unbilled installments whose competence "
        "starts after it are dropped, billed ones stay.",
    )
    delete_blocker = fields.Text(compute="_compute_delete_blocker")

    @api.depends("contract_id")
    def _compute_delete_blocker(self):
        for wizard in self:
            wizard.delete_blocker = wizard.contract_id._deletion_blocker() or False

    def action_confirm(self):
        self.ensure_one()
        contract = self.contract_id
        if self.mode == "none":
            return {"type": "ir.actions.act_window_close"}
        if self.mode == "cancel":
            if not self.effective_date:
                raise UserError(
                    _(
                        "Contract %(name)s: give the cancellation effective date.",
                        name=contract.name,
                    )
                )
            contract._cancel(self.effective_date)
            return {"type": "ir.actions.act_window_close"}
        blocker = contract._deletion_blocker()
        if blocker:
            raise UserError(blocker)
        previous = contract.previous_contract_id
        name = contract.name
        mode, effective_date = self.mode, self.effective_date
        contract.unlink()  # this wizard goes with it (cascade)
        if previous and mode == "delete_cancel_previous":
            if previous.state == "renewed":
                previous.state = "active"
            previous._cancel(previous.date_end or effective_date)
        elif previous:
            # back to renewable: offered again by the renewal wizard
            today = fields.Date.context_today(self)
            expired = previous.date_end and previous.date_end < today
            previous.write({"state": "expired" if expired else "active"})
        if previous:
            previous.message_post(
                body=_(
                    "Its renewal %(name)s was deleted; this contract is now %(state)s.",
                    name=name,
                    state=dict(previous._fields["state"]._description_selection(self.env))[
                        previous.state
                    ],
                )
            )
        return self._after_deletion(previous)

    def _after_deletion(self, previous):
        """Leave the deleted record: open the contract it renewed, else the
        list. 'main' replaces the breadcrumbs, which still name the deleted one."""
        action = {
            "type": "ir.actions.act_window",
            "res_model": "recurring.contract",
            "target": "main",
        }
        if previous:
            return {
                **action,
                "res_id": previous.id,
                "view_mode": "form",
                "views": [(False, "form")],
            }
        return {
            **action,
            "name": _("Contracts"),
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
        }
