from odoo import fields, models


class FieldInterventionInvoice(models.TransientModel):
    """Bill 'to invoice' interventions: one customer invoice per customer."""

    _name = "field.intervention.invoice"
    _description = "Invoice Interventions"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    invoice_date = fields.Date(required=True, default=fields.Date.context_today)
    journal_id = fields.Many2one(
        "account.journal",
        required=True,
        domain="[('type', '=', 'sale'), ('company_id', '=', company_id)]",
        default=lambda self: self.env["recurring.billing"]._sale_journal(self.env.company),
    )
    intervention_ids = fields.Many2many(
        "field.intervention",
        string="Interventions",
        default=lambda self: self._default_interventions(),
    )

    def _default_interventions(self):
        active_ids = self.env.context.get("active_ids")
        domain = [("state", "=", "to_invoice"), ("company_id", "=", self.env.company.id)]
        if self.env.context.get("active_model") == "field.intervention" and active_ids:
            domain.append(("id", "in", active_ids))
        return self.env["field.intervention"].search(domain)

    def action_confirm(self):
        self.ensure_one()
        moves = self.intervention_ids._create_invoices(self.invoice_date, self.journal_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", moves.ids)],
            "name": self.env._("Intervention Invoices"),
        }
