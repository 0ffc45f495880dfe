from odoo import api, models


class RecurringInvoiceBuilder(models.AbstractModel):
    _inherit = "recurring.invoice.builder"

    @api.model
    def _contract_header_values(self, contract):
        """Every invoice of a contract carries its collection method and, for
        SEPA direct debit, its mandate."""
        values = super()._contract_header_values(contract)
        if contract.sepa_payment_method:
            values["sepa_payment_method"] = contract.sepa_payment_method
        if contract.sepa_payment_method == "sdd" and contract.sepa_mandate_id:
            values["sepa_mandate_id"] = contract.sepa_mandate_id.id
        return values
