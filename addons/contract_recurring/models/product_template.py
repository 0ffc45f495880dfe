from odoo import fields, models

from ..tools.tags import KNOWN_TAGS


class ProductTemplate(models.Model):
    _inherit = "product.template"

    recurring_invoice_description = fields.Text(
        string="Contract Invoice Description",
        translate=True,
        help="Description of the invoice lines of the contracts this product is "
        "associated with (on the contract, or on its type); wins over the "
        "contract type's. Tags: " + ", ".join(KNOWN_TAGS),
    )
