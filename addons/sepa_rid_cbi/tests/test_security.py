from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.sepa_rid_cbi.tests.fixtures import builders

from .common import COMPANY_IBAN, CUSTOMER_IBAN, SepaCommon


@tagged("post_install", "-at_install")
class TestSecurity(SepaCommon):
    def test_user_without_billing_group(self):
        user = new_test_user(
            self.env,
            login="sepa_plain",
            groups="base.group_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with self.assertRaises(AccessError):
            self.mandate.with_user(user).read(["name"])
        with self.assertRaises(AccessError):
            self.env["sepa.collection.batch"].with_user(user).create(
                {"journal_id": self.bank_journal.id, "company_id": self.company.id}
            )
        with self.assertRaises(AccessError):
            self.env["sepa.return.import"].with_user(user).create({})
        # the unpaid flag is readable by anyone (helpdesk, planning)
        self.assertFalse(self.customer.with_user(user).sepa_has_unpaid)

    def test_contract_user_reads_mandates_only(self):
        user = new_test_user(
            self.env,
            login="sepa_contract",
            groups="contract_recurring.group_contract_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.assertEqual(self.mandate.with_user(user).name, "MND-ROSSI-1")
        with self.assertRaises(AccessError):
            self.mandate.with_user(user).write({"note": "x"})
        # nor send them for SEDA alignment (the NWC event is billing work)
        with self.assertRaises(AccessError):
            self.mandate.with_user(user).action_seda_export()

    def test_multi_company(self):
        other = self.setup_other_company(name="Altra Azienda S.r.l.")["company"]
        foreign = self.env["sepa.mandate"].create(
            {
                "name": "MND-OTHER-CO",
                "partner_id": self.customer.id,
                "partner_bank_id": self.customer_bank.id,
                "signature_date": "2024-01-01",
                "company_id": other.id,
            }
        )
        user = new_test_user(
            self.env,
            login="sepa_billing",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        visible = self.env["sepa.mandate"].with_user(user).search([])
        self.assertIn(self.mandate, visible)
        self.assertNotIn(foreign, visible)
        with self.assertRaises(AccessError):
            foreign.with_user(user).read(["name"])
        batch = self._sent_batch(self._invoice())
        self.assertEqual(
            self.env["sepa.collection"].with_user(user).search([("batch_id", "=", batch.id)]),
            batch.collection_ids,
        )

    def test_menus_and_wizards_match_the_groups_that_complete_them(self):
        """Importing transfers creates bank statements: a billing-only user
        neither sees the menu nor opens the wizard; a user with the full
        accounting features completes the import."""
        billing = new_test_user(
            self.env,
            login="sepa_billing_only",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        accountant = new_test_user(
            self.env,
            login="sepa_accountant",
            groups="account.group_account_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        menu = self.env.ref("sepa_rid_cbi.sepa_transfer_import_menu")
        returns_menu = self.env.ref("sepa_rid_cbi.sepa_return_import_menu")
        Menu = self.env["ir.ui.menu"]
        self.assertNotIn(menu.id, Menu.with_user(billing)._visible_menu_ids())
        self.assertIn(returns_menu.id, Menu.with_user(billing)._visible_menu_ids())
        self.assertIn(menu.id, Menu.with_user(accountant)._visible_menu_ids())
        with self.assertRaises(AccessError):
            self.env["sepa.transfer.import"].with_user(billing).create(
                {"journal_id": self.bank_journal.id}
            )
        data = builders.camt(
            [(12300, "CRDT", "Rossi", CUSTOMER_IBAN, "", "Acconto")], account=COMPANY_IBAN
        )
        wizard = (
            self.env["sepa.transfer.import"]
            .with_user(accountant)
            .create(
                {
                    "data_file": self._file(data),
                    "filename": "camt.xml",
                    "journal_id": self.bank_journal.id,
                }
            )
        )
        wizard.action_import()
        self.assertIn("1 movement(s) imported", wizard.result)
        line = self.env["account.bank.statement.line"].search(
            [("sepa_import_key", "!=", False), ("amount", "=", 123.0)]
        )
        self.assertEqual(line.create_uid, accountant)
        self.assertEqual(line.partner_id, self.customer)
