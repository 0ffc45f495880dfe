import base64
import io

import openpyxl

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestContractRules(ContractCommon):
    """Rules of the model, held on every path: form, wizard, direct write."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.type_tm = cls.env["recurring.contract.type"].create(
            {"name": "In economia", "kind": "time_and_materials"}
        )
        cls.type_warranty = cls.env["recurring.contract.type"].create(
            {"name": "Garanzia", "kind": "warranty"}
        )

    def _open_ended(self, **values):
        return self.env["recurring.contract"].create(
            {
                "partner_id": self.customer.id,
                "type_id": self.type_tm.id,
                "company_id": self.company.id,
                "date_start": "2026-01-01",
                **values,
            }
        )

    # time and materials ('in economia') -------------------------------------
    def test_time_and_materials_has_no_end_date_on_every_path(self):
        with self.assertRaisesRegex(ValidationError, "open-ended"):
            self._open_ended(date_end="2026-12-31")
        contract = self._open_ended()
        with self.assertRaisesRegex(ValidationError, "open-ended"):
            contract.date_end = "2026-12-31"
        # a maintenance contract switched to the time and materials type
        maintenance = self._contract(480.0, "quarterly", activate=False)
        maintenance.line_ids.price_unit = 0.0
        with self.assertRaisesRegex(ValidationError, "open-ended"):
            maintenance.type_id = self.type_tm

    def test_time_and_materials_is_never_offered_for_renewal(self):
        contract = self._open_ended()
        contract.action_activate()
        # even if its type became time and materials after an end date was set
        legacy_type = self.env["recurring.contract.type"].create(
            {"name": "Ex manutenzione", "kind": "maintenance"}
        )
        legacy = self._contract(0.0, "annual", type_id=legacy_type.id)
        legacy_type.kind = "time_and_materials"
        self.assertEqual(legacy.kind, "time_and_materials")
        Renewal = self.env["recurring.contract.renewal"]
        wizard = Renewal.create({"company_id": self.company.id, "include_manual": True})
        with self.assertRaises(UserError):  # nothing to renew at all
            wizard.action_search()
        with self.assertRaises(UserError):  # single renewal
            legacy.action_open_renewal()
        with self.assertRaises(UserError):  # the engine itself
            legacy._renew()
        legacy.auto_renew = True
        self.env["ir.config_parameter"].sudo().set_param(
            "contract_recurring.renewal_notice_days", "1000"
        )
        self.assertFalse(
            self.env["recurring.contract"]._cron_renew_contracts(), "scheduled renewal"
        )

    def test_zero_amount_is_checked_on_the_line_too(self):
        contract = self._open_ended(
            line_ids=[Command.create({"name": "Intervento a chiamata", "price_unit": 0.0})]
        )
        with self.assertRaisesRegex(ValidationError, "zero amount"):
            contract.line_ids.write({"price_unit": 50.0})
        with self.assertRaisesRegex(ValidationError, "zero amount"):
            self.env["recurring.contract.line"].create(
                {"contract_id": contract.id, "name": "Canone", "price_unit": 10.0}
            )
        warranty = self.env["recurring.contract"].create(
            {
                "partner_id": self.customer.id,
                "type_id": self.type_warranty.id,
                "company_id": self.company.id,
                "date_start": "2026-01-01",
                "date_end": "2027-12-31",
            }
        )
        with self.assertRaisesRegex(ValidationError, "zero amount"):
            self.env["recurring.contract.line"].create(
                {"contract_id": warranty.id, "name": "Estensione", "price_unit": 99.0}
            )

    # negative and empty plans ----------------------------------------------
    def test_negative_lines_are_refused_where_entered(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._contract(-100.0, "quarterly", activate=False)
        contract = self._contract(480.0, "quarterly", activate=False)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            contract.line_ids.write({"price_unit": -100.0})
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            contract.line_ids.write({"quantity": -1.0})
        self.assertFalse(contract.installment_ids)

    def test_zero_interval_or_invoices_refused_when_saved(self):
        contract = self._contract(480.0, "quarterly", activate=False)
        with self.assertRaisesRegex(ValidationError, "at least 1"):
            contract.interval_months = 0
        with self.assertRaisesRegex(ValidationError, "at least 1"):
            contract.invoices_per_period = 0
        with self.assertRaisesRegex(ValidationError, "at least 1"), Form(contract) as form:
            form.invoices_per_period = 0

    # first of the month ----------------------------------------------------
    def test_first_of_month_moves_the_whole_competence(self):
        self.type_maintenance.invoice_description = "#CONTRACT# #START# #END# (#PERIOD#)"
        contract = self._contract(1200.0, "annual", start="2026-04-15", end="2027-04-14")
        installment = contract.installment_ids
        self.assertEqual(self._dates(installment, "competence_end"), ["2027-04-14"])
        run = self._run(invoice_date="2026-04-30", period_first_of_month=True)
        run.action_confirm()
        line = run.move_ids.invoice_line_ids
        self.assertEqual(line.competence_date_start.isoformat(), "2026-04-01")
        self.assertEqual(line.competence_date_end.isoformat(), "2027-03-31")
        self.assertIn("01/04/2026 31/03/2027 (01/04/2026 - 31/03/2027)", line.name)
        # the cut-off reads the billed dates: 9 of 12 months deferred at 31/12
        run.move_ids.action_post()
        contract.include_in_accruals = True
        cutoff = self.env["recurring.cutoff"].create(
            {"date": "2026-12-31", "company_id": self.company.id}
        )
        cutoff.action_compute()
        self.assertEqual(cutoff.line_ids.kind, "deferred_income")
        self.assertEqual(cutoff.line_ids.days_total, 365)
        self.assertEqual(cutoff.line_ids.days, 90, "01/01-31/03/2027")

    # associated product ----------------------------------------------------
    def test_preliminary_product_check_lists_and_skips(self):
        no_product_type = self.env["recurring.contract.type"].create(
            {"name": "Senza articolo", "kind": "maintenance"}
        )
        bare = self.env["recurring.contract"].create(
            {
                "partner_id": self.customer.id,
                "type_id": no_product_type.id,
                "company_id": self.company.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "billing_cycle": "quarterly",
                "line_ids": [Command.create({"name": "Canone", "price_unit": 480.0})],
            }
        )
        bare.action_activate()
        self.assertFalse(bare.product_id)
        with_product = self._contract(480.0, "quarterly")
        run = self._run(invoice_date="2026-01-31", check_products=True)
        self.assertEqual(run.line_ids.installment_ids.contract_id, with_product)
        self.assertIn(bare.name, run.skipped_note)
        self.assertIn("no associated product", run.skipped_note)
        run = self._run(invoice_date="2026-01-31")
        self.assertEqual(run.line_ids.installment_ids.contract_id, bare | with_product)

    def test_contract_product_template_wins_over_the_type(self):
        self.service_backup.recurring_invoice_description = "Backup #CONTRACT# dal #START#"
        contract = self._contract(480.0, "quarterly", product_id=self.service_backup.id)
        other = self._contract(480.0, "quarterly")
        self.assertEqual(other.product_id, self.service_hosting, "the type's by default")
        run = self._run(invoice_date="2026-01-31", one_invoice_per_installment=True)
        run.action_confirm()
        lines = run.move_ids.invoice_line_ids
        line = lines.filtered(lambda x: x.recurring_contract_id == contract)
        self.assertTrue(line.name.startswith(f"Backup {contract.name} dal 01/01/2026"), line.name)
        other_line = lines.filtered(lambda x: x.recurring_contract_id == other)
        self.assertIn("01/01/2026-31/03/2026", other_line.name, "the type's template")

    # exclusions ------------------------------------------------------------
    def test_exclusions_default_from_the_type_and_stay_on_the_contract(self):
        self.type_maintenance.exclude_travel = True
        contract = self._contract(480.0, "quarterly")
        self.assertEqual(
            (contract.exclude_labour, contract.exclude_travel, contract.exclude_materials),
            (False, True, False),
        )
        contract.exclude_labour = True
        self.type_maintenance.exclude_materials = True
        self.assertTrue(contract.exclude_labour, "the contract's own choice stays")
        contract.date_end = "2026-12-31"
        new = contract._renew()
        self.assertTrue(new.exclude_labour and new.exclude_travel)

    # e-invoice document types ----------------------------------------------
    def test_document_types_are_those_l10n_it_edi_accepts(self):
        offered = {
            code
            for code, _label in self.env["recurring.billing.run"]._fields["document_type"].selection
        }
        mapping = self.env["account.move"]._l10n_it_edi_document_type_mapping()
        customer = {code for code, f in mapping.items() if "out_invoice" in f["move_types"]}
        self.assertEqual(offered - {"TD24"}, customer)
        self._contract(480.0, "quarterly")
        run = self._run(invoice_date="2026-01-31", document_type="TD06")
        run.action_confirm()
        self.assertEqual(run.move_ids._l10n_it_edi_get_document_type(), "TD06")

    # automatic open-ended contract per new customer ------------------------
    def test_new_customers_get_their_open_ended_contract(self):
        self.type_tm.auto_create_for_new_customers = True
        Partner = self.env["res.partner"].with_context(res_partner_search_mode="customer")
        customers = Partner.create(
            [
                {"name": "Bar Centrale S.n.c.", "is_company": True},
                {"name": "Mario Verdi"},
                {"name": "Ufficio acquisti", "parent_id": self.customer.id},
            ]
        )
        supplier = (
            self.env["res.partner"]
            .with_context(res_partner_search_mode="supplier")
            .create({"name": "Fornitore S.p.A.", "is_company": True})
        )
        contracts = self.env["recurring.contract"].search(
            [("partner_id", "in", (customers | supplier).ids)]
        )
        self.assertEqual(contracts.partner_id, customers[:2], "not the contact, not a supplier")
        self.assertEqual(set(contracts.mapped("state")), {"active"})
        self.assertEqual(contracts.type_id, self.type_tm)
        self.assertFalse(any(contracts.mapped("date_end")))
        with self.assertRaisesRegex(ValidationError, "time and materials"):
            self.type_maintenance.auto_create_for_new_customers = True

    # the seed's list and its export -----------------------------------------
    def test_installment_amount_is_stored_summed_and_exported(self):
        contracts = self._contract(2400.0, "quarterly") | self._contract(1200.0, "semiannual")
        self.assertEqual(contracts.mapped("amount_installment"), [600.0, 600.0])
        groups = self.env["recurring.contract"].read_group(
            [("id", "in", contracts.ids)],
            ["amount_installment:sum", "amount_annual:sum"],
            ["product_id"],
        )
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["product_id"][0], self.service_hosting.id)
        self.assertEqual(
            (groups[0]["amount_annual"], groups[0]["amount_installment"]), (3600.0, 1200.0)
        )
        action = contracts.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas))).active
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(header.index("Installment amount"), header.index("Annual amount") + 1)
        column = header.index("Installment amount")
        self.assertEqual([row[column].value for row in sheet.iter_rows(2, 3)], [600.0, 600.0])
