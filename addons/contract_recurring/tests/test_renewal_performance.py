import logging

from odoo import Command, fields
from odoo.tests import tagged

from .common import ContractCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestRenewalPerformance(ContractCommon):
    """Renewing N contracts in one wizard run costs a bounded number of
    queries per contract, whatever N (counted, not timed)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "amministrazione@ferramentarossi.it"

    def _contracts(self, count):
        Contract = self.env["recurring.contract"]
        contracts = Contract.create(
            [
                {
                    "partner_id": self.customer.id,
                    "type_id": self.type_maintenance.id,
                    "date_start": "2026-01-01",
                    "date_end": "2026-12-31",
                    "billing_cycle": "quarterly",
                    "company_id": self.company.id,
                    "auto_renew": True,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.service_hosting.id,
                                "name": "Hosting",
                                "price_unit": 480.0 + index,
                            }
                        ),
                        Command.create(
                            {
                                "product_id": self.service_backup.id,
                                "name": "Backup",
                                "price_unit": 99.99,
                            }
                        ),
                    ],
                }
                for index in range(count)
            ]
        )
        installments = []
        for contract in contracts:
            installments += [
                contract._installment_values(inst, line, note="Nota")
                for inst, line in contract._proposed_installments()
            ]
        self.env["recurring.contract.installment"].create(installments)
        contracts.state = "active"
        return contracts

    def _renewal_queries(self, count):
        contracts = self._contracts(count)
        wizard = self.env["recurring.contract.renewal"].create(
            {
                "company_id": self.company.id,
                "contract_ids": [Command.set(contracts.ids)],
                "percentage": 1.7,
                "copy_notes": True,
            }
        )
        wizard.action_search()
        wizard.action_cancel_selected()
        wizard.action_select_all()
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        wizard.action_renew_automatic()
        self.env.cr.precommit.run()  # tracking and mail work done at commit
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(set(contracts.mapped("state")), {"renewed"})
        new = contracts.next_contract_id
        self.assertEqual(len(new), count)
        self.assertEqual(len(new.installment_ids), 4 * count)
        self.assertEqual(set(new.installment_ids.mapped("note")), {"Nota"})
        self.assertEqual(fields.Date.to_string(min(new.mapped("date_start"))), "2027-01-01")
        mails = self.env["mail.mail"].search(
            [("model", "=", "recurring.contract"), ("res_id", "in", new.ids)]
        )
        self.assertEqual(len(mails), count, "one renewal notice per contract")
        return queries

    def test_queries_do_not_grow_per_contract(self):
        self._renewal_queries(5)  # warm the caches (sequences, templates...)
        q10 = self._renewal_queries(10)
        q100 = self._renewal_queries(100)
        q1000 = self._renewal_queries(1000)
        _logger.info("renewal queries: 10 -> %s, 100 -> %s, 1000 -> %s", q10, q100, q1000)
        # no query per contract: only the ORM's insert batches (100 rows each)
        # and prefetch chunks grow with the number of contracts
        self.assertLessEqual((q100 - q10) / 90, 0.5, f"10: {q10}, 100: {q100}")
        self.assertLessEqual((q1000 - q100) / 900, 0.5, f"100: {q100}, 1000: {q1000}")
        self.assertLessEqual(q1000, 500, f"1000 contracts: {q1000} queries")
