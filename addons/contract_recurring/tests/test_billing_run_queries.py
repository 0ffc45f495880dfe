from odoo.tests import tagged

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestBillingRunQueries(ContractCommon):
    """The billing run reads contracts, their lines and recipients for the
    whole run: beyond what creating the invoices costs (the floor: a batched
    ``account.move.create`` of the same invoices), its queries do not grow
    with the number of invoices (counted, not timed)."""

    def _contracts(self, count):
        partners = self.env["res.partner"].create(
            [{"name": f"Cliente {count}-{index}", "is_company": True} for index in range(count)]
        )
        for partner in partners:
            self._contract(1200.0, "monthly", partner=partner)
        return partners

    def _queries(self, function):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = function()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before, result

    def _run_beyond_floor(self, count):
        partners = self._contracts(count)
        # earlier calls billed their own January already: only the new ones
        run = self._run(invoice_date="2026-01-31", one_invoice_per_installment=True)
        self.assertEqual(run.line_ids.partner_id, partners)
        billing = self.env["recurring.billing"]._start(
            run.line_ids.installment_ids, **run._billing_options()
        )
        values = [billing._invoice_values(line.installment_ids) for line in run.line_ids]
        for vals in values:
            vals.pop("recurring_billing_id")
        for vals in values:  # the floor bills nothing
            for _command, _id, line in vals["invoice_line_ids"]:
                line.pop("recurring_installment_id")
        Move = self.env["account.move"].with_context(
            default_move_type="out_invoice", check_move_validity=False
        )
        floor, _moves = self._queries(lambda: Move.create(values))
        queries, _action = self._queries(run.action_confirm)
        self.assertEqual(len(run.move_ids), count)
        self.assertEqual(run.line_ids.installment_ids.move_id, run.move_ids)
        return queries - floor

    def test_queries_beyond_the_floor_do_not_grow_per_invoice(self):
        self._run_beyond_floor(3)  # warm the caches (sequences, fiscal positions...)
        small = self._run_beyond_floor(5)
        large = self._run_beyond_floor(25)
        self.assertLessEqual(
            large - small, 10, f"beyond the floor: 5 invoices {small}, 25 invoices {large}"
        )
