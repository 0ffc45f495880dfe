import json
import logging
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest.mock import patch

import requests

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.bus.models.bus import channel_with_db, json_dump

from .common import HelpdeskQuotaCommon
from .test_portal import HelpdeskQuotaHttpCommon

PBX_GET = "odoo.addons.helpdesk_quota.models.res_company.requests.get"


class RaisesMixin:
    @contextmanager
    def raises(self, exception, pattern):
        """assertRaisesRegex with Odoo's savepoint: the failed write is
        rolled back, so what follows sees the state before it."""
        with self.assertRaises(exception) as catch:
            yield catch
        self.assertRegex(str(catch.exception), pattern)


class FakeResponse:
    def __init__(self, status=200):
        self.status_code = status

    def raise_for_status(self):
        if self.status_code >= 400:
            raise requests.exceptions.HTTPError(f"{self.status_code} Server Error")


@tagged("post_install", "-at_install")
class TestCallbackRequest(RaisesMixin, HelpdeskQuotaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "helpdesk_callback_limit": 2,
                "helpdesk_callback_minutes": 60,
                "phone": "030 9158637",
            }
        )
        cls.Request = cls.env["helpdesk.callback.request"]

    def _ask(self, phone="347 123 4567", user=None):
        return self.Request.with_user(user or self.portal_user).create(
            {"partner_id": (user or self.portal_user).partner_id.id, "phone": phone}
        )

    def test_request_is_stored_with_the_normalised_number(self):
        request = self._ask("0039 347-123.4567")
        self.assertEqual(request.partner_id, self.contact)
        self.assertEqual(request.commercial_partner_id, self.customer)
        self.assertEqual(request.phone_normalized, "+393471234567")
        self.assertEqual(request.state, "new")
        self.assertEqual(request.company_id, self.company)

    def test_invalid_numbers_are_refused_on_every_path(self):
        for phone in ("chiamami", "12", "02 1234 abc"):
            with self.raises(ValidationError, "not a valid phone number"):
                self._ask(phone)
        request = self._ask()
        with self.raises(ValidationError, "not a valid phone number"):
            request.sudo().phone = "123"

    def test_rate_limit_per_customer(self):
        self._ask()
        # a request for another contact of the same customer counts for it too
        self.Request.create({"partner_id": self.customer.id, "phone": "02 1234 5678"})
        with self.raises(UserError, "already asked to be called back 2 times"):
            self._ask()
        # other customers are not affected
        self._ask(user=self.other_portal_user)
        # past the window the customer may ask again
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_callback_request SET create_date = %s "
                "WHERE commercial_partner_id = %s",
                fields.Datetime.now() - timedelta(minutes=61),
                self.customer.id,
            )
        )
        self.env.invalidate_all()
        self.assertTrue(self._ask())
        # 0 means no limit
        self.company.helpdesk_callback_limit = 0
        for _i in range(3):
            self._ask()
        with self.raises(ValidationError, "at least one minute"):
            self.company.helpdesk_callback_minutes = 0

    def test_ineligible_customer_cannot_ask_and_sees_the_support_number(self):
        self.contract.write({"state": "suspended"})
        with self.raises(UserError, "no active contract"):
            self._ask()
        message = self.contact._helpdesk_callback_refusal()
        self.assertEqual(
            message,
            "No current contract was found - check your VAT number or call 030 9158637.",
        )
        self.company.helpdesk_support_phone = "800 123 456"
        self.assertIn("800 123 456", self.contact._helpdesk_callback_refusal())
        self.contract.write({"state": "active"})
        self.assertFalse(self.contact._helpdesk_callback_refusal())
        self._overdue_invoice(self.customer, 500.0)
        message = self.contact._helpdesk_callback_refusal()
        self.assertIn("overdue invoices", message)
        self.assertIn("800 123 456", message)

    def test_portal_users_see_and_ask_only_for_themselves(self):
        mine = self._ask()
        other = self._ask(user=self.other_portal_user)
        Request = self.Request.with_user(self.portal_user)
        self.assertEqual(Request.search([]), mine)
        with self.assertRaises(AccessError):
            other.with_user(self.portal_user).read(["phone"])
        with self.assertRaises(AccessError):
            Request.create({"partner_id": self.other_contact.id, "phone": "02 1234 5678"})
        with self.assertRaises(AccessError):
            mine.with_user(self.portal_user).write({"state": "done"})

    def test_operators_are_notified_on_the_bus(self):
        outsider = new_test_user(self.env, login="hq_sales", groups="base.group_user")
        self.env.cr.flush()
        request = self._ask()
        self.env.cr.flush()
        Bus = self.env["bus.bus"].sudo()

        def notifications(user):
            channel = json_dump(channel_with_db(self.env.cr.dbname, user.partner_id))
            return Bus.search(
                [("channel", "=", channel), ("message", "like", "helpdesk_quota.callback")]
            )

        sent = notifications(self.operator)
        self.assertEqual(len(sent), 1)
        message = json.loads(sent.message)
        self.assertEqual(message["payload"]["id"], request.id)
        self.assertIn("347 123 4567", message["payload"]["message"])
        self.assertIn(self.contact.display_name, message["payload"]["message"])
        self.assertFalse(notifications(outsider))
        # each operator reads it in their own language
        self.env["res.lang"]._activate_lang("it_IT")
        self.env["ir.module.module"]._load_module_terms(["helpdesk_quota"], ["it_IT"])
        self.operator.lang = "it_IT"
        self._ask("0521 234567", user=self.other_portal_user)
        self.env.cr.flush()
        message = json.loads(notifications(self.operator).sorted("id")[-1].message)
        self.assertEqual(message["payload"]["title"], "Richiesta di richiamata")
        self.assertIn("chiede di essere richiamato al 0521 234567", message["payload"]["message"])

    def test_callback_opens_the_prefilled_call_screen_and_is_closed_by_the_call(self):
        request = self._ask()
        action = request.with_user(self.operator).action_open_call_screen()
        screen = self.env["helpdesk.call.screen"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "helpdesk.call.screen")
        self.assertEqual(screen.partner_id, self.contact)
        self.assertEqual(screen.phone, "+393471234567")
        self.assertEqual(screen.contract_ids, self.contract)
        self.assertTrue(screen.outgoing)
        self.assertEqual(request.user_id, self.operator)
        screen.with_user(self.operator).write({"reason": "Richiamato: problema stampante"})
        screen.with_user(self.operator).action_log_call()
        self.assertEqual(request.state, "done")
        self.assertEqual(request.call_id, screen.call_id)
        self.assertTrue(screen.call_id.outgoing)
        with self.raises(UserError, "already been handled"):
            request.with_user(self.operator).action_open_call_screen()


