from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _recurring_overdue_since(self):
        """A returned collection ('insoluto') restarts the overdue clock: its
        installments count as overdue from the latest return date."""
        since = super()._recurring_overdue_since()
        returned = self.env["sepa.collection"].search(
            [("move_line_ids", "in", self.ids), ("state", "=", "returned")]
        )
        returned_on = {}
        for collection in returned:
            for line in collection.move_line_ids & self:
                latest = returned_on.get(line.id)
                if not latest or latest < collection.return_date:
                    returned_on[line.id] = collection.return_date
        since.update(returned_on)
        return since
