from odoo import http
from odoo.http import request


class HelpdeskQuotaPbx(http.Controller):
    @http.route("/helpdesk_quota/pbx/incoming", type="http", auth="user", methods=["GET"])
    def pbx_incoming(self, number=None, **kw):
        """Open the call screen of the operator's session for a caller number.

        The PBX (or its desktop client) opens this URL in the operator's
        browser: it prepares a call screen (a transient record of the
        operator, like any wizard) searched by the number and redirects to
        it. Nothing else is written: the call is logged by the operator."""
        user = request.env.user
        if user.share or not user.has_group("helpdesk_mgmt.group_helpdesk_user_own"):
            raise request.not_found()
        number = (number or "").strip()[:64]
        screen = request.env["helpdesk.call.screen"].create(
            {"phone": number or False, "query": number or False}
        )
        action = request.env.ref("helpdesk_quota.helpdesk_call_screen_action")
        return request.redirect(f"/odoo/action-{action.id}/{screen.id}")
