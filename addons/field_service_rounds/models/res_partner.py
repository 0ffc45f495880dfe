from odoo import api, fields, models
from odoo.osv import expression


class ResPartner(models.Model):
    _inherit = "res.partner"

    field_importance = fields.Selection(
        selection=[("0", "Normal"), ("1", "Important"), ("2", "Very important"), ("3", "Key")],
        string="Customer Importance",
        default="0",
        help="Weighs in the planning score of the customer's interventions.",
    )
    # The site card ('impianto', 'stabilimento'): the customer's address where
    # the contracts, machines and interventions are.
    site_equipment_ids = fields.One2many(
        "maintenance.equipment",
        "site_id",
        string="Plant Composition",
        help="The machines at this site ('Composizione impianto').",
    )
    site_contract_ids = fields.Many2many(
        "recurring.contract", string="Site Contracts", compute="_compute_site_card"
    )
    site_intervention_ids = fields.Many2many(
        "field.intervention", string="Site Interventions", compute="_compute_site_card"
    )
    site_contract_count = fields.Integer(compute="_compute_site_card")
    site_equipment_count = fields.Integer(compute="_compute_site_card")
    site_intervention_count = fields.Integer(compute="_compute_site_card")

    def _site_contract_domain(self):
        """Contracts of these sites: the site's own, the ones linking it, and
        those of the customer's own address when they name no site."""
        return expression.OR(
            [
                [("site_id", "in", self.ids)],
                [("site_ids", "in", self.ids)],
                [("partner_id", "in", self.ids), ("site_id", "=", False)],
            ]
        )

    def _site_intervention_domain(self):
        return expression.OR(
            [
                [("site_id", "in", self.ids)],
                [("partner_id", "in", self.ids), ("site_id", "=", False)],
            ]
        )

    @api.depends("site_equipment_ids")
    def _compute_site_card(self):
        partners = self.filtered("id")
        contracts = self.env["recurring.contract"].search(partners._site_contract_domain())
        interventions = self.env["field.intervention"].search(partners._site_intervention_domain())
        for partner in self:
            mine = contracts.filtered(
                lambda c, p=partner: (
                    c.site_id == p or p in c.site_ids or (c.partner_id == p and not c.site_id)
                )
            )
            visits = interventions.filtered(
                lambda i, p=partner: i.site_id == p or (i.partner_id == p and not i.site_id)
            )
            partner.site_contract_ids = mine
            partner.site_intervention_ids = visits
            partner.site_contract_count = len(mine)
            partner.site_equipment_count = len(partner.site_equipment_ids)
            partner.site_intervention_count = len(visits)

    def action_open_site_card(self):
        """The site card: contracts, machines, interventions (and what other
        addons add to it, e.g. tickets or monitoring points)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Site %(site)s", site=self.display_name),
            "res_model": "res.partner",
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (self.env.ref("field_service_rounds.res_partner_view_form_site_card").id, "form")
            ],
            "target": "current",
        }

    def action_site_contracts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Contracts of %(site)s", site=self.display_name),
            "res_model": "recurring.contract",
            "view_mode": "list,form",
            "domain": [("id", "in", self.site_contract_ids.ids)],
        }

    def action_site_equipment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_service_rounds.maintenance_equipment_action_contract"
        )
        action["domain"] = [("site_id", "=", self.id)]
        action["context"] = {"default_site_id": self.id}
        action["name"] = self.env._("Machines of %(site)s", site=self.display_name)
        return action

    def action_site_interventions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_service_rounds.field_intervention_action"
        )
        action["domain"] = [("id", "in", self.site_intervention_ids.ids)]
        action["context"] = {
            "default_partner_id": self.commercial_partner_id.id,
            "default_site_id": self.id,
        }
        return action
