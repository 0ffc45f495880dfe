from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FieldTechnician(models.Model):
    _name = "field.technician"
    _description = "Field Technician or Crew"
    _inherit = ["resource.mixin"]
    _order = "name, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    user_id = fields.Many2one(
        "res.users",
        index=True,
        help="The technician's user: interventions go to this user's calendar.",
    )
    member_user_ids = fields.Many2many(
        "res.users",
        "field_technician_member_rel",
        "technician_id",
        "user_id",
        string="Crew Members",
        help="Other users working in this crew; the events are in their calendars too.",
    )
    operators = fields.Integer(
        default=1,
        required=True,
        help="1 for a single technician, 2 or more for a crew that can serve "
        "interventions needing two operators.",
    )
    system_type_ids = fields.Many2many("field.system.type", string="Skills (System Types)")
    vehicle_ids = fields.Many2many(
        "field.vehicle",
        "field_technician_vehicle_rel",
        "technician_id",
        "vehicle_id",
        string="Vehicles",
    )
    base_latitude = fields.Float(
        digits=(10, 7),
        compute="_compute_base",
        store=True,
        readonly=False,
        help="Where the rounds start and end; the company's address by default.",
    )
    base_longitude = fields.Float(
        digits=(10, 7), compute="_compute_base", store=True, readonly=False
    )
    color = fields.Integer()
    intervention_ids = fields.One2many("field.intervention", "technician_id")

    @api.depends("company_id")
    def _compute_base(self):
        for tech in self:
            if not tech.base_latitude and not tech.base_longitude:
                partner = tech.company_id.partner_id
                tech.base_latitude = partner.partner_latitude
                tech.base_longitude = partner.partner_longitude

    @api.constrains("operators")
    def _check_operators(self):
        for tech in self:
            if tech.operators < 1:
                raise ValidationError(
                    self.env._(
                        "Technician %(name)s: the number of operators must be at least 1.",
                        name=tech.name,
                    )
                )

    def _calendar_partners(self):
        """Partners whose calendars receive the events of these technicians."""
        return (self.user_id | self.member_user_ids).partner_id