@tagged("post_install", "-at_install")
class TestClickToCall(RaisesMixin, HelpdeskQuotaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.helpdesk_pbx_url = "https://pbx.example.com/dial?from={extension}&to={number}"
        cls.operator.helpdesk_pbx_extension = "201"

    def test_call_from_the_partner_sends_the_request(self):
        with patch(PBX_GET, return_value=FakeResponse()) as get:
            action = self.contact.with_user(self.operator).action_helpdesk_pbx_call()
        get.assert_called_once_with(
            "https://pbx.example.com/dial?from=201&to=%2B390212345678", timeout=10
        )
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("+390212345678", action["params"]["message"])

    def test_call_from_the_call_screen_dials_the_caller(self):
        screen = (
            self.env["helpdesk.call.screen"]
            .with_user(self.operator)
            .create({"query": "Ferramenta Rossi", "phone": "347 123 4567"})
        )
        with patch(PBX_GET, return_value=FakeResponse()) as get:
            screen.action_pbx_call()
        get.assert_called_once_with(
            "https://pbx.example.com/dial?from=201&to=%2B393471234567", timeout=10
        )

    def test_pbx_errors_are_reported_clearly(self):
        partner = self.contact.with_user(self.operator)
        with patch(PBX_GET, side_effect=requests.exceptions.ConnectTimeout("slow")):
            with self.raises(UserError, "did not answer within 10 seconds"):
                partner.action_helpdesk_pbx_call()
        with (
            patch(PBX_GET, return_value=FakeResponse(500)),
            self.assertLogs("odoo.addons.helpdesk_quota.models.res_company", logging.INFO),
        ):
            with self.raises(UserError, "PBX refused the call .*500"):
                partner.action_helpdesk_pbx_call()
        with patch(PBX_GET) as get:
            self.company.helpdesk_pbx_url = False
            with self.raises(UserError, "not configured"):
                partner.action_helpdesk_pbx_call()
            get.assert_not_called()

    def test_pbx_url_is_checked_on_the_company(self):
        with self.raises(ValidationError, "must start with http"):
            self.company.helpdesk_pbx_url = "pbx.example.com/dial?to={number}"
        with self.raises(ValidationError, "contain {number}"):
            self.company.helpdesk_pbx_url = "https://pbx.example.com/dial"


@tagged("post_install", "-at_install")
class TestCallScreenTimerAndCallBack(RaisesMixin, HelpdeskQuotaCommon):
    def _screen(self, **values):
        return (
            self.env["helpdesk.call.screen"]
            .with_user(self.operator)
            .create({"query": "+39 02 1234 5678", **values})
        )

    def test_duration_is_recorded_on_close(self):
        with freeze_time("2026-03-10 09:00:00"):
            screen = self._screen()
        self.assertEqual(screen.date_start, datetime(2026, 3, 10, 9, 0, 0))
        with freeze_time("2026-03-10 09:07:30"):
            screen.action_log_call()
        call = screen.call_id
        self.assertEqual(call.date_end, datetime(2026, 3, 10, 9, 7, 30))
        self.assertEqual(call.duration_seconds, 450)
        self.assertEqual(call.duration, 8)  # minutes, rounded up
        self.assertEqual(screen.call_date_end, call.date_end)
        with self.raises(ValidationError, "cannot end before it started"):
            call.date_end = datetime(2026, 3, 10, 8, 0, 0)

    def test_call_back_creates_an_activity_for_the_recipient(self):
        recipient = self.env["res.users"].create(
            {
                "name": "Anna Tecnico",
                "login": "anna_tecnico_cb",
                "email": "anna@example.com",
                "tz": "Europe/Rome",
            }
        )
        screen = self._screen(
            caller_name="Mario Rossi",
            reason="Richiamare per il preventivo",
            recipient_id=recipient.id,
            passed=True,
            call_back=True,
            call_back_date=datetime(2026, 3, 10, 14, 30),  # 15:30 in Rome
        )
        # dates in the messages follow the user's language: Italian here
        self.env["res.lang"]._activate_lang("it_IT")
        screen.with_context(lang="it_IT").action_log_call()
        activity = screen.call_id.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, recipient)
        self.assertEqual(activity.date_deadline, datetime(2026, 3, 10).date())
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertIn("Mario Rossi", activity.summary)
        self.assertIn("15:30", activity.summary)
        self.assertIn("10/03/2026", activity.summary)

    def test_call_back_without_recipient_goes_to_the_operator(self):
        screen = self._screen(call_back=True, call_back_date=fields.Datetime.now())
        screen.action_log_call()
        self.assertEqual(screen.call_id.activity_ids.user_id, self.operator)
        screen = self._screen(reason="Info")
        screen.action_log_call()
        self.assertFalse(screen.call_id.activity_ids)

    def test_operator_instructions_and_display_name(self):
        self.customer.helpdesk_operator_instructions = "Chiedere sempre la matricola."
        screen = self._screen()
        self.assertEqual(screen.operator_instructions, "Chiedere sempre la matricola.")
        self.assertEqual(screen.display_name, f"Call: {self.contact.display_name}")
        empty = self.env["helpdesk.call.screen"].with_user(self.operator).create({})
        self.assertEqual(empty.display_name, "Incoming Call")
        self.assertTrue(screen.action_search())


