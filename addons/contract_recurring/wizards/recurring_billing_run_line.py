from odoo import api, fields, models


class RecurringBillingRunLine(models.TransientModel):
    _name = "recurring.billing.run.line"
    _description = "Contract Billing Run: Invoice to Create"
    _order = "partner_id, id"

    run_id = fields.Many2one("recurring.billing.run", required=True, ondelete="cascade")
    selected = fields.Boolean(default=True)
    partner_id = fields.Many2one("res.partner", string="Recipient", readonly=True)
    # The ids are kept as plain data, not as a relation: a preview must not
    # take foreign-key locks on installments that another run is billing.
    installment_ref = fields.Json(readonly=True)
    installment_ids = fields.Many2many(
        "recurring.contract.installment",
        string="Installments",
        compute="_compute_installment_ids",
    )
    contract_names = fields.Char(string="Contracts", compute="_compute_summary")
    competence_start = fields.Date(compute="_compute_summary")
    competence_end = fields.Date(compute="_compute_summary")
    installment_count = fields.Integer(compute="_compute_summary")
    amount_untaxed = fields.Monetary(string="Untaxed Amount", readonly=True)
    currency_id = fields.Many2one(related="run_id.currency_id")

    @api.depends("installment_ref")
    def _compute_installment_ids(self):
        """The installments of the reference still there (one query for all lines)."""
        referenced = {ref for line in self for ref in line.installment_ref or []}
        existing = set(self.env["recurring.contract.installment"].browse(referenced).exists().ids)
        for line in self:
            line.installment_ids = [ref for ref in line.installment_ref or [] if ref in existing]

    @api.depends("installment_ids")
    def _compute_summary(self):
        for line in self:
            installments = line.installment_ids
            line.contract_names = ", ".join(installments.contract_id.mapped("name"))
            line.competence_start = min(installments.mapped("competence_start"), default=False)
            line.competence_end = max(installments.mapped("competence_end"), default=False)
            line.installment_count = len(installments)
