import base64

from odoo.tests import HttpCase, tagged
from odoo.tools import file_open

from .common import ContractCommon
from .report_pdf_common import ReportPdfMixin


@tagged("post_install", "-at_install")
class TestReportPdf(ReportPdfMixin, ContractCommon, HttpCase):
    """The contract and the billing preview printed by wkhtmltopdf, in Italian."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_italian(["base", "web", "contract_recurring"])
        cls.customer.write({"lang": "it_IT", "street": "Via Emilia 12", "city": "Modena"})
        cls.type_maintenance.conditions = "<p>Interventi entro 8 ore lavorative dalla chiamata.</p>"
        cls.contract = cls._contract(4938.24, "quarterly", client_order_ref="ORD-2026-044")

    def test_contract_pdf(self):
        report = "contract_recurring.recurring_contract_report"
        pdf = self._render_pdf(report, self.contract)
        self.assertEqual(self._pdf_pages(pdf), 2, "the conditions start on their own page")
        text = self._pdf_text(report, self.contract)
        for expected in (
            f"Contratto {self.contract.name}",
            "Ferramenta Rossi S.r.l.",
            "Via Emilia 12",
            "ORD-2026-044",
            "Validità: 01/01/2026 - 31/12/2026",
            "Servizi",
            "Prezzo unitario",
            "4.938,24 €",
            "Piano rate",
            "01/10/2026 01/10/2026 - 31/12/2026 1.234,56 €",
            "IVA esclusa",
            "Condizioni contrattuali",
            "Interventi entro 8 ore lavorative dalla chiamata.",
            "Per il cliente (timbro e firma)",
        ):
            self.assertIn(expected, text)
        self.assertEqual(text.count("1.234,56 €"), 4, "one row per installment")
        self.assertNotIn("Installment plan", text)

    def test_signed_contract_pdf(self):
        """The PDF attached when the customer signs online carries the signature."""
        with file_open("web/static/img/logo.png", "rb") as image:
            signature = base64.b64encode(image.read())
        self.contract.write(
            {
                "require_signature": True,
                "signature": signature,
                "signed_by": "Mario Rossi",
                "signed_on": "2026-01-15 09:30:00",
            }
        )
        text = self._pdf_text("contract_recurring.recurring_contract_report", self.contract)
        self.assertIn("Per il cliente: firmato online", text)
        self.assertIn("Mario Rossi - 15/01/2026", text)
        self.assertNotIn("Per il cliente (timbro e firma)", text)

    def test_billing_preview_pdf(self):
        run = self._run(invoice_date="2026-12-31")
        self.assertEqual(run.amount_untaxed, 4938.24)
        report = "contract_recurring.recurring_billing_run_report"
        self.assertEqual(self._pdf_pages(self._render_pdf(report, run)), 1)
        text = self._pdf_text(report, run)
        for expected in (
            "Prospetto di fatturazione",
            "Data fattura: 31/12/2026",
            "Ferramenta Rossi S.r.l.",
            self.contract.name,
            "01/01/2026 - 31/12/2026",
        ):
            self.assertIn(expected, text)
        self.assertRegex(text, r"Totale \(1 \w+\) 4\.938,24 €")
