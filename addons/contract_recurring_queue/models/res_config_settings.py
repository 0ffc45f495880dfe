from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

THRESHOLD_PARAM = "contract_recurring_queue.split_threshold"
JOB_SIZE_PARAM = "contract_recurring_queue.job_size"
DEFAULT_THRESHOLD = 1000
DEFAULT_JOB_SIZE = 500


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    recurring_job_threshold = fields.Integer(
        string="Background Above",
        config_parameter=THRESHOLD_PARAM,
        default=DEFAULT_THRESHOLD,
        help="A billing run, a mass renewal or a cut-off preview with more items than "
        "this runs in background jobs.",
    )
    recurring_job_size = fields.Integer(
        string="Items per Job",
        config_parameter=JOB_SIZE_PARAM,
        default=DEFAULT_JOB_SIZE,
        help="Installments (or contracts) handled by each background job.",
    )

    @api.constrains("recurring_job_threshold", "recurring_job_size")
    def _check_recurring_job_split(self):
        for settings in self:
            if settings.recurring_job_threshold < 0 or settings.recurring_job_size < 1:
                raise ValidationError(
                    _(
                        "The background threshold cannot be negative and each job "
                        "must handle at least one item."
                    )
                )

    @api.model
    def _recurring_job_split(self):
        """(threshold, job size) from the system parameters; a missing or bad
        value falls back to its default."""
        params = self.env["ir.config_parameter"].sudo()  # sudo: settings readable by every biller

        def read(key, default, minimum):
            try:
                value = int(params.get_param(key, default))
            except (TypeError, ValueError):
                return default
            return value if value >= minimum else default

        return (
            read(THRESHOLD_PARAM, DEFAULT_THRESHOLD, 0),
            read(JOB_SIZE_PARAM, DEFAULT_JOB_SIZE, 1),
        )
