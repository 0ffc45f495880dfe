import hmac

import werkzeug

from odoo import http
from odoo.http import request


class HelpdeskQuotaPbx(http.Controller):
    @http.route(
        "/helpdesk_quota/pbx/incoming",
        type="http",
        auth="user",
        methods=["POST"],
        csrf=False,
    )
    def pbx_incoming(self, number=None, secret=None, **kw):
        """Open the call screen of the operator's session for a caller number.

        The PBX (or its desktop client) POSTs the caller's number and the
        shared secret of the settings in the operator's browser session: it
        prepares a call screen (a transient record of the operator, like any
        wizard) searched by the number and redirects to it. The CSRF token
        is replaced by the secret, compared in constant time; a GET is
        refused by the route (405) and changes nothing."""
        user = request.env.user
        if user.share or not user.has_group("helpdesk_mgmt.group_helpdesk_user_own"):
            raise request.not_found()
        # sudo: the secret is a system parameter that operators cannot read
        expected = (
            request.env["ir.config_parameter"].sudo().get_param("helpdesk_quota.pbx_secret") or ""
        )
        given = secret or request.httprequest.headers.get("X-Helpdesk-Secret") or ""
        if not expected or not hmac.compare_digest(
            expected.encode("utf-8"), str(given).encode("utf-8")
        ):
            raise werkzeug.exceptions.Forbidden()
        number = (number or "").strip()[:64]
        screen = request.env["helpdesk.call.screen"].create(
            {"phone": number or False, "query": number or False}
        )
        action = request.env.ref("helpdesk_quota.helpdesk_call_screen_action")
        return request.redirect(f"/odoo/action-{action.id}/{screen.id}")
