from odoo import models


class SaleAdvancePaymentInv(models.TransientModel):
    _inherit = "sale.advance.payment.inv"

    def _create_invoices(self, sale_orders):
        if self.advance_payment_method in ("percentage", "fixed"):
            sale_orders._check_down_payment_allowed()
        return super()._create_invoices(sale_orders)
