from odoo import _, models


class RecurringCutoff(models.Model):
    _inherit = "recurring.cutoff"

    def action_compute(self):
        """A large preview is computed by a background job."""
        if self.env.context.get("recurring_cutoff_inline"):
            return super().action_compute()
        threshold = self.env["res.config.settings"]._recurring_job_split()[0]
        inline = self.browse()
        for cutoff in self:
            if cutoff.state != "draft":
                inline |= cutoff  # the inline path explains why it cannot run
                continue
            customer, vendor = cutoff._source_lines()
            size = len(customer) + len(vendor) + len(cutoff._unbilled_installments())
            if size <= threshold:
                inline |= cutoff
                continue
            cutoff._check_no_live_cutoff()  # refused now, not in the job
            cutoff.with_delay(
                description=_("Cut-off %(name)s: preview", name=cutoff.name)
            )._compute_in_job()
            cutoff.message_post(
                body=_("The preview of %(count)s lines is computed in background.", count=size)
            )
        if inline:
            return super(RecurringCutoff, inline).action_compute()
        return True

    def _compute_in_job(self):
        """Job: compute the preview."""
        self.with_context(recurring_cutoff_inline=True).action_compute()
        self.message_post(body=_("The preview is ready."))
        return _("Preview of %(name)s computed.", name=self.name)
