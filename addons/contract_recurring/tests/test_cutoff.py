import base64
import io
from datetime import date, datetime

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ContractCommon

CUTOFF = "2025-12-31"


@tagged("post_install", "-at_install")
class TestCutoff(ContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Telecom Fornitore S.p.A.", "is_company": True}
        )

    def _bill(self, invoice_date):
        run = self._run(invoice_date=invoice_date, post_invoices=True)
        run.action_confirm()
        self.assertTrue(run.move_ids)
        self.assertEqual(set(run.move_ids.mapped("state")), {"posted"})
        return run.move_ids

    def _cutoff(self, cutoff_date=CUTOFF, **values):
        cutoff = self.env["recurring.cutoff"].create(
            {"date": cutoff_date, "company_id": self.company.id, **values}
        )
        cutoff.action_compute()
        return cutoff

    def _account(self, code):
        return self.env["account.account"].search(
            [
                *self.env["account.account"]._check_company_domain(self.company),
                ("code", "=like", code + "%"),
            ],
            order="code",
            limit=1,
        )

    def _bill_vendor(self, bill_date, amount, start, end):
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.supplier.id,
                "invoice_date": bill_date,
                "date": bill_date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Canone connettività",
                            "price_unit": amount,
                            "account_id": self.company_data["default_account_expense"].id,
                            "tax_ids": [Command.set(self.tax_purchase_a.ids)],
                            "competence_date_start": start,
                            "competence_date_end": end,
                        }
                    )
                ],
            }
        )
        bill.action_post()
        return bill

    # ------------------------------------------------------------------
    # the worked examples of the brief
    # ------------------------------------------------------------------
    def test_worked_example_deferred_income_and_posted_entries(self):
        contract = self._contract(
            1200.0, "annual", start="2025-10-01", end="2026-09-30", include_in_accruals=True
        )
        invoice = self._bill("2025-10-01")
        self.assertEqual(invoice.amount_untaxed, 1200.0)
        self.assertGreater(invoice.amount_tax, 0.0)
        cutoff = self._cutoff()
        line = cutoff.line_ids
        self.assertEqual(len(line), 1)
        self.assertRecordValues(
            line,
            [
                {
                    "kind": "deferred_income",
                    "contract_id": contract.id,
                    "invoice_id": invoice.id,
                    "days_total": 365,
                    "days": 273,
                    "base_amount": 1200.0,
                    "amount": 897.53,
                }
            ],
        )
        self.assertEqual(cutoff.amount_deferred_income, 897.53)
        self.assertEqual(cutoff.deferred_income_account_id, self._account("2702"))
        self.assertEqual(cutoff.accrued_income_account_id, self._account("1901"))
        self.assertEqual(cutoff.deferred_expense_account_id, self._account("1902"))
        self.assertEqual(cutoff.accrued_expense_account_id, self._account("2701"))

        cutoff.action_confirm()
        move, reversal = cutoff.move_id, cutoff.reverse_move_id
        self.assertEqual(cutoff.state, "posted")
        self.assertEqual((move.state, move.date.isoformat()), ("posted", "2025-12-31"))
        self.assertEqual((reversal.state, reversal.date.isoformat()), ("posted", "2026-01-01"))
        self.assertEqual(reversal.reversed_entry_id, move)
        revenue = invoice.invoice_line_ids.account_id
        self.assertRecordValues(
            move.line_ids.sorted("debit"),
            [
                {
                    "account_id": self._account("2702").id,
                    "debit": 0.0,
                    "credit": 897.53,
                    "partner_id": self.customer.id,
                },
                {
                    "account_id": revenue.id,
                    "debit": 897.53,
                    "credit": 0.0,
                    "partner_id": self.customer.id,
                },
            ],
        )
        self.assertFalse(move.line_ids.tax_ids or move.line_ids.tax_line_id, "no taxes")
        self.assertRecordValues(
            reversal.line_ids.sorted("debit"),
            [
                {"account_id": revenue.id, "debit": 0.0, "credit": 897.53},
                {"account_id": self._account("2702").id, "debit": 897.53, "credit": 0.0},
            ],
        )

    def test_worked_example_accrued_income_billed_later(self):
        contract = self._contract(
            2400.0, "quarterly", start="2025-11-01", end="2026-10-31", include_in_accruals=True
        )
        first = contract.installment_ids.sorted("competence_start")[0]
        self.assertEqual((first.amount, first.competence_end.isoformat()), (600.0, "2026-01-31"))
        # before billing: from the unbilled installment
        cutoff = self._cutoff()
        self.assertRecordValues(
            cutoff.line_ids,
            [
                {
                    "kind": "accrued_income",
                    "installment_id": first.id,
                    "days_total": 92,
                    "days": 61,
                    "amount": 397.83,
                }
            ],
        )
        # billed on 31/01/2026: counted once, from the installment
        invoice = self._bill("2026-01-31")
        self.assertEqual(first.move_id, invoice)
        cutoff = self._cutoff()
        self.assertRecordValues(
            cutoff.line_ids,
            [
                {
                    "kind": "accrued_income",
                    "installment_id": first.id,
                    "invoice_id": invoice.id,
                    "amount": 397.83,
                }
            ],
        )
        cutoff.action_confirm()
        self.assertRecordValues(
            cutoff.move_id.line_ids.sorted("debit"),
            [
                {
                    "account_id": invoice.invoice_line_ids.account_id.id,
                    "debit": 0.0,
                    "credit": 397.83,
                },
                {"account_id": self._account("1901").id, "debit": 397.83, "credit": 0.0},
            ],
        )

    def test_worked_example_multi_year_deferral(self):
        self._contract(
            3600.0,
            "annual",
            start="2025-07-01",
            end="2028-06-30",
            period_months=36,
            interval_months=36,
            invoices_per_period=1,
            include_in_accruals=True,
        )
        invoice = self._bill("2025-07-01")
        line = invoice.invoice_line_ids
        self.assertEqual(
            (line.competence_date_start.isoformat(), line.competence_date_end.isoformat()),
            ("2025-07-01", "2028-06-30"),
        )
        cutoff = self._cutoff()
        self.assertRecordValues(
            cutoff.line_ids,
            [
                {
                    "kind": "deferred_income",
                    "days_total": 1096,
                    "days": 912,
                    "amount": 2995.62,
                }
            ],
        )

    # ------------------------------------------------------------------
    def test_vendor_bills_prepaid_and_accrued_expenses(self):
        prepaid = self._bill_vendor("2025-10-01", 1200.0, "2025-10-01", "2026-09-30")
        late = self._bill_vendor("2026-01-15", 310.0, "2025-12-01", "2025-12-31")
        self._bill_vendor("2025-12-10", 99.0, "2025-12-01", "2025-12-31")  # nothing to do
        # vendor bills left out on request
        self.assertFalse(self._cutoff(include_vendor_bills=False).line_ids)
        cutoff = self._cutoff()
        self.assertRecordValues(
            cutoff.line_ids.sorted("kind"),
            [
                {"kind": "accrued_expense", "invoice_id": late.id, "amount": 310.0, "days": 31},
                {
                    "kind": "deferred_expense",
                    "invoice_id": prepaid.id,
                    "amount": 897.53,
                    "days": 273,
                },
            ],
        )
        cutoff.action_confirm()
        expense = self.company_data["default_account_expense"]
        lines = cutoff.move_id.line_ids
        by_account = {
            account.code[:4]: (sum(ls.mapped("debit")), sum(ls.mapped("credit")))
            for account, ls in lines.grouped("account_id").items()
        }
        self.assertEqual(
            by_account,
            {
                "1902": (897.53, 0.0),
                "2701": (0.0, 310.0),
                expense.code[:4]: (310.0, 897.53),
            },
        )
        self.assertEqual(set(lines.partner_id.ids), {self.supplier.id})

    def test_no_double_count(self):
        flagged = self._contract(
            2400.0, "quarterly", start="2025-11-01", end="2026-10-31", include_in_accruals=True
        )
        self._contract(2400.0, "quarterly", start="2025-11-01", end="2026-10-31")  # not flagged
        invoices = self._bill("2025-12-01")
        self.assertEqual(len(invoices.invoice_line_ids), 2)
        cutoff = self._cutoff()
        # billed before the cut-off: deferred only (31 of 92 days), never accrued too
        self.assertRecordValues(
            cutoff.line_ids,
            [
                {
                    "kind": "deferred_income",
                    "contract_id": flagged.id,
                    "amount": 202.17,
                }
            ],
        )
        cutoff.action_confirm()
        # the cut-off entries are not revenue lines: a later cut-off ignores them
        later = self._cutoff("2026-01-31")
        self.assertFalse(later.line_ids)
        with self.assertRaises(UserError):
            later.action_confirm()

    def test_second_run_refused_until_entries_cancelled(self):
        self._contract(
            1200.0, "annual", start="2025-10-01", end="2026-09-30", include_in_accruals=True
        )
        self._bill("2025-10-01")
        first = self._cutoff()
        first.action_confirm()
        second = self.env["recurring.cutoff"].create(
            {"date": CUTOFF, "company_id": self.company.id}
        )
        with self.assertRaises(UserError):
            second.action_compute()
        with self.assertRaises(UserError):
            second.action_confirm()
        with self.assertRaises(UserError):
            first.unlink()
        # another date is fine
        self.assertTrue(self._cutoff("2026-01-31").line_ids)
        first.action_cancel()
        self.assertEqual(first.state, "cancelled")
        self.assertEqual(set((first.move_id | first.reverse_move_id).mapped("state")), {"cancel"})
        second.action_compute()
        second.action_confirm()
        self.assertEqual(second.move_id.state, "posted")
        self.assertEqual(second.amount_deferred_income, 897.53)

    def test_configured_accounts_win_over_the_chart(self):
        other = self._account("1903") or self.company_data["default_account_assets"]
        self.company.recurring_deferred_income_account_id = other
        cutoff = self.env["recurring.cutoff"].create(
            {"date": CUTOFF, "company_id": self.company.id}
        )
        self.assertEqual(cutoff.deferred_income_account_id, other)
        self.assertEqual(cutoff.accrued_income_account_id, self._account("1901"))
        self.assertEqual(cutoff.journal_id.type, "general")

    def test_preview_xlsx(self):
        contract = self._contract(
            1200.0, "annual", start="2025-10-01", end="2026-09-30", include_in_accruals=True
        )
        invoice = self._bill("2025-10-01")
        self._bill_vendor("2026-01-15", 310.0, "2025-12-01", "2025-12-31")
        cutoff = self._cutoff()
        action = cutoff.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas))).active
        labels = cutoff._kind_labels()
        revenue = invoice.invoice_line_ids.account_id.display_name
        expense = self.company_data["default_account_expense"].display_name
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(
            rows,
            [
                [
                    "Type",
                    "Contract",
                    "Partner",
                    "Invoice / Bill",
                    "Account",
                    "Competence start",
                    "Competence end",
                    "Competence days",
                    "Days",
                    "Taxable amount",
                    "Amount",
                ],
                [
                    labels["accrued_expense"],
                    None,
                    self.supplier.display_name,
                    cutoff.line_ids.filtered(
                        lambda ln: ln.kind == "accrued_expense"
                    ).invoice_id.name,
                    expense,
                    datetime(2025, 12, 1),
                    datetime(2025, 12, 31),
                    31,
                    31,
                    310.0,
                    310.0,
                ],
                [
                    f"Subtotal {labels['accrued_expense']}",
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    310.0,
                    310.0,
                ],
                [
                    labels["deferred_income"],
                    contract.name,
                    self.customer.display_name,
                    invoice.name,
                    revenue,
                    datetime(2025, 10, 1),
                    datetime(2026, 9, 30),
                    365,
                    273,
                    1200.0,
                    897.53,
                ],
                [
                    f"Subtotal {labels['deferred_income']}",
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    1200.0,
                    897.53,
                ],
                ["Total", None, None, None, None, None, None, None, None, 1510.0, 1207.53],
            ],
        )
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref, "A1:K5")
        self.assertEqual(sheet["F2"].number_format, "DD/MM/YYYY")
        self.assertIn("€", sheet["K4"].number_format)
        self.assertEqual(date(2025, 10, 1), sheet["F4"].value.date())

    def test_access_and_companies(self):
        user = new_test_user(
            self.env,
            login="cutoff_user",
            groups="contract_recurring.group_contract_user",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        with self.assertRaises(AccessError):
            self.env["recurring.cutoff"].with_user(user).create(
                {"date": CUTOFF, "company_id": self.company.id}
            )
        other_company = self.setup_other_company(name="Altra Azienda S.r.l.")["company"]
        theirs = self.env["recurring.cutoff"].create(
            {"date": CUTOFF, "company_id": other_company.id}
        )
        mine = self.env["recurring.cutoff"].create({"date": CUTOFF, "company_id": self.company.id})
        manager = new_test_user(
            self.env,
            login="cutoff_manager",
            groups="contract_recurring.group_contract_manager",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        visible = (
            self.env["recurring.cutoff"]
            .with_user(manager)
            .search([("id", "in", (mine | theirs).ids)])
        )
        self.assertEqual(visible, mine)

    def test_second_run_allowed_after_reversal_at_the_cutoff_date(self):
        self._contract(
            1200.0, "annual", start="2025-10-01", end="2026-09-30", include_in_accruals=True
        )
        self._bill("2025-10-01")
        first = self._cutoff()
        first.action_confirm()
        first.move_id._reverse_moves([{"date": CUTOFF}]).action_post()
        second = self._cutoff()
        second.action_confirm()
        self.assertEqual(second.move_id.state, "posted")
