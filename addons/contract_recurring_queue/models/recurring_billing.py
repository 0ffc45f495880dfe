from odoo import _, fields, models

from odoo.addons.queue_job.delay import group as job_group

JOB_OPEN_STATES = ("wait_dependencies", "pending", "enqueued", "started")


class RecurringBilling(models.Model):
    """Large runs are billed by background jobs.

    Above the configured threshold, :meth:`_execute` splits the pending
    installments into chunks and enqueues one ``_bill_chunk`` job per chunk on
    channel ``root.recurring_billing``; each job claims, bills and posts its
    chunk in its own transaction (queue_job commits it, and retries it on a
    serialization failure). A job run twice, or re-run after its worker was
    killed, bills nothing twice: :meth:`_claim` skips what is billed or locked
    and the partial unique index on invoice lines refuses a duplicate. When all
    chunks are done, ``_finish_jobs`` marks the run done; a failed chunk marks
    it failed (``_on_job_failed``) until its job is re-queued and succeeds.
    """

    _inherit = "recurring.billing"

    # uuids of the queue jobs of the last attempt (plain data: the jobs may be
    # purged by queue_job's autovacuum)
    job_uuid_ref = fields.Json(readonly=True, copy=False)
    job_count = fields.Integer(string="Jobs", compute="_compute_job_counts")
    job_done_count = fields.Integer(string="Jobs Done", compute="_compute_job_counts")
    job_pending_count = fields.Integer(string="Jobs Pending", compute="_compute_job_counts")
    job_failed_count = fields.Integer(string="Jobs Failed", compute="_compute_job_counts")

    def _jobs(self):
        uuids = [uuid for billing in self for uuid in billing.job_uuid_ref or []]
        # sudo: job records are restricted to queue managers, while every
        # biller may see the progress of the runs they can read
        return self.env["queue.job"].sudo().search([("uuid", "in", uuids)])

    def _compute_job_counts(self):
        states = {job.uuid: job.state for job in self._jobs()}
        for billing in self:
            mine = [states[uuid] for uuid in billing.job_uuid_ref or [] if uuid in states]
            billing.job_count = len(mine)
            billing.job_done_count = mine.count("done")
            billing.job_failed_count = mine.count("failed")
            billing.job_pending_count = sum(1 for state in mine if state in JOB_OPEN_STATES)

    # ------------------------------------------------------------------
    # splitting
    # ------------------------------------------------------------------
    def _execute(self):
        self.ensure_one()
        threshold, size = self.env["res.config.settings"]._recurring_job_split()
        pending = self._pending_installments()
        # a forced first number needs the invoices posted in order: inline
        if len(pending) <= threshold or self.forced_number:
            return super()._execute()
        self._enqueue_jobs(pending, size)
        return self.env["account.move"]

    def _job_chunks(self, installments, size):
        """Lists of about ``size`` installment ids; the installments of one
        invoice stay in one chunk, so jobs invoice exactly as inline."""
        chunks, current = [], []
        groups = installments._billing_groups(self.one_invoice_per_installment, self.use_cup_cig)
        for group_ids in (g.ids for g in groups):
            current += group_ids
            if len(current) >= size:
                chunks.append(current)
                current = []
        if current:
            chunks.append(current)
        return chunks

    def _enqueue_jobs(self, installments, size):
        """One job per chunk of ``size`` installments, then one that closes
        the run when all of them are done."""
        self.ensure_one()
        self._jobs().filtered(lambda job: job.state != "done").button_cancelled()
        chunks = self._job_chunks(installments, size)
        delayables = [
            self.delayable(
                description=_(
                    "%(run)s: installments %(part)s of %(parts)s",
                    run=self.name,
                    part=index,
                    parts=len(chunks),
                )
            )._bill_chunk(chunk)
            for index, chunk in enumerate(chunks, start=1)
        ]
        finish = self.delayable(description=_("%(run)s: close the run", run=self.name))
        finish._finish_jobs()
        job_group(*delayables).on_done(finish).delay()
        self.write(
            {
                "state": "running",
                "error": False,
                "job_uuid_ref": [d._generated_job.uuid for d in [*delayables, finish]],
            }
        )
        self.message_post(
            body=_(
                "%(count)s installments are billed in background by %(jobs)s jobs.",
                count=len(installments),
                jobs=len(chunks),
            )
        )

    # ------------------------------------------------------------------
    # jobs
    # ------------------------------------------------------------------
    def _bill_chunk(self, installment_ids):
        """Job: bill, post and (when asked) send one chunk of the run's installments."""
        self.ensure_one()
        installments = self.env["recurring.contract.installment"].browse(installment_ids).exists()
        moves = self._bill(installments)
        self._post(moves)
        self._send(moves)
        return _("%(count)s invoices created.", count=len(moves))

    def _finish_jobs(self):
        """Job: every chunk is done, the run is."""
        self.ensure_one()
        self.write({"state": "done", "error": False})
        return _("Billing run %(run)s is done.", run=self.name)

    def _on_job_failed(self, exc_message=None, **_values):
        """A chunk failed for good: the run shows it, with its error."""
        self.write(
            {
                "state": "failed",
                "error": _("A background job failed: %(error)s", error=exc_message or ""),
            }
        )

    # ------------------------------------------------------------------
    # screens
    # ------------------------------------------------------------------
    def action_view_failed_jobs(self):
        self.ensure_one()
        failed = self._jobs().filtered(lambda job: job.state == "failed")
        return {
            "type": "ir.actions.act_window",
            "name": _("Failed Jobs"),
            "res_model": "queue.job",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", failed.ids)],
            "context": {"create": False},
        }
