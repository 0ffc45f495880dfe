"""pain.002, camt.053/054 and CBI RH parsers, round trips and malformed corpus."""

import datetime as dt
from decimal import Decimal

import pytest

from odoo.addons.sepa_rid_cbi.tools import (
    camt,
    cbi_rh,
    pain002,
    pain008,
    return_reasons,
    riba,
    seda,
)
from odoo.addons.sepa_rid_cbi.tools.errors import FileFormatError
from odoo.addons.sepa_rid_cbi.tools.errors import ValidationError as ToolValidationError

from sepa_rid_cbi.tests.fixtures import builders as b

DAY = dt.date(2024, 5, 2)


@pytest.mark.parametrize("kind", ["03", "10", "cbi"])
def test_round_trip_pain008_to_status_report(kind):
    batch = b.batch([b.collection(i) for i in range(1, 6)])
    pain008.validate(pain008.generate(batch))
    rejects = [("E2E-2", "AM04", 1002), ("E2E-4", "MD01", 1004)]
    data = b.status_report(
        batch.message_id, rejects, version=kind.strip("cbi") or "03", cbi=kind == "cbi"
    )
    report = pain002.parse(data, expected_message_id="MSG-1")
    assert report.original_message_id == "MSG-1"
    assert report.group_status == "PART"
    assert [
        (t.original_end_to_end_id, t.status, t.reason_code, t.amount_cents)
        for t in report.transactions
    ] == [("E2E-2", "RJCT", "AM04", 1002), ("E2E-4", "RJCT", "MD01", 1004)]
    assert report.flavour.startswith("CBI" if kind == "cbi" else "pain.002")


def test_return_reasons():
    reason = return_reasons.describe(" am04 ")
    assert reason.description == "Insufficient funds."
    assert "new due date" in reason.next_step
    for code in (
        "AC01",
        "AC04",
        "AC06",
        "AG01",
        "AG02",
        "AM05",
        "BE05",
        "FF01",
        "MD01",
        "MD02",
        "MD06",
        "MD07",
        "MS02",
        "MS03",
        "RC01",
        "RR01",
        "RR02",
        "RR03",
        "RR04",
        "SL01",
    ):
        assert return_reasons.describe(code).description != (return_reasons.UNKNOWN_DESCRIPTION)
    assert return_reasons.describe("ZZ99").next_step == return_reasons.UNKNOWN_STEP


@pytest.mark.parametrize(
    "kind, version", [("053", "02"), ("053", "08"), ("054", "02"), ("054", "08")]
)
def test_camt_entries(kind, version):
    data = b.camt(
        [
            (
                12345,
                "CRDT",
                "Mario Rossi",
                "de89 3704 0044 0532 0130 00",
                "RF18539007547034",
                "Fattura FT/2024/12",
            ),
            (200, "DBIT", "Banca", b.IBAN_A, "", ""),
        ],
        kind=kind,
        version=version,
    )
    (statement,) = camt.parse(data, expected_iban=b.IBAN_A)
    assert statement.statement_id == "S-1"
    assert statement.flavour == f"camt.{kind}.001.{version}"
    first, second = statement.entries
    assert (first.amount_cents, first.booking_date, first.value_date) == (
        12345,
        dt.date(2024, 6, 3),
        dt.date(2024, 6, 4),
    )
    assert first.counterparty_name == "Mario Rossi"
    assert first.counterparty_iban == b.IBAN_B
    assert first.structured_reference == "RF18539007547034"
    assert first.remittance == "Fattura FT/2024/12"
    assert first.end_to_end_id == "E2E-0"
    assert second.amount_cents == -200 and second.counterparty_name == "Banca"


def rh_statement(**changes):
    values = dict(number=1, account_iban=b.IBAN_A, currency="EUR", date=DAY,
                  opening_cents=100000, closing_cents=104800, movements=[
                      cbi_rh.Movement(DAY, DAY, 5000, "48", "REF1", "Bonifico",
                                      "Mario Rossi", b.IBAN_B, "E2E1",
                                      "RF18539007547034", "Fattura 12"),
                      cbi_rh.Movement(DAY, None, -200, "66", "REF2", "Commissioni"),
                  ])  # fmt: skip
    values.update(changes)
    return cbi_rh.RhStatement(**values)


