from odoo import fields, models


class RecurringContractGroup(models.Model):
    _name = "recurring.contract.group"
    _description = "Contract Group"
    _order = "name, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    manager_id = fields.Many2one("res.users", string="Responsible")
