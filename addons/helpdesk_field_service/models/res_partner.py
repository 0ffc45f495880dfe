from odoo import api, fields, models
from odoo.osv import expression


class ResPartner(models.Model):
    _inherit = "res.partner"

    site_ticket_ids = fields.Many2many(
        "helpdesk.ticket", string="Site Tickets", compute="_compute_site_tickets"
    )
    site_ticket_count = fields.Integer(compute="_compute_site_tickets")

    @api.depends("site_equipment_ids")
    def _compute_site_tickets(self):
        """Tickets of a site: those of its contracts and those opened by the
        site's own address."""
        partners = self.filtered("id")
        contracts = self.env["recurring.contract"].search(partners._site_contract_domain())
        tickets = self.env["helpdesk.ticket"].search(
            expression.OR(
                [[("contract_id", "in", contracts.ids)], [("partner_id", "in", partners.ids)]]
            )
        )
        for partner in self:
            mine = contracts.filtered(
                lambda c, p=partner: (
                    c.site_id == p or p in c.site_ids or (c.partner_id == p and not c.site_id)
                )
            )
            found = tickets.filtered(
                lambda t, p=partner, mine=mine: t.contract_id in mine or t.partner_id == p
            )
            partner.site_ticket_ids = found
            partner.site_ticket_count = len(found)

    def action_site_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt.helpdesk_ticket_action"
        )
        action["domain"] = [("id", "in", self.site_ticket_ids.ids)]
        action["context"] = {"default_partner_id": self.id}
        return action
