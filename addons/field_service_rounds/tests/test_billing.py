from datetime import date, datetime

from odoo import Command
from odoo.tests import tagged

from .common import FieldServiceCommon


@tagged("post_install", "-at_install")
class TestBilling(FieldServiceCommon):
    def test_excluded_items_and_call_fee_are_billed(self):
        self.type_maintenance.write(
            {"exclude_labour": True, "exclude_materials": True, "exclude_travel": False}
        )
        contract = self._contract(480.0, "quarterly", call_fee_amount=30.0, call_fee_hours=1.0)
        intervention = self._intervention(
            contract_id=contract.id,
            origin="call",
            technician_id=self.tech_a.id,
            planned_start=datetime(2026, 4, 8, 7),
        )
        intervention.action_plan()
        intervention.write(
            {
                "actual_hours": 2.0,
                "travel_km": 40.0,
                "line_ids": [
                    Command.create(
                        {"product_id": self.material.id, "quantity": 2.0, "price_unit": 15.0}
                    )
                ],
            }
        )
        intervention.action_close()
        self.assertEqual(intervention.state, "to_invoice")
        billable = intervention.line_ids.filtered("billable")
        self.assertEqual(sorted(billable.mapped("line_type")), ["call_fee", "labour", "material"])
        labour = billable.filtered(lambda line: line.line_type == "labour")
        self.assertEqual(labour.quantity, 1.0)  # 2 hours minus the fee's hour
        self.assertEqual(intervention.amount_billable, 30.0 + 45.0 + 30.0)
        wizard = (
            self.env["field.intervention.invoice"]
            .with_context(active_model="field.intervention", active_ids=intervention.ids)
            .create({"journal_id": self.sale_journal.id, "company_id": self.company.id})
        )
        self.assertEqual(wizard.intervention_ids, intervention)
        action = wizard.action_confirm()
        move = self.env["account.move"].browse(action["domain"][0][2])
        self.assertEqual(len(move), 1)
        self.assertEqual(move.partner_id, contract.invoice_partner_id)
        self.assertAlmostEqual(move.amount_untaxed, 105.0)
        self.assertEqual(intervention.state, "done")
        self.assertEqual(intervention.invoice_id, move)
        self.assertTrue(all(billable.mapped("invoice_line_id")))

    def test_included_items_close_without_billing(self):
        contract = self._contract(480.0, "quarterly")
        intervention = self._intervention(contract_id=contract.id, origin="contract")
        intervention.write(
            {
                "actual_hours": 3.0,
                "travel_km": 20.0,
                "line_ids": [Command.create({"product_id": self.material.id, "quantity": 1.0})],
            }
        )
        intervention.action_close()
        self.assertEqual(intervention.state, "done")
        self.assertFalse(intervention.line_ids.filtered("billable"))

    def test_one_invoice_per_customer(self):
        first = self._intervention(actual_hours=1.0)
        second = self._intervention(actual_hours=2.0)
        third = self._intervention(partner=self.customer_far, actual_hours=1.0)
        (first | second | third).action_close()
        wizard = self.env["field.intervention.invoice"].create(
            {
                "journal_id": self.sale_journal.id,
                "company_id": self.company.id,
                "intervention_ids": [Command.set((first | second | third).ids)],
            }
        )
        action = wizard.action_confirm()
        moves = self.env["account.move"].browse(action["domain"][0][2])
        self.assertEqual(len(moves), 2)
        self.assertEqual(
            moves.filtered(lambda m: m.partner_id == self.customer).amount_untaxed, 135.0
        )

    def test_intervention_invoice_has_the_contract_invoice_header(self):
        """The invoice builder gives intervention extras the header the
        contract's own billing run gives: recipient, fiscal position, payment
        term, CUP/CIG, origin document and competence."""
        accountant = self.env["res.partner"].create({"name": "Studio Verdi", "is_company": True})
        fiscal_position = self.env["account.fiscal.position"].create({"name": "Split payment"})
        self.type_maintenance.exclude_labour = True
        contract = self._contract(
            480.0,
            "quarterly",
            invoice_partner_id=accountant.id,
            payment_term_id=self.env.ref("account.account_payment_term_30days").id,
            fiscal_position_id=fiscal_position.id,
            l10n_it_cup="J41B22000120006",
            l10n_it_cig="Z1A2B3C4D5",
        )
        intervention = self._intervention(
            contract_id=contract.id,
            origin="call",
            actual_hours=2.0,
            planned_start=datetime(2026, 4, 8, 7),
        )
        intervention.action_close()
        extra = intervention._create_invoices(date(2026, 4, 30), self.sale_journal)
        run = self._run(invoice_date="2026-04-30")
        run.action_confirm()
        fields = [
            "partner_id",
            "fiscal_position_id",
            "invoice_payment_term_id",
            "currency_id",
            "l10n_it_cup",
            "l10n_it_cig",
            "l10n_it_origin_document_type",
            "l10n_it_origin_document_name",
            "l10n_it_origin_document_date",
        ]
        self.assertEqual(
            extra.read(fields)[0] | {"id": 0}, run.move_ids.read(fields)[0] | {"id": 0}
        )
        self.assertEqual(extra.partner_id, accountant)
        labour = extra.invoice_line_ids.filtered(lambda line: line.display_type == "product")
        self.assertEqual(labour.recurring_contract_id, contract)
        self.assertEqual(labour.competence_date_start, intervention.date_done.date())
        self.assertIn(intervention.name, extra.message_ids.mapped("body")[0])