@tagged("post_install", "-at_install")
class TestCallbackPortal(HelpdeskQuotaHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"helpdesk_callback_limit": 1, "phone": "030 9158637"})

    def _post(self, phone, **values):
        data = {"csrf_token": http.Request.csrf_token(self), "phone": phone, **values}
        return self.url_open("/my/helpdesk/callback", data=data)

    def _requests(self):
        return self.env["helpdesk.callback.request"].search([])

    def test_eligible_customer_asks_to_be_called_back(self):
        self.authenticate("hq_portal", "hq_portal_pwd")
        page = self.url_open("/my/tickets")
        self.assertIn("o_helpdesk_callback_form", page.text)
        response = self._post("347 123 4567", redirect="/new/ticket")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/new/ticket"), response.url)
        self.assertIn("o_helpdesk_callback_sent", response.text)
        request = self._requests()
        self.assertEqual(len(request), 1)
        self.assertEqual((request.partner_id, request.phone), (self.contact, "347 123 4567"))
        # the limit: a clear error, nothing stored
        response = self._post("347 123 4567")
        self.assertIn("o_helpdesk_callback_error", response.text)
        self.assertIn("already asked to be called back", response.text)
        self.assertEqual(len(self._requests()), 1)

    def test_bad_number_is_refused_with_the_reason(self):
        self.authenticate("hq_portal", "hq_portal_pwd")
        response = self._post("chiamami")
        self.assertIn("not a valid phone number", response.text)
        self.assertFalse(self._requests())

    def test_ineligible_customer_sees_the_support_number(self):
        self.contract.write({"state": "suspended"})
        self.authenticate("hq_portal", "hq_portal_pwd")
        page = self.url_open("/my/tickets")
        self.assertIn("o_helpdesk_callback_refusal", page.text)
        self.assertIn("030 9158637", page.text)
        self.assertNotIn("o_helpdesk_callback_form", page.text)
        response = self._post("347 123 4567")
        self.assertIn("no active contract", response.text)
        self.assertFalse(self._requests())

    def test_callback_requires_post_with_csrf(self):
        self.authenticate("hq_portal", "hq_portal_pwd")
        response = self.url_open("/my/helpdesk/callback?phone=3471234567")
        self.assertEqual(response.status_code, 405)
        with self.assertLogs("odoo.http", logging.WARNING):
            response = self.url_open("/my/helpdesk/callback", data={"phone": "3471234567"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._requests())
