from odoo import _, models
from odoo.tools import split_every


class RecurringContract(models.Model):
    _inherit = "recurring.contract"

    def _renew_in_jobs(self, **options):
        """Renew these contracts in background jobs when they are more than the
        configured threshold; returns the number of jobs (0: renew inline)."""
        threshold, size = self.env["res.config.settings"]._recurring_job_split()
        if len(self) <= threshold:
            return 0
        self._check_renewable()
        chunks = list(split_every(size, self.ids, list))
        for index, chunk in enumerate(chunks, start=1):
            self.browse(chunk).with_delay(
                description=_(
                    "Contract renewal: part %(part)s of %(parts)s", part=index, parts=len(chunks)
                )
            )._renew_chunk(**options)
        return len(chunks)

    def _renew_chunk(self, **options):
        """Job: renew one chunk; contracts renewed meanwhile are skipped, so
        a re-run job renews nothing twice."""
        renewable = self - self._not_renewable()
        new_contracts = renewable._renew(**options)
        return _("%(count)s contracts renewed.", count=len(new_contracts))
