from odoo.addons.field_service_rounds.tests.common import FieldServiceCommon


class MonitoringCommon(FieldServiceCommon):
    """A pest-control site with three bait stations and a glue trap."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a document layout is set, so that printing gives the report itself
        cls.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")
        cls.type_bait = cls.env["field.monitoring.point.type"].create(
            {"name": "Bait station", "code": "ER", "unit": "%"}
        )
        cls.type_trap = cls.env["field.monitoring.point.type"].create(
            {"name": "Glue trap", "code": "TC", "unit": "catches"}
        )
        cls.manager_user = cls.env.user
        cls.points = cls.env["field.monitoring.point"].create(
            [
                {
                    "code": code,
                    "site_id": cls.site.id,
                    "company_id": cls.company.id,
                    "type_id": point_type.id,
                    "location": location,
                    "sequence": seq,
                    "check_max": True,
                    "threshold_max": maximum,
                    "user_id": cls.manager_user.id,
                }
                for seq, (code, point_type, location, maximum) in enumerate(
                    [
                        ("E01", cls.type_bait, "Ingresso nord", 25.0),
                        ("E02", cls.type_bait, "Area rifiuti", 25.0),
                        ("E03", cls.type_bait, "Lato est", 25.0),
                        ("T01", cls.type_trap, "Magazzino", 10.0),
                    ]
                )
            ]
        )
        cls.e01, cls.e02, cls.e03, cls.t01 = cls.points

    @classmethod
    def _site_intervention(cls, **values):
        return cls._intervention(site_id=cls.site.id, technician_id=cls.tech_a.id, **values)
