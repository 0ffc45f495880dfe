import werkzeug

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


def _to_id(value):
    """A record id from a form value; 0 when empty, UserError when forged."""
    if value in (None, "", False):
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError) as error:
        raise UserError(request.env._("Invalid value %(value)r.", value=value)) from error
    if number <= 0:
        raise UserError(request.env._("Invalid value %(value)r.", value=value))
    return number


class HelpdeskQuotaTicketController(HelpdeskTicketController):
    """helpdesk_mgmt's portal routes, with ownership and input re-checked."""

    # ------------------------------------------------------------------
    # closing: POST with CSRF, own tickets only, portal-closing stages only
    # ------------------------------------------------------------------
    @http.route("/ticket/close", type="http", auth="user", methods=["POST"], csrf=True)
    def support_ticket_close(self, ticket_id=None, stage_id=None, **kw):
        try:
            ticket = request.env["helpdesk.ticket"].browse(_to_id(ticket_id)).exists()
            ticket.check_access("read")
            stage_id = _to_id(stage_id)
        except (AccessError, MissingError, UserError) as error:
            raise request.not_found() from error
        if not ticket:
            raise request.not_found()
        # sudo: portal users cannot write tickets; the ticket is theirs
        # (checked above with their rights) and the stage is checked below
        ticket_sudo = ticket.sudo()
        stages = ticket_sudo.team_id._get_applicable_stages().filtered("close_from_portal")
        stage = stages.filtered(lambda s: s.id == stage_id)
        if not stage:
            raise werkzeug.exceptions.Forbidden()
        if not ticket_sudo.closed:
            ticket_sudo.stage_id = stage
        return request.redirect(f"/my/ticket/{ticket.id}")

    # ------------------------------------------------------------------
    # submission: eligibility, quota, category/team/contract re-checked
    # ------------------------------------------------------------------
    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        partner = request.env.user.partner_id
        ok, reason, contracts = partner._helpdesk_eligibility()[partner.id]
        if ok and contracts:
            # the quota used up on every contract: say it before the form,
            # not after the customer has written the request
            rows = contracts.sudo()._helpdesk_quota_summary()  # sudo: own contracts
            if all(row["available"] == 0 and not row["billable_extra"] for row in rows):
                ok = False
                reason = request.env["helpdesk.ticket"]._helpdesk_over_quota_message(
                    rows[0]["contract"], fields.Date.context_today(partner)
                )
        values.update(
            {
                "helpdesk_refusal": False if ok else reason,
                # sudo: only the user's own contracts, for their names
                "helpdesk_contracts": contracts.sudo(),
            }
        )
        return values

    def _helpdesk_checked_choice(self, allowed, value, label, required):
        record_id = _to_id(value)
        if not record_id:
            if required:
                raise UserError(request.env._("Please choose a %(what)s.", what=label))
            return allowed.browse()
        chosen = allowed.filtered(lambda r: r.id == record_id)
        if not chosen:
            raise UserError(request.env._("The %(what)s you chose is not available.", what=label))
        return chosen

    def _prepare_submit_ticket_vals(self, **kw):
        company = request.env.company
        category = self._helpdesk_checked_choice(
            self._get_categories(),
            kw.get("category"),
            request.env._("category"),
            company.helpdesk_mgmt_portal_select_category
            and company.helpdesk_mgmt_portal_category_id_required,
        )
        team = self._helpdesk_checked_choice(
            self._get_teams(),
            kw.get("team"),
            request.env._("team"),
            company.helpdesk_mgmt_portal_select_team
            and company.helpdesk_mgmt_portal_team_id_required,
        )
        partner = request.env.user.partner_id
        _ok, _reason, contracts = partner._helpdesk_eligibility()[partner.id]
        contract = self._helpdesk_checked_choice(
            contracts,
            kw.get("contract"),
            request.env._("contract"),
            len(contracts) > 1,
        ) or (contracts if len(contracts) == 1 else contracts.browse())
        kw = dict(kw, category=category.id or "", team=team.id or "")
        vals = super()._prepare_submit_ticket_vals(**kw)
        if not team:
            vals.pop("team_id", None)
        vals.update(
            {
                "partner_id": partner.commercial_partner_id.id,
                "requester_id": partner.id,
                "partner_name": partner.name,
                "partner_email": partner.email,
                "contract_id": contract.id,
            }
        )
        return vals

    def _helpdesk_render_refusal(self, message, kw, status):
        values = self._get_create_new_ticket_values(**kw)
        values.update({"helpdesk_error": message, "helpdesk_posted": kw})
        return request.render("helpdesk_mgmt.portal_create_ticket", values, status=status)

    @http.route(
        "/submitted/ticket",
        type="http",
        auth="user",
        website=True,
        csrf=True,
        methods=["POST"],
    )
    def submit_ticket(self, **kw):
        partner = request.env.user.partner_id
        ok, reason, _contracts = partner._helpdesk_eligibility()[partner.id]
        if not ok:
            return self._helpdesk_render_refusal(reason, kw, 403)
        try:
            with request.env.cr.savepoint():
                return super().submit_ticket(**kw)
        except (UserError, ValidationError) as error:
            return self._helpdesk_render_refusal(str(error.args[0]), kw, 403)
