from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.contract_recurring.tests.common import ContractCommon


class FieldServiceCommon(ContractCommon):
    """Contract fixtures plus technicians, a vehicle and a working calendar."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("field_service_rounds.group_field_manager")
        cls.env.user.tz = "Europe/Rome"
        cls.company.partner_id.write({"partner_latitude": 44.5176, "partner_longitude": 11.3524})
        cls.customer.write(
            {
                "street": "Via Roma 211",
                "city": "Modena",
                "zip": "41121",
                "phone": "+39 059 198702",
                "partner_latitude": 44.640053,
                "partner_longitude": 10.911234,
            }
        )
        cls.customer_far = cls.env["res.partner"].create(
            {
                "name": "Ceramiche del Secchia S.r.l.",
                "is_company": True,
                "city": "Parma",
                "partner_latitude": 44.784294,
                "partner_longitude": 10.311529,
            }
        )
        cls.customer_nowhere = cls.env["res.partner"].create(
            {"name": "Senza Coordinate S.r.l.", "is_company": True, "city": "Ignota"}
        )
        cls.system_fire = cls.env["field.system.type"].create({"name": "Antincendio"})
        cls.van = cls.env["field.vehicle"].create(
            {"name": "Furgone Ducato", "license_plate": "AB123CD", "company_id": cls.company.id}
        )
        cls.work_calendar = cls.env["resource.calendar"].create(
            {
                "name": "Tecnici 40 ore",
                "tz": "Europe/Rome",
                "company_id": cls.company.id,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"{day} {start}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": "morning" if start < 12 else "afternoon",
                        }
                    )
                    for day in range(5)
                    for start, end in ((8, 12), (13, 17))
                ],
            }
        )
        cls.user_a = cls._tech_user("tecnico_a")
        cls.user_b = cls._tech_user("tecnico_b")
        cls.tech_a = cls._technician(
            "Marco Ferri",
            cls.user_a,
            system_type_ids=[Command.set(cls.system_fire.ids)],
            vehicle_ids=[Command.set(cls.van.ids)],
        )
        cls.tech_b = cls._technician("Luca Neri", cls.user_b)
        cls.material = cls._create_product(name="Filtro aria", type="consu", lst_price=15.0)

    @classmethod
    def _tech_user(cls, login):
        return new_test_user(
            cls.env,
            login=login,
            groups="field_service_rounds.group_field_technician",
            company_id=cls.company.id,
            company_ids=cls.company.ids,
            tz="Europe/Rome",
        )

    @classmethod
    def _technician(cls, name, user, **values):
        return cls.env["field.technician"].create(
            {
                "name": name,
                "user_id": user.id,
                "company_id": cls.company.id,
                "resource_calendar_id": cls.work_calendar.id,
                "tz": "Europe/Rome",
                "base_latitude": 44.5176,
                "base_longitude": 11.3524,
                **values,
            }
        )

    @classmethod
    def _intervention(cls, partner=None, **values):
        return cls.env["field.intervention"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "company_id": cls.company.id,
                "expected_date": date(2026, 4, 8),
                "expected_hours": 1.0,
                **values,
            }
        )
