from odoo import Command, models


class RecurringBillingRun(models.TransientModel):
    """Bills the extra requests over quota with the contract's next billing run.

    Minimal hook: each contract's pending extras (dated up to the run's
    cut-off) become extra lines of the invoice that bills the contract's
    earliest installment of the run. Contracts without an installment in
    the run keep their extras for a later run."""

    _inherit = "recurring.billing.run"

    def _helpdesk_extras_by_installment(self, installments):
        """{installment id: extras} for the carrier installment of each contract."""
        if not installments:
            return {}
        carriers = {}
        for installment in installments.sorted(lambda i: (i.invoice_date, i.id)):
            carriers.setdefault(installment.contract_id.id, installment.id)
        extras = self.env["helpdesk.quota.extra"].search(
            [
                ("contract_id", "in", list(carriers)),
                ("state", "=", "to_bill"),
                ("date", "<=", self._cutoff_date()),
            ]
        )
        if not extras:
            return {}
        # lock them: a concurrent run skips what this one bills
        self.env.cr.execute(
            "SELECT id FROM helpdesk_quota_extra WHERE id IN %s FOR UPDATE SKIP LOCKED",
            [tuple(extras.ids)],
        )
        locked = {row[0] for row in self.env.cr.fetchall()}
        result = {}
        for extra in extras.filtered(lambda e: e.id in locked):
            carrier = carriers[extra.contract_id.id]
            result.setdefault(carrier, []).append(extra.id)
        return result

    def _create_invoices(self, groups):
        installments = self.env["recurring.contract.installment"].concat(*groups)
        mapping = self._helpdesk_extras_by_installment(installments)
        frozen = tuple((key, tuple(ids)) for key, ids in mapping.items())
        return super(
            RecurringBillingRun, self.with_context(helpdesk_quota_extras=frozen)
        )._create_invoices(groups)

    def _invoice_values(self, installments, *args, **kwargs):
        values = super()._invoice_values(installments, *args, **kwargs)
        mapping = dict(self.env.context.get("helpdesk_quota_extras") or ())
        extra_ids = [
            extra_id for installment in installments for extra_id in mapping.get(installment.id, ())
        ]
        if extra_ids:
            extras = self.env["helpdesk.quota.extra"].browse(extra_ids)
            fiscal_position = self.env["account.fiscal.position"].browse(
                values.get("fiscal_position_id")
            )
            values["invoice_line_ids"] += [
                Command.create(line) for line in extras._invoice_line_values(fiscal_position)
            ]
        return values
