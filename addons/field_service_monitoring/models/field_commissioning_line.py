from odoo import fields, models

COMMISSIONING_RESULTS = [
    ("pending", "To Check"),
    ("passed", "Pass"),
    ("failed", "Fail"),
    ("not_applicable", "Not Applicable"),
]


class FieldCommissioningLine(models.Model):
    _name = "field.commissioning.line"
    _description = "Commissioning Checklist Line"
    _order = "intervention_id, sequence, id"

    intervention_id = fields.Many2one(
        "field.intervention", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="intervention_id.company_id", store=True, index=True, precompute=True
    )
    template_item_id = fields.Many2one("field.commissioning.template.item", ondelete="set null")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Check", required=True)
    expected_result = fields.Char()
    result = fields.Selection(COMMISSIONING_RESULTS, default="pending", required=True)
    note = fields.Char()
    followup_intervention_id = fields.Many2one(
        "field.intervention",
        string="Follow-up",
        copy=False,
        readonly=True,
        ondelete="set null",
        help="The intervention created to fix this failed check.",
    )
