from odoo import api, fields, models


class HelpdeskTicketTime(models.Model):
    """Time spent on a ticket, recorded by the start/stop buttons."""

    _name = "helpdesk.ticket.time"
    _description = "Helpdesk Ticket Time Spent"
    _order = "date_start desc, id desc"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade", index=True)
    contract_id = fields.Many2one(
        related="ticket_id.contract_id", store=True, index=True, string="Contract"
    )
    partner_id = fields.Many2one(
        related="ticket_id.commercial_partner_id", store=True, string="Customer"
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    user_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    date_start = fields.Datetime(string="Started", required=True, default=fields.Datetime.now)
    date_stop = fields.Datetime(string="Stopped")
    duration = fields.Float(string="Hours", compute="_compute_duration", store=True, readonly=False)
    note = fields.Char()

    _sql_constraints = [
        (
            "stop_after_start",
            "CHECK(date_stop IS NULL OR date_stop >= date_start)",
            "A time entry cannot stop before it starts.",
        ),
    ]

    @api.depends("date_start", "date_stop")
    def _compute_duration(self):
        for entry in self:
            if entry.date_start and entry.date_stop:
                seconds = (entry.date_stop - entry.date_start).total_seconds()
                entry.duration = round(seconds / 3600.0, 4)
            else:
                entry.duration = 0.0

    @api.model
    def _totals_by_contract_month(self, domain=None):
        """Hours per (contract, first day of month), one grouped query."""
        groups = self._read_group(
            domain or [], ["contract_id", "date_start:month"], ["duration:sum"]
        )
        return {(contract, fields.Date.to_date(month)): hours for contract, month, hours in groups}
