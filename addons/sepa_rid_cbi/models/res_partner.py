from odoo import fields, models


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
