from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestRoundMap(HttpCase):
    def test_round_form_draws_the_map(self):
        # no background tiles: the test browser is offline
        self.env["ir.config_parameter"].sudo().set_param("field_service_rounds.map_tile_url", "")
        customer = self.env["res.partner"].create(
            {"name": "Alfa Impianti S.r.l.", "partner_latitude": 44.64, "partner_longitude": 10.91}
        )
        technician = self.env["field.technician"].create(
            {"name": "Marco Ferri", "base_latitude": 44.5176, "base_longitude": 11.3524}
        )
        intervention = self.env["field.intervention"].create({"partner_id": customer.id})
        rnd = self.env["field.round"].create(
            {
                "technician_id": technician.id,
                "date": "2026-04-08",
                "stop_ids": [Command.create({"sequence": 1, "intervention_id": intervention.id})],
            }
        )
        code = """
            const start = Date.now();
            (function wait() {
                if (document.querySelector('.o_fsr_round_map.leaflet-container path')) {
                    console.log('test successful');
                } else if (Date.now() - start > 15000) {
                    console.error('the round map was not drawn');
                } else {
                    setTimeout(wait, 200);
                }
            })();
        """
        self.browser_js(
            f"/odoo/action-field_service_rounds.field_round_action/{rnd.id}",
            code,
            login="admin",
            timeout=60,
        )
