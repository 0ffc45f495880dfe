import base64
import io
from datetime import datetime

import openpyxl

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import ContractCommon


def _sheet(action, env):
    attachment = env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
    return openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas))).active


@tagged("post_install", "-at_install")
class TestAnalysis(ContractCommon):
    """A small known data set:

    A  Hosting  1 200/year  01/10/2025-30/09/2026  billed on 01/10/2025
    B  Backup   2 400/year  01/11/2025-31/10/2026  quarterly, unbilled
    C  Hosting    600/year  01/11/2025-31/10/2026  cancelled from 31/12/2025
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract_a = cls._contract(1200.0, "annual", start="2025-10-01", end="2026-09-30")
        cls.contract_b = cls._contract(
            2400.0,
            "quarterly",
            start="2025-11-01",
            end="2026-10-31",
            product_id=cls.service_backup.id,
            lines=[(cls.service_backup, 2400.0, None)],
        )
        cls.contract_c = cls._contract(600.0, "annual", start="2025-11-01", end="2026-10-31")
        run = cls.env["recurring.billing.run"].create(
            {
                "invoice_date": "2025-10-01",
                "journal_id": cls.sale_journal.id,
                "company_id": cls.company.id,
                "post_invoices": True,
            }
        )
        run.action_compute()
        run.action_confirm()
        cls.invoice_a = run.move_ids
        cls.contract_c.write({"state": "cancelled", "cancellation_date": "2025-12-31"})

    def _rows(self):
        self.env.flush_all()
        rows = self.env["recurring.contract.analysis"].search(
            [
                ("company_id", "=", self.company.id),
                ("month", ">=", "2025-09-01"),
                ("month", "<=", "2026-01-01"),
            ]
        )
        return {
            (row.month.isoformat(), row.product_id.name): (
                row.annual_value,
                row.amount_billed,
                row.amount_to_bill,
                row.active_count,
                row.new_count,
                row.renewed_count,
                row.cancelled_count,
            )
            for row in rows
        }

    def test_monthly_figures(self):
        self.assertEqual(self.invoice_a.amount_untaxed, 1200.0)
        self.assertEqual(
            self._rows(),
            {
                # month, service: annual value, billed, to bill, active, new, renewed, cancelled
                ("2025-10-01", "Hosting"): (1200.0, 1200.0, 0.0, 1, 1, 0, 0),
                ("2025-11-01", "Hosting"): (1800.0, 0.0, 600.0, 2, 1, 0, 0),
                ("2025-11-01", "Backup"): (2400.0, 0.0, 600.0, 1, 1, 0, 0),
                ("2025-12-01", "Hosting"): (1800.0, 0.0, 0.0, 2, 0, 0, 1),
                ("2025-12-01", "Backup"): (2400.0, 0.0, 0.0, 1, 0, 0, 0),
                ("2026-01-01", "Hosting"): (1200.0, 0.0, 0.0, 1, 0, 0, 0),
                ("2026-01-01", "Backup"): (2400.0, 0.0, 0.0, 1, 0, 0, 0),
            },
        )
        # the seed's 'totale servizio': count and totals per service
        groups = self.env["recurring.contract.analysis"].read_group(
            [("company_id", "=", self.company.id), ("month", "=", "2025-11-01")],
            ["active_count:sum", "annual_value:sum"],
            ["product_id"],
        )
        totals = {g["product_id"][1]: (g["active_count"], g["annual_value"]) for g in groups}
        self.assertEqual(totals, {"Hosting": (2, 1800.0), "Backup": (1, 2400.0)})

    def test_billed_and_renewed_months(self):
        self.contract_a.write({"state": "renewed"})
        rows = self._rows()
        self.assertEqual(rows[("2025-10-01", "Hosting")][5], 0)
        self.env.flush_all()
        renewed = self.env["recurring.contract.analysis"].search(
            [
                ("company_id", "=", self.company.id),
                ("month", "=", "2026-09-01"),
                ("product_id", "=", self.service_hosting.id),
            ]
        )
        self.assertEqual(renewed.renewed_count, 1)

    def test_contract_list_xlsx(self):
        contracts = self.contract_a | self.contract_b | self.contract_c
        sheet = _sheet(contracts.action_export_xlsx(), self.env)
        customer = self.customer.display_name
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(
            rows,
            [
                [
                    "Service",
                    "Contract",
                    "Customer",
                    "Contract type",
                    "Activation",
                    "Valid to",
                    "Cycle",
                    "Period amount",
                    "Annual amount",
                    "Installment amount",
                    "Status",
                ],
                [
                    "Backup",
                    self.contract_b.name,
                    customer,
                    "Maintenance",
                    datetime(2025, 11, 1),
                    datetime(2026, 10, 31),
                    "Quarterly",
                    2400.0,
                    2400.0,
                    600.0,
                    "Active",
                ],
                ["Total Backup", None, None, None, None, None, None, 2400.0, 2400.0, 600.0, None],
                [
                    "Hosting",
                    self.contract_a.name,
                    customer,
                    "Maintenance",
                    datetime(2025, 10, 1),
                    datetime(2026, 9, 30),
                    "Annual",
                    1200.0,
                    1200.0,
                    1200.0,
                    "Active",
                ],
                [
                    "Hosting",
                    self.contract_c.name,
                    customer,
                    "Maintenance",
                    datetime(2025, 11, 1),
                    datetime(2026, 10, 31),
                    "Annual",
                    600.0,
                    600.0,
                    600.0,
                    "Cancelled",
                ],
                ["Total Hosting", None, None, None, None, None, None, 1800.0, 1800.0, 1800.0, None],
                ["Total", None, None, None, None, None, None, 4200.0, 4200.0, 2400.0, None],
            ],
        )
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref, "A1:K6")
        self.assertEqual(sheet["E2"].number_format, "DD/MM/YYYY")
        self.assertIn("€", sheet["I2"].number_format)
        self.assertIn("€", sheet["I7"].number_format)
        self.assertTrue(sheet["A7"].font.bold)
        # no selection: the list's filter (active domain) decides
        sheet = _sheet(
            self.env["recurring.contract"]
            .with_context(active_domain=[("id", "in", contracts.ids), ("state", "=", "cancelled")])
            .action_export_xlsx(),
            self.env,
        )
        self.assertEqual([c.value for c in sheet[2]][:2], ["Hosting", self.contract_c.name])
        self.assertEqual(sheet["A4"].value, "Total")
        self.assertEqual(sheet["I4"].value, 600.0)

    def test_analysis_xlsx(self):
        self.env.flush_all()
        rows = self.env["recurring.contract.analysis"].search(
            [("company_id", "=", self.company.id), ("month", "=", "2025-11-01")]
        )
        sheet = _sheet(rows.action_export_xlsx(), self.env)
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(
            values,
            [
                [
                    "Service",
                    "Month",
                    "Contract type",
                    "Contracted annual value",
                    "Billed",
                    "Still to bill",
                    "Active",
                    "New",
                    "Renewed",
                    "Cancelled",
                ],
                ["Backup", datetime(2025, 11, 1), "Maintenance", 2400.0, 0.0, 600.0, 1, 1, 0, 0],
                ["Total Backup", None, None, None, 0.0, 600.0, None, 1, 0, 0],
                ["Hosting", datetime(2025, 11, 1), "Maintenance", 1800.0, 0.0, 600.0, 2, 1, 0, 0],
                ["Total Hosting", None, None, None, 0.0, 600.0, None, 1, 0, 0],
                ["Total", None, None, None, 0.0, 1200.0, None, 2, 0, 0],
            ],
        )

    def test_agent_split(self):
        salesperson = new_test_user(
            self.env,
            login="agente_rossi",
            name="Mario Agente",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        external = self.env["res.partner"].create({"name": "Agenzia Emilia S.a.s."})
        with self.assertRaises(ValidationError):
            self.contract_a.write(
                {
                    "agent_ids": [
                        Command.create({"user_id": salesperson.id, "percentage": 60.0}),
                        Command.create({"partner_id": external.id, "percentage": 30.0}),
                    ]
                }
            )
        self.contract_a.write(
            {
                "agent_ids": [
                    Command.create({"user_id": salesperson.id, "percentage": 60.0}),
                    Command.create({"partner_id": external.id, "percentage": 40.0}),
                ]
            }
        )
        self.assertEqual(self.contract_a.agent_ids[0].partner_id, salesperson.partner_id)
        # one write moving shares between agents is fine
        first, second = self.contract_a.agent_ids
        self.contract_a.write(
            {
                "agent_ids": [
                    Command.update(first.id, {"percentage": 75.0}),
                    Command.update(second.id, {"percentage": 25.0}),
                ]
            }
        )
        self.contract_b.write(
            {
                "agent_ids": [
                    Command.create({"partner_id": external.id, "percentage": 100.0}),
                ]
            }
        )
        # bill B's first installment in November
        run = self._run(invoice_date="2025-11-30", post_invoices=True)
        run.action_confirm()
        self.env.flush_all()
        report = self.env["recurring.contract.agent.report"].read_group(
            [("company_id", "=", self.company.id)],
            ["amount_attributed:sum"],
            ["partner_id", "month:month"],
            lazy=False,
        )
        figures = {(g["partner_id"][1], g["month:month"]): g["amount_attributed"] for g in report}
        self.assertEqual(
            figures,
            {
                ("Mario Agente", "October 2025"): 900.0,
                ("Agenzia Emilia S.a.s.", "October 2025"): 300.0,
                ("Agenzia Emilia S.a.s.", "November 2025"): 600.0,
            },
        )
