from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

FLASH_KEY = "helpdesk_quota_callback"


class HelpdeskQuotaCallback(http.Controller):
    @http.route(
        "/my/helpdesk/callback",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        csrf=True,
    )
    def helpdesk_callback(self, phone=None, redirect=None, **kw):
        """'Call me free': the customer's contact asks to be called back.

        The request is created with the user's own rights (portal users may
        only create requests for their own contact, see the record rules);
        the model checks the number, the eligibility and the rate limit."""
        target = redirect if redirect in ("/my/tickets", "/new/ticket") else "/my/tickets"
        partner = request.env.user.partner_id
        try:
            with request.env.cr.savepoint():
                request.env["helpdesk.callback.request"].create(
                    {
                        "partner_id": partner.id,
                        "company_id": request.env.company.id,
                        "phone": (phone or "").strip()[:64],
                    }
                )
        except (UserError, ValidationError, AccessError) as error:
            request.session[FLASH_KEY] = {"error": str(error.args[0]), "phone": phone or ""}
        else:
            request.session[FLASH_KEY] = {
                "success": request.env._(
                    "Thank you: one of our operators will call you at %(phone)s shortly.",
                    phone=phone,
                )
            }
        return request.redirect(target)
