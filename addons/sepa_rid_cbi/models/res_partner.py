from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    sepa_mandate_ids = fields.One2many("sepa.mandate", "partner_id", string="SDD Mandates")
    sepa_unpaid_count = fields.Integer(
        string="Returned Collections",
        compute="_compute_sepa_unpaid",
        help="Returned collections ('insoluti') whose invoices are still open.",
    )
    sepa_has_unpaid = fields.Boolean(
        string="Has Unpaid Items",
        compute="_compute_sepa_unpaid",
        search="_search_sepa_has_unpaid",
    )

    sepa_riba_abi = fields.Char(
        string="RiBa Bank ABI",
        size=5,
        help="ABI of the customer's bank for RiBa, when no Italian IBAN is known.",
    )
    sepa_riba_cab = fields.Char(
        string="RiBa Bank CAB",
        size=5,
        help="CAB of the customer's bank branch for RiBa, when no Italian IBAN is known.",
    )
    sepa_mandate_to_align = fields.Boolean(
        string="SDD Mandate to Align",
        compute="_compute_sepa_mandate_to_align",
        help="A collection was returned with MD01: the mandate must be aligned "
        "with the debtor's bank (SEDA) before the next collection.",
    )

    @api.constrains("sepa_riba_abi", "sepa_riba_cab")
    def _check_sepa_riba_bank(self):
        for partner in self:
            for value in (partner.sepa_riba_abi, partner.sepa_riba_cab):
                if value and not (len(value) == 5 and value.isdigit()):
                    raise ValidationError(
                        self.env._(
                            "%(partner)s: ABI and CAB are 5 digits each ('%(value)s').",
                            partner=partner.display_name,
                            value=value,
                        )
                    )
            if bool(partner.sepa_riba_abi) != bool(partner.sepa_riba_cab):
                raise ValidationError(
                    self.env._(
                        "%(partner)s: give both the ABI and the CAB of the RiBa bank.",
                        partner=partner.display_name,
                    )
                )

    @api.depends("sepa_mandate_ids.state")
    def _compute_sepa_mandate_to_align(self):
        for partner in self:
            partner.sepa_mandate_to_align = any(
                m.state == "to_align" for m in partner.commercial_partner_id.sepa_mandate_ids
            )

    def _sepa_unpaid_domain(self):
        return [
            ("state", "=", "returned"),
            ("invoice_ids.payment_state", "in", ("not_paid", "partial")),
        ]

    def _compute_sepa_unpaid(self):
        commercial = self.commercial_partner_id
        counts = dict(
            self.env["sepa.collection"]
            .sudo()
            ._read_group(
                # sudo: the unpaid flag is used by helpdesk and planning users
                # who cannot read collections; only a count leaves here.
                self._sepa_unpaid_domain() + [("partner_id", "in", commercial.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            count = counts.get(partner.commercial_partner_id, 0)
            partner.sepa_unpaid_count = count
            partner.sepa_has_unpaid = bool(count)

    def _search_sepa_has_unpaid(self, operator, value):
        groups = (
            self.env["sepa.collection"]
            .sudo()
            ._read_group(
                # sudo: see _compute_sepa_unpaid
                self._sepa_unpaid_domain(),
                ["partner_id"],
                ["__count"],
            )
        )
        ids = [partner.id for partner, _count in groups]
        positive = (operator == "=") == bool(value)
        return [("commercial_partner_id", "in" if positive else "not in", ids)]
