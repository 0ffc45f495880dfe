from odoo import http
from odoo.exceptions import AccessError, MissingError
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

    def _contract_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [
            ("commercial_partner_id", "=", partner.id),
            ("state", "in", ("active", "suspended", "expired", "renewed", "cancelled")),
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

    @http.route(["/my/contracts/<int:contract_id>"], type="http", auth="public", website=True)
    def portal_my_contract(self, contract_id, access_token=None, **kw):
        try:
            contract = self._document_check_access(
                "recurring.contract", contract_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            contract,
            access_token,
            {"contract": contract, "page_name": "contract"},
            "my_contracts_history",
            False,
            **kw,
        )
        return request.render("contract_recurring.portal_my_contract", values)
