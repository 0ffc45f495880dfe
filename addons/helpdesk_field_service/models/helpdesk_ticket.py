from odoo import fields, models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    intervention_ids = fields.One2many("field.intervention", "ticket_id", string="Interventions")
    intervention_count = fields.Integer(compute="_compute_intervention_count")

    def _compute_intervention_count(self):
        counts = dict(
            self.env["field.intervention"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.intervention_count = counts.get(ticket, 0)

    def _intervention_values(self):
        self.ensure_one()
        if not self.partner_id:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s has no customer: set one before creating an intervention.",
                    ticket=self.display_name,
                )
            )
        return {
            "origin": "ticket",
            "ticket_id": self.id,
            "call_id": self.call_id.id,
            "company_id": self.company_id.id,
            "contract_id": self.contract_id.id,
            "partner_id": self.partner_id.commercial_partner_id.id,
            "description": self.env._(
                "%(ticket)s\n%(text)s",
                ticket=self.display_name,
                text=self.name,
            ),
            "priority": "2" if self.priority in ("2", "3") else "0",
            "expected_date": fields.Date.context_today(self),
        }

    def action_create_intervention(self):
        self.ensure_one()
        intervention = self.env["field.intervention"].create(self._intervention_values())
        self.message_post(
            body=self.env._("Intervention %(name)s created.", name=intervention.name),
            subtype_xmlid="mail.mt_note",
        )
        return intervention.get_formview_action()

    def action_view_interventions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_service_rounds.field_intervention_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {}
        return action
