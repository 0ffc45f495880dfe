from odoo import Command
from odoo.tests import tagged

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestBillingTerm(ContractCommon):
    """One rule says what a contract owes: every installment whose competence
    starts by the contract's end (or cancellation) date, whatever happens to
    the contract (renewed early, expired, cancelled), billed exactly once."""

    def _monthly(self, **values):
        # 120 a month from 01/10/2026 to 30/09/2027
        return self._contract(
            1440.0, "monthly", start="2026-10-01", end="2027-09-30", auto_renew=True, **values
        )

    def _bill(self, invoice_date):
        run = self._run(invoice_date=invoice_date)
        if run.line_ids:
            run.action_confirm()
        return run

    def _renew(self, contracts, automatic=True):
        wizard = self.env["recurring.contract.renewal"].create(
            {
                "company_id": self.company.id,
                "contract_ids": [Command.set(contracts.ids)],
                "include_manual": True,
            }
        )
        wizard.action_search()
        wizard.action_cancel_selected()
        wizard.action_select_all()
        action = wizard.action_renew_automatic() if automatic else wizard.action_renew_manual()
        return self.env["recurring.contract"].search(action["domain"])

    def _invoice_lines(self, installments):
        return self.env["account.move.line"].search(
            [("recurring_installment_id", "in", installments.ids)]
        )

    def _assert_billed_once(self, contract):
        installments = contract.installment_ids
        lines = self._invoice_lines(installments)
        self.assertEqual(
            sorted(lines.recurring_installment_id.ids),
            sorted(installments.ids),
            "each installment is on exactly one invoice line",
        )
        self.assertEqual(sum(lines.mapped("price_subtotal")), contract.amount_total)

    def test_early_automatic_renewal_keeps_billing_the_old_contract(self):
        old = self._monthly()
        self.assertEqual(len(old.installment_ids), 12)
        first = self._bill("2027-01-31")
        self.assertEqual(len(first.line_ids.installment_ids), 4, "October to January")
        # renewed in January, eight months before its end
        new = self._renew(old)
        self.assertEqual(old.state, "renewed")
        self.assertEqual(new.date_start.isoformat(), "2027-10-01", "the day after the old end")
        self.assertEqual(new.date_end.isoformat(), "2028-09-30")
        # the old contract's remaining installments are still due, the new
        # contract's are not yet
        run = self._bill("2027-09-30")
        self.assertEqual(run.line_ids.installment_ids.contract_id, old)
        self.assertEqual(len(run.line_ids.installment_ids), 8, "February to September")
        self.assertFalse(run.skipped_note)
        self._assert_billed_once(old)
        # across the changeover: October is the new contract's first
        run = self._bill("2027-10-31")
        self.assertEqual(run.line_ids.installment_ids.contract_id, new)
        self.assertEqual(run.line_ids.installment_ids.competence_start.isoformat(), "2027-10-01")
        # nothing is billed twice
        self.assertFalse(self._run(invoice_date="2027-10-31").line_ids)
        self._assert_billed_once(old)

    def test_early_single_renewal_from_the_contract_form(self):
        old = self._monthly()
        action = old.action_open_renewal()
        wizard = self.env[action["res_model"]].with_context(**action["context"]).create({})
        wizard.action_cancel_selected()
        action = wizard.action_renew_automatic()
        new = self.env["recurring.contract"].browse(action["res_id"])
        self.assertEqual(old.state, "renewed")
        self.assertEqual(new.previous_contract_id, old)
        self._bill("2027-09-30")
        self._assert_billed_once(old)
        self.assertFalse(new.installment_ids.move_id)

    def test_scheduled_renewal_keeps_billing_the_old_contract(self):
        old = self._monthly()
        self.env["ir.config_parameter"].sudo().set_param(
            "contract_recurring.renewal_notice_days", "400"
        )
        new = self.env["recurring.contract"]._cron_renew_contracts()
        self.assertEqual(new.previous_contract_id, old)
        self.assertEqual(old.state, "renewed")
        self._bill("2027-09-30")
        self._assert_billed_once(old)

    def test_early_manual_renewal_confirmed_on_the_update_screen(self):
        old = self._monthly()
        self._bill("2026-12-31")
        new = self._renew(old, automatic=False)
        self.assertEqual(new.state, "suspended")
        run = self._bill("2027-02-28")
        self.assertEqual(run.line_ids.installment_ids.contract_id, old)
        self.assertEqual(len(run.line_ids.installment_ids), 2)
        update = (
            self.env["recurring.contract.update"]
            .with_context(active_model="recurring.contract", active_ids=new.ids)
            .create({"percentage": 1.7, "send_mail": False})
        )
        update.action_confirm()
        self.assertEqual((old.state, new.state), ("renewed", "active"))
        run = self._bill("2027-10-31")
        billed = run.line_ids.installment_ids
        self.assertEqual(len(billed.filtered(lambda i: i.contract_id == old)), 7, "March-Sept.")
        self.assertEqual(billed.filtered(lambda i: i.contract_id == new).amount, 122.04)
        self._assert_billed_once(old)

    def test_renewed_contract_installments_after_its_end_are_never_billed(self):
        old = self._monthly()
        self._renew(old)
        # an installment planned after the end (the end date moved back by hand)
        old.date_end = "2027-06-30"
        self.env["res.lang"]._activate_lang("it_IT")
        self.env = self.env(context=dict(self.env.context, lang="it_IT"))
        run = self._run(invoice_date="2027-09-30")
        self.assertEqual(len(run.line_ids.installment_ids), 9, "October to June")
        self.assertIn(old.name, run.skipped_note)
        self.assertIn("30/06/2027", run.skipped_note, "an Italian date")
        run.action_confirm()
        late = old.installment_ids.filtered(lambda i: i.competence_start.month in (7, 8, 9))
        self.assertFalse(late.move_id)
        self.assertFalse(any(late.mapped("in_billing_term")))
        # not listed either when the check is off: never billed
        run = self._run(invoice_date="2027-09-30", check_expiry=False)
        self.assertFalse(run.line_ids)
        self.assertFalse(run.skipped_note)

    def test_expired_contract_still_owes_its_installments(self):
        contract = self._contract(480.0, "quarterly", start="2025-01-01", end="2025-12-31")
        self.assertIn(contract, self.env["recurring.contract"]._cron_expire_contracts())
        self.assertEqual(contract.state, "expired")
        run = self._bill("2025-12-31")
        self.assertEqual(len(run.line_ids.installment_ids), 4)
        self._assert_billed_once(contract)

    def test_claim_refuses_installments_that_left_the_term(self):
        """A contract cancelled between the preview and the confirmation."""
        contract = self._contract(480.0, "quarterly")
        run = self._run(invoice_date="2026-12-31")
        self.assertEqual(len(run.line_ids.installment_ids), 4)
        contract.write({"cancellation_date": "2026-03-31", "state": "cancelled"})
        run.action_confirm()
        billed = contract.installment_ids.filtered("move_id")
        self.assertEqual(self._dates(billed), ["2026-01-01"])

    def test_cutoff_and_billing_read_the_same_rule(self):
        """A cancelled contract whose installments after the cancellation were
        kept (a direct write, as in the demo) accrues only its term."""
        contract = self._contract(960.0, "quarterly", include_in_accruals=True)
        contract.write({"state": "cancelled", "cancellation_date": "2026-06-30"})
        self.assertEqual(len(contract.installment_ids), 4, "nothing dropped by a direct write")
        cutoff = self.env["recurring.cutoff"].create(
            {"date": "2026-12-31", "company_id": self.company.id}
        )
        cutoff.action_compute()
        self.assertEqual(
            sorted(cutoff.line_ids.installment_id.ids),
            sorted(contract.installment_ids.filtered("in_billing_term").ids),
        )
        self.assertEqual(sum(cutoff.line_ids.mapped("amount")), 480.0, "half a year, not 960")
        run = self._bill("2026-12-31")
        self.assertEqual(
            run.move_ids.invoice_line_ids.recurring_installment_id,
            cutoff.line_ids.installment_id,
            "the run bills exactly what the cut-off accrued",
        )
        self.assertIn(contract.name, run.skipped_note)
