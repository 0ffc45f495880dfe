from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.contract_recurring.tests.common import ContractCommon


@tagged("post_install", "-at_install")
class TestContractPortalPayment(ContractCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("account_payment.enable_portal_payment", True)
        # the provider Odoo's own payment tests use (payment.tests.common)
        method = cls.env.ref("payment.payment_method_unknown")
        cls.provider = cls.env["payment.provider"].create(
            {
                "name": "Dummy Provider",
                "code": "none",
                "state": "test",
                "is_published": True,
                "company_id": cls.company.id,
                "payment_method_ids": [Command.set(method.ids)],
                "available_currency_ids": [Command.set(cls.company.currency_id.ids)],
            }
        )
        method.active = True
        cls.contract = cls._contract(480.0, "quarterly")
        other = cls.env["res.partner"].create({"name": "Hotel Panorama", "is_company": True})
        cls.foreign = cls._contract(480.0, "quarterly", partner=other)
        run = cls.env["recurring.billing.run"].create(
            {
                "invoice_date": "2026-04-30",
                "journal_id": cls.sale_journal.id,
                "company_id": cls.company.id,
                "one_invoice_per_installment": True,
            }
        )
        run.action_compute()
        run.action_confirm()
        cls.invoices = run.move_ids
        cls.invoices.action_post()
        cls.invoice = cls.invoices.filtered(lambda m: m.partner_id == cls.customer)[:1]
        cls.paid = cls.invoices.filtered(lambda m: m.partner_id == cls.customer)[1:]
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=cls.paid.ids
        ).create({})._create_payments()
        cls._portal_user("ferramenta")

    def _invoice_rows(self, contract):
        text = self.url_open(f"/my/contracts/{contract.id}").text
        return text[text.index('id="contract_invoices"') : text.index('id="contract_signature"')]

    def test_pay_now_opens_the_invoice_payment_form(self):
        self.assertEqual(len(self.paid), 1, "two installments billed, one invoice each")
        self.assertEqual(self.paid.payment_state, "paid")
        self.authenticate("ferramenta", "ferramenta-pw")
        rows = self._invoice_rows(self.contract)
        self.assertEqual(rows.count("o_contract_pay_now"), 1)
        pay_url = self.invoice.get_portal_url(anchor="portal_pay", query_string="&payment=True")
        self.assertIn(pay_url.replace("&", "&amp;"), rows)
        page = self.url_open(pay_url)
        self.assertEqual(page.status_code, 200)
        self.assertIn('id="o_payment_form"', page.text)
        self.assertIn(f'data-provider-id="{self.provider.id}"', page.text)
        self.assertIn(f"/invoice/transaction/{self.invoice.id}", page.text)
        # the form's next step, as the payment form posts it: a transaction
        # of the provider for the invoice's amount due
        with mute_logger("odoo.addons.payment.models.payment_transaction"):
            self.make_jsonrpc_request(
                f"/invoice/transaction/{self.invoice.id}",
                {
                    "provider_id": self.provider.id,
                    "payment_method_id": self.provider.payment_method_ids.id,
                    "token_id": None,
                    "amount": self.invoice.amount_residual,
                    "flow": "direct",
                    "tokenization_requested": False,
                    "landing_route": self.invoice.get_portal_url(),
                    "access_token": self.invoice._portal_ensure_token(),
                },
            )
        self.invoice.invalidate_recordset(["transaction_ids"])
        transaction = self.invoice.transaction_ids
        self.assertEqual(transaction.provider_id, self.provider)
        self.assertEqual(transaction.amount, self.invoice.amount_residual)
        self.assertEqual(transaction.partner_id.commercial_partner_id, self.customer)

    def test_no_pay_now_without_portal_payment_or_for_others(self):
        self.env["ir.config_parameter"].set_param("account_payment.enable_portal_payment", False)
        self.authenticate("ferramenta", "ferramenta-pw")
        self.assertNotIn("o_contract_pay_now", self._invoice_rows(self.contract))
        response = self.url_open(f"/my/contracts/{self.foreign.id}")
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertNotIn("o_contract_pay_now", response.text)
