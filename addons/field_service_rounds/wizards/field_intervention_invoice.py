from odoo import Command, fields, models
from odoo.exceptions import UserError


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
        default=lambda self: self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.env.company.id)], limit=1
        ),
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

    def _invoice_partner(self, intervention):
        return (
            intervention.contract_id.invoice_partner_id
            or intervention.partner_id.commercial_partner_id
        )

    def action_confirm(self):
        self.ensure_one()
        interventions = self.intervention_ids
        wrong = interventions.filtered(lambda i: i.state != "to_invoice")
        if wrong or not interventions:
            raise UserError(
                self.env._(
                    "Only interventions to invoice can be billed (%(names)s).",
                    names=", ".join(wrong.mapped("name")) or "-",
                )
            )
        groups = {}
        for intervention in interventions:
            groups.setdefault(self._invoice_partner(intervention), []).append(intervention)
        move_values, batches = [], []
        for partner, items in groups.items():
            lines, billed = [], []
            for intervention in items:
                lines.append(
                    Command.create(
                        {"display_type": "line_section", "name": self._section(intervention)}
                    )
                )
                for line in intervention.line_ids.filtered(
                    lambda item: item.billable and not item.invoice_line_id
                ):
                    lines.append(
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "name": line.name,
                                "quantity": line.quantity,
                                "price_unit": line.price_unit,
                                "recurring_contract_id": intervention.contract_id.id,
                            }
                        )
                    )
                    billed.append(line)
            move_values.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": self.invoice_date,
                    "journal_id": self.journal_id.id,
                    "company_id": self.company_id.id,
                    "invoice_origin": ", ".join(i.name for i in items),
                    "invoice_line_ids": lines,
                }
            )
            batches.append((items, billed))
        moves = self.env["account.move"].create(move_values)
        for move, (items, billed) in zip(moves, batches, strict=True):
            product_lines = move.invoice_line_ids.filtered(lambda ml: ml.display_type == "product")
            for line, move_line in zip(billed, product_lines, strict=True):
                line.invoice_line_id = move_line
            for intervention in items:
                intervention.write({"state": "done", "invoice_id": move.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", moves.ids)],
            "name": self.env._("Intervention Invoices"),
        }

    def _section(self, intervention):
        day = intervention.date_done or intervention.planned_start
        return self.env._(
            "Intervention %(name)s of %(date)s",
            name=intervention.name,
            date=fields.Date.to_string(day.date()) if day else "",
        )
