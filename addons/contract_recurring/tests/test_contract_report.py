from odoo.tests import tagged
from odoo.tools import format_date

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestContractReport(ContractCommon):
    def _html(self, contract):
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "contract_recurring.recurring_contract_report", contract.ids
        )
        return html.decode()

    def test_pdf_holds_customer_plan_and_conditions(self):
        self.type_maintenance.conditions = (
            "<p>Interventi entro 8 ore lavorative dalla chiamata.</p>"
        )
        self.customer.write({"street": "Via Emilia 12", "city": "Modena", "vat": "IT00743110157"})
        contract = self._contract(
            480.0, "quarterly", site_id=self.site.id, client_order_ref="ORD-2026-044"
        )
        report = self.env.ref("contract_recurring.recurring_contract_report_action")
        self.assertEqual(report.binding_model_id.model, "recurring.contract")
        html = self._html(contract)
        last_date = format_date(self.env, "2026-10-01")
        for text in (
            contract.name,
            "Ferramenta Rossi",
            "Via Emilia 12",
            "Magazzino Carpi",
            "ORD-2026-044",
            "Hosting",
            "480.00",
            "120.00",
            last_date,
            "Interventi entro 8 ore lavorative",
        ):
            self.assertIn(text, html)
        self.assertEqual(html.count("120.00"), 4, "one row per installment")

    def test_conditions_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("it_IT")
        self.type_maintenance.conditions = "<p>Response within 8 working hours.</p>"
        self.type_maintenance.update_field_translations(
            "conditions",
            {"it_IT": {"Response within 8 working hours.": "Intervento entro 8 ore lavorative."}},
        )
        self.customer.lang = "it_IT"
        html = self._html(self._contract())
        self.assertIn("Intervento entro 8 ore lavorative.", html)
        self.assertNotIn("Response within 8 working hours.", html)