def rh_text(statements=None):
    return cbi_rh.write("05428", "A1B2C", DAY, "RH-1", statements or [rh_statement()])


def test_rh_fixed_positions_and_round_trip():
    lines = rh_text().split("\r\n")[:-1]
    assert all(len(line) == 120 for line in lines)
    r61, r62 = lines[1], lines[2]
    assert r61[1:3] == "61" and r61[51] == "X" and r61[52:57] == "05428"
    assert r61[57:62] == "11101" and r61[62:74] == "000000123456"
    assert r61[74:77] == "EUR" and r61[77:83] == "020524" and r61[83] == "C"
    assert r61[84:99] == "000000001000,00" and r61[99:103] == "IT60"
    assert r62[10:13] == "001" and r62[13:19] == "020524" and r62[25] == "C"
    assert r62[26:41] == "000000000050,00" and r62[41:43] == "48"
    (statement,) = cbi_rh.parse(rh_text(), expected_iban=b.IBAN_A)
    first, second = statement.movements
    assert (statement.opening_cents, statement.closing_cents) == (100000, 104800)
    assert (first.amount_cents, first.counterparty_iban, first.remittance) == (
        5000,
        b.IBAN_B,
        "FATTURA 12",
    )
    assert first.structured_reference == "RF18539007547034"
    assert (second.amount_cents, second.booking_date, second.value_date) == (-200, DAY, None)


def _record(code, number, movement, text):
    """A record 63 (or 62) by hand: 'text' laid at position 14."""
    return f" {code}{number:07d}{movement:03d}{text}".ljust(120)


def test_rh_published_positions_of_62_and_63():
    """CBI-RND-001: 62 value date 14-19, booking date 20-25; 63 by flag."""
    booking, value = dt.date(2024, 6, 3), dt.date(2024, 6, 5)
    movement = cbi_rh.Movement(
        booking, value, 12345, "48", "BANKREF", "BONIFICO A VOSTRO FAVORE",
        counterparty_name="Mario Rossi", counterparty_iban=b.IBAN_B,
        end_to_end_id="E2E-77", remittance="Saldo fattura FT/2024/12",
        counterparty_tax_code="RSSMRA80A01F205X", counterparty_town="Modena",
        order_date=dt.date(2024, 6, 1), message_id="MSG-9",
        counterparty_address="Via Emilia 10", relationship_id="TRN-0001",
    )  # fmt: skip
    text = rh_text([rh_statement(movements=[movement], closing_cents=112345)])
    lines = text.split("\r\n")
    r62 = lines[2]
    assert r62[13:19] == "050624" and r62[19:25] == "030624"
    by_flag = {line[13:16]: line for line in lines if line[1:3] == "63"}
    assert set(by_flag) == {"KKK", "YYY", "YY2", "ID1", "RI1"}
    assert by_flag["KKK"][16:39].strip() == "TRN-0001"
    yyy = by_flag["YYY"]
    assert yyy[16:24] == "01062024" and yyy[24:40] == "RSSMRA80A01F205X"
    assert yyy[40:80].strip() == "MARIO ROSSI" and yyy[80:120].strip() == "MODENA"
    assert by_flag["YY2"][16:66].strip() == "VIA EMILIA 10"
    assert by_flag["YY2"][66:100].strip() == b.IBAN_B
    assert by_flag["ID1"][16:51].strip() == "MSG-9" and by_flag["ID1"][51:86].strip() == "E2E-77"
    (statement,) = cbi_rh.parse(text)
    (parsed,) = statement.movements
    assert (parsed.booking_date, parsed.value_date) == (booking, value)
    assert parsed.counterparty_name == "MARIO ROSSI"
    assert parsed.counterparty_tax_code == "RSSMRA80A01F205X"
    assert parsed.counterparty_town == "MODENA" and parsed.order_date == dt.date(2024, 6, 1)
    assert parsed.counterparty_iban == b.IBAN_B and parsed.end_to_end_id == "E2E-77"
    assert parsed.message_id == "MSG-9" and parsed.relationship_id == "TRN-0001"
    assert parsed.remittance == "SALDO FATTURA FT/2024/12" and parsed.kind == "transfer"


