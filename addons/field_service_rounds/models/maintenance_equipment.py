from odoo import api, fields, models


class MaintenanceEquipment(models.Model):
    _inherit = "maintenance.equipment"

    contract_id = fields.Many2one("recurring.contract", index=True, check_company=True)
    contract_partner_id = fields.Many2one(
        related="contract_id.partner_id", string="Customer", store=True, index=True
    )
    contract_state = fields.Selection(related="contract_id.state", string="Contract Status")
    product_id = fields.Many2one("product.product")
    site_id = fields.Many2one(
        "res.partner",
        string="Customer Site",
        index=True,
        compute="_compute_site_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The plant where the machine is; by default the contract's site or customer.",
    )

    @api.depends("contract_id")
    def _compute_site_id(self):
        for equipment in self:
            if equipment.contract_id and not equipment.site_id:
                contract = equipment.contract_id
                equipment.site_id = contract.site_id or contract.partner_id
            else:
                equipment.site_id = equipment.site_id
