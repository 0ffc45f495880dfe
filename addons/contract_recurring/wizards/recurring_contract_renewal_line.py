from odoo import fields, models


class RecurringContractRenewalLine(models.TransientModel):
    _name = "recurring.contract.renewal.line"
    _description = "Contract Renewal: Contract"
    _order = "date_end, id"

    wizard_id = fields.Many2one("recurring.contract.renewal", required=True, ondelete="cascade")
    contract_id = fields.Many2one(
        "recurring.contract", required=True, ondelete="cascade", readonly=True
    )
    to_cancel = fields.Boolean(string="Cancel", help="Cancel this contract instead of renewing it.")
    selected = fields.Boolean(string="Renew")
    partner_id = fields.Many2one(related="contract_id.partner_id")
    site_id = fields.Many2one(related="contract_id.site_id")
    type_id = fields.Many2one(related="contract_id.type_id")
    date_start = fields.Date(related="contract_id.date_start")
    date_end = fields.Date(related="contract_id.date_end", store=True)
    amount_total = fields.Monetary(related="contract_id.amount_total")
    currency_id = fields.Many2one(related="contract_id.currency_id")
    auto_renew = fields.Boolean(related="contract_id.auto_renew")
    seasonal = fields.Boolean(related="contract_id.seasonal")
    sent = fields.Boolean(related="contract_id.sent")
    state = fields.Selection(related="contract_id.state", string="Status")
