import base64
import datetime as dt
from pathlib import Path

from odoo import Command, fields

from odoo.addons.contract_recurring.tests.common import ContractCommon

from ..tools import iban

COMPANY_IBAN = "IT60X0542811101000000123456"
CUSTOMER_IBAN = "IT76K0306912345000012345678"
CUSTOMER2_IBAN = "IT40H0503412900000000004521"
CREDITOR_ID = "IT66ZZZA1B2C3D4E5F6G7H8"
CBI_XSD = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "xsd" / "cbi"


def bad_cin_iban():
    """An Italian IBAN whose mod-97 is right but whose CIN is wrong."""
    bban = "A0542811101000000123456"
    return f"IT{98 - iban.mod97(bban + 'IT00'):02d}{bban}"


class SepaCommon(ContractCommon):
    """Italian company with creditor data, a bank journal with an Italian IBAN,
    two customers with mandates and a 30/60 days payment term."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "sepa_creditor_identifier": CREDITOR_ID,
                "sepa_cbi_cuc": "1234567X",
                "sepa_sia_code": "A1B2C",
                "vat": "IT12345670017",
            }
        )
        cls.bank_journal = cls.company_data["default_journal_bank"]
        cls.bank_journal.bank_account_id = cls.env["res.partner.bank"].create(
            {"acc_number": COMPANY_IBAN, "partner_id": cls.company.partner_id.id}
        )
        cls.customer.write({"street": "Via Emilia 10", "zip": "41121", "city": "Modena"})
        cls.customer2 = cls.env["res.partner"].create(
            {
                "name": "Ceramiche Bianchi S.p.A.",
                "is_company": True,
                "country_id": cls.env.ref("base.it").id,
                "city": "Sassuolo",
            }
        )
        cls.customer_bank = cls.env["res.partner.bank"].create(
            {"acc_number": CUSTOMER_IBAN, "partner_id": cls.customer.id}
        )
        cls.customer2_bank = cls.env["res.partner.bank"].create(
            {"acc_number": CUSTOMER2_IBAN, "partner_id": cls.customer2.id}
        )
        cls.mandate = cls._mandate(cls.customer, cls.customer_bank, "MND-ROSSI-1")
        cls.mandate2 = cls._mandate(cls.customer2, cls.customer2_bank, "MND-BIANCHI-1")
        cls.term_30_60 = cls.env["account.payment.term"].create(
            {
                "name": "30/60 days",
                "company_id": cls.company.id,
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 50, "nb_days": 30}),
                    Command.create({"value": "percent", "value_amount": 50, "nb_days": 60}),
                ],
            }
        )
        cls.today = fields.Date.context_today(cls.env.user)

    @classmethod
    def _mandate(cls, partner, bank, reference, **values):
        mandate = cls.env["sepa.mandate"].create(
            {
                "name": reference,
                "partner_id": partner.id,
                "partner_bank_id": bank.id,
                "signature_date": "2024-01-15",
                "company_id": cls.company.id,
                **values,
            }
        )
        mandate.action_validate()
        return mandate

    @classmethod
    def _invoice(
        cls, partner=None, amount=200.0, method="sdd", mandate=None, term=None, post=True, **values
    ):
        partner = partner or cls.customer
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "company_id": cls.company.id,
                "journal_id": cls.sale_journal.id,
                "invoice_date": cls.today if hasattr(cls, "today") else fields.Date.today(),
                "invoice_payment_term_id": (term or cls.term_30_60).id,
                "sepa_payment_method": method,
                "sepa_mandate_id": mandate.id if mandate else False,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.service_hosting.id,
                            "name": "Canone hosting",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
                **values,
            }
        )
        if post:
            move.action_post()
        return move

    def _batch(self, kind="sdd", build=True, **values):
        batch = self.env["sepa.collection.batch"].create(
            {
                "kind": kind,
                "journal_id": self.bank_journal.id,
                "company_id": self.company.id,
                "date_to": self.today + dt.timedelta(days=90),
                **values,
            }
        )
        if build:
            batch.action_build()
        return batch

    def _sent_batch(self, invoices=None, **values):
        invoices = invoices or self._invoice()
        batch = self._batch(partner_ids=[Command.set(invoices.partner_id.ids)], **values)
        batch.action_generate()
        batch.action_send()
        return batch

    @staticmethod
    def _file(data):
        return base64.b64encode(data if isinstance(data, bytes) else data.encode())

    def _import_returns(self, data, filename="esiti.xml", **values):
        wizard = self.env["sepa.return.import"].create(
            {"data_file": self._file(data), "filename": filename, **values}
        )
        wizard.action_import()
        return wizard

    def _import_transfers(self, data, filename="estratto.xml"):
        wizard = self.env["sepa.transfer.import"].create(
            {
                "data_file": self._file(data),
                "filename": filename,
                "journal_id": self.bank_journal.id,
            }
        )
        wizard.action_import()
        return wizard

    @staticmethod
    def _batch_file(batch):
        return base64.b64decode(batch.file)

    def _cbi_xsd_dir(self):
        if not (CBI_XSD / "CBIBdySDDReq.00.01.01.xsd").is_file():
            self.skipTest("shared data absent: ../shared/data/xsd/cbi (CBI XSD folder)")
        return str(CBI_XSD.resolve())
