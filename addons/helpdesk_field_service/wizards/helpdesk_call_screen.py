from odoo import Command, api, fields, models


class HelpdeskCallScreen(models.TransientModel):
    _inherit = "helpdesk.call.screen"

    intervention_ids = fields.Many2many(
        "field.intervention",
        string="Open Interventions",
        compute="_compute_intervention_ids",
    )

    @api.depends("partner_id")
    def _compute_intervention_ids(self):
        entities = self.partner_id.commercial_partner_id
        interventions = self.env["field.intervention"].search(
            [("commercial_partner_id", "in", entities.ids), ("state", "in", ("to_plan", "planned"))]
        )
        for screen in self:
            entity = screen.partner_id.commercial_partner_id
            mine = interventions.filtered(lambda i, e=entity: i.commercial_partner_id == e)
            screen.intervention_ids = [Command.set(mine.ids)]

    def action_create_intervention(self):
        call = self._log_call()
        contracts = self.contract_ids
        intervention = self.env["field.intervention"].create(
            {
                "origin": "call",
                "call_id": call.id,
                "company_id": self.company_id.id,
                "contract_id": contracts.id if len(contracts) == 1 else False,
                "partner_id": self.partner_id.commercial_partner_id.id,
                "description": self.reason or False,
                "expected_date": fields.Date.context_today(self),
            }
        )
        return intervention.get_formview_action()
