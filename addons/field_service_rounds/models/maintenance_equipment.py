from odoo import fields, models


class MaintenanceEquipment(models.Model):
    _inherit = "maintenance.equipment"

    contract_id = fields.Many2one("recurring.contract", index=True, check_company=True)
    product_id = fields.Many2one("product.product")
    site_id = fields.Many2one(
        "res.partner", string="Customer Site", help="The plant where the machine is."
    )
