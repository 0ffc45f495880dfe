import logging
from urllib.parse import urlparse

from odoo import http
from odoo.tests import HttpCase, tagged

from .common import HelpdeskQuotaCommon


class HelpdeskQuotaHttpCommon(HelpdeskQuotaCommon, HttpCase):
    def url_open(self, *args, **kwargs):
        # the request runs on the test cursor in another thread: write the
        # test's pending changes first, read the request's ones after
        self.env.flush_all()
        response = super().url_open(*args, **kwargs)
        self.env.invalidate_all()
        return response

    def start_tour(self, *args, **kwargs):
        self.env.flush_all()
        result = super().start_tour(*args, **kwargs)
        self.env.invalidate_all()
        return result

    def _submit(self, expected_status=200, **values):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "subject": "Il server non si avvia",
            "description": "Da stamattina il server di posta non si avvia.",
            **values,
        }
        response = self.url_open("/submitted/ticket", data=data)
        self.assertEqual(response.status_code, expected_status, response.text[:2000])
        return response

    def _tickets_of(self, partner):
        return self.env["helpdesk.ticket"].search([("commercial_partner_id", "=", partner.id)])


@tagged("post_install", "-at_install")
class TestPortalSubmission(HelpdeskQuotaHttpCommon):
    def test_submission_sets_commercial_entity_contract_and_counter(self):
        self.authenticate("hq_portal", "hq_portal_pwd")
        response = self.url_open("/new/ticket")
        self.assertIn("o_helpdesk_quota_used", response.text)
        self._submit()
        ticket = self._tickets_of(self.customer)
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.requester_id, self.contact)
        self.assertEqual(ticket.contract_id, self.contract)
        self.assertEqual(ticket.quota_counter_id.used, 1)
        self.assertIn(self.contact, ticket.message_partner_ids)
        response = self.url_open("/my/tickets")
        self.assertIn(ticket.number, response.text)

    def test_submission_refused_without_contract_or_with_overdue(self):
        self.contract.write({"state": "suspended"})
        self.authenticate("hq_portal", "hq_portal_pwd")
        response = self.url_open("/new/ticket")
        self.assertIn("no active contract", response.text)
        response = self._submit(expected_status=403)
        self.assertIn("no active contract", response.text)
        self.assertFalse(self._tickets_of(self.customer))
        self.contract.write({"state": "active"})
        self._overdue_invoice(self.customer, 300.0)
        response = self._submit(expected_status=403)
        self.assertIn("overdue invoices", response.text)
        self.assertFalse(self._tickets_of(self.customer))

    def test_submission_over_quota_is_refused_and_nothing_is_written(self):
        self.authenticate("hq_portal", "hq_portal_pwd")
        self._submit()
        self._submit()
        response = self._submit(expected_status=403)
        self.assertIn("all of them have been used", response.text)
        self.assertEqual(len(self._tickets_of(self.customer)), 2)
        self.assertEqual(self.contract.helpdesk_quota_used, 2)
        # the new-ticket page says it before the customer writes anything
        page = self.url_open("/new/ticket")
        self.assertIn("all of them have been used", page.text)
        self.assertNotIn('action="/submitted/ticket"', page.text)

    def test_forged_category_team_and_contract_are_refused(self):
        company = self.company
        company.write(
            {"helpdesk_mgmt_portal_select_category": True, "helpdesk_mgmt_portal_select_team": True}
        )
        hidden_category = self.env["helpdesk.ticket.category"].create(
            {"name": "Interna", "show_in_portal": False, "company_id": company.id}
        )
        hidden_team = self.env["helpdesk.ticket.team"].create(
            {"name": "Amministrazione", "show_in_portal": False, "company_id": company.id}
        )
        self.authenticate("hq_portal", "hq_portal_pwd")
        for values in (
            {"category": hidden_category.id},
            {"category": "not-a-number"},
            {"team": hidden_team.id},
            {"contract": self.other_contract.id},
            {"contract": 999999},
        ):
            response = self._submit(expected_status=403, **values)
            self.assertIn("alert-danger", response.text)
        self.assertFalse(self._tickets_of(self.customer))
        self.assertEqual(self.contract.helpdesk_quota_used, 0)

    def test_submission_requires_post_with_csrf(self):
        self.authenticate("hq_portal", "hq_portal_pwd")
        response = self.url_open("/submitted/ticket?subject=x&description=y")
        self.assertEqual(response.status_code, 405)
        with self.assertLogs("odoo.http", logging.WARNING):
            response = self.url_open("/submitted/ticket", data={"subject": "x", "description": "y"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._tickets_of(self.customer))


@tagged("post_install", "-at_install")
class TestPortalTicketAccess(HelpdeskQuotaHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_ticket = cls.env["helpdesk.ticket"].create(
            {"name": "Mio", "description": "x", "partner_id": cls.customer.id}
        )
        cls.other_ticket = cls.env["helpdesk.ticket"].create(
            {"name": "Altrui", "description": "x", "partner_id": cls.other_customer.id}
        )

    def _close(self, ticket, stage, **extra):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "ticket_id": ticket.id,
            "stage_id": stage.id,
            **extra,
        }
        return self.url_open("/ticket/close", data=data, allow_redirects=False)

    def test_portal_sees_only_its_commercial_entity(self):
        self.authenticate("hq_portal", "hq_portal_pwd")
        response = self.url_open(f"/my/ticket/{self.own_ticket.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        response = self.url_open(f"/my/ticket/{self.other_ticket.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(urlparse(response.headers["Location"]).path, "/my")
        response = self.url_open("/my/tickets")
        self.assertIn(self.own_ticket.number, response.text)
        self.assertNotIn(self.other_ticket.number, response.text)
        Ticket = self.env["helpdesk.ticket"].with_user(self.portal_user)
        self.assertEqual(Ticket.search([]), self.own_ticket)
        Contract = self.env["recurring.contract"].with_user(self.portal_user)
        self.assertEqual(Contract.search([]), self.contract)
        Counter = self.env["helpdesk.quota.counter"].with_user(self.portal_user)
        self._ticket(partner=self.other_customer)
        self.assertEqual(Counter.search([]).contract_id, self.contract)

    def test_close_is_post_only_with_csrf(self):
        self.authenticate("hq_portal", "hq_portal_pwd")
        response = self.url_open(
            f"/ticket/close?ticket_id={self.own_ticket.id}&stage_id={self.stage_done.id}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 405)
        with self.assertLogs("odoo.http", logging.WARNING):
            response = self.url_open(
                "/ticket/close",
                data={"ticket_id": self.own_ticket.id, "stage_id": self.stage_done.id},
                allow_redirects=False,
            )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.own_ticket.closed)
        page = self.url_open(f"/my/ticket/{self.own_ticket.id}").text
        self.assertIn('action="/ticket/close"', page)
        self.assertIn('method="POST"', page)

    def test_close_own_ticket(self):
        self.authenticate("hq_portal", "hq_portal_pwd")
        response = self._close(self.own_ticket, self.stage_done)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(self.own_ticket.closed)

    def test_close_refuses_other_customers_forged_ids_and_stages(self):
        self.authenticate("hq_portal", "hq_portal_pwd")
        response = self._close(self.other_ticket, self.stage_done)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.other_ticket.closed)
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "ticket_id": "abc",
            "stage_id": self.stage_done.id,
        }
        response = self.url_open("/ticket/close", data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 404)
        data["ticket_id"] = 999999
        response = self.url_open("/ticket/close", data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 404)
        # a stage not closable from the portal
        rejected = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")
        response = self._close(self.own_ticket, rejected)
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.own_ticket.closed)


