from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.contract_recurring.tests.common import ContractCommon
from odoo.addons.queue_job.job import Job

# queue_job's own test helpers (trap_jobs) need a newer Odoo 18 than the
# suite's (odoo.tests.common.SETATTR_SOURCES): the jobs are stored for real
# here and performed through queue_job's Job API, as its runner does.


@tagged("post_install", "-at_install")
class TestBillingJobs(ContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.partner"].create({"name": "Hotel Panorama", "is_company": True})
        cls.third = cls.env["res.partner"].create({"name": "Bar Sport", "is_company": True})

    def _split(self, threshold, size):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("contract_recurring_queue.split_threshold", threshold)
        params.set_param("contract_recurring_queue.job_size", size)

    def _queued(self, method):
        return (
            self.env["queue.job"]
            .sudo()
            .search(
                [("method_name", "=", method), ("state", "in", ("pending", "wait_dependencies"))],
                order="id",
            )
        )

    def _perform(self, records):
        """Run the jobs as the runner's controller does: perform, done,
        then wake the jobs that waited for them."""
        for record in records:
            job = Job.load(self.env, record.uuid)
            job.set_started()
            job.perform()
            job.set_done()
            job.store()
            self.env["queue.job"].flush_model()
            job.enqueue_waiting()
            self.env["queue.job"].invalidate_model()

    def _perform_run(self, billing):
        jobs = billing._jobs()
        self._perform(jobs.filtered(lambda j: j.method_name == "_bill_chunk").sorted("id"))
        finish = jobs.filtered(lambda j: j.method_name == "_finish_jobs")
        self.assertEqual(finish.state, "pending", "woken when every chunk is done")
        self._perform(finish)

    def _confirm(self, **values):
        wizard = self._run(invoice_date="2026-06-30", **values)
        wizard.action_confirm()
        return wizard.billing_id

    def test_small_run_is_billed_inline(self):
        self._split(100, 10)
        self._contract(480.0, "quarterly")
        billing = self._confirm()
        self.assertFalse(billing.job_uuid_ref)
        self.assertFalse(self._queued("_bill_chunk"))
        self.assertEqual(billing.state, "done")
        self.assertEqual(billing.billed_count, 2)

    def test_large_run_is_split_into_jobs_that_bill_everything_once(self):
        self._split(3, 2)
        contracts = (
            self._contract(480.0, "quarterly")
            | self._contract(480.0, "quarterly", partner=self.other)
            | self._contract(480.0, "quarterly", partner=self.third)
        )
        billing = self._confirm()
        jobs = billing._jobs()
        # the customer's two installments make one invoice: they stay in one job
        chunks = jobs.filtered(lambda j: j.method_name == "_bill_chunk")
        self.assertEqual(len(chunks), 3)
        self.assertEqual(len(jobs), 4, "and one job closes the run")
        self.assertEqual(set(jobs.mapped("channel")), {"root.recurring_billing"})
        self.assertEqual(billing.state, "running")
        self.assertFalse(billing.move_ids, "nothing is billed before the jobs run")
        self.assertEqual(
            (billing.job_count, billing.job_pending_count, billing.job_done_count), (4, 4, 0)
        )
        self._perform(chunks[:1])
        billing.invalidate_recordset()
        self.assertEqual((billing.billed_count, billing.job_done_count), (2, 1))
        self.assertAlmostEqual(billing.progress, 100.0 / 3, places=2)
        self.assertEqual(billing.state, "running")
        self._perform(chunks[1:])
        self._perform(jobs.filtered(lambda j: j.method_name == "_finish_jobs"))
        billing.invalidate_recordset()
        self.assertEqual(billing.state, "done")
        self.assertEqual(billing.billed_count, 6)
        self.assertEqual(billing.progress, 100.0)
        self.assertEqual(billing.job_done_count, 4)
        self.assertEqual(len(billing.move_ids), 3, "one invoice per customer, as inline")
        self.assertEqual(billing.move_ids.partner_id, self.customer | self.other | self.third)
        self.assertEqual(sum(billing.move_ids.mapped("amount_untaxed")), 720.0)
        self.assertEqual(len(contracts.installment_ids.filtered("move_id")), 6)

    def test_job_run_twice_bills_nothing_twice(self):
        self._split(1, 1)
        self._contract(480.0, "quarterly")
        self._contract(480.0, "quarterly", partner=self.other)
        billing = self._confirm(one_invoice_per_installment=True)
        chunks = billing._jobs().filtered(lambda j: j.method_name == "_bill_chunk")
        self.assertEqual(len(chunks), 4)
        self._perform_run(billing)
        invoices = billing.move_ids
        self.assertEqual(len(invoices), 4)
        # a job run again (re-queued, or its worker killed after the commit)
        installment_ids = Job.load(self.env, chunks[0].uuid).args[0]
        billing._bill_chunk(installment_ids)
        billing.invalidate_recordset()
        self.assertEqual(billing.move_ids, invoices)
        self.assertEqual(billing.billed_count, 4)

    def test_two_runs_over_the_same_installments_bill_once(self):
        self._split(1, 1)
        self._contract(480.0, "quarterly")
        self._contract(480.0, "quarterly", partner=self.other)
        first = self._run(invoice_date="2026-06-30")
        second = self._run(invoice_date="2026-06-30")
        first.action_confirm()
        second.action_confirm()
        billings = first.billing_id | second.billing_id
        self.assertEqual(billings.mapped("state"), ["running", "running"])
        self._perform_run(second.billing_id)
        self._perform_run(first.billing_id)
        billings.invalidate_recordset()
        self.assertEqual(billings.mapped("state"), ["done", "done"])
        lines = billings.move_ids.invoice_line_ids
        self.assertEqual(len(lines), 4)
        self.assertEqual(len(lines.recurring_installment_id), 4)
        self.assertFalse(first.billing_id.move_ids, "the second run billed them all")

    def test_failed_job_marks_the_run_failed_with_its_error(self):
        self._split(1, 1)
        self._contract(480.0, "quarterly")
        self._contract(480.0, "quarterly", partner=self.other)
        billing = self._confirm()
        chunk = billing._jobs().filtered(lambda j: j.method_name == "_bill_chunk")[0]
        # what the runner's controller does with a job that fails for good
        job = Job.load(self.env, chunk.uuid)
        job.set_failed(exc_message="could not serialize access", exc_name="OperationalError")
        job.store()
        job.on_fail({"exc_message": "could not serialize access"})
        billing.invalidate_recordset()
        self.assertEqual(billing.state, "failed")
        self.assertIn("could not serialize access", billing.error)
        self.assertEqual(billing.job_failed_count, 1)
        self.env.user.groups_id |= self.env.ref("queue_job.group_queue_job_manager")
        action = billing.action_view_failed_jobs()
        self.assertEqual(action["res_model"], "queue.job")
        self.assertEqual(self.env["queue.job"].search(action["domain"]), chunk)
        # Run Again: the unfinished jobs are cancelled, the rest queued again
        billing.action_run()
        self.assertEqual(billing.state, "running")
        self.assertEqual(chunk.state, "cancelled")
        self._perform_run(billing)
        billing.invalidate_recordset()
        self.assertEqual(billing.state, "done")
        self.assertEqual(billing.billed_count, 4)

    def test_daily_cron_splits_large_selections(self):
        self._split(1, 1)
        self._contract(480.0, "quarterly", auto_billing=True)
        self._contract(480.0, "quarterly", partner=self.other, auto_billing=True)
        runs = self.env["recurring.billing"]._cron_bill_due_installments()
        self.assertEqual(set(runs.mapped("state")), {"running"})
        for run in runs:
            self._perform_run(run)
        runs.invalidate_recordset()
        self.assertEqual(set(runs.mapped("state")), {"done"})
        self.assertTrue(runs.move_ids)

    def test_settings_refuse_bad_values(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.recurring_job_threshold, 1000)
        self.assertEqual(settings.recurring_job_size, 500)
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"recurring_job_size": 0})
        self.env["ir.config_parameter"].sudo().set_param(
            "contract_recurring_queue.job_size", "many"
        )
        self.assertEqual(self.env["res.config.settings"]._recurring_job_split(), (1000, 500))

    def test_mass_renewal_runs_in_jobs(self):
        self._split(1, 1)
        contracts = self._contract(480.0, "quarterly") | self._contract(
            480.0, "quarterly", partner=self.other
        )
        self.assertEqual(contracts._renew_in_jobs(automatic=True, send_mail=False), 2)
        jobs = self._queued("_renew_chunk")
        self.assertEqual(len(jobs), 2)
        self.assertEqual(set(jobs.mapped("channel")), {"root.recurring_billing"})
        self._perform(jobs)
        self.assertEqual(set(contracts.mapped("state")), {"renewed"})
        self.assertEqual(len(contracts.next_contract_id), 2)
        # a renewal job run again renews nothing twice
        contracts[0]._renew_chunk(automatic=True, send_mail=False)
        self.assertEqual(
            self.env["recurring.contract"].search_count([("partner_id", "=", self.customer.id)]),
            2,
        )

    def test_renewal_wizard_queues_large_renewals(self):
        self._split(1, 1)
        contracts = self._contract(480.0, "quarterly") | self._contract(
            480.0, "quarterly", partner=self.other
        )
        wizard = self.env["recurring.contract.renewal"].create(
            {"company_id": self.company.id, "contract_ids": contracts.ids, "include_manual": True}
        )
        wizard.action_search()
        self.assertEqual(wizard.line_ids.contract_id, contracts)
        wizard.line_ids.filtered(lambda line: line.contract_id in contracts).selected = True
        wizard.line_ids.filtered(lambda line: line.contract_id not in contracts).selected = False
        action = wizard.action_renew_automatic()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(len(self._queued("_renew_chunk")), 2)
        self.assertFalse(contracts.next_contract_id, "renewed by the jobs")

    def test_small_renewal_stays_inline(self):
        self._split(10, 5)
        contract = self._contract(480.0, "quarterly")
        self.assertEqual(contract._renew_in_jobs(automatic=True, send_mail=False), 0)

    def test_large_cutoff_preview_runs_in_a_job(self):
        self._contract(
            1200.0, "annual", start="2025-10-01", end="2026-09-30", include_in_accruals=True
        )
        wizard = self._run(invoice_date="2025-10-01", post_invoices=True)
        wizard.action_confirm()
        self._split(0, 1)
        cutoff = self.env["recurring.cutoff"].create(
            {"date": "2025-12-31", "company_id": self.company.id}
        )
        cutoff.action_compute()
        self.assertFalse(cutoff.line_ids, "computed by the job, not now")
        jobs = self._queued("_compute_in_job")
        self.assertEqual(len(jobs), 1)
        self._perform(jobs)
        self.assertEqual(len(cutoff.line_ids), 1)
        self.assertEqual(cutoff.line_ids.amount, 897.53)
        self._split(1000, 500)
        inline = self.env["recurring.cutoff"].create(
            {"date": "2025-12-31", "company_id": self.company.id}
        )
        inline.action_compute()
        self.assertEqual(len(inline.line_ids), 1)
        self.assertFalse(self._queued("_compute_in_job"))

    def test_run_form_shows_the_jobs_and_reloads_itself(self):
        self.env.user.groups_id |= self.env.ref("queue_job.group_queue_job_manager")
        arch = self.env["recurring.billing"].get_views([(False, "form")])["views"]["form"]["arch"]
        for name in ("job_done_count", "job_pending_count", "job_failed_count", "progress"):
            self.assertIn(f'name="{name}"', arch)
        self.assertIn('name="recurring_billing_autorefresh"', arch)
        self.assertIn('name="action_view_failed_jobs"', arch)
        assets = self.env["ir.asset"]._get_asset_paths("web.assets_backend", {})
        self.assertTrue(
            any("recurring_billing_autorefresh.js" in path for path, *_rest in assets),
            "the widget that reloads a running run is in the backend assets",
        )

    def test_jobs_post_and_send_what_they_bill(self):
        """Background runs send as inline runs do (Odoo's sending flow)."""
        self._split(1, 1)
        self.customer.email = "amministrazione@ferramentarossi.example.com"
        self.other.email = "direzione@hotelpanorama.example.com"
        self._contract(480.0, "quarterly")
        self._contract(480.0, "quarterly", partner=self.other)
        billing = self._confirm(post_invoices=True, send_invoices=True)
        self.assertTrue(billing.send_invoices)
        self._perform_run(billing)
        self.env.invalidate_all()
        self.assertEqual(billing.state, "done")
        self.assertEqual(set(billing.move_ids.mapped("state")), {"posted"})
        # each invoice goes through Odoo's sending flow: e-mailed to its
        # recipient, or (the company has no e-invoicing data here) the reason it
        # was not is logged on it; none is silently skipped
        sent = billing.move_ids.filtered(
            lambda m: m.message_ids.filtered(
                lambda msg: msg.message_type == "comment" and msg.partner_ids == m.partner_id
            )
        )
        refused = billing.move_ids.filtered(
            lambda m: any("e-invoice" in (msg.body or "") for msg in m.message_ids)
        )
        self.assertEqual(sent | refused, billing.move_ids)
