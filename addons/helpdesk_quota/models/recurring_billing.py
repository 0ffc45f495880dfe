from odoo import models
from odoo.tools import SQL


class RecurringBilling(models.Model):
    """Bills the extra requests over quota with the contract's next billing run.

    Each contract's pending extras (dated up to the run's invoice date)
    become extra lines of the invoice that bills the contract's earliest
    installment of the run. Contracts without an installment in the run keep
    their extras for a later run."""

    _inherit = "recurring.billing"

    def _claim_extras(self, installments):
        """{carrier installment id: extras}, the extras locked for this run."""
        extras_by_carrier = super()._claim_extras(installments)
        carriers = {}
        for installment in installments.sorted(lambda i: (i.invoice_date, i.id)):
            carriers.setdefault(installment.contract_id.id, installment.id)
        Extra = self.env["helpdesk.quota.extra"]
        extras = Extra.search(
            [
                ("contract_id", "in", list(carriers)),
                ("state", "=", "to_bill"),
                ("date", "<=", self.date_until or self.invoice_date),
            ]
        )
        if not extras:
            return extras_by_carrier
        # lock them: a concurrent run skips what this one bills
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM helpdesk_quota_extra WHERE id IN %s FOR UPDATE SKIP LOCKED",
                tuple(extras.ids),
            )
        )
        locked = {row[0] for row in rows}
        for extra in extras.filtered(lambda e: e.id in locked):
            carrier = carriers[extra.contract_id.id]
            extras_by_carrier[carrier] = extras_by_carrier.get(carrier, Extra) | extra
        return extras_by_carrier

    def _extra_line_values(self, group, extras, fiscal_position):
        lines = super()._extra_line_values(group, extras, fiscal_position)
        Extra = self.env["helpdesk.quota.extra"]
        for installment in group:
            lines += extras.get(installment.id, Extra)._invoice_line_values(fiscal_position)
        return lines
