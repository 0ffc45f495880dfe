from lxml import etree

from odoo.tests import tagged

from .common import FieldServiceCommon


@tagged("post_install", "-at_install")
class TestMobileViews(FieldServiceCommon):
    """What a technician's phone shows: cards instead of a wide list, and the
    closing actions in the form, not folded into the gear menu."""

    def test_intervention_lists_offer_cards_to_phones(self):
        for xmlid in (
            "field_service_rounds.field_intervention_action",
            "field_service_rounds.field_intervention_action_planned",
            "field_service_rounds.field_intervention_action_my",
        ):
            action = self.env.ref(xmlid)
            self.assertIn("kanban", action.view_mode.split(","), xmlid)
        Intervention = self.env["field.intervention"].with_user(self.user_a)
        kanban = Intervention.get_views([(False, "kanban")])["views"]["kanban"]["arch"]
        card = etree.fromstring(kanban)
        for name in ("partner_id", "address", "planned_start", "state"):
            self.assertTrue(card.xpath(f"//field[@name='{name}']"), name)

    def test_closing_buttons_stay_in_sight_on_a_phone(self):
        Intervention = self.env["field.intervention"].with_user(self.user_a)
        closing_view = self.env.ref("field_service_rounds.field_intervention_view_form_close")
        for view_id, button in ((False, "action_open_closing"), (closing_view.id, "action_close")):
            arch = Intervention.get_views([(view_id, "form")])["views"]["form"]["arch"]
            form = etree.fromstring(arch)
            self.assertTrue(
                form.xpath(f"//sheet//div[contains(@class, 'd-md-none')]/button[@name='{button}']"),
                button,
            )