@tagged("post_install", "-at_install")
class TestPbxEndpoint(HelpdeskQuotaHttpCommon):
    URL = "/helpdesk_quota/pbx/incoming"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator.password = "hq_operator_pwd"
        cls.env["ir.config_parameter"].set_param("helpdesk_quota.pbx_secret", "s3cret-PBX")

    def _screens(self):
        return self.env["helpdesk.call.screen"].search([])

    def test_pbx_post_with_the_secret_opens_the_call_screen(self):
        self.authenticate("hq_operator", "hq_operator_pwd")
        response = self.url_open(
            self.URL,
            data={"number": "0039 02 1234 5678", "secret": "s3cret-PBX"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        action = self.env.ref("helpdesk_quota.helpdesk_call_screen_action")
        location = urlparse(response.headers["Location"]).path
        prefix = f"/odoo/action-{action.id}/"
        self.assertTrue(location.startswith(prefix), location)
        screen = self.env["helpdesk.call.screen"].browse(int(location[len(prefix) :]))
        self.assertEqual(screen.create_uid, self.operator)
        self.assertEqual(screen.phone, "0039 02 1234 5678")
        self.assertEqual(screen.partner_id, self.contact)
        self.assertEqual(screen.contract_ids, self.contract)
        self.assertEqual(screen.display_name, f"Call: {self.contact.display_name}")
        # the secret may come in a header too
        response = self.url_open(
            self.URL,
            data={"number": "02 1234 5678"},
            headers={"X-Helpdesk-Secret": "s3cret-PBX"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(len(self._screens()), 2)

    def test_pbx_get_is_refused_and_changes_nothing(self):
        self.authenticate("hq_operator", "hq_operator_pwd")
        response = self.url_open(
            f"{self.URL}?number=0039%2002%201234%205678&secret=s3cret-PBX",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 405)
        self.assertFalse(self._screens())

    def test_pbx_refuses_a_wrong_or_missing_secret(self):
        self.authenticate("hq_operator", "hq_operator_pwd")
        for data in ({"number": "021234"}, {"number": "021234", "secret": "s3cret-pbx"}):
            response = self.url_open(self.URL, data=data, allow_redirects=False)
            self.assertEqual(response.status_code, 403, data)
        # no secret configured: every call is refused, even an empty secret
        self.env["ir.config_parameter"].set_param("helpdesk_quota.pbx_secret", False)
        response = self.url_open(
            self.URL, data={"number": "021234", "secret": ""}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self._screens())

    def test_pbx_needs_an_operator(self):
        data = {"number": "021234", "secret": "s3cret-PBX"}
        response = self.url_open(self.URL, data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        self.authenticate("hq_portal", "hq_portal_pwd")
        response = self.url_open(self.URL, data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self._screens())


@tagged("post_install", "-at_install")
class TestPortalTour(HelpdeskQuotaHttpCommon):
    def test_portal_customer_submits_and_sees_the_counters(self):
        self.start_tour("/my/tickets", "helpdesk_quota_portal_tour", login="hq_portal")
        ticket = self._tickets_of(self.customer)
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.name, "Tour: la stampante non stampa")
        self.assertEqual(self.contract.helpdesk_quota_used, 1)
