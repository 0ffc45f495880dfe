import base64

from lxml import etree

from odoo.tests import tagged
from odoo.tools.misc import file_open

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestFatturaPA(ContractCommon):
    """The e-invoice states what the customer's accountant needs: the billed
    period of every line and every contract of the invoice."""

    def _xml(self, invoice):
        return etree.fromstring(invoice._l10n_it_edi_render_xml())

    def test_lines_carry_their_competence_period(self):
        self._contract(480.0, "quarterly")
        run = self._run(invoice_date="2026-06-30", period_first_of_month=True, post_invoices=True)
        run.action_confirm()
        tree = self._xml(run.move_ids)
        lines = tree.findall(".//DettaglioLinee")
        self.assertEqual(len(lines), 2)
        periods = sorted(
            (line.findtext("DataInizioPeriodo"), line.findtext("DataFinePeriodo")) for line in lines
        )
        self.assertEqual(periods, [("2026-01-01", "2026-03-31"), ("2026-04-01", "2026-06-30")])
        # schema order: the period comes before the unit price
        tags = [child.tag for child in lines[0]]
        self.assertLess(tags.index("DataFinePeriodo"), tags.index("PrezzoUnitario"))
        self.assertLess(tags.index("Descrizione"), tags.index("DataInizioPeriodo"))
        # a single contract: one DatiContratto, as l10n_it_edi writes it
        contracts = tree.findall(".//DatiContratto")
        self.assertEqual(len(contracts), 1)
        self.assertEqual(contracts[0].findtext("IdDocumento"), run.move_ids.invoice_origin[:20])

    def test_one_dati_contratto_per_contract_with_its_lines(self):
        first = self._contract(
            480.0, "quarterly", l10n_it_cup="J41B22000120006", l10n_it_cig="Z1A2B3C4D5"
        )
        second = self._contract(
            240.0, "quarterly", l10n_it_cup="F91H21000010001", l10n_it_cig="Z9Y8X7W6V5"
        )
        run = self._run(invoice_date="2026-03-31", use_cup_cig=False, post_invoices=True)
        run.action_confirm()
        invoice = run.move_ids
        self.assertEqual(len(invoice), 1, "both contracts on one invoice")
        tree = self._xml(invoice)
        numbers = {
            line.findtext("NumeroLinea"): line.findtext("Descrizione")
            for line in tree.findall(".//DettaglioLinee")
        }
        blocks = tree.findall(".//DatiContratto")
        self.assertEqual([b.findtext("IdDocumento") for b in blocks], [first.name, second.name])
        for block, contract, cup, cig in (
            (blocks[0], first, "J41B22000120006", "Z1A2B3C4D5"),
            (blocks[1], second, "F91H21000010001", "Z9Y8X7W6V5"),
        ):
            refs = [node.text for node in block.findall("RiferimentoNumeroLinea")]
            self.assertEqual(len(refs), 1)
            self.assertIn(contract.name, numbers[refs[0]])
            self.assertEqual((block.findtext("CodiceCUP"), block.findtext("CodiceCIG")), (cup, cig))
            self.assertEqual(block.findtext("Data"), "2026-01-01")
            # schema order: line references first
            self.assertEqual(block[0].tag, "RiferimentoNumeroLinea")


@tagged("post_install", "-at_install")
class TestSending(ContractCommon):
    """A billing run sends what it created through Odoo's own flow: the PDF by
    e-mail to the invoice recipient, the e-invoice to the SdI (l10n_it_edi's
    demo mode stops where the proxy would be called)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "vat": "IT01234560157",
                "l10n_it_codice_fiscale": "01234560157",
                "l10n_it_tax_system": "RF01",
                "street": "Via Roma 1",
                "zip": "40121",
                "city": "Bologna",
                "country_id": cls.env.ref("base.it").id,
            }
        )
        cls.env["account_edi_proxy_client.user"].create(
            {
                "proxy_type": "l10n_it_edi",
                "id_client": "contract_recurring_test",
                "company_id": cls.company.id,
                "edi_identification": "contract_recurring_test",
                "edi_mode": "demo",
                "private_key_id": cls.env["certificate.key"]
                .create(
                    {
                        "name": "test key",
                        "content": base64.b64encode(
                            file_open("l10n_it_edi/data/pkey.key", "rb").read()
                        ),
                    }
                )
                .id,
            }
        )
        cls.accountant = cls.env["res.partner"].create(
            {
                "name": "Studio Verdi",
                "email": "studio@verdi.example.com",
                "vat": "IT00465840031",
                "l10n_it_codice_fiscale": "93026890017",
                "country_id": cls.env.ref("base.it").id,
                "street": "Via Privata 6",
                "zip": "28887",
                "city": "Milano",
                "is_company": True,
                "invoice_edi_format": "it_edi_xml",
            }
        )

    def test_run_sends_by_mail_to_the_recipient_and_to_the_sdi(self):
        self.customer.email = "amministrazione@ferramentarossi.example.com"
        self._contract(480.0, "quarterly", invoice_partner_id=self.accountant.id)
        run = self._run(invoice_date="2026-03-31", post_invoices=True, send_invoices=True)
        run.action_confirm()
        invoice = run.move_ids
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(run.billing_id.send_invoices, True)
        # the e-mail goes to the invoice recipient (the third party paying)
        sent = invoice.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertTrue(sent)
        self.assertEqual(sent.partner_ids, self.accountant)
        self.assertTrue(sent.attachment_ids.filtered(lambda a: a.mimetype == "application/pdf"))
        # the e-invoice went as far as the (demo) proxy
        self.assertEqual(invoice.l10n_it_edi_state, "processing")
        self.assertTrue(invoice.l10n_it_edi_attachment_id)
        self.assertEqual(invoice.l10n_it_edi_transaction, "demo")

    def test_not_sent_unless_asked(self):
        self._contract(480.0, "quarterly", invoice_partner_id=self.accountant.id)
        run = self._run(invoice_date="2026-03-31", post_invoices=True)
        run.action_confirm()
        self.assertFalse(run.move_ids.l10n_it_edi_state)
        self.assertFalse(run.move_ids.message_ids.filtered(lambda m: m.message_type == "comment"))
