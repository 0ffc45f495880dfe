from odoo import fields, models

from ..tools import routing


class FieldRoundWizardUnplanned(models.TransientModel):
    _name = "field.round.wizard.unplanned"
    _description = "Intervention Left Out of the Rounds"

    wizard_id = fields.Many2one("field.round.wizard", required=True, ondelete="cascade")
    intervention_id = fields.Many2one("field.intervention", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="intervention_id.partner_id")
    expected_date = fields.Date(related="intervention_id.expected_date")
    reason = fields.Selection(
        selection=[
            (routing.NOT_GEOLOCATED, "Not geolocated"),
            (routing.NO_QUALIFIED_TECHNICIAN, "No qualified technician"),
            (routing.NO_AVAILABLE_DAY, "No available day"),
            (routing.WINDOW_INFEASIBLE, "Time windows cannot be met"),
            (routing.NOT_ENOUGH_TIME, "Not enough time"),
        ],
        required=True,
    )
    reason_text = fields.Char(string="Explanation")
    mandatory = fields.Boolean()
