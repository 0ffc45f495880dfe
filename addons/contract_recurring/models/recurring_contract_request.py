from odoo import _, api, fields, models
from odoo.exceptions import UserError

REQUEST_TYPES = [
    ("renewal", "Renewal"),
    ("cancellation", "Cancellation"),
    ("invoice_recipient", "Change of Invoice Recipient"),
]


class RecurringContractRequest(models.Model):
    """A customer's request about a contract, sent from the portal.

    The portal changes no contract: the request schedules an activity for
    the contract's responsible person, who acts in the back office and marks
    the request done or refused.
    """

    _name = "recurring.contract.request"
    _description = "Contract Customer Request"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "recurring.contract",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    commercial_partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Requested By", required=True, ondelete="restrict"
    )
    request_type = fields.Selection(REQUEST_TYPES, required=True)
    note = fields.Text(string="Message")
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Done"), ("refused", "Refused")],
        required=True,
        default="pending",
        readonly=True,
        index=True,
    )
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")

    @api.depends("contract_id.name", "request_type")
    def _compute_display_name(self):
        labels = dict(self._fields["request_type"]._description_selection(self.env))
        for request in self:
            request.display_name = _(
                "%(type)s - %(contract)s",
                type=labels.get(request.request_type, ""),
                contract=request.contract_id.name or "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        activities = self._schedule_activities(vals_list)
        for vals, activity in zip(vals_list, activities, strict=True):
            vals["activity_id"] = activity.id
        return super().create(vals_list)

    @api.model
    def _schedule_activities(self, vals_list):
        """One to-do per request on its contract, for the contract's responsible person."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get_id("recurring.contract")
        labels = dict(self._fields["request_type"]._description_selection(self.env))
        contracts = self.env["recurring.contract"].browse({v["contract_id"] for v in vals_list})
        contracts.fetch(["user_id"])
        partners = self.env["res.partner"].browse({v["partner_id"] for v in vals_list})
        partners.fetch(["display_name"])
        today = fields.Date.context_today(self)
        return self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model,
                    "res_id": vals["contract_id"],
                    "activity_type_id": todo.id,
                    "user_id": (contracts.browse(vals["contract_id"]).user_id or self.env.user).id,
                    "date_deadline": today,
                    "summary": _("Customer request: %(type)s", type=labels[vals["request_type"]]),
                    "note": _(
                        "%(partner)s asks from the portal: %(message)s",
                        partner=partners.browse(vals["partner_id"]).display_name,
                        message=vals.get("note") or labels[vals["request_type"]],
                    ),
                }
                for vals in vals_list
            ]
        )

    def _close(self, state, feedback):
        if self.filtered(lambda r: r.state != "pending"):
            raise UserError(_("Only pending requests can be closed."))
        self.write({"state": state})
        self.activity_id.action_feedback(feedback=feedback)
        return True

    def action_done(self):
        return self._close("done", _("Request handled."))

    def action_refuse(self):
        return self._close("refused", _("Request refused."))
