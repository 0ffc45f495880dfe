import binascii

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class ContractPortal(CustomerPortal):
    """/my/contracts: the commercial entity's contracts, read-only.

    Records are read with the portal user's own rights (record rule on the
    commercial partner); the detail page re-checks access through
    ``_document_check_access``, so a forged or foreign id gets no data.
    """

    _items_per_page = 20

    _request_note_max = 2000

    def _contract_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [
            ("commercial_partner_id", "=", partner.id),
            "|",
            ("state", "in", ("active", "suspended", "expired", "renewed", "cancelled")),
            ("require_signature", "=", True),
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "contract_count" in counters:
            Contract = request.env["recurring.contract"]
            values["contract_count"] = (
                Contract.search_count(self._contract_domain()) if Contract.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/contracts", "/my/contracts/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_contracts(self, page=1, **kw):
        Contract = request.env["recurring.contract"]
        domain = self._contract_domain()
        pager = portal_pager(
            url="/my/contracts",
            total=Contract.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        contracts = Contract.search(
            domain,
            order="date_start desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "contracts": contracts,
                "page_name": "contract",
                "pager": pager,
                "default_url": "/my/contracts",
            }
        )
        return request.render("contract_recurring.portal_my_contracts", values)

    def _contract_page_values(self, contract_sudo, access_token, **kw):
        """What /my/contracts/<id> shows; ``contract_sudo`` passed the access
        check, and its invoices are shown sudo-ed (with their access-token links)
        because the invoice recipient may be another partner of the customer."""
        return {
            "contract": contract_sudo,
            "page_name": "contract",
            "installments": contract_sudo.installment_ids.filtered(lambda i: not i.excluded),
            "invoices": contract_sudo.invoice_ids.filtered(lambda m: m.state == "posted").sorted(
                lambda m: (m.invoice_date, m.id), reverse=True
            ),
            "contract_requests": contract_sudo.request_ids,
            "request_types": request.env["recurring.contract.request"]
            ._fields["request_type"]
            ._description_selection(request.env),
            "message": kw.get("message"),
        }

    def _contract_check_access(self, contract_id, access_token):
        """The contract, sudo-ed, if the user's commercial partner (or the
        token) owns it; AccessError/MissingError otherwise."""
        return self._document_check_access(
            "recurring.contract", contract_id, access_token=access_token
        )

    @http.route(["/my/contracts/<int:contract_id>"], type="http", auth="public", website=True)
    def portal_my_contract(self, contract_id, access_token=None, **kw):
        try:
            contract_sudo = self._contract_check_access(contract_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            contract_sudo,
            access_token,
            self._contract_page_values(contract_sudo, access_token, **kw),
            "my_contracts_history",
            False,
            **kw,
        )
        return request.render("contract_recurring.portal_my_contract", values)

    @http.route(
        ["/my/contracts/<int:contract_id>/sign"],
        type="json",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_contract_sign(self, contract_id, access_token=None, name=None, signature=None):
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            contract_sudo = self._contract_check_access(contract_id, access_token)
        except (AccessError, MissingError):
            return {"error": _("Invalid contract.")}
        if not contract_sudo._has_to_be_signed():
            return {"error": _("The contract is not waiting for your signature.")}
        if not name or not signature:
            return {"error": _("Name and signature are required.")}
        user = request.env.user
        author = contract_sudo.partner_id if user._is_public() else user.partner_id
        try:
            # sudo: the contract comes sudo-ed from the ownership/token check
            # above; _sign refuses a contract not waiting for its signature.
            contract_sudo._sign(name, signature, author)
        except (TypeError, binascii.Error, UserError):
            return {"error": _("Invalid signature data.")}
        return {
            "force_refresh": True,
            "redirect_url": contract_sudo.get_portal_url(query_string="&message=sign_ok"),
        }

    @http.route(
        ["/my/contracts/<int:contract_id>/request"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_contract_request(
        self, contract_id, access_token=None, request_type=None, note=None, **kw
    ):
        try:
            contract_sudo = self._contract_check_access(contract_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        types = dict(request.env["recurring.contract.request"]._fields["request_type"].selection)
        note = (note or "").strip()[: self._request_note_max]
        if request_type not in types or (request_type == "invoice_recipient" and not note):
            return request.redirect(
                contract_sudo.get_portal_url(query_string="&message=request_invalid")
            )
        if contract_sudo.request_ids.filtered(
            lambda r: r.state == "pending" and r.request_type == request_type
        ):
            return request.redirect(
                contract_sudo.get_portal_url(query_string="&message=request_exists")
            )
        user = request.env.user
        partner = contract_sudo.partner_id if user._is_public() else user.partner_id
        # sudo: portal users cannot create requests; ownership of the contract
        # was checked above and the values are validated here, not taken raw.
        request.env["recurring.contract.request"].sudo().create(
            {
                "contract_id": contract_sudo.id,
                "partner_id": partner.id,
                "request_type": request_type,
                "note": note,
            }
        )
        return request.redirect(contract_sudo.get_portal_url(query_string="&message=request_sent"))
