import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestMrr(ContractCommon):
    """Recurring revenue of a small hand-built set (annual amount / 12):

    A  Hosting 1 200 (100/month)  01/01-30/06/2025, renewed automatically +1,7 %
       by B 1 220,40 (101,70/month) 01/07-31/12/2025
    C  Hosting   600 (50/month)   01/01-31/12/2025, cancelled from 15/04/2025
    D  Backup  2 400 (200/month)  01/03/2025-28/02/2026
    E1 Hosting   960 (80/month)   01/01-31/05/2025, renewed manually by E2
       (01/06-31/10/2025), suspended until confirmed on 20/08/2025
    F  Hosting 1 200 (100/month)  01/01-31/12/2025, cancelled from 10/05/2025,
       reactivated on 05/07/2025
    G  Hosting   360 (30/month)   01/01-30/06/2025, not renewed

    Month   MRR     new  expansion  churn        reactivation   due/renewed
    01/25   360     360
    03/25   560     200
    04/25   510                     50 (C)
    05/25   410                     100 (F)                     1/1 (E1)
    06/25   330                     80 (E1)                     2/1 (A, G)
    07/25   401,70       1,70 (B)   30 (G)       100 (F)
    08/25   481,70                               80 (E2)
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        backup = [(cls.service_backup, 2400.0, None)]
        with freeze_time("2025-01-01"):
            cls.a = cls._contract(1200.0, "annual", start="2025-01-01", end="2025-06-30")
            cls.c = cls._contract(600.0, "annual", start="2025-01-01", end="2025-12-31")
            cls.d = cls._contract(
                2400.0,
                "annual",
                start="2025-03-01",
                end="2026-02-28",
                product_id=cls.service_backup.id,
                lines=backup,
            )
            cls.e1 = cls._contract(960.0, "annual", start="2025-01-01", end="2025-05-31")
            cls.f = cls._contract(1200.0, "annual", start="2025-01-01", end="2025-12-31")
            cls.g = cls._contract(360.0, "annual", start="2025-01-01", end="2025-06-30")
        cls.c._cancel(date(2025, 4, 15))
        cls.f._cancel(date(2025, 5, 10))
        with freeze_time("2025-05-20"):
            cls.e2 = cls.e1._renew(automatic=False, send_mail=False)
        with freeze_time("2025-06-25"):
            cls.b = cls.a._renew(automatic=True, percentage=1.7, send_mail=False)
        with freeze_time("2025-07-05"):
            cls.f.action_reactivate()
        with freeze_time("2025-08-20"):
            cls.env["recurring.contract.update"].create(
                {"contract_ids": [Command.set(cls.e2.ids)], "send_mail": False}
            ).action_confirm()

    def _figures(self, *months):
        self.env.flush_all()
        return self.env["recurring.contract.mrr"]._monthly_figures(list(months), self.company)

    def _rows(self, month, **domain):
        self.env.flush_all()
        return self.env["recurring.contract.mrr"].search(
            [("company_id", "=", self.company.id), ("month", "=", month)]
            + [(name, "=", value) for name, value in domain.items()]
        )

    def test_lifecycle_dates(self):
        self.assertEqual(self.b.amount_annual, 1220.40)
        self.assertEqual(self.e2.date_activated, date(2025, 8, 20))
        self.assertEqual(self.e2.state, "active")
        self.assertEqual(self.e1.state, "renewed")
        self.assertEqual(self.f.date_lapsed, date(2025, 5, 10))
        self.assertEqual(self.f.date_reactivated, date(2025, 7, 5))

    def test_monthly_movements(self):
        months = [date(2025, m, 1) for m in range(1, 9)]
        figures = self._figures(*months)
        expected = {
            # month: (mrr, new, expansion, contraction, churn, reactivation)
            1: (360, 360, 0, 0, 0, 0),
            2: (360, 0, 0, 0, 0, 0),
            3: (560, 200, 0, 0, 0, 0),
            4: (510, 0, 0, 0, 50, 0),
            5: (410, 0, 0, 0, 100, 0),
            6: (330, 0, 0, 0, 80, 0),
            7: (401.70, 0, 1.70, 0, 30, 100),
            8: (481.70, 0, 0, 0, 0, 80),
        }
        names = ("mrr", "new_mrr", "expansion_mrr", "contraction_mrr", "churn_mrr")
        for month_number, values in expected.items():
            month = date(2025, month_number, 1)
            got = figures[month]
            self.assertEqual(
                tuple(round(got[name], 2) for name in (*names, "reactivation_mrr")),
                values,
                f"month {month}",
            )
            self.assertAlmostEqual(got["arr"], 12 * values[0], places=2)
            self.assertAlmostEqual(got["net_mrr"], got["mrr"] - got["opening_mrr"], places=2)

    def test_renewal_increase_is_expansion_of_the_difference(self):
        rows = self._rows("2025-07-01", contract_id=self.b.id)
        self.assertEqual(round(sum(rows.mapped("expansion_mrr")), 2), 1.70)
        self.assertFalse(sum(rows.mapped("new_mrr")))
        self.assertEqual(round(sum(rows.mapped("mrr")), 2), 101.70)
        self.assertFalse(self._rows("2025-07-01", contract_id=self.a.id))

    def test_cancellation_churns_in_its_month(self):
        self.assertEqual(
            sum(self._rows("2025-04-01", contract_id=self.c.id).mapped("churn_mrr")), 50
        )
        self.assertEqual(sum(self._rows("2025-03-01", contract_id=self.c.id).mapped("mrr")), 50)
        self.assertFalse(self._rows("2025-05-01", contract_id=self.c.id))

    def test_suspended_renewal_counts_when_made_active(self):
        # E1 ends in May: its MRR leaves in June; E2 comes back in August.
        self.assertEqual(
            sum(self._rows("2025-06-01", contract_id=self.e1.id).mapped("churn_mrr")), 80
        )
        self.assertFalse(self._rows("2025-07-01", contract_id=self.e2.id))
        august = self._rows("2025-08-01", contract_id=self.e2.id)
        self.assertEqual(sum(august.mapped("reactivation_mrr")), 80)
        self.assertEqual(sum(august.mapped("mrr")), 80)
        # expired at the end of October, not renewed: churn in November
        self.assertEqual(
            sum(self._rows("2025-11-01", contract_id=self.e2.id).mapped("churn_mrr")), 80
        )

    def test_reactivation(self):
        self.assertEqual(
            sum(self._rows("2025-05-01", contract_id=self.f.id).mapped("churn_mrr")), 100
        )
        self.assertFalse(self._rows("2025-06-01", contract_id=self.f.id))
        july = self._rows("2025-07-01", contract_id=self.f.id)
        self.assertEqual(sum(july.mapped("reactivation_mrr")), 100)
        self.assertEqual(sum(july.mapped("new_count")), 0)

    def test_rates_and_average(self):
        figures = self._figures(
            date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1), date(2025, 7, 1)
        )
        april, may, june, july = (figures[date(2025, m, 1)] for m in (4, 5, 6, 7))
        self.assertAlmostEqual(april["churn_rate"], 100 * 50 / 560, places=6)
        self.assertEqual((may["due_count"], may["renewed_count"]), (1, 1))
        self.assertEqual(may["renewal_rate"], 100)
        self.assertEqual((june["due_count"], june["renewed_count"]), (2, 1))
        self.assertEqual(june["renewal_rate"], 50)
        # July: B, D and F in force; a contract without amount is not counted
        with freeze_time("2025-01-01"):
            self._contract(0.0, "annual", start="2025-01-01", end="2025-12-31")
        july = self._figures(date(2025, 7, 1))[date(2025, 7, 1)]
        self.assertEqual(july["active_count"], 3)
        self.assertAlmostEqual(july["average_value"], 4820.40 / 3, places=2)

    def test_breakdown_by_service_sums_to_total(self):
        self.env.flush_all()
        Mrr = self.env["recurring.contract.mrr"]
        domain = [("company_id", "=", self.company.id), ("month", "=", "2025-07-01")]
        measures = ["mrr:sum", "expansion_mrr:sum", "churn_mrr:sum", "reactivation_mrr:sum"]
        by_service = Mrr._read_group(domain, ["product_id"], measures)
        (total,) = Mrr._read_group(domain, [], measures)
        self.assertEqual(
            {product: round(mrr, 2) for product, mrr, *_rest in by_service},
            {self.service_hosting: 201.70, self.service_backup: 200.0},
        )
        for index in range(len(measures)):
            self.assertAlmostEqual(sum(group[index + 1] for group in by_service), total[index])
        for dimension in ("type_id", "partner_id", "agent_id", "company_id"):
            groups = Mrr._read_group(domain, [dimension], ["mrr:sum"])
            self.assertAlmostEqual(sum(mrr for _key, mrr in groups), total[0], msg=dimension)

    def test_dashboard_and_exports(self):
        self.env.flush_all()
        dashboard = self.env["recurring.contract.mrr.dashboard"].create(
            {"company_id": self.company.id, "date": "2025-07-15"}
        )
        self.assertIn("401.70", dashboard.comparison_html)  # this month
        self.assertIn("07/2025", dashboard.comparison_html)
        self.assertIn("08/2024", dashboard.trend_html)
        self.assertEqual(dashboard.trend_html.count("<tr>"), 13)  # header + 12 months
        action = dashboard.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        comparison, trend = book.worksheets
        self.assertEqual(comparison["A2"].value, "MRR")
        self.assertAlmostEqual(comparison["B2"].value, 401.70)
        self.assertAlmostEqual(comparison["C2"].value, 330)
        self.assertEqual(trend.max_row, 14)  # header, 12 months, total
        trend_action = dashboard.action_open_trend()
        self.assertIn(("month", ">=", date(2024, 8, 1)), trend_action["domain"])
        rows = self._rows("2025-07-01")
        action = rows.action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")

    def test_other_company_sees_nothing(self):
        self.env.flush_all()
        other = self.env["res.company"].create({"name": "Altra S.r.l."})
        user = self.env["res.users"].create(
            {
                "name": "Other",
                "login": "mrr_other",
                "company_id": other.id,
                "company_ids": [Command.set(other.ids)],
                "groups_id": [
                    Command.link(self.env.ref("contract_recurring.group_contract_user").id)
                ],
            }
        )
        Mrr = self.env["recurring.contract.mrr"].with_user(user)
        self.assertFalse(Mrr.search([("contract_id", "=", self.a.id)]))

    def test_queries_do_not_grow_with_contracts(self):
        def count():
            self.env.flush_all()
            self.env.invalidate_all()
            dashboard = self.env["recurring.contract.mrr.dashboard"].new(
                {"company_id": self.company.id, "date": date(2025, 7, 1)}
            )
            before = self.env.cr.sql_log_count
            dashboard._figures()
            return self.env.cr.sql_log_count - before

        count()  # warm the registry caches (record rules, ...)
        few = count()
        for index in range(18):
            self._contract(120.0 + index, "annual", start="2025-02-01", end="2026-01-31")
        self.assertEqual(count(), few)
        self.assertLessEqual(few, 2)

    def test_renewal_confirmed_before_start_with_indexation(self):
        # H1 100/month to 30/09; its manual renewal H2 is confirmed on 15/09 with
        # -2 %: no gap, October shows a contraction of exactly 2,00 and no churn.
        with freeze_time("2025-01-01"):
            h1 = self._contract(1200.0, "annual", start="2025-01-01", end="2025-09-30")
        with freeze_time("2025-09-01"):
            h2 = h1._renew(automatic=False, send_mail=False)
        self.env.flush_all()
        self.assertEqual(sum(self._rows("2025-10-01", contract_id=h1.id).mapped("churn_mrr")), 100)
        with freeze_time("2025-09-15"):
            self.env["recurring.contract.update"].create(
                {"contract_ids": [Command.set(h2.ids)], "percentage": -2.0, "send_mail": False}
            ).action_confirm()
        october = self._rows("2025-10-01", contract_id=h2.id)
        self.assertEqual(round(sum(october.mapped("contraction_mrr")), 2), 2.0)
        self.assertEqual(round(sum(october.mapped("mrr")), 2), 98.0)
        self.assertFalse(sum(october.mapped("churn_mrr")))
        self.assertFalse(self._rows("2025-10-01", contract_id=h1.id))

    def test_dashboard_in_italian(self):
        self.env["res.lang"]._activate_lang("it_IT")
        self.env.flush_all()
        dashboard = (
            self.env["recurring.contract.mrr.dashboard"]
            .with_context(lang="it_IT")
            .create({"company_id": self.company.id, "date": "2025-07-15"})
        )
        html = dashboard.comparison_html
        for text in ("Mese corrente", "Stesso mese dell'anno precedente", "Tasso di rinnovo"):
            self.assertIn(text, str(html).replace("&#39;", "'"))
        self.assertIn("401,70", html)
        self.assertIn("MRR nuovi", html)
        self.assertIn("Riattivazioni", dashboard.trend_html)
