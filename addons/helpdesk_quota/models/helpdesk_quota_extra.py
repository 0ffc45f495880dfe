from odoo import api, fields, models


class HelpdeskQuotaExtra(models.Model):
    """A request over the quota, to bill with the contract's next billing run."""

    _name = "helpdesk.quota.extra"
    _description = "Billable Extra Request"
    _order = "date desc, id desc"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "recurring.contract", required=True, ondelete="restrict", index=True
    )
    ticket_id = fields.Many2one("helpdesk.ticket", ondelete="set null", index=True)
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id", store=True, string="Customer"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    name = fields.Char(string="Description", required=True)
    product_id = fields.Many2one("product.product")
    amount = fields.Monetary(required=True)
    move_line_ids = fields.One2many(
        "account.move.line", "helpdesk_quota_extra_id", string="Invoice Lines"
    )
    move_id = fields.Many2one(
        "account.move", string="Invoice", compute="_compute_state", store=True
    )
    state = fields.Selection(
        [("to_bill", "To bill"), ("billed", "Billed")],
        compute="_compute_state",
        store=True,
        index=True,
    )

    @api.depends("move_line_ids.move_id")
    def _compute_state(self):
        for extra in self:
            extra.move_id = extra.move_line_ids.move_id[:1]
            extra.state = "billed" if extra.move_line_ids else "to_bill"

    def _invoice_line_values(self, fiscal_position):
        """One invoice line (values of the invoice builder) per extra."""
        builder = self.env["recurring.invoice.builder"]
        return [
            builder._line_values(
                extra.contract_id,
                fiscal_position,
                product=extra.product_id or extra.contract_id.type_id.helpdesk_extra_product_id,
                name=extra.name,
                price_unit=extra.amount,
                start=extra.date,
                end=extra.date,
                helpdesk_quota_extra_id=extra.id,
            )
            for extra in self
        ]
