from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import seda


class SepaMandateEvent(models.Model):
    _name = "sepa.mandate.event"
    _description = "SEPA Mandate Alignment Event"
    _order = "date desc, id desc"
    _check_company_auto = True

    mandate_id = fields.Many2one(
        "sepa.mandate", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="mandate_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="mandate_id.partner_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    event_type = fields.Selection(
        selection=[
            ("requested", "Alignment requested"),
            ("confirmed", "Confirmed by the debtor's bank"),
            ("amended", "Amended"),
            ("revoked", "Revoked by the debtor's bank"),
        ],
        string="Event",
        required=True,
    )
    seda_code = fields.Char(
        string="SEDA Flow",
        compute="_compute_seda_code",
        help="The SEDA creditor-side flow of the event: NWC (new mandate sent "
        "for alignment), REC (response of the debtor's bank), MDC "
        "(modification), DLC (cancellation).",
    )
    seda_mandate_type = fields.Char(
        string="SEDA Mandate Type",
        help="Mandate type the alignment file gave (CORSEDEM, CORSEDPM, B2BSEDEM, "
        "B2BSEDPM); applying the event sets the mandate's form from it.",
    )
    new_reference = fields.Char()
    new_iban = fields.Char(string="New IBAN")
    note = fields.Char()
    source = fields.Selection(
        selection=[("manual", "Manual"), ("import", "Alignment file")],
        default="manual",
        required=True,
    )
    import_id = fields.Many2one("sepa.file.import", string="Imported From", ondelete="set null")
    applied = fields.Boolean(readonly=True, copy=False)

    @api.depends("event_type")
    def _compute_seda_code(self):
        for event in self:
            event.seda_code = seda.CODES.get(event.event_type, "")

    def action_apply(self):
        """Apply the events to their mandates, oldest first."""
        for event in self.filtered(lambda e: not e.applied).sorted(lambda e: (e.date, e.id)):
            mandate = event.mandate_id
            if event.seda_mandate_type:
                _scheme, form = seda.split_mandate_type(event.seda_mandate_type)
                if mandate.seda_form != form:
                    mandate.seda_form = form
            if event.event_type == "confirmed":
                if mandate.state in ("draft", "suspended", "to_align"):
                    mandate.action_validate()
            elif event.event_type == "revoked":
                mandate.action_revoke()
            elif event.event_type == "amended":
                event._apply_amendment()
            event.applied = True
            mandate.message_post(
                body=self.env._(
                    "Alignment event applied: %(event)s %(note)s",
                    event=dict(event._fields["event_type"]._description_selection(self.env))[
                        event.event_type
                    ],
                    note=event.note or "",
                )
            )

    def _apply_amendment(self):
        self.ensure_one()
        mandate = self.mandate_id
        values = {}
        if self.new_reference and self.new_reference != mandate.name:
            values["name"] = self.new_reference
        if self.new_iban:
            bank = mandate._sepa_bank_for_iban(self.new_iban)
            if bank != mandate.partner_bank_id:
                values["partner_bank_id"] = bank.id
        if not values:
            raise UserError(
                self.env._("Amendment of mandate %(ref)s changes nothing.", ref=mandate.name)
            )
        mandate.with_context(sepa_amendment_from_event=True).write(values)
