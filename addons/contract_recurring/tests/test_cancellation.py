from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestCancellation(ContractCommon):
    def _cancel_wizard(self, contract, mode, **values):
        return self.env["recurring.contract.cancel"].create(
            {"contract_id": contract.id, "mode": mode, **values}
        )

    def _renewed(self, contract):
        wizard = self.env["recurring.contract.renewal"].create(
            {
                "company_id": self.company.id,
                "contract_ids": [Command.set(contract.ids)],
                "include_manual": True,
            }
        )
        wizard.action_search()
        wizard.action_cancel_selected()
        wizard.send_mail = False
        wizard.action_renew_automatic()
        return contract.next_contract_id

    def _bill(self, invoice_date):
        run = self._run(invoice_date=invoice_date)
        run.action_confirm()
        return run.move_ids

    def test_no_cancellation_does_nothing(self):
        contract = self._contract()
        action = self._cancel_wizard(contract, "none").action_confirm()
        self.assertEqual(action["type"], "ir.actions.act_window_close")
        self.assertEqual(contract.state, "active")
        self.assertEqual(len(contract.installment_ids), 4)

    def test_termination_notice_drops_unbilled_installments_after_the_date(self):
        contract = self._contract(480.0, "quarterly")
        action = contract.action_open_cancellation()
        self.assertEqual(action["res_model"], "recurring.contract.cancel")
        invoice = self._bill("2026-01-31")
        self._cancel_wizard(contract, "cancel", effective_date="2026-05-15").action_confirm()
        self.assertEqual(contract.state, "cancelled")
        self.assertEqual(fields.Date.to_string(contract.cancellation_date), "2026-05-15")
        self.assertEqual(self._dates(contract.installment_ids), ["2026-01-01", "2026-04-01"])
        self.assertEqual(contract.installment_ids[0].move_id, invoice, "billed ones stay")
        self.assertIn("2026-05-15", contract.message_ids[0].body)

    def test_termination_keeps_billed_installments_after_the_date(self):
        contract = self._contract(480.0, "quarterly")
        self._bill("2026-07-31")  # Q1-Q3 billed
        self._cancel_wizard(contract, "cancel", effective_date="2026-02-15").action_confirm()
        self.assertEqual(len(contract.installment_ids), 3)
        self.assertTrue(all(contract.installment_ids.mapped("move_id")))

    def test_delete_and_cancel_the_previous_contract(self):
        old = self._contract(480.0, "quarterly")
        new = self._renewed(old)
        self.assertEqual(old.state, "renewed")
        wizard = self._cancel_wizard(new, "delete_cancel_previous")
        self.assertFalse(wizard.delete_blocker)
        action = wizard.action_confirm()
        self.assertFalse(new.exists())
        # the user lands on the previous contract, not on the deleted one
        self.assertEqual(
            (action["res_model"], action["res_id"], action["target"]),
            ("recurring.contract", old.id, "main"),
        )
        self.assertEqual(old.state, "cancelled")
        self.assertFalse(old.next_contract_id)
        self.assertEqual(fields.Date.to_string(old.cancellation_date), "2026-12-31")
        self.assertEqual(len(old.installment_ids), 4, "nothing after the end date")

    def test_delete_and_renew_the_previous_contract_again(self):
        old = self._contract(480.0, "quarterly")
        new = self._renewed(old)
        action = self._cancel_wizard(new, "delete_renew_previous").action_confirm()
        self.assertFalse(new.exists())
        self.assertEqual((action["res_id"], action["view_mode"]), (old.id, "form"))
        self.assertIn(old.state, ("active", "expired"))
        self.assertFalse(old.next_contract_id)
        again = self._renewed(old)
        self.assertEqual(again.previous_contract_id, old)
        self.assertEqual(old.state, "renewed")

    def test_deletion_refused_with_the_reason(self):
        old = self._contract(480.0, "quarterly")
        new = self._renewed(old)
        # a renewed contract cannot disappear while its renewal exists
        blocked = self._cancel_wizard(old, "delete_cancel_previous")
        self.assertIn(new.name, blocked.delete_blocker)
        with self.assertRaisesRegex(UserError, "renewed by"):
            blocked.action_confirm()
        # a contract with billed installments cannot be deleted
        invoice = self._bill("2027-01-31")
        self.assertTrue(invoice)
        wizard = self._cancel_wizard(new, "delete_renew_previous")
        self.assertIn("billed", wizard.delete_blocker)
        with self.assertRaisesRegex(UserError, "billed"):
            wizard.action_confirm()
        self.assertTrue(new.exists())
        self.assertEqual(old.state, "renewed", "nothing half done")
        # contract users cannot delete contracts
        user = new_test_user(
            self.env,
            login="cancel_user",
            groups="contract_recurring.group_contract_user",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        fresh = self._renewed(self._contract(100.0, "annual"))
        wizard = self._cancel_wizard(fresh, "delete_cancel_previous").with_user(user)
        with self.assertRaisesRegex(UserError, "managers"):
            wizard.action_confirm()
        self.assertTrue(fresh.exists())

    def test_reactivation_restores_future_installments(self):
        contract = self._contract(480.0, "quarterly")
        self._bill("2026-01-31")
        contract.installment_ids[1].note = "Da concordare"
        self._cancel_wizard(contract, "cancel", effective_date="2026-03-15").action_confirm()
        self.assertEqual(len(contract.installment_ids), 1)
        with self.assertRaises(UserError):
            self._contract().action_reactivate()  # not cancelled
        contract.action_reactivate()
        self.assertEqual(contract.state, "active")
        self.assertFalse(contract.cancellation_date)
        self.assertEqual(
            self._dates(contract.installment_ids),
            ["2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"],
        )
        self.assertEqual(contract.installment_ids.mapped("amount"), [120.0] * 4)
        self.assertEqual(len(contract.installment_ids.filtered("move_id")), 1)
        self.assertEqual(
            self._run(invoice_date="2026-04-30").line_ids.installment_ids,
            contract.installment_ids[1],
        )
