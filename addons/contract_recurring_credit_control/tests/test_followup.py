import datetime as dt
from contextlib import contextmanager
from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from .common import FollowupCommon


@tagged("post_install", "-at_install")
class TestFollowup(FollowupCommon):
    def _send(self, lines):
        """Review the prepared lines and send them (e-mail or letter)."""
        lines.write({"state": "to_be_sent"})
        emails = lines.filtered(lambda line: line.channel == "email")
        letters = lines - emails
        if emails:
            self.env["credit.control.emailer"].create(
                {"line_ids": [Command.set(emails.ids)]}
            ).email_lines()
        if letters:
            self.env["credit.control.printer"].create(
                {"line_ids": [Command.set(letters.ids)], "mark_as_sent": True}
            ).print_lines()
        return lines.communication_id

    def test_end_to_end_levels_suspension_and_payment(self):
        invoice = self._contract_invoice(days_overdue=70)
        item = invoice.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        self.assertFalse(self.customer.recurring_service_suspended)
        self.assertFalse(self.customer.recurring_followup_level_name)
        # 5 days overdue: nothing yet
        self.assertFalse(self._followup_run(65).line_ids)
        # 8 days overdue: the friendly e-mail, prepared in draft for review
        lines = self._followup_run(62).line_ids
        self.assertEqual(lines.move_line_id, item)
        self.assertEqual(lines.policy_level_id, self.levels[0])
        self.assertEqual(lines.state, "draft")
        self.assertEqual(lines.channel, "email")
        self.assertEqual(lines.recurring_contract_ids, self.contract)
        self.assertEqual(lines.recurring_contract_names, self.contract.name)
        # a draft reminder gives no level yet
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.recurring_followup_level_name)
        comm = self._send(lines)
        self.assertIn(lines.state, ("queued", "sent"))
        mails = self.env["mail.mail"].search([("model", "=", comm._name), ("res_id", "=", comm.id)])
        self.assertTrue(mails)
        self.assertIn(self.contract.name, mails.body_html)
        for record in (self.customer, self.contract):
            logged = record.message_ids.filtered(lambda m: "Friendly reminder" in (m.body or ""))
            self.assertTrue(logged, record)
            self.assertIn(invoice.name, logged[0].body)
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.recurring_followup_level_name, "Friendly reminder")
        self.assertFalse(self.customer.recurring_service_suspended)
        # 31 days: the formal letter (the returns level is skipped), PDF with the contract
        lines = self._followup_run(39).line_ids
        self.assertEqual(lines.policy_level_id, self.levels[2])
        self.assertEqual(lines.channel, "letter")
        comm = self._send(lines)
        self.assertEqual(lines.state, "sent")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("account_credit_control.report_credit_control_summary", comm.ids)[0]
            .decode()
        )
        self.assertIn(self.contract.name, html)
        self.assertIn(invoice.name, html)
        self.assertTrue(
            self.contract.message_ids.filtered(lambda m: "Formal letter" in (m.body or ""))
        )
        # 61 days: suspension of service
        lines = self._followup_run(9).line_ids
        self.assertEqual(lines.policy_level_id, self.levels[3])
        self._send(lines)
        self.customer.invalidate_recordset()
        self.assertTrue(self.customer.recurring_service_suspended)
        self.assertEqual(self.customer.recurring_followup_level_name, "Suspension")
        site_status = self.site._recurring_followup_status()[self.site.id]
        self.assertEqual(site_status, (True, "Suspension"))
        # payment lifts it
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertEqual(invoice.payment_state in ("paid", "in_payment"), True)
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.recurring_service_suspended)
        self.assertFalse(self.customer.recurring_followup_level_name)

    def test_italian_customer_gets_the_italian_reminder(self):
        self.env["res.lang"]._activate_lang("it_IT")
        self.env["ir.module.module"].search(
            [("name", "=", "contract_recurring_credit_control")]
        )._update_translations(["it_IT"])
        self.customer.lang = "it_IT"
        invoice = self._contract_invoice(days_overdue=10)
        comm = self._send(self._followup_run(0).line_ids)
        mail = self.env["mail.mail"].search([("model", "=", comm._name), ("res_id", "=", comm.id)])
        self.assertIn("sollecito di pagamento", mail.subject)
        self.assertIn("Gentile", mail.body_html)
        self.assertIn("Contratto", mail.body_html)
        self.assertIn(invoice.name, mail.body_html)
        note = self.customer.message_ids.filtered(lambda m: invoice.name in (m.body or ""))
        self.assertIn("Payment reminder", note[0].body)

    def test_postpone_skips_runs_until_the_date(self):
        invoice = self._contract_invoice(days_overdue=20)
        lines = self._followup_run(10).line_ids
        self.assertEqual(lines.policy_level_id, self.levels[0])
        wizard = (
            self.env["credit.control.postpone"]
            .with_context(active_model=lines._name, active_ids=lines.ids)
            .create({"date": self.today + dt.timedelta(days=5), "note": "Promised by phone"})
        )
        self.assertEqual(wizard.line_ids, lines)
        wizard.action_postpone()
        self.assertEqual(lines.state, "ignored")
        self.assertIn("Promised by phone", self.customer.message_ids[0].body)
        self.assertFalse(self._followup_run(0).line_ids)
        # after the date the reminder is prepared again
        self.env["credit.control.run"].search([]).line_ids.filtered(
            lambda line: line.state == "draft"
        ).unlink()
        lines.recurring_postponed_until = self.today - dt.timedelta(days=1)
        again = self._followup_run(0).line_ids
        self.assertEqual(again.move_line_id.move_id, invoice)

    def test_daily_cron_prepares_drafts_per_company(self):
        self._contract_invoice(days_overdue=10)
        runs = self.env["credit.control.run"]._cron_recurring_followup()
        run = runs.filtered(lambda r: r.company_id == self.company)
        self.assertEqual(run.date, self.today)
        self.assertEqual(run.line_ids.policy_level_id, self.levels[0])
        self.assertEqual(run.line_ids.state, "draft")
        # a run dated later exists (run by hand): today's is skipped, no error
        self._followup_run(-1)
        again = self.env["credit.control.run"]._cron_recurring_followup()
        self.assertFalse(again.filtered(lambda r: r.company_id == self.company))
        self.assertEqual(
            self.env["credit.control.run"].search_count(
                [("company_id", "=", self.company.id), ("date", "=", self.today)]
            ),
            1,
        )


