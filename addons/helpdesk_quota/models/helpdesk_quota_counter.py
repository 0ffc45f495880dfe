from collections import Counter

from odoo import api, fields, models


class HelpdeskQuotaCounter(models.Model):
    """Requests used by a contract in one quota period.

    One row per contract and period; it is only ever changed by one
    conditional UPDATE (``_consume``), so concurrent submissions are
    serialised by PostgreSQL on that row: the loser of a race fails with a
    serialization error and Odoo retries its whole request."""

    _name = "helpdesk.quota.counter"
    _description = "Helpdesk Quota Counter"
    _order = "period_start desc, contract_id"
    _rec_name = "contract_id"

    contract_id = fields.Many2one(
        "recurring.contract", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id", store=True, string="Customer"
    )
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    included = fields.Integer(string="Requests Included", help="0 means unlimited.")
    used = fields.Integer(string="Requests Used")
    ticket_ids = fields.One2many("helpdesk.ticket", "quota_counter_id", string="Tickets")

    _sql_constraints = [
        (
            "contract_period_uniq",
            "UNIQUE(contract_id, period_start, period_end)",
            "A contract has one quota counter per period.",
        ),
        ("used_positive", "CHECK(used >= 0)", "Used requests cannot be negative."),
    ]

    @api.model
    def _counter_id(self, contract, day):
        """The counter row of the contract's period containing ``day``,
        created if missing (an existing row is never overwritten)."""
        start, end = contract._helpdesk_period(day)
        cr = self.env.cr
        cr.execute(
            """
            INSERT INTO helpdesk_quota_counter
                   (contract_id, company_id, partner_id, period_start, period_end,
                    included, used, create_uid, write_uid, create_date, write_date)
            VALUES (%(contract)s, %(company)s, %(partner)s, %(start)s, %(end)s,
                    %(included)s, 0, %(uid)s, %(uid)s,
                    now() at time zone 'UTC', now() at time zone 'UTC')
            ON CONFLICT (contract_id, period_start, period_end) DO NOTHING
            """,
            {
                "contract": contract.id,
                "company": contract.company_id.id,
                "partner": contract.commercial_partner_id.id,
                "start": start,
                "end": end,
                "included": contract.helpdesk_quota,
                "uid": self.env.uid,
            },
        )
        cr.execute(
            "SELECT id, included FROM helpdesk_quota_counter "
            "WHERE contract_id = %s AND period_start = %s AND period_end = %s",
            [contract.id, start, end],
        )
        counter_id, included = cr.fetchone()
        if included != contract.helpdesk_quota:
            # the contract's quota changed during the period: the new one counts
            cr.execute(
                "UPDATE helpdesk_quota_counter SET included = %s WHERE id = %s",
                [contract.helpdesk_quota, counter_id],
            )
        return counter_id

    @api.model
    def _consume(self, contract, day):
        """Take one request from the contract's quota for ``day``'s period.

        Returns the counter when a request was available (always when the
        quota is unlimited), an empty recordset when the quota is used up."""
        counter_id = self._counter_id(contract, day)
        cr = self.env.cr
        if contract.helpdesk_quota:
            cr.execute(
                "UPDATE helpdesk_quota_counter "
                "SET used = used + 1, write_date = now() at time zone 'UTC' "
                "WHERE id = %s AND used < included RETURNING used",
                [counter_id],
            )
        else:
            cr.execute(
                "UPDATE helpdesk_quota_counter "
                "SET used = used + 1, write_date = now() at time zone 'UTC' "
                "WHERE id = %s RETURNING used",
                [counter_id],
            )
        granted = cr.fetchone()
        counter = self.browse(counter_id)
        counter.invalidate_recordset(["used", "included"])
        self._invalidate_contract_figures()
        return counter if granted else self.browse()

    def _release(self, times=None):
        """Give back requests (a ticket deleted): one per occurrence."""
        times = times or Counter(self.ids)
        for counter_id, count in times.items():
            self.env.cr.execute(
                "UPDATE helpdesk_quota_counter SET used = GREATEST(used - %s, 0) WHERE id = %s",
                [count, counter_id],
            )
        self.browse(list(times)).invalidate_recordset(["used"])
        self._invalidate_contract_figures()

    def _invalidate_contract_figures(self):
        """The contracts' used/available figures are computed from the
        counters: read them again after a change."""
        self.env["recurring.contract"].invalidate_model(
            ["helpdesk_quota_used", "helpdesk_quota_available", "helpdesk_quota_label"]
        )