def test_rh_bank_written_63_flags():
    """63 records as a bank writes them: ZZ2 ordering party, ZZ3 payee and
    reason, RI1 + RI2 continuation, a free text; causali 37 and Z9."""
    head = cbi_rh.write("05428", "A1B2C", DAY, "RH-1", [rh_statement(movements=[])])
    lines = head.split("\r\n")[:-1]
    r61, r64, ef = lines[1], lines[2], lines[3]
    sign, amount = cbi_rh.format_amount(-30000)
    r62 = (
        f" 620000001001{DAY:%d%m%y}{DAY:%d%m%y}{sign}{amount}37".ljust(61) + "RIF-BANCA-1".ljust(16)
    ).ljust(86) + "INSOLUTO RIBA".ljust(34)
    r62b = (f" 620000001002{DAY:%d%m%y}{DAY:%d%m%y}{sign}{amount}Z9".ljust(61)
            + "RIF-BANCA-2".ljust(16)).ljust(86) + "STORNO SDD".ljust(34)  # fmt: skip
    details = [
        _record("63", 1, 1, "ZZ2" + "CERAMICHE BIANCHI SPA"),
        _record("63", 1, 1, "ZZ3" + "ALFA SRL".ljust(50) + "RICEVUTA 12 INSOLUTA"),
        _record("63", 1, 1, "RI1" + "A" * 104),
        _record("63", 1, 1, "RI2" + "B" * 10 + " " * 26 + "FILLER"),  # 53-120 filler
        _record("63", 1, 1, "NOTA LIBERA DELLA BANCA"),
    ]
    r64 = r64[:19] + "C" + cbi_rh.format_amount(40000)[1] + r64[35:]
    records = [lines[0], r61, r62, *details, r62b, r64]
    ef = ef[:82] + f"{len(records) + 1:07d}" + ef[89:]
    text = "\r\n".join([*records, ef]) + "\r\n"
    (statement,) = cbi_rh.parse(text)
    first, second = statement.movements
    assert first.kind == "riba_unpaid" and second.kind == "sdd_reversal"
    assert first.counterparty_name == "CERAMICHE BIANCHI SPA"
    assert first.payee == "ALFA SRL"
    assert first.remittance == "RICEVUTA 12 INSOLUTA " + "A" * 104 + "B" * 10
    assert first.description == "INSOLUTO RIBA NOTA LIBERA DELLA BANCA"
    assert first.bank_reference == "RIF-BANCA-1"


def _replace(text, line_no, start, new):
    lines = text.split("\r\n")
    line = lines[line_no - 1]
    lines[line_no - 1] = line[: start - 1] + new + line[start - 1 + len(new) :]
    return "\r\n".join(lines)


def _drop(text, line_no):
    lines = text.split("\r\n")
    del lines[line_no - 1]
    return "\r\n".join(lines)


def _dup(text, line_no):
    lines = text.split("\r\n")
    lines.insert(line_no, lines[line_no - 1])
    return "\r\n".join(lines)


RH = rh_text()
RIBA = riba.write(riba.RibaFile(
    riba.RibaCreditor("A1B2C", "Alfa", b.IBAN_A, "01234567890"),
    (riba.RibaReceipt(1, DAY, 100, "Rossi", "RSSMRA80A01F205X", "08393", "54850"),),
    DAY, "RB-1"))  # fmt: skip
PAIN002 = b.status_report("MSG-1", [("E2E-1", "AM04", 100)])
CAMT = b.camt([(100, "CRDT", "Rossi", b.IBAN_B, "", "x")])

