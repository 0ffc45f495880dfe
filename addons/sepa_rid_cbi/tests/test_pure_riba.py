"""RiBa writer (fixed positions) and request/return parsers."""

import datetime as dt

import pytest

from odoo.addons.sepa_rid_cbi.tools import return_reasons, riba
from odoo.addons.sepa_rid_cbi.tools.errors import FileFormatError, ValidationError

CREDITOR = riba.RibaCreditor("A1B2C", "Società Alfa Srl",
                             "IT60X0542811101000000123456", "01234567890",
                             "Via Roma 1", "Milano")  # fmt: skip


def receipt(number=176, amount=73200, **changes):
    values = dict(number=number, due_date=dt.date(2024, 4, 30), amount_cents=amount,
                  debtor_name="Àluvetro Srl unipersonale con un nome molto lungo",
                  debtor_tax_code="03450700988", debtor_abi="08393",
                  debtor_cab="54850", debtor_street="Via Lombardia, 4/6",
                  debtor_zip="25034", debtor_city="Orzinuovi", debtor_province="BS",
                  debtor_bank_name="BCC di Borgo", description="Fatt. 176 del 31/03/24",
                  debtor_code="7")  # fmt: skip
    values.update(changes)
    return riba.RibaReceipt(**values)


def riba_text(receipts=None):
    receipts = receipts or (receipt(), receipt(177, 122305))
    return riba.write(riba.RibaFile(CREDITOR, tuple(receipts), dt.date(2024, 4, 24), "RB-TEST-1"))


def test_every_record_is_120_chars_and_crlf():
    text = riba_text()
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert len(lines) == 1 + 2 * 7 + 1
    assert all(len(line) == 120 for line in lines)
    assert [line[1:3] for line in lines[:9]] == [
        "IB",
        "14",
        "20",
        "30",
        "40",
        "50",
        "51",
        "70",
        "14",
    ]


def test_fixed_positions():
    lines = riba_text().split("\r\n")
    ib, r14, r20, r30, r40, r50, r51 = lines[:7]
    ef = lines[-2]
    assert ib[3:8] == "A1B2C" and ib[8:13] == "05428" and ib[13:19] == "240424"
    assert ib[19:39].rstrip() == "RB-TEST-1" and ib[113] == "E"
    assert r14[3:10] == "0000001" and r14[22:28] == "300424"
    assert r14[28:33] == "30000" and r14[33:46] == "0000000073200"
    assert r14[46] == "-" and r14[47:52] == "05428" and r14[52:57] == "11101"
    assert r14[57:69] == "000000123456" and r14[69:74] == "08393"
    assert r14[74:79] == "54850" and r14[91:96] == "A1B2C" and r14[96] == "4"
    assert r14[97:113].rstrip() == "7" and r14[119] == "E"
    assert r20[10:34].rstrip() == "SOCIETA ALFA SRL"
    assert r30[10:40] == "ALUVETRO SRL UNIPERSONALE CON "
    assert r30[70:86].rstrip() == "03450700988"
    assert r40[40:45] == "25034" and r40[68:70] == "BS"
    assert r50[10:50].rstrip() == "FATT. 176 DEL 31/03/24"
    assert r50[100:116].rstrip() == "01234567890"
    assert r51[10:20] == "0000000176"
    assert ef[45:52] == "0000002" and ef[52:67] == "000000000195505"
    assert ef[67:82] == "0" * 15 and ef[82:89] == "0000016"
    assert text_is_upper(lines)


def text_is_upper(lines):
    return all(line == line.upper() for line in lines)


def test_round_trip():
    header, receipts = riba.parse(riba_text(), expected_abi="05428", expected_sia="A1B2C")
    assert header["support"] == "RB-TEST-1"
    assert [(r["receipt"], r["amount"], r["debtor_abi"]) for r in receipts] == [
        (176, 73200, "08393"),
        (177, 122305, "08393"),
    ]


def test_writer_refuses_bad_input():
    with pytest.raises(ValidationError, match="must be positive"):
        riba_text([receipt(amount=0)])
    with pytest.raises(ValidationError, match="no receipt"):
        riba.write(riba.RibaFile(CREDITOR, (), dt.date(2024, 4, 24), "X"))
    with pytest.raises(ValidationError, match="does not fit 5 digits"):
        riba_text([receipt(debtor_abi="123456")])


