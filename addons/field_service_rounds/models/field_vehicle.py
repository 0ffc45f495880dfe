from odoo import fields, models


class FieldVehicle(models.Model):
    _name = "field.vehicle"
    _description = "Service Vehicle"
    _order = "name, id"

    name = fields.Char(required=True)
    license_plate = fields.Char()
    vehicle_kind = fields.Selection(
        selection=[
            ("car", "Car"),
            ("van", "Van"),
            ("truck", "Truck with crane or platform"),
        ],
        string="Kind",
        default="van",
        required=True,
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    technician_ids = fields.Many2many(
        "field.technician",
        "field_technician_vehicle_rel",
        "vehicle_id",
        "technician_id",
        string="Technicians",
    )