MALFORMED = {
    # CBI RH daily movements
    "rh empty": (cbi_rh.parse, "", "empty"),
    "rh short line": (cbi_rh.parse, RH.replace("RH-1 ", "RH-1", 1), "Line 1 has 119"),
    "rh no header": (cbi_rh.parse, _drop(RH, 1), "RH expected"),
    "rh truncated": (cbi_rh.parse, "\r\n".join(RH.split("\r\n")[:5]), "truncated"),
    "rh duplicate 62": (cbi_rh.parse, _dup(RH, 3), "Line 4: record 62"),
    "rh unknown record": (cbi_rh.parse, _replace(RH, 3, 2, "99"), "type 99"),
    "rh bad amount": (cbi_rh.parse, _replace(RH, 3, 27, "00000000005X,00"),
                      "Line 3: amount"),
    "rh bad date": (cbi_rh.parse, _replace(RH, 3, 14, "320524"), "DDMMYY"),
    "rh balance mismatch": (cbi_rh.parse, _replace(RH, 9, 20, "C000000001049,00"),
                            "closing balance"),
    "rh wrong counts": (cbi_rh.parse, _replace(RH, 10, 83, "0000099"), "counts"),
    "rh orphan 63": (cbi_rh.parse, _drop(RH, 3), "does not follow"),
    "rh non ascii": (cbi_rh.parse, RH.encode().replace(b"BONIFICO", b"BONIFIC\xc3"),
                     "non-ASCII"),
    # RiBa
    "riba truncated": (riba.parse, "\r\n".join(RIBA.split("\r\n")[:4]), "truncated"),
    "riba missing 30": (riba.parse, _drop(RIBA, 4), "Line 4: record type 40"),
    "riba duplicate 20": (riba.parse, _dup(RIBA, 3), "duplicate or missing"),
    "riba wrong total": (riba.parse, _replace(RIBA, 9, 53, "000000000000999"),
                         "footer total"),
    "riba bad progressive": (riba.parse, _replace(RIBA, 5, 4, "0000002"),
                             "progressive number 2"),
    "riba wrong constant": (riba.parse, _replace(RIBA, 2, 29, "30001"),
                            "expected '30000'"),
    "riba is RH": (riba.parse, RH, "IB expected"),
    # pain.002 and CBI status reports
    "pain002 not xml": (pain002.parse, b"<Document><x></Document>", "well-formed"),
    "pain002 wrong flavour": (pain002.parse, PAIN002.replace(
        b"pain.002.001.03", b"pain.002.001.99"), "not a supported status"),
    "pain002 is camt": (pain002.parse, CAMT, "not a supported status"),
    "pain002 duplicate tx": (pain002.parse, b.status_report(
        "MSG-1", [("E2E-1", "AM04", 100), ("E2E-1", "AM04", 100)]), "twice"),
    "pain002 reject without reason": (pain002.parse, b.status_report(
        "MSG-1", [("E2E-1", "", 100)]), "no reason code"),
    "pain002 missing e2e": (pain002.parse, PAIN002.replace(
        b"<OrgnlEndToEndId>E2E-1</OrgnlEndToEndId>", b""), "OrgnlEndToEndId"),
    "pain002 bad amount": (pain002.parse, PAIN002.replace(b"1.00<", b"1.001<"),
                           "more decimals than EUR allows"),
    "pain002 other message": (lambda d: pain002.parse(d, "MSG-2"), PAIN002,
                              "MSG-1, MSG-2 expected"),
    # camt
    "camt empty": (camt.parse, b"  ", "empty"),
    "camt wrong bank": (lambda d: camt.parse(d, b.IBAN_B), CAMT, "expected"),
    "camt duplicate statement": (camt.parse, b.camt([], stmt_ids=("S-1", "S-1")),
                                 "appears twice"),
    "camt bad indicator": (camt.parse, CAMT.replace(b"CRDT", b"CRDX"),
                           "indicator"),
    "camt duplicate entry": (camt.parse, CAMT.replace(b"</Stmt>", CAMT[
        CAMT.index(b"<Ntry>"):CAMT.index(b"</Ntry>") + 7] + b"</Stmt>"), "twice"),
    "camt is pain002": (camt.parse, PAIN002, "not a supported camt"),
    "camt entity": (camt.parse, b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e '
                    b'"x">]><Document>&e;</Document>', "<!DOCTYPE> declaration"),
}  # fmt: skip


def test_corpus_is_large_enough():
    assert len(MALFORMED) >= 20


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_file_is_rejected_whole(name):
    parser, data, fragment = MALFORMED[name]
    with pytest.raises(FileFormatError, match=fragment):
        parser(data)


def test_rh_wrong_bank():
    with pytest.raises(FileFormatError, match="Line 2: the movements are for"):
        cbi_rh.parse(RH, expected_iban=b.IBAN_B)


def _zz1(amounts="", rate="", country=""):
    """A 63 ZZ1 text (positions 14-120) as a bank writes it, field by field."""
    text = "ZZ1" + amounts.ljust(63) + rate.rjust(12) + "".ljust(26) + country.rjust(3)
    assert len(text) == 107
    return text