def _at(pairs):
    """A 120-character record from (1-based position, text) pairs."""
    line = [" "] * 120
    for start, text in pairs:
        line[start - 1 : start - 1 + len(text)] = text
    return "".join(line)


def returns_text(outcomes=(("42010", 1000, "-"), ("30008", 2000, "-"), ("30010", 1500, "+"))):
    """A returns file laid out by hand from the published positions
    (CBI-RIB-001): IB sender ABI 4-8, receiver SIA 9-13; 14: date 23-28,
    causale 29-33, amount 34-46, sign 47, collecting bank 48-57, debtor code
    98-113, currency 120; 51: receipt number 11-20."""
    out = [_at([(2, "IB"), (4, "05428"), (9, "A1B2C"), (14, "250424"), (20, "ESITI-1")])]
    for number, (causale, cents, sign) in enumerate(outcomes, start=1):
        out.append(_at([
            (2, "14"), (4, f"{number:07d}"), (23, "240424"), (29, causale),
            (34, f"{cents:013d}"), (47, sign), (48, "0306912345"),
            (98, f"CLI{number}"), (120, "E"),
        ]))  # fmt: skip
        out.append(_at([(2, "30"), (4, f"{number:07d}"), (11, "CLIENTE")]))
        out.append(_at([(2, "51"), (4, f"{number:07d}"), (11, f"{169 + number:010d}")]))
    negative = sum(c for _k, c, sign in outcomes if sign == "-")
    positive = sum(c for _k, c, sign in outcomes if sign == "+")
    out.append(_at([
        (2, "EF"), (4, "05428"), (9, "A1B2C"), (14, "250424"), (20, "ESITI-1"),
        (46, f"{len(outcomes):07d}"), (53, f"{negative:015d}"), (68, f"{positive:015d}"),
        (83, f"{len(out) + 1:07d}"),
    ]))  # fmt: skip
    return "\n".join(out) + "\n"


def test_parse_returns_published_layout():
    header, outcomes = riba.parse_returns(returns_text(), expected_sia="A1B2C")
    assert (header["abi"], header["sia"]) == ("05428", "A1B2C")
    assert [
        (o.line, o.receipt_number, o.amount_cents, o.causale, o.status, o.sign, o.debtor_code)
        for o in outcomes
    ] == [
        (2, 170, 1000, "42010", "returned", "-", "CLI1"),
        (5, 171, 2000, "30008", "returned", "-", "CLI2"),
        (8, 172, 1500, "30010", "paid", "+", "CLI3"),
    ]
    assert outcomes[0].date == dt.date(2024, 4, 24)
    assert (outcomes[0].bank_abi, outcomes[0].bank_cab) == ("03069", "12345")


def test_every_causale_has_a_description_and_a_next_step():
    for code in ("30010", "42010", "30006", "30007", "30008", "30009", "37000", "16000"):
        reason = return_reasons.describe(code)
        assert reason.description != return_reasons.UNKNOWN_DESCRIPTION, code
        assert reason.next_step and return_reasons.riba_status(code), code


def test_parse_returns_rejects_unknown_causale_wrong_sia_and_sign():
    with pytest.raises(FileFormatError, match="Line 2, positions 29-33: causale 99999"):
        riba.parse_returns(returns_text((("99999", 100, "-"),)))
    with pytest.raises(FileFormatError, match="SIA code A1B2C, ZZZZZ expected"):
        riba.parse_returns(returns_text(), expected_sia="ZZZZZ")
    with pytest.raises(FileFormatError, match="Line 2, position 47: sign"):
        riba.parse_returns(returns_text((("42010", 100, "X"),)))
    with pytest.raises(FileFormatError, match="footer total"):
        text = returns_text()
        riba.parse_returns(text.replace("000000000003000", "000000000003001"))


def test_creditor_tax_code_required_and_cig_cup_kept_whole():
    no_tax = riba.RibaCreditor("A1B2C", "Alfa", "IT60X0542811101000000123456", "")
    with pytest.raises(ValidationError, match="no tax code"):
        riba.write(riba.RibaFile(no_tax, (receipt(),), dt.date(2024, 4, 24), "RB"))
    long_text = "Fatture 176, 177, 178, 179 e 180 del primo trimestre 2024"
    text = riba_text([receipt(description=long_text, public_references="CIG 1234567890")])
    r50 = text.split("\r\n")[5]
    assert r50[10:50].rstrip() == "FATTURE 176, 177, 178, 179 E 180 DEL PRI"
    assert r50[50:90].rstrip() == "CIG 1234567890"
