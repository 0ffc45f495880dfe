from odoo import models


class RecurringBillingRun(models.TransientModel):
    _inherit = "recurring.billing.run"

    def _group_key(self, installment):
        contract = installment.contract_id
        return super()._group_key(installment) + (
            contract.sepa_payment_method or "",
            contract.sepa_mandate_id.id,
        )

    def _invoice_values(self, installments, *args, **kwargs):
        values = super()._invoice_values(installments, *args, **kwargs)
        contract = installments.contract_id[:1]
        if contract.sepa_payment_method:
            values["sepa_payment_method"] = contract.sepa_payment_method
        if contract.sepa_payment_method == "sdd" and contract.sepa_mandate_id:
            values["sepa_mandate_id"] = contract.sepa_mandate_id.id
        return values
