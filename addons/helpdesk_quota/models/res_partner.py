from odoo import api, fields, models

from ..tools.quota import normalize_phone, phone_keys


class ResPartner(models.Model):
    _inherit = "res.partner"

    helpdesk_phone_keys = fields.Char(
        string="Phone Search Keys",
        compute="_compute_helpdesk_phone_keys",
        store=True,
        help="Phone and mobile in international form, to find callers.",
    )

    helpdesk_operator_instructions = fields.Text(
        string="Instructions for the Operator",
        help="Shown on the call screen when this customer (or one of its "
        "contacts) calls, beside the company-wide message.",
    )

    @api.depends("phone", "mobile", "country_id.phone_code")
    def _compute_helpdesk_phone_keys(self):
        for partner in self:
            country_code = str(partner.country_id.phone_code or 39)
            partner.helpdesk_phone_keys = (
                phone_keys(partner.phone, partner.mobile, country_code=country_code) or False
            )

    @api.model
    def _helpdesk_find_callers(self, query, limit=20):
        """Partners matching a phone number (any writing) or a name."""
        query = (query or "").strip()
        if not query:
            return self.browse()
        number = normalize_phone(query)
        digits = sum(ch.isdigit() for ch in query)
        if number and digits >= 5 and digits * 2 >= len(query.replace(" ", "")):
            return self.search([("helpdesk_phone_keys", "ilike", number)], limit=limit)
        return self.search(
            ["|", ("name", "ilike", query), ("commercial_company_name", "ilike", query)],
            limit=limit,
        )

    def _helpdesk_eligibility(self, company=None, on_date=None):
        """Whether each commercial partner may open tickets.

        Returns {partner_id: (ok, reason or '', support contracts)}; one
        search and one overdue query for the whole recordset."""
        company = company or self.env.company
        on_date = on_date or fields.Date.context_today(self)
        commercial = self.commercial_partner_id
        contracts = (
            self.env["recurring.contract"]
            .sudo()  # sudo: eligibility is computed for portal users too
            ._helpdesk_support_contracts(commercial, company, on_date)
        )
        overdue = commercial._recurring_overdue_amounts(company=company, on_date=on_date)
        followup = commercial._recurring_followup_status(company=company)
        threshold = company.helpdesk_overdue_threshold
        result = {}
        for partner in self:
            entity = partner.commercial_partner_id
            mine = contracts.filtered(lambda c, e=entity: c.commercial_partner_id == e)
            amount = overdue.get(entity.id, 0.0)
            if company.helpdesk_require_contract and not mine:
                reason = self.env._(
                    "%(customer)s has no active contract covering support: "
                    "a ticket cannot be opened. Please contact us to renew "
                    "your contract.",
                    customer=entity.display_name,
                )
                result[partner.id] = (False, reason, mine)
            elif followup[entity.id][0]:
                reason = self.env._(
                    "The service of %(customer)s is suspended for unpaid invoices "
                    "(payment reminder '%(level)s'): a ticket cannot be opened until "
                    "they are paid. Please contact our accounts office.",
                    customer=entity.display_name,
                    level=followup[entity.id][1],
                )
                result[partner.id] = (False, reason, mine)
            elif company.currency_id.compare_amounts(amount, threshold) > 0:
                reason = self.env._(
                    "%(customer)s has overdue invoices for %(amount)s: a ticket "
                    "cannot be opened until they are paid. Please contact our "
                    "accounts office.",
                    customer=entity.display_name,
                    amount=company.currency_id.format(amount),
                )
                result[partner.id] = (False, reason, mine)
            else:
                result[partner.id] = (True, "", mine)
        return result

    def _helpdesk_portal_quota_rows(self):
        """The 'your contract' box of the portal, for this partner's
        commercial entity only (the portal user's own partner)."""
        self.ensure_one()
        contracts = self._helpdesk_eligibility()[self.id][2]
        # sudo: the rows only hold figures of the user's own contracts
        return contracts.sudo()._helpdesk_quota_summary()

    def _helpdesk_callback_refusal(self, company=None):
        """The message a portal customer sees instead of the 'call me free'
        form, or '' when they may ask for a callback."""
        self.ensure_one()
        company = company or self.env.company
        ok, reason, contracts = self._helpdesk_eligibility(company=company)[self.id]
        if ok:
            return ""
        phone = company._helpdesk_support_phone()
        if not contracts:
            return self.env._(
                "No current contract was found - check your VAT number or call %(phone)s.",
                phone=phone,
            )
        return self.env._("%(reason)s Please call %(phone)s.", reason=reason, phone=phone)

    def action_helpdesk_pbx_call(self):
        """Click-to-call: the PBX rings the operator, then the partner."""
        self.ensure_one()
        return self.env.company._helpdesk_pbx_dial(self.phone or self.mobile)
