from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    recurring_accrued_income_account_id = fields.Many2one(
        related="company_id.recurring_accrued_income_account_id", readonly=False
    )
    recurring_deferred_expense_account_id = fields.Many2one(
        related="company_id.recurring_deferred_expense_account_id", readonly=False
    )
    recurring_accrued_expense_account_id = fields.Many2one(
        related="company_id.recurring_accrued_expense_account_id", readonly=False
    )
    recurring_deferred_income_account_id = fields.Many2one(
        related="company_id.recurring_deferred_income_account_id", readonly=False
    )
    recurring_cutoff_journal_id = fields.Many2one(
        related="company_id.recurring_cutoff_journal_id", readonly=False
    )
    recurring_hour_alert_mode = fields.Selection(
        related="company_id.recurring_hour_alert_mode", readonly=False
    )
    recurring_hour_alert_threshold = fields.Float(
        related="company_id.recurring_hour_alert_threshold", readonly=False
    )
