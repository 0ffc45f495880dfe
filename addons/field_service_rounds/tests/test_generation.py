from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPlaceholder(TransactionCase):
    def test_models(self):
        self.assertTrue(self.env["field.intervention"]._fields["state"])