@tagged("post_install", "-at_install")
class TestBankReturnLevel(FollowupCommon):
    """Items whose overdue clock restarts (a returned SDD/RiBa collection in
    sepa_rid_cbi, through account.move.line._recurring_overdue_since) start
    at the returns level, counted from the return date."""

    @contextmanager
    def _returned(self, items, return_date):
        Line = type(self.env["account.move.line"])
        original = Line._recurring_overdue_since

        def since(records):
            result = original(records)
            for line in records & items:
                result[line.id] = return_date
            return result

        with patch.object(Line, "_recurring_overdue_since", since):
            yield

    def test_returned_item_starts_at_returns_level_from_return_date(self):
        returned_invoice = self._contract_invoice(days_overdue=50)
        regular_invoice = self._contract_invoice(days_overdue=50)
        returned = returned_invoice.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        regular = regular_invoice.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        # returned 20 days ago, i.e. 30 days after the due date
        with self._returned(returned, self.today - dt.timedelta(days=20)):

            def run(days_ago):
                lines = self._followup_run(days_ago).line_ids
                lines.write({"state": "sent"})
                return {line.move_line_id: line.policy_level_id for line in lines}

            # before the return date only the regular item gets a reminder
            self.assertEqual(run(25), {regular: self.levels[0]})
            # on the return date: the returns level for the returned item (not
            # the friendly e-mail); the regular one reaches the letter (30 days)
            self.assertEqual(run(20), {returned: self.levels[1], regular: self.levels[2]})
            # 40 days after the due date but 10 after the return: no letter yet
            self.assertEqual(run(10), {})
            # 30 days after the return: the letter; the regular item: suspension
            self.assertEqual(run(-10), {returned: self.levels[2], regular: self.levels[3]})
