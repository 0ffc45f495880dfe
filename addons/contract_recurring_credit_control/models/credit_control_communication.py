from odoo import fields, models
from odoo.tools import format_date
from odoo.tools.misc import format_amount


class CreditControlCommunication(models.Model):
    _inherit = "credit.control.communication"

    def _send_communications_by_email(self):
        result = super()._send_communications_by_email()
        self._recurring_log_sent()
        return result

    def _mark_credit_line_as_sent(self):
        lines = super()._mark_credit_line_as_sent()
        self._recurring_log_sent()
        return lines

    def _recurring_log_sent(self):
        """Log the reminder in the chatter of the customer and of each
        contract whose invoices it lists."""
        today = fields.Date.context_today(self)
        for comm in self:
            lines = comm.credit_control_line_ids
            channel = dict(lines._fields["channel"]._description_selection(self.env)).get(
                lines[:1].channel, ""
            )
            body = self.env._(
                "Payment reminder '%(level)s' sent (%(channel)s) on %(date)s for "
                "%(invoices)s: %(amount)s still due.",
                level=comm.policy_level_id.name,
                channel=channel,
                date=format_date(self.env, today),
                invoices=", ".join(filter(None, lines.invoice_id.mapped("name"))),
                amount=format_amount(self.env, comm.total_due, comm.currency_id),
            )
            comm.partner_id.commercial_partner_id.message_post(
                body=body, subtype_xmlid="mail.mt_note"
            )
            for contract in lines.invoice_id.line_ids.recurring_contract_id:
                contract.message_post(body=body, subtype_xmlid="mail.mt_note")
