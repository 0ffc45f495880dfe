from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SaleContractCommon


@tagged("post_install", "-at_install")
class TestRenewalQuotation(SaleContractCommon):
    """Phase 3 of the renewal wizard can propose a renewal quotation; its
    confirmation renews the contract as a direct renewal would."""

    def _monthly(self, **values):
        # 120 a month from 01/10/2026 to 30/09/2027
        return self._contract(
            1440.0,
            "monthly",
            start="2026-10-01",
            end="2027-09-30",
            payment_term_id=self.payment_term.id,
            **values,
        )

    def _wizard_quotation(self, contracts, percentage=0.0):
        wizard = self.env["recurring.contract.renewal"].create(
            {
                "company_id": self.company.id,
                "contract_ids": [Command.set(contracts.ids)],
                "include_manual": True,
                "percentage": percentage,
            }
        )
        wizard.action_search()
        wizard.action_cancel_selected()
        wizard.action_select_all()
        action = wizard.action_renewal_quotation()
        return self.env["sale.order"].search([("id", "in", action.get("domain")[0][2])])

    def test_renewal_quotation_to_renewal_contract(self):
        old = self._monthly()
        self._bill("2027-01-31")
        self.assertEqual(len(old.installment_ids.filtered("move_id")), 4, "October to January")
        expected = old._renewal_values({}, 0.0)
        order = self._wizard_quotation(old, percentage=10.0)
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.recurring_renewal_of_id, old)
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.payment_term_id, self.payment_term)
        self.assertEqual(old.renewal_sale_order_ids, order)
        line = order.order_line
        self.assertTrue(line.recurring)
        self.assertEqual(line.product_id, self.service_hosting)
        self.assertEqual(line.price_unit, 1584.0, "indexed by 10%")
        self.assertEqual(line.recurring_cycle, "monthly")
        self.assertEqual(line.recurring_date_start, expected["date_start"])
        self.assertEqual(line.recurring_duration, 12)
        self.assertEqual(old.state, "active", "not renewed until the customer accepts")
        with self.assertRaisesRegex(UserError, "already have a renewal quotation"):
            self._wizard_quotation(old)

        order.action_confirm()
        new = order.recurring_contract_ids
        self.assertEqual(len(new), 1)
        self.assertEqual(new.previous_contract_id, old)
        self.assertEqual(old.next_contract_id, new)
        self.assertEqual(old.state, "renewed")
        self.assertEqual(new.state, "active")
        self.assertEqual(new.date_start, expected["date_start"])
        self.assertEqual(new.date_end, expected["date_end"])
        self.assertEqual(new.date_start.isoformat(), "2027-10-01", "the day after the old end")
        self.assertEqual(new.date_end.isoformat(), "2028-09-30")
        self.assertEqual(new.billing_cycle, "monthly")
        self.assertEqual(new.amount_total, 1584.0)
        self.assertEqual(new.sale_order_id, order)
        self.assertEqual(new.quote_ref, order.name)
        self.assertEqual(new.payment_term_id, self.payment_term)
        self.assertEqual(len(new.installment_ids), 12)
        self.assertEqual(order.order_line.qty_to_invoice, 0.0)
        with self.assertRaises(UserError):
            order._create_invoices()

        # the old contract's remaining installments are still billed, once
        run = self._bill("2027-09-30")
        self.assertEqual(run.line_ids.installment_ids.contract_id, old)
        self.assertEqual(len(run.line_ids.installment_ids), 8, "February to September")
        self.assertFalse(old.installment_ids.filtered(lambda i: not i.move_id))
        run = self._bill("2027-10-31")
        self.assertEqual(run.line_ids.installment_ids.contract_id, new)
        self.assertEqual(run.line_ids.installment_ids.amount, 132.0)
        self.assertFalse(self._run(invoice_date="2027-10-31").line_ids, "nothing billed twice")

    def test_mixed_contract_renewal_quotation(self):
        old = self._contract(
            cycle="mixed",
            start="2026-01-01",
            end="2026-12-31",
            lines=[
                (self.service_hosting, 240.0, "quarterly"),
                (self.service_backup, 120.0, "annual"),
            ],
        )
        order = old._create_renewal_quotations()
        self.assertEqual(order.order_line.mapped("recurring_cycle"), ["quarterly", "annual"])
        order.action_confirm()
        new = old.next_contract_id
        self.assertEqual(new.sale_order_id, order)
        self.assertEqual(new.billing_cycle, "mixed")
        self.assertEqual(new.line_ids.mapped("cycle"), ["quarterly", "annual"])
        self.assertEqual(
            (new.date_start.isoformat(), new.date_end.isoformat()), ("2027-01-01", "2027-12-31")
        )
        self.assertEqual(sum(new.installment_ids.mapped("amount")), 360.0)

    def test_contract_renewed_meanwhile_refuses_the_quotation(self):
        old = self._monthly()
        order = old._create_renewal_quotations()
        old._renew(automatic=True, send_mail=False)
        with self.assertRaisesRegex(UserError, "can no longer be renewed"):
            order.action_confirm()

    def test_not_renewable_contracts_get_no_quotation(self):
        cancelled = self._monthly()
        cancelled._cancel(cancelled.date_end)
        with self.assertRaisesRegex(UserError, "cannot be renewed"):
            cancelled._create_renewal_quotations()

    def test_messages_in_italian(self):
        self.env["res.lang"]._activate_lang("it_IT")
        old = self._monthly().with_context(lang="it_IT")
        order = old._create_renewal_quotations()
        body = old.message_ids.sorted("id")[-1].body
        self.assertIn("Preventivo di rinnovo", body)
        self.assertIn("dal 01/10/2027", body, "an Italian date")
        line_values = {
            "order_id": order.id,
            "product_id": self.service_backup.id,
            **self._recurring(),
        }
        Line = self.env["sale.order.line"].with_context(lang="it_IT")
        with self.assertRaisesRegex(ValidationError, "almeno un mese"):
            Line.create({**line_values, "recurring_duration": 0})
        with self.assertRaisesRegex(ValidationError, "data di inizio del contratto"):
            Line.create({**line_values, "recurring_date_start": False})
