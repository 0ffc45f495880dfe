"""Matching of incoming movements to open invoices."""

from odoo.addons.sepa_rid_cbi.tools import matching as m

IBAN = "IT60X0542811101000000123456"
INVOICES = [
    m.OpenInvoice(1, "FT/2024/1", 10, 10000, "RF18539007547034", frozenset({IBAN})),
    m.OpenInvoice(2, "FT/2024/10", 10, 5000, "", frozenset({IBAN})),
    m.OpenInvoice(3, "FT/2024/11", 20, 7000),
    m.OpenInvoice(4, "FT/2024/12", 20, 7000),
]


def one(movement, invoices=None):
    (result,) = m.match([movement], INVOICES if invoices is None else invoices)
    return result.status, result.rule, result.invoice_ids


def test_structured_reference_first():
    movement = m.IncomingMovement("a", 10000, "", "rf18 5390 0754 7034", "FT/2024/10")
    assert one(movement) == (m.MATCHED, m.RULE_REFERENCE, (1,))
    partial = m.IncomingMovement("a", 9000, "", "RF18539007547034")
    assert one(partial) == (m.PROPOSED, m.RULE_REFERENCE, (1,))


def test_invoice_number_in_text_without_prefix_confusion():
    movement = m.IncomingMovement("b", 5000, remittance="Saldo fatt. FT/2024/10")
    assert one(movement) == (m.MATCHED, m.RULE_NUMBER, (2,))
    compact = m.IncomingMovement("c", 5000, remittance="pagamento FT202410")
    assert one(compact) == (m.MATCHED, m.RULE_NUMBER, (2,))


def test_several_invoice_numbers_summed():
    movement = m.IncomingMovement("d", 14000, remittance="FT/2024/11 e FT/2024/12")
    assert one(movement) == (m.MATCHED, m.RULE_NUMBER, (3, 4))
    wrong = m.IncomingMovement("d", 13000, remittance="FT/2024/11 e FT/2024/12")
    assert one(wrong)[0] == m.PROPOSED


def test_amount_and_partner_by_iban_is_only_proposed():
    movement = m.IncomingMovement("e", 5000, counterparty_iban="it60 x054 2811 1010 0000 0123 456")
    assert one(movement) == (m.PROPOSED, m.RULE_AMOUNT_PARTNER, (2,))


def test_unmatched_cases():
    ambiguous = m.IncomingMovement("f", 7000, counterparty_iban="DE89370400440532013000")
    assert one(ambiguous) == (m.UNMATCHED, None, ())
    debit = m.IncomingMovement("g", -5000, remittance="FT/2024/10")
    assert one(debit) == (m.UNMATCHED, None, ())


def test_matched_invoice_not_reused():
    first = m.IncomingMovement("h1", 5000, remittance="FT/2024/10")
    second = m.IncomingMovement("h2", 5000, remittance="FT/2024/10")
    results = m.match([first, second], INVOICES)
    assert [r.status for r in results] == [m.MATCHED, m.UNMATCHED]
