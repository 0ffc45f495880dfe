import json

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

# waits for the map, then checks what the page shows; any console error fails
CHECK_MAP = """
    const start = Date.now();
    (function wait() {
        const map = document.querySelector('.o_fsr_round_map.leaflet-container');
        const note = document.querySelector('.o_fsr_map_tiles_unavailable');
        if (map && map.querySelector('path') && note) {
            const markers = map.querySelectorAll('path.leaflet-interactive').length;
            if (map.querySelector('img.leaflet-tile')) {
                console.error('tiles requested from a server that does not answer');
            } else if (map.querySelector('.leaflet-control-attribution')) {
                console.error('a map credit without a map');
            } else if (markers !== 3) {
                console.error(`route, base and one stop expected, ${markers} drawn`);
            } else {
                console.log('test successful');
            }
        } else if (Date.now() - start > 15000) {
            console.error('the round map or its note was not drawn');
        } else {
            setTimeout(wait, 200);
        }
    })();
"""


@tagged("post_install", "-at_install")
class TestRoundMap(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        customer = cls.env["res.partner"].create(
            {"name": "Alfa Impianti S.r.l.", "partner_latitude": 44.64, "partner_longitude": 10.91}
        )
        technician = cls.env["field.technician"].create(
            {"name": "Marco Ferri", "base_latitude": 44.5176, "base_longitude": 11.3524}
        )
        intervention = cls.env["field.intervention"].create({"partner_id": customer.id})
        cls.round = cls.env["field.round"].create(
            {
                "technician_id": technician.id,
                "date": "2026-04-08",
                "stop_ids": [Command.create({"sequence": 1, "intervention_id": intervention.id})],
            }
        )

    def _open_round(self):
        self.browser_js(
            f"/odoo/action-field_service_rounds.field_round_action/{self.round.id}",
            CHECK_MAP,
            login="admin",
            timeout=60,
        )

    def test_map_without_tile_server_draws_route_and_note(self):
        self.company.field_map_tile_url = False
        self._open_round()

    def test_map_with_unreachable_tile_server_draws_route_and_note(self):
        # a closed port on this machine: the test browser is offline anyway
        self.company.field_map_tile_url = "http://127.0.0.1:9/{z}/{x}/{y}.png"
        self._open_round()

    def test_company_tile_server_reaches_the_map(self):
        self.company.write(
            {
                "field_map_tile_url": "https://tiles.example.it/osm/{z}/{x}/{y}.png",
                "field_map_tile_attribution": "© Example",
            }
        )
        data = json.loads(self.round.map_data)
        self.assertEqual(data["tiles"], "https://tiles.example.it/osm/{z}/{x}/{y}.png")
        self.assertEqual(data["attribution"], "© Example")

    def test_tile_server_must_be_a_tile_address(self):
        for url in ("tiles.example.it/{z}/{x}/{y}.png", "https://tiles.example.it/map.png"):
            with self.subTest(url=url), self.assertRaisesRegex(ValidationError, "{z}, {x}"):
                self.company.field_map_tile_url = url
        settings = self.env["res.config.settings"].create({})
        settings.field_map_tile_url = "https://tiles.example.it/{z}/{x}/{y}.png"
        settings.execute()
        self.assertEqual(
            self.company.field_map_tile_url, "https://tiles.example.it/{z}/{x}/{y}.png"
        )
