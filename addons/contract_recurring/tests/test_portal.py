import base64
import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import file_open, mute_logger

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestContractPortal(ContractCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._contract(480.0, "quarterly")
        cls.portal_user = cls._portal_user("ferramenta")
        other = cls.env["res.partner"].create({"name": "Hotel Panorama", "is_company": True})
        cls.foreign = cls._contract(960.0, "annual", partner=other)
        with file_open("web/static/img/logo.png", "rb") as image:
            cls.signature_png = base64.b64encode(image.read()).decode()

    def _csrf(self, contract):
        page = self.url_open(f"/my/contracts/{contract.id}")
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _bill_first_installment(self):
        run = self._run(invoice_date="2026-01-31")
        run.action_confirm()
        run.move_ids.action_post()
        return run.move_ids.filtered(lambda m: m.partner_id == self.customer)

    def test_portal_lists_and_shows_own_contracts_only(self):
        self.authenticate("ferramenta", "ferramenta-pw")
        page = self.url_open("/my/contracts")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.contract.name, page.text)
        self.assertNotIn(self.foreign.name, page.text)
        detail = self.url_open(f"/my/contracts/{self.contract.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn("120.00", detail.text)
        self.assertIn(self.contract.type_id.name, detail.text)

    def test_page_shows_plan_and_invoices_with_state(self):
        invoice = self._bill_first_installment()
        self.authenticate("ferramenta", "ferramenta-pw")
        text = self.url_open(f"/my/contracts/{self.contract.id}").text
        plan = text[text.index('id="contract_plan"') : text.index('id="contract_invoices"')]
        # dates dd/mm/yyyy; the billed installment links its invoice, the others wait
        self.assertIn("01/04/2026", plan)
        self.assertIn("<span>01/01/2026</span> - <span>31/03/2026</span>", plan)
        self.assertIn(invoice.name, plan)
        self.assertEqual(plan.count("To bill"), 3)
        invoices = text[
            text.index('id="contract_invoices"') : text.index('id="contract_signature"')
        ]
        self.assertIn(f'href="/my/invoices/{invoice.id}?access_token=', invoices)
        self.assertIn("Not Paid", invoices)
        self.assertIn("31/01/2026", invoices)

    def test_page_in_italian(self):
        self.env["res.lang"]._activate_lang("it_IT")
        self.env["ir.module.module"]._load_module_terms(
            ["account", "contract_recurring"], ["it_IT"], overwrite=True
        )
        self.portal_user.partner_id.lang = "it_IT"
        self._bill_first_installment()
        self.env["recurring.contract.request"].create(
            {
                "contract_id": self.contract.id,
                "partner_id": self.portal_user.partner_id.id,
                "request_type": "renewal",
            }
        )
        self.authenticate("ferramenta", "ferramenta-pw")
        text = self.url_open(f"/my/contracts/{self.contract.id}").text
        for label in ("Non pagata", "Piano rate", "In attesa", "Rinnovo", "Da fatturare"):
            self.assertIn(label, text)
        for label in ("Not Paid", "Pending", "To bill"):
            self.assertNotIn(label, text)

    def test_billed_installments_link_to_their_invoice(self):
        first = self.contract.installment_ids.sorted("invoice_date")[:1]
        billing = self.env["recurring.billing"]._start(
            first,
            company_id=self.company.id,
            journal_id=self.sale_journal.id,
            invoice_date=first.invoice_date,
            post_invoices=True,
        )
        billing.action_run()
        invoice = first.move_id
        self.assertEqual(invoice.state, "posted")
        self.authenticate("ferramenta", "ferramenta-pw")
        detail = self.url_open(f"/my/contracts/{self.contract.id}")
        self.assertIn(f'href="/my/invoices/{invoice.id}', detail.text)
        self.assertEqual(self.url_open(f"/my/invoices/{invoice.id}").status_code, 200)

    def test_forged_or_foreign_ids_give_no_data(self):
        self.authenticate("ferramenta", "ferramenta-pw")
        for contract_id in (self.foreign.id, 999999):
            response = self.url_open(f"/my/contracts/{contract_id}")
            self.assertNotIn(self.foreign.name, response.text)
            self.assertTrue(response.url.endswith("/my"), response.url)

    def test_portal_rules_on_records(self):
        contracts = self.env["recurring.contract"].with_user(self.portal_user)
        visible = contracts.search([])
        self.assertEqual(visible, self.contract)
        installments = self.env["recurring.contract.installment"].with_user(self.portal_user)
        self.assertEqual(installments.search([]).contract_id, self.contract)

    # ------------------------------------------------------------------
    # signature
    # ------------------------------------------------------------------
    def test_sign_online(self):
        self.authenticate("ferramenta", "ferramenta-pw")
        page = self.url_open(f"/my/contracts/{self.contract.id}").text
        self.assertNotIn("contract_sign_button", page)
        refused = self.make_jsonrpc_request(
            f"/my/contracts/{self.contract.id}/sign",
            {"name": "Mario Rossi", "signature": self.signature_png},
        )
        self.assertIn("error", refused)
        self.assertFalse(self.contract.signature)

        action = self.contract.action_send_for_signature()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertTrue(self.contract.require_signature)
        composer = Form(self.env["mail.compose.message"].with_context(**action["context"]))
        self.assertIn(f"/my/contracts/{self.contract.id}?access_token=", composer.body)
        page = self.url_open(f"/my/contracts/{self.contract.id}").text
        self.assertIn("contract_sign_button", page)
        result = self.make_jsonrpc_request(
            f"/my/contracts/{self.contract.id}/sign",
            {"name": "Mario Rossi", "signature": self.signature_png},
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(self.contract.signed_by, "Mario Rossi")
        self.assertTrue(self.contract.signature)
        self.assertFalse(self.contract._has_to_be_signed())
        message = self.contract.message_ids.filtered("attachment_ids")[:1]
        self.assertEqual(message.author_id, self.portal_user.partner_id)
        self.assertIn("Mario Rossi", message.body)
        self.assertEqual(message.attachment_ids.mimetype, "application/pdf")
        self.assertEqual(message.attachment_ids.name, f"{self.contract.name.replace('/', '_')}.pdf")
        # signed once: a second signature is refused and changes nothing
        again = self.make_jsonrpc_request(
            f"/my/contracts/{self.contract.id}/sign",
            {"name": "Someone Else", "signature": self.signature_png},
        )
        self.assertIn("error", again)
        self.assertEqual(self.contract.signed_by, "Mario Rossi")
        with self.assertRaises(UserError):
            self.contract.action_send_for_signature()

    def test_sign_foreign_contract_refused(self):
        self.foreign.action_send_for_signature()
        self.authenticate("ferramenta", "ferramenta-pw")
        for contract_id in (self.foreign.id, 999999):
            result = self.make_jsonrpc_request(
                f"/my/contracts/{contract_id}/sign",
                {"name": "Mario Rossi", "signature": self.signature_png},
            )
            self.assertIn("error", result)
        self.assertFalse(self.foreign.signature)
        self.assertFalse(self.foreign.signed_by)

    def test_signature_token_link(self):
        """The e-mail's link (access token) lets the customer sign without logging in."""
        self.contract.action_send_for_signature()
        url = self.contract.get_portal_url(suffix="/sign")
        self.authenticate(None, None)
        result = self.make_jsonrpc_request(
            url, {"name": "Mario Rossi", "signature": self.signature_png}
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(self.contract.signed_by, "Mario Rossi")
        bad = self.make_jsonrpc_request(
            f"/my/contracts/{self.foreign.id}/sign?access_token={self.contract.access_token}",
            {"name": "Mario Rossi", "signature": self.signature_png},
        )
        self.assertIn("error", bad)

    # ------------------------------------------------------------------
    # requests
    # ------------------------------------------------------------------
    def test_request_renewal_from_portal(self):
        self.authenticate("ferramenta", "ferramenta-pw")
        csrf = self._csrf(self.contract)
        response = self.url_open(
            f"/my/contracts/{self.contract.id}/request",
            data={"csrf_token": csrf, "request_type": "renewal", "note": "Rinnoviamo"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("message=request_sent", response.url)
        request = self.contract.request_ids
        self.assertEqual(len(request), 1)
        self.assertEqual(request.partner_id, self.portal_user.partner_id)
        self.assertEqual(request.state, "pending")
        activity = self.contract.activity_ids
        self.assertEqual(activity, request.activity_id)
        self.assertEqual(activity.user_id, self.contract.user_id)
        self.assertIn("Rinnoviamo", str(activity.note))
        self.assertIn("Pending", response.text)
        # the same kind twice while pending: refused
        again = self.url_open(
            f"/my/contracts/{self.contract.id}/request",
            data={"csrf_token": csrf, "request_type": "renewal"},
        )
        self.assertIn("message=request_exists", again.url)
        self.assertEqual(len(self.contract.request_ids), 1)
        # the portal changed nothing on the contract
        self.assertEqual(self.contract.state, "active")
        # the office marks it done: activity closed, the portal shows it done
        request.action_done()
        self.assertEqual(request.state, "done")
        self.assertFalse(self.contract.activity_ids)
        self.assertFalse(request.activity_id.exists())

    def test_request_invoice_recipient_needs_details(self):
        self.authenticate("ferramenta", "ferramenta-pw")
        csrf = self._csrf(self.contract)
        url = f"/my/contracts/{self.contract.id}/request"
        for data in (
            {"request_type": "invoice_recipient", "note": "  "},
            {"request_type": "write_contract"},
            {},
        ):
            response = self.url_open(url, data={"csrf_token": csrf, **data})
            self.assertIn("message=request_invalid", response.url)
        self.assertFalse(self.contract.request_ids)
        self.url_open(
            url,
            data={
                "csrf_token": csrf,
                "request_type": "invoice_recipient",
                "note": "Ferramenta Rossi Holding, P.IVA 01234567890",
            },
        )
        self.assertEqual(self.contract.request_ids.request_type, "invoice_recipient")
        self.assertEqual(self.contract.invoice_partner_id, self.customer)

    def test_request_refused_without_post_csrf_or_ownership(self):
        self.authenticate("ferramenta", "ferramenta-pw")
        csrf = self._csrf(self.contract)
        get = self.url_open(f"/my/contracts/{self.contract.id}/request?request_type=cancellation")
        self.assertEqual(get.status_code, 405)
        with mute_logger("odoo.http"):
            no_csrf = self.url_open(
                f"/my/contracts/{self.contract.id}/request", data={"request_type": "cancellation"}
            )
        self.assertEqual(no_csrf.status_code, 400)
        for contract_id in (self.foreign.id, 999999):
            response = self.url_open(
                f"/my/contracts/{contract_id}/request",
                data={"csrf_token": csrf, "request_type": "cancellation"},
            )
            self.assertTrue(response.url.endswith("/my"), response.url)
        requests = self.env["recurring.contract.request"].search([])
        self.assertFalse(requests)
        self.assertFalse(self.foreign.activity_ids)

    def test_request_records_and_rules(self):
        Request = self.env["recurring.contract.request"]
        own, foreign = Request.create(
            [
                {
                    "contract_id": self.contract.id,
                    "partner_id": self.portal_user.partner_id.id,
                    "request_type": "cancellation",
                },
                {
                    "contract_id": self.foreign.id,
                    "partner_id": self.foreign.partner_id.id,
                    "request_type": "renewal",
                },
            ]
        )
        self.assertEqual(own.activity_id.res_id, self.contract.id)
        self.assertEqual(foreign.activity_id.res_id, self.foreign.id)
        as_portal = Request.with_user(self.portal_user)
        self.assertEqual(as_portal.search([]), own)
        with self.assertRaises(AccessError):
            as_portal.create(
                {
                    "contract_id": self.contract.id,
                    "partner_id": self.portal_user.partner_id.id,
                    "request_type": "renewal",
                }
            )
        with self.assertRaises(AccessError):
            own.with_user(self.portal_user).write({"state": "done"})
        foreign.action_refuse()
        self.assertEqual(foreign.state, "refused")
        self.assertFalse(self.foreign.activity_ids)
        self.assertEqual(self.contract.request_pending_count, 1)


@tagged("post_install", "-at_install")
class TestContractPortalTour(ContractCommon, HttpCase):
    def test_portal_tour(self):
        contract = self._contract(480.0, "quarterly")
        run = self._run(invoice_date="2026-01-31")
        run.action_confirm()
        run.move_ids.action_post()
        contract.action_send_for_signature()
        user = self._portal_user("ferramenta", "ferramenta")
        self.start_tour("/my/contracts", "contract_recurring_portal", login="ferramenta")
        self.assertEqual(contract.signed_by, user.partner_id.name)
        self.assertTrue(contract.message_ids.attachment_ids)
        self.assertEqual(contract.request_ids.request_type, "renewal")
        self.assertEqual(contract.request_ids.state, "pending")
        self.assertEqual(contract.state, "active")
