import base64
import io

import openpyxl
from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestBillingRun(ContractCommon):
    def test_run_creates_real_invoices_with_competences(self):
        contract = self._contract(
            480.0, "quarterly", l10n_it_cig="Z1A2B3C4D5", l10n_it_cup="J41B22000120006"
        )
        run = self._run(invoice_date="2026-06-30")
        self.assertEqual(len(run.line_ids), 1, "one invoice per recipient")
        self.assertEqual(run.amount_untaxed, 240.0)
        run.action_confirm()
        invoice = run.move_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(invoice.amount_untaxed, 240.0)
        self.assertEqual(invoice.invoice_origin, contract.name)
        self.assertEqual(invoice.l10n_it_cig, "Z1A2B3C4D5")
        self.assertEqual(invoice.l10n_it_cup, "J41B22000120006")
        self.assertEqual(invoice.recurring_contract_ids, contract)
        lines = invoice.invoice_line_ids.sorted("competence_date_start")
        self.assertEqual(self._dates(lines, "competence_date_start"), ["2026-01-01", "2026-04-01"])
        self.assertEqual(self._dates(lines, "competence_date_end"), ["2026-03-31", "2026-06-30"])
        self.assertTrue(all(lines.tax_ids), "taxes come from the product")
        self.assertIn(contract.name, lines[0].name)
        self.assertIn("01/01/2026", lines[0].name)
        self.assertEqual(contract.installment_ids.filtered("move_id").move_id, invoice)
        # a second run finds nothing left to bill for that period
        self.assertFalse(self._run(invoice_date="2026-06-30").line_ids)

    def test_one_invoice_per_installment(self):
        self._contract(480.0, "quarterly")
        run = self._run(invoice_date="2026-06-30", one_invoice_per_installment=True)
        run.action_confirm()
        self.assertEqual(len(run.move_ids), 2)
        self.assertEqual(run.move_ids.mapped("amount_untaxed"), [120.0, 120.0])

    def test_grouping_by_recipient_and_payment_term(self):
        other = self.env["res.partner"].create({"name": "Hotel Panorama"})
        term = self.env.ref("account.account_payment_term_30days")
        self._contract(480.0, "quarterly")
        self._contract(480.0, "quarterly")
        self._contract(480.0, "quarterly", payment_term_id=term.id)
        self._contract(480.0, "quarterly", partner=other)
        self._contract(480.0, "quarterly", invoice_partner_id=other.id)
        run = self._run(invoice_date="2026-01-31")
        groups = sorted((line.partner_id.name, len(line.installment_ids)) for line in run.line_ids)
        self.assertEqual(
            groups,
            [("Ferramenta Rossi S.r.l.", 1), ("Ferramenta Rossi S.r.l.", 2), ("Hotel Panorama", 2)],
        )

    def test_service_lines_split_the_installment_exactly(self):
        contract = self._contract(
            lines=[(self.service_hosting, 100.0, None), (self.service_backup, 200.0, None)],
            cycle="fourmonthly",
        )
        run = self._run(invoice_date="2026-01-31")
        run.action_confirm()
        lines = run.move_ids.invoice_line_ids
        self.assertEqual(sorted(lines.mapped("price_subtotal")), [33.33, 66.67])
        self.assertEqual(sum(lines.mapped("price_subtotal")), contract.installment_ids[0].amount)

    def test_period_first_of_month_and_extend_to_month_end(self):
        self._contract(480.0, "quarterly", start="2026-01-15", end="2027-01-14")
        run = self._run(invoice_date="2026-04-10")
        self.assertEqual(len(run.line_ids.installment_ids), 1, "15/04 is after 10/04")
        run = self._run(invoice_date="2026-04-10", extend_to_month_end=True)
        self.assertEqual(len(run.line_ids.installment_ids), 2)
        run.action_confirm()
        starts = run.move_ids.invoice_line_ids.mapped("competence_date_start")
        self.assertEqual(sorted(d.isoformat() for d in starts), ["2026-01-01", "2026-04-01"])

    def test_filters(self):
        other = self.env["res.partner"].create({"name": "Hotel Panorama"})
        group = self.env["recurring.contract.group"].create({"name": "Romagna"})
        self._contract(480.0, "quarterly", group_id=group.id)
        self._contract(480.0, "quarterly", partner=other)
        self.assertEqual(
            self._run(invoice_date="2026-01-31", partner_id=other.id).line_ids.partner_id, other
        )
        self.assertEqual(
            self._run(invoice_date="2026-01-31", group_id=group.id).line_ids.partner_id,
            self.customer,
        )

    def test_cancelling_or_deleting_an_invoice_frees_its_installments(self):
        contract = self._contract(480.0, "quarterly")
        run = self._run(invoice_date="2026-01-31", post_invoices=True)
        run.action_confirm()
        invoice = run.move_ids
        self.assertEqual(invoice.state, "posted")
        first = contract.installment_ids[0]
        self.assertEqual(first.move_id, invoice)
        invoice.button_draft()
        invoice.button_cancel()
        self.assertFalse(first.move_id)
        self.assertEqual(first.state, "to_bill")
        run = self._run(invoice_date="2026-01-31")
        run.action_confirm()
        self.assertEqual(first.move_id, run.move_ids)
        run.move_ids.unlink()
        self.assertFalse(first.move_id)

    def test_fiscal_numbering_first_free_and_forced(self):
        self._contract(480.0, "quarterly")
        run = self._run(invoice_date="2026-01-31", post_invoices=True)
        self.assertTrue(run.next_number)
        self.assertTrue(run.next_number.endswith("1"), run.next_number)
        forced = run.next_number[:-1] + "7"
        run.forced_number = forced
        run.action_confirm()
        self.assertEqual(run.move_ids.name, forced)
        self._contract(480.0, "quarterly")
        run = self._run(invoice_date="2026-02-28")
        self.assertTrue(run.next_number.endswith("8"), run.next_number)

    def test_database_refuses_a_second_live_invoice_line_for_an_installment(self):
        contract = self._contract(480.0, "quarterly")
        run = self._run(invoice_date="2026-01-31")
        run.action_confirm()
        line = run.move_ids.invoice_line_ids
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "duplicate",
                                "price_unit": 1.0,
                                "recurring_installment_id": line.recurring_installment_id.id,
                                "recurring_contract_line_id": line.recurring_contract_line_id.id,
                            },
                        )
                    ],
                }
            )
            self.env.flush_all()
        self.assertEqual(contract.installment_ids[0].move_id, run.move_ids)

    def test_confirm_needs_a_preview_and_a_selection(self):
        self._contract(480.0, "quarterly")
        run = self._run(invoice_date="2026-01-31")
        run.line_ids.selected = False
        with self.assertRaises(UserError):
            run.action_confirm()

    def test_automatic_billing_cron(self):
        auto = self._contract(
            480.0, "quarterly", auto_billing=True, start="2025-01-01", end="2025-12-31"
        )
        manual = self._contract(480.0, "quarterly", start="2025-01-01", end="2025-12-31")
        runs = self.env["recurring.billing"]._cron_bill_due_installments()
        self.assertEqual(runs.move_ids, auto.installment_ids.move_id)
        self.assertEqual((runs.state, runs.progress), ("done", 100.0))
        self.assertTrue(all(auto.installment_ids.mapped("move_id")))
        self.assertFalse(manual.installment_ids.move_id)

    def test_preview_xlsx_and_pdf(self):
        contract = self._contract(480.0, "quarterly")
        run = self._run(invoice_date="2026-04-30")
        action = run.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas))).active
        self.assertEqual(sheet["B2"].value, contract.name)
        self.assertEqual(sheet["E2"].value, 120.0)
        self.assertEqual(sheet["C3"].value.date().isoformat(), "2026-04-01")
        self.assertEqual(sheet["E4"].value, "=SUM(E2:E3)")
        self.assertEqual(sheet.freeze_panes, "A2")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("contract_recurring.recurring_billing_run_report", run.ids)[0]
            .decode()
        )
        self.assertIn(contract.name, html)
        self.assertIn(self.customer.name, html)
