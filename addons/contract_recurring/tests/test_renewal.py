from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestRenewal(ContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Panificio Bianchi S.n.c.", "is_company": True}
        )
        cls.type_cleaning = cls.env["recurring.contract.type"].create(
            {"name": "Pulizie", "kind": "maintenance"}
        )
        cls.type_tm = cls.env["recurring.contract.type"].create(
            {"name": "In economia", "kind": "time_and_materials"}
        )

    def _wizard(self, **values):
        return self.env["recurring.contract.renewal"].create(
            {"company_id": self.company.id, **values}
        )

    def _listed(self, wizard):
        wizard.action_search()
        return wizard.line_ids.contract_id

    def _renew(self, contracts, automatic=True, **values):
        wizard = self._wizard(
            contract_ids=[Command.set(contracts.ids)], include_manual=True, **values
        )
        wizard.action_search()
        wizard.action_cancel_selected()
        wizard.action_select_all()
        action = wizard.action_renew_automatic() if automatic else wizard.action_renew_manual()
        return self.env["recurring.contract"].search(action["domain"])

    # phase 1 -----------------------------------------------------------
    def test_phase1_filters(self):
        sent = self._contract(auto_renew=True, sent=True)
        not_sent = self._contract(auto_renew=True)
        manual = self._contract()
        later = self._contract(end="2027-06-30", auto_renew=True)
        other = self._contract(partner=self.other_customer, auto_renew=True)
        cleaning = self._contract(auto_renew=True, type_id=self.type_cleaning.id)
        open_ended = self._contract(
            0.0, "annual", end=False, auto_renew=True, type_id=self.type_tm.id
        )
        draft = self._contract(auto_renew=True, activate=False)
        cancelled = self._contract(auto_renew=True)
        cancelled._cancel(fields.Date.to_date("2026-06-30"))
        december = {"date_from": "2026-12-01", "date_to": "2026-12-31"}

        self.assertEqual(self._listed(self._wizard(**december)), sent | not_sent | other | cleaning)
        self.assertEqual(
            self._listed(self._wizard(include_manual=True, **december)),
            sent | not_sent | manual | other | cleaning,
        )
        self.assertEqual(
            self._listed(self._wizard(partner_id=self.other_customer.id, **december)), other
        )
        self.assertEqual(
            self._listed(self._wizard(type_id=self.type_cleaning.id, **december)), cleaning
        )
        self.assertEqual(self._listed(self._wizard(sent_filter="sent", **december)), sent)
        self.assertEqual(
            self._listed(self._wizard(sent_filter="not_sent", **december)),
            not_sent | other | cleaning,
        )
        everything = self._listed(self._wizard(include_manual=True))
        self.assertIn(later, everything)
        self.assertFalse(
            (open_ended | draft | cancelled) & everything,
            "open-ended, draft and cancelled contracts are never offered",
        )
        with self.assertRaises(UserError):
            self._wizard(date_from="2028-01-01", date_to="2028-12-31").action_search()
        with self.assertRaises(UserError):
            open_ended.action_open_renewal()

    # phase 2 -----------------------------------------------------------
    def test_phase2_cancels_the_flagged_contracts(self):
        keep = self._contract(auto_renew=True)
        drop = self._contract(auto_renew=True)
        wizard = self._wizard(date_from="2026-12-01", date_to="2026-12-31")
        wizard.action_search()
        self.assertEqual(wizard.step, "cancel")
        wizard.line_ids.filtered(lambda line: line.contract_id == drop).to_cancel = True
        wizard.action_cancel_selected()
        self.assertEqual(wizard.step, "renew")
        self.assertEqual(drop.state, "cancelled")
        self.assertEqual(fields.Date.to_string(drop.cancellation_date), "2026-12-31")
        self.assertEqual(len(drop.installment_ids), 4, "nothing after the end to drop")
        self.assertEqual(wizard.line_ids.contract_id, keep)
        with self.assertRaises(UserError):
            wizard.action_renew_automatic()  # nothing selected yet
        wizard.action_select_all()
        wizard.action_renew_automatic()
        self.assertEqual(keep.state, "renewed")
        self.assertFalse(drop.next_contract_id)

    # phase 3 -----------------------------------------------------------
    def test_automatic_renewal_continues_the_contract(self):
        old = self._contract(480.0, "quarterly", auto_renew=True, sent=True, site_id=self.site.id)
        wizard = self._wizard(date_from="2026-12-01", date_to="2026-12-31")
        wizard.action_search()
        wizard.action_cancel_selected()
        wizard.action_select_none()
        self.assertFalse(wizard.line_ids.filtered("selected"))
        wizard.action_select_all()
        wizard.action_renew_automatic()
        new = old.next_contract_id
        self.assertTrue(new)
        self.assertEqual(new.previous_contract_id, old)
        self.assertEqual(wizard.renewed_contract_ids, new)
        self.assertEqual(old.state, "renewed")
        self.assertEqual(new.state, "active")
        self.assertNotEqual(new.name, old.name)
        self.assertTrue(new.name.startswith("CTR/2027/"), new.name)
        self.assertEqual(fields.Date.to_string(new.date_start), "2027-01-01")
        self.assertEqual(fields.Date.to_string(new.date_end), "2027-12-31")
        self.assertEqual(new.site_id, self.site)
        self.assertFalse(new.sent)
        self.assertEqual(new.amount_total, 480.0)
        self.assertEqual(
            self._dates(new.installment_ids),
            ["2027-01-01", "2027-04-01", "2027-07-01", "2027-10-01"],
        )
        self.assertEqual(new.installment_ids.mapped("amount"), [120.0] * 4)
        # the new contract is billable at once, and the old one's unbilled
        # installments are still due: a renewal loses nothing
        run = self._run(invoice_date="2027-01-31")
        billed = run.line_ids.installment_ids
        self.assertEqual(billed.contract_id, old | new)
        self.assertEqual(billed.filtered(lambda i: i.contract_id == old), old.installment_ids)
        self.assertEqual(
            self._dates(billed.filtered(lambda i: i.contract_id == new)), ["2027-01-01"]
        )

    def test_manual_renewal_waits_for_the_update(self):
        self.customer.email = "amministrazione@ferramentarossi.it"
        old = self._contract(480.0, "quarterly", auto_renew=True)
        new = self._renew(old, automatic=False)
        self.assertEqual(new.state, "suspended")
        self.assertEqual(old.state, "active")
        self.assertEqual(old.next_contract_id, new)
        run = self._run(invoice_date="2027-01-31")
        self.assertTrue(run.line_ids, "the old contract's installments are due")
        self.assertNotIn(
            new, run.line_ids.installment_ids.contract_id, "a suspended renewal is not billable"
        )
        # not offered twice
        with self.assertRaises(UserError):
            self._listed(self._wizard(include_manual=True))
        # 'Contract update': recalculate with a percentage and renew definitively
        update_action = self.env.ref("contract_recurring.recurring_contract_action_update")
        update_list = self.env["recurring.contract"].search(
            safe_eval(update_action.domain) + [("company_id", "=", self.company.id)]
        )
        self.assertEqual(update_list, new)
        update = (
            self.env["recurring.contract.update"]
            .with_context(active_model="recurring.contract", active_ids=new.ids)
            .create({"percentage": 2.5})
        )
        self.assertEqual(update.contract_ids, new)
        update.action_confirm()
        self.assertEqual(new.state, "active")
        self.assertEqual(old.state, "renewed")
        self.assertEqual(new.amount_total, 492.0)
        self.assertEqual(new.installment_ids.mapped("amount"), [123.0] * 4)
        mail = self.env["mail.mail"].search(
            [("model", "=", "recurring.contract"), ("res_id", "=", new.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn("492.00", mail.body_html)
        self.assertIn(new.name, mail.subject)
        with self.assertRaises(UserError):
            update.action_confirm()  # no longer suspended

    def test_renewal_mail_goes_to_the_invoice_recipient(self):
        accountant = self.env["res.partner"].create(
            {"name": "Studio Verdi", "email": "studio@verdi.it", "is_company": True}
        )
        old = self._contract(
            1000.0, "semiannual", auto_renew=True, invoice_partner_id=accountant.id
        )
        new = self._renew(old, percentage=1.7)
        self.assertEqual(new.invoice_partner_id, accountant)
        mail = self.env["mail.mail"].search(
            [("model", "=", "recurring.contract"), ("res_id", "=", new.id)]
        )
        self.assertEqual(mail.recipient_ids, accountant)
        self.assertIn("1,017.00", mail.body_html)
        self.assertIn("1,000.00", mail.body_html, "the previous amount")
        self.assertIn("508.50", mail.body_html, "the installments")

    def test_percentage_rounds_lines_and_installments_to_the_cent(self):
        old = self._contract(
            lines=[(self.service_hosting, 123.45, None), (self.service_backup, 99.99, None)],
            auto_renew=True,
        )
        new = self._renew(old, percentage=2.5)
        # 123.45 * 1.025 = 126.53625 -> 126.54; 99.99 * 1.025 = 102.48975 -> 102.49
        self.assertEqual(new.line_ids.mapped("price_unit"), [126.54, 102.49])
        self.assertAlmostEqual(new.amount_total, 229.03, places=2)
        self.assertEqual(new.installment_ids.mapped("amount"), [57.25, 57.25, 57.25, 57.28])
        self.assertEqual(
            sum(new._cents(amount) for amount in new.installment_ids.mapped("amount")), 22903
        )
        decrease = self._renew(self._contract(100.0, "annual", auto_renew=True), percentage=-3)
        self.assertEqual(decrease.amount_total, 97.0)
        with self.assertRaises(UserError):
            self._renew(self._contract(100.0, "annual", auto_renew=True), percentage=-150)

    def test_installment_notes_are_copied_on_request(self):
        old = self._contract(480.0, "quarterly", auto_renew=True)
        old.installment_ids[0].note = "Fatturare con ordine n. 45"
        old.installment_ids[2].note = "Allegare rapportino"
        copied = self._renew(old, copy_notes=True)
        self.assertEqual(
            copied.installment_ids.mapped("note"),
            ["Fatturare con ordine n. 45", False, "Allegare rapportino", False],
        )
        other = self._contract(480.0, "quarterly", auto_renew=True)
        other.installment_ids[0].note = "Nota"
        not_copied = self._renew(other, copy_notes=False)
        self.assertFalse(any(not_copied.installment_ids.mapped("note")))

    def test_seasonal_contract_renews_to_the_same_period(self):
        seasonal = self._contract(
            300.0,
            "monthly",
            start="2026-06-01",
            end="2026-08-31",
            seasonal=True,
            period_months=3,
            auto_renew=True,
        )
        new = self._renew(seasonal)
        self.assertEqual(fields.Date.to_string(new.date_start), "2027-06-01")
        self.assertEqual(fields.Date.to_string(new.date_end), "2027-08-31")
        self.assertEqual(
            self._dates(new.installment_ids), ["2027-06-01", "2027-07-01", "2027-08-01"]
        )
        self.assertEqual(new.installment_ids.mapped("amount"), [100.0] * 3)
        # the same validity without the flag continues from the end date
        plain = self._renew(
            self._contract(300.0, "monthly", start="2026-06-01", end="2026-08-31", period_months=3)
        )
        self.assertEqual(fields.Date.to_string(plain.date_start), "2026-09-01")
        self.assertEqual(fields.Date.to_string(plain.date_end), "2026-11-30")

    def test_single_renewal_opens_the_same_wizard(self):
        contract = self._contract(480.0, "quarterly")  # no automatic renewal flag
        action = contract.action_open_renewal()
        wizard = self.env[action["res_model"]].with_context(**action["context"]).create({})
        self.assertEqual(action["res_model"], "recurring.contract.renewal")
        self.assertEqual(wizard.step, "cancel")
        self.assertEqual(wizard.line_ids.contract_id, contract)
        self.assertTrue(wizard.line_ids.selected)
        wizard.action_cancel_selected()
        action = wizard.action_renew_automatic()
        self.assertEqual(action["res_id"], contract.next_contract_id.id)
        with self.assertRaises(UserError):
            contract.action_open_renewal()  # already renewed

    def test_scheduled_renewal_honours_the_notice(self):
        today = fields.Date.context_today(self.env["recurring.contract"])
        self.env["ir.config_parameter"].set_param("contract_recurring.renewal_notice_days", "30")
        soon = self._contract(
            start=today - timedelta(days=300),
            end=today + timedelta(days=10),
            auto_renew=True,
            cycle="annual",
        )
        later = self._contract(
            start=today - timedelta(days=300),
            end=today + timedelta(days=60),
            auto_renew=True,
            cycle="annual",
        )
        manual = self._contract(
            start=today - timedelta(days=300), end=today + timedelta(days=10), cycle="annual"
        )
        self.env["recurring.contract"]._cron_renew_contracts()
        self.assertEqual(soon.state, "renewed")
        self.assertEqual(soon.next_contract_id.state, "active")
        self.assertEqual(soon.next_contract_id.date_start, soon.date_end + timedelta(days=1))
        self.assertFalse(later.next_contract_id)
        self.assertFalse(manual.next_contract_id)
        # without notice: renewed when the end date is reached
        self.env["ir.config_parameter"].set_param("contract_recurring.renewal_notice_days", "0")
        self.env["recurring.contract"]._cron_renew_contracts()
        self.assertFalse(later.next_contract_id)
        with self.subTest("end date reached"):
            later.date_end = today
            self.env["recurring.contract"]._cron_renew_contracts()
            self.assertEqual(later.state, "renewed")

    def test_wizard_screens_through_the_form_views(self):
        contract = self._contract(480.0, "quarterly", auto_renew=True)
        with Form(self.env["recurring.contract.renewal"]) as form:
            form.date_from = "2026-12-01"
            form.date_to = "2026-12-31"
            form.sent_filter = "not_sent"
        wizard = form.record
        wizard.action_search()
        with Form(wizard) as form:
            self.assertEqual(form.step, "cancel")
            with form.line_ids.edit(0) as line:
                line.to_cancel = False
        wizard.action_cancel_selected()
        with Form(wizard) as form:
            with form.line_ids.edit(0) as line:
                line.selected = True
            form.percentage = 10
            form.copy_notes = True
        wizard.action_renew_manual()
        new = contract.next_contract_id
        self.assertEqual(new.amount_total, 528.0)
        self.assertEqual(new.state, "suspended")
        with Form(
            self.env["recurring.contract.cancel"].with_context(default_contract_id=new.id)
        ) as form:
            form.mode = "cancel"
            form.effective_date = "2027-01-01"
        form.record.action_confirm()
        self.assertEqual(new.state, "cancelled")
        with Form(
            self.env["recurring.contract.move"].with_context(default_contract_id=contract.id)
        ) as form:
            form.site_id = self.site
        form.record.action_move()
        self.assertEqual(contract.site_id, self.site)