def test_rh_63_zz1_foreign_transfer_fields():
    """63 ZZ1 at the published positions: amounts with a decimal comma and
    their currencies, a 12-digit rate with 5 implicit decimals, the UIC
    country code; all Decimal."""
    amounts = "1250,5".rjust(18, "0") + "USD" + "1150,25".rjust(18, "0") + "EUR"
    amounts += "1140".rjust(18, "0") + "EUR"
    text = _zz1(amounts, "000000108695", "069")
    text = text[:78] + "7,50".rjust(13, "0") + "2,5".rjust(13, "0") + text[104:]
    movement = cbi_rh.Movement(DAY, DAY, 114000, "48", "R", "BONIFICO ESTERO")
    cbi_rh._apply_detail(movement, text, 5)
    foreign = movement.foreign
    assert foreign == cbi_rh.ForeignTransfer(
        original_amount=Decimal("1250.5"),
        original_currency="USD",
        settled_amount=Decimal("1150.25"),
        settled_currency="EUR",
        negotiated_amount=Decimal("1140"),
        negotiated_currency="EUR",
        exchange_rate=Decimal("1.08695"),
        commissions=Decimal("7.50"),
        expenses=Decimal("2.5"),
        country="069",
    )
    # our writer puts every field back at the same positions
    assert cbi_rh._zz1_text(foreign)[3:] == (
        "000000000001250,50USD000000000001150,25EUR000000000001140,00EUR"
        "0000001086950000000007,500000000002,50069"
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (_zz1("12,345,6".rjust(18) + "USD"), "positions 17-34, original amount): '12,345,6'"),
        (_zz1("100,00".rjust(18)), "positions 17-34, original amount): '100,00' has no currency"),
        (_zz1("100,00".rjust(18) + "U$D"), "positions 35-37, currency of the original amount"),
        (_zz1("", "1,08695"), "positions 80-91, exchange rate): '1,08695' is not 12 digits"),
        (_zz1("", "", "IT"), "positions 118-120, country): 'IT' is not a numeric UIC"),
    ],
)
def test_rh_63_zz1_refused_with_positions(text, fragment):
    movement = cbi_rh.Movement(DAY, DAY, 100, "48", "R", "X")
    with pytest.raises(FileFormatError) as error:
        cbi_rh._apply_detail(movement, text, 7)
    assert str(error.value).startswith("Line 7, record 63 ZZ1 (")
    assert fragment in str(error.value)


def test_camt_sdd_return_recognised():
    """A debit with return information or PMNT/IDDT/UPDD is a reversal of one
    of our direct debits, with its reason; a plain debit is not."""
    data = b.camt(
        [(5000, "DBIT", "Rossi", b.IBAN_A, "", "Storno"), (700, "DBIT", "Fornitore", "", "", "")],
        returns={0: ("E2E-COLL-1", "md01")},
    )
    (statement,) = camt.parse(data)
    returned, plain = statement.entries
    assert (returned.reversal, returned.return_reason, returned.end_to_end_id) == (
        True,
        "MD01",
        "E2E-COLL-1",
    )
    assert (plain.reversal, plain.return_reason) == (False, "")


def test_seda_mandate_types():
    assert seda.MANDATE_TYPES == ("CORSEDEM", "CORSEDPM", "B2BSEDEM", "B2BSEDPM")
    assert seda.mandate_type("CORE", "paper") == "CORSEDPM"
    assert seda.mandate_type("B2B", "electronic") == "B2BSEDEM"
    for code in seda.MANDATE_TYPES:
        assert seda.mandate_type(*seda.split_mandate_type(code)) == code
    assert seda.split_mandate_type(" b2bsedpm ") == ("B2B", "paper")
    with pytest.raises(ToolValidationError, match="COR1SEDEM is not a SEDA type"):
        seda.split_mandate_type("COR1SEDEM")
    assert seda.FLOWS == {
        "NWC": "requested",
        "REC": "confirmed",
        "MDC": "amended",
        "DLC": "revoked",
    }
    text = seda.write_rows([("MND-1", "NWC", "2026-05-04", "IT60X", "", "Rossi", "CORSEDPM")])
    assert text == (
        "mandate_reference,event,date,new_iban,new_reference,note,mandate_type\r\n"
        "MND-1,NWC,2026-05-04,IT60X,,Rossi,CORSEDPM\r\n"
    )
