"""CBI RiBa ('Ricevute bancarie') request writer and return ('esiti') parser.

Request layout (CBI RiBa, 120-character records, positions 1-based): every
record starts with a blank and the 2-character type. IB (header), then per
receipt 14 (amounts and banks), 20 (creditor), 30 (debtor), 40 (debtor
address and bank), 50 (reference), 51 (receipt number), 70 (closing), then EF
(footer with counts and total). Amounts in cents zero-padded, dates DDMMYY,
text uppercase in the CBI character set.

Returns ('esiti', 'flussi di ritorno'): source CBI, "RiBa - Ricevute
bancarie" (CBI-RIB-001, flussi di ritorno, Consorzio CBI, www.cbi-org.eu,
section "Standard CBI" > "Incassi commerciali"), as publicly described. The
bank reuses the request's records: IB header whose sender (4-8) is the bank's
ABI and whose receiver (9-13) is our SIA code, as in RH; per receipt a record
14 and a record 51 (records 20, 30, 40, 50 and 70 may come between them and
are read but not used); EF footer (46-52 receipts, 53-67 total of the '-'
amounts, 68-82 total of the '+' amounts, 83-89 records).

- 14: 4-10 progressive number, 23-28 payment (or outcome) date DDMMYY,
  29-33 causale (see ``return_reasons.RIBA_CAUSALI``: 30010 paid, 42010
  unpaid, 30006 returned, 30007 wrongly domiciled, 30008 recalled, 30009
  returned beyond limits, 37000 charge-back of unpaid items, 16000 charges),
  34-46 amount in cents, 47 sign as the bank writes it ('-' or '+'), 48-52
  ABI and 53-57 CAB of the collecting bank, 98-113 debtor code, 120 currency
  'E'.
- 51: 4-10 progressive number, 11-20 receipt number (as we sent it).

Receipts are found by their number, the debtor code and the amount -- never
by the support name, which a bank's returns file does not carry.
"""

import datetime as dt
from dataclasses import dataclass

from . import iban, return_reasons
from .errors import FileFormatError, ValidationError, _lt
from .fixedwidth import (
    Field,
    check_layout,
    format_record,
    read_record,
    record_type,
    split_lines,
)

_HEAD = [Field("filler", 1, 1, "const", " ")]


def _numbered(code):
    return [*_HEAD, Field("type", 2, 2, "const", code), Field("number", 4, 7, "n")]


LAYOUTS = {
    "IB": check_layout([
        *_HEAD, Field("type", 2, 2, "const", "IB"), Field("sia", 4, 5, "a"),
        Field("abi", 9, 5, "d"), Field("date", 14, 6, "date"),
        Field("support", 20, 20), Field("free", 40, 6),
        Field("currency", 114, 1, "const", "E"),
    ]),
    "14": check_layout([
        *_numbered("14"), Field("due_date", 23, 6, "date"),
        Field("reason", 29, 5, "const", "30000"), Field("amount", 34, 13, "n"),
        Field("sign", 47, 1, "const", "-"), Field("creditor_abi", 48, 5, "d"),
        Field("creditor_cab", 53, 5, "d"), Field("creditor_account", 58, 12),
        Field("debtor_abi", 70, 5, "d"), Field("debtor_cab", 75, 5, "d"),
        Field("sia", 92, 5), Field("code_type", 97, 1, "const", "4"),
        Field("debtor_code", 98, 16), Field("currency", 120, 1, "const", "E"),
    ]),
    "20": check_layout([
        *_numbered("20"), Field("creditor_1", 11, 24), Field("creditor_2", 35, 24),
        Field("creditor_3", 59, 24), Field("creditor_4", 83, 24),
    ]),
    "30": check_layout([
        *_numbered("30"), Field("debtor_1", 11, 30), Field("debtor_2", 41, 30),
        Field("debtor_tax_code", 71, 16),
    ]),
    "40": check_layout([
        *_numbered("40"), Field("street", 11, 30), Field("zip", 41, 5),
        Field("city", 46, 23), Field("province", 69, 2), Field("bank", 71, 50),
    ]),
    "50": check_layout([
        *_numbered("50"), Field("reference_1", 11, 40), Field("reference_2", 51, 40),
        Field("creditor_tax_code", 101, 16),
    ]),
    "51": check_layout([
        *_numbered("51"), Field("receipt", 11, 10, "n"), Field("creditor", 21, 20),
    ]),
    "70": check_layout([*_numbered("70")]),
    "EF": check_layout([
        *_HEAD, Field("type", 2, 2, "const", "EF"), Field("sia", 4, 5, "a"),
        Field("abi", 9, 5, "d"), Field("date", 14, 6, "date"),
        Field("support", 20, 20), Field("free", 40, 6), Field("count", 46, 7, "n"),
        Field("total", 53, 15, "n"), Field("positive", 68, 15, "n"),
        Field("records", 83, 7, "n"), Field("currency", 114, 1, "const", "E"),
    ]),
}  # fmt: skip
REQUEST_SEQUENCE = ("14", "20", "30", "40", "50", "51", "70")
RETURN_LAYOUTS = {
    "IB": check_layout([
        *_HEAD, Field("type", 2, 2, "const", "IB"), Field("abi", 4, 5, "d"),
        Field("sia", 9, 5, "a"), Field("date", 14, 6, "date"), Field("support", 20, 20),
    ]),
    "14": check_layout([
        *_numbered("14"), Field("date", 23, 6, "date"), Field("causale", 29, 5, "d"),
        Field("amount", 34, 13, "n"), Field("sign", 47, 1),
        Field("bank_abi", 48, 5, "d"), Field("bank_cab", 53, 5, "d"),
        Field("debtor_code", 98, 16), Field("currency", 120, 1, "const", "E"),
    ]),
    "51": check_layout([*_numbered("51"), Field("receipt", 11, 10, "n")]),
    "other": check_layout([*_HEAD, Field("type", 2, 2), Field("number", 4, 7, "n")]),
    "EF": check_layout([
        *_HEAD, Field("type", 2, 2, "const", "EF"), Field("abi", 4, 5, "d"),
        Field("sia", 9, 5, "a"), Field("date", 14, 6, "date"), Field("support", 20, 20),
        Field("count", 46, 7, "n"), Field("total", 53, 15, "n"),
        Field("positive", 68, 15, "n"), Field("records", 83, 7, "n"),
    ]),
}  # fmt: skip
RETURN_OPTIONAL = ("20", "30", "40", "50", "70")


@dataclass(frozen=True)
class RibaCreditor:
    """Creditor: SIA code, Italian IBAN of the collecting account, tax code."""

    sia_code: str
    name: str
    iban: str
    tax_code: str
    street: str = ""
    city: str = ""


@dataclass(frozen=True)
class RibaReceipt:
    """One receipt (ricevuta); amount in cents, debtor bank by ABI/CAB."""

    number: int
    due_date: dt.date
    amount_cents: int
    debtor_name: str
    debtor_tax_code: str
    debtor_abi: str
    debtor_cab: str
    debtor_street: str = ""
    debtor_zip: str = ""
    debtor_city: str = ""
    debtor_province: str = ""
    debtor_bank_name: str = ""
    description: str = ""
    debtor_code: str = ""
    public_references: str = ""  # 'CIG ... CUP ...' of public-administration invoices


@dataclass(frozen=True)
class RibaFile:
    """A RiBa submission ('distinta')."""

    creditor: RibaCreditor
    receipts: tuple
    created: dt.date
    support_name: str


@dataclass(frozen=True)
class RibaOutcome:
    """One receipt of a returns file, as the bank reports it."""

    number: int
    receipt_number: int
    date: dt.date | None
    causale: str
    amount_cents: int
    sign: str
    bank_abi: str
    bank_cab: str
    debtor_code: str
    line: int  # line of its record 14 in the file

    @property
    def status(self):
        """paid, returned or charges (return_reasons.RIBA_CAUSALI)."""
        return return_reasons.riba_status(self.causale)


def _receipt_records(creditor, parts, number, receipt):
    if receipt.amount_cents <= 0:
        raise ValidationError(
            _lt("Receipt %(receipt)s: the amount must be positive."),
            receipt=receipt.number,
        )
    common = {"number": number}
    yield (
        "14",
        {
            **common,
            "due_date": receipt.due_date,
            "amount": receipt.amount_cents,
            "creditor_abi": parts["abi"],
            "creditor_cab": parts["cab"],
            "creditor_account": parts["account"],
            "debtor_abi": receipt.debtor_abi,
            "debtor_cab": receipt.debtor_cab,
            "sia": creditor.sia_code,
            "debtor_code": receipt.debtor_code,
        },
    )
    yield (
        "20",
        {
            **common,
            "creditor_1": creditor.name,
            "creditor_2": creditor.street,
            "creditor_3": creditor.city,
            "creditor_4": creditor.tax_code,
        },
    )
    yield (
        "30",
        {
            **common,
            "debtor_1": receipt.debtor_name[:30],
            "debtor_2": receipt.debtor_name[30:60],
            "debtor_tax_code": receipt.debtor_tax_code,
        },
    )
    yield (
        "40",
        {
            **common,
            "street": receipt.debtor_street,
            "zip": receipt.debtor_zip,
            "city": receipt.debtor_city,
            "province": receipt.debtor_province,
            "bank": receipt.debtor_bank_name,
        },
    )
    yield (
        "50",
        {
            **common,
            "reference_1": receipt.description[:40],
            # CIG/CUP get the second reference whole, never truncated away
            "reference_2": receipt.public_references or receipt.description[40:80],
            "creditor_tax_code": creditor.tax_code,
        },
    )
    yield "51", {**common, "receipt": receipt.number, "creditor": creditor.name}
    yield "70", common  # fmt: skip


def write(riba):
    """The RiBa file text (CRLF line ends) of riba."""
    creditor = riba.creditor
    parts = iban.italian_parts(creditor.iban)
    if not riba.receipts:
        raise ValidationError(_lt("The RiBa file has no receipt."))
    if not creditor.tax_code.strip():
        raise ValidationError(_lt("The creditor has no tax code (codice fiscale or VAT number)."))
    head = {"sia": creditor.sia_code, "abi": parts["abi"], "date": riba.created,
            "support": riba.support_name}  # fmt: skip
    lines = [format_record(LAYOUTS["IB"], head)]
    for number, receipt in enumerate(riba.receipts, start=1):
        for code, values in _receipt_records(creditor, parts, number, receipt):
            lines.append(format_record(LAYOUTS[code], values))
    total = sum(receipt.amount_cents for receipt in riba.receipts)
    lines.append(format_record(LAYOUTS["EF"], {
        **head, "count": len(riba.receipts), "total": total, "positive": 0,
        "records": len(lines) + 1,
    }))  # fmt: skip
    return "\r\n".join(lines) + "\r\n"


def _read_items(lines, sequence, layouts):
    """Header, items (lists of (line number, type, values)) and footer."""
    types = [record_type(line) for line in lines]
    if types[0] != "IB":
        raise FileFormatError(
            _lt("Line %(line)s: record type %(type)s found, IB expected."),
            line=1,
            type=types[0],
        )
    if types[-1] != "EF":
        raise FileFormatError(
            _lt("Line %(line)s: the file is truncated, EF (footer) expected."),
            line=len(lines),
            type=types[-1],
        )
    header = read_record(LAYOUTS["IB"], lines[0], 1)
    items = []
    for number, (line, code) in enumerate(zip(lines, types, strict=True), start=1):
        if number in (1, len(lines)):
            continue
        if code not in sequence:
            raise FileFormatError(
                _lt("Line %(line)s: record type %(type)s is unknown here."),
                line=number,
                type=code,
            )
        position = len(items[-1]) if items else len(sequence)
        if code == sequence[0] and position == len(sequence):
            items.append([])
            position = 0
        if position >= len(sequence) or code != sequence[position]:
            expected = sequence[position] if position < len(sequence) else sequence[0]
            raise FileFormatError(
                _lt(
                    "Line %(line)s: record type %(type)s found, %(expected)s "
                    "expected (duplicate or missing record)."
                ),
                line=number,
                type=code,
                expected=expected,
            )
        values = read_record(layouts[code], line, number)
        if values["number"] != len(items):
            raise FileFormatError(
                _lt("Line %(line)s: progressive number %(found)s, %(expected)s expected."),
                line=number,
                found=values["number"],
                expected=len(items),
            )
        items[-1].append(values)
    if items and len(items[-1]) != len(sequence):
        raise FileFormatError(
            _lt("Line %(line)s: receipt %(number)s is incomplete."),
            line=len(lines),
            number=len(items),
        )
    footer = read_record(LAYOUTS["EF"], lines[-1], len(lines))
    _check_footer(header, footer, items, len(lines))
    return header, items


def _check_footer(header, footer, items, count):
    line = count
    for key in ("sia", "abi", "date", "support"):
        if header[key] != footer[key]:
            raise FileFormatError(
                _lt("Line %(line)s: footer field %(field)s differs from the header."),
                line=line,
                field=key,
            )
    total = sum(item[0]["amount"] for item in items)
    checks = (("count", len(items)), ("total", total), ("records", count))
    for key, expected in checks:
        if footer[key] != expected:
            raise FileFormatError(
                _lt("Line %(line)s: footer %(field)s is %(found)s, %(expected)s expected."),
                line=line,
                field=key,
                found=footer[key],
                expected=expected,
            )


def _check_bank(header, expected_abi, expected_sia):
    if expected_abi and header["abi"] != expected_abi:
        raise FileFormatError(
            _lt("Line 1: the file is for bank ABI %(found)s, %(expected)s expected."),
            found=header["abi"],
            expected=expected_abi,
        )
    if expected_sia and header["sia"] != expected_sia:
        raise FileFormatError(
            _lt("Line 1: the file is for SIA code %(found)s, %(expected)s expected."),
            found=header["sia"],
            expected=expected_sia,
        )


def parse(data, expected_abi=None, expected_sia=None):
    """Parse a RiBa request file: (header dict, list of per-receipt dicts)."""
    lines = split_lines(data)
    header, items = _read_items(lines, REQUEST_SEQUENCE, LAYOUTS)
    _check_bank(header, expected_abi, expected_sia)
    receipts = []
    for item in items:
        merged = {}
        for values in item:
            merged.update(values)
        receipts.append(merged)
    return header, receipts


def _return_items(lines):
    """(line, record 14, record 51) of each receipt of a returns file."""
    items, current = [], None
    for number, line in enumerate(lines[1:-1], start=2):
        code = record_type(line)
        if code == "14":
            if current is not None:
                raise FileFormatError(
                    _lt("Line %(line)s: record 14 found, 51 expected (receipt incomplete)."),
                    line=number,
                )
            values = read_record(RETURN_LAYOUTS["14"], line, number)
            if values["number"] != len(items) + 1:
                raise FileFormatError(
                    _lt("Line %(line)s: progressive number %(found)s, %(expected)s expected."),
                    line=number,
                    found=values["number"],
                    expected=len(items) + 1,
                )
            if values["sign"] not in ("-", "+"):
                raise FileFormatError(
                    _lt("Line %(line)s, position 47: sign '%(sign)s' is neither '-' nor '+'."),
                    line=number,
                    sign=values["sign"],
                )
            current = (number, values)
            continue
        if code not in ("51", *RETURN_OPTIONAL):
            raise FileFormatError(
                _lt("Line %(line)s: record type %(type)s is unknown here."),
                line=number,
                type=code,
            )
        if current is None:
            raise FileFormatError(
                _lt("Line %(line)s: record %(type)s found, 14 expected."),
                line=number,
                type=code,
            )
        layout = RETURN_LAYOUTS["51" if code == "51" else "other"]
        values = read_record(layout, line, number)
        if values["number"] != len(items) + 1:
            raise FileFormatError(
                _lt("Line %(line)s: progressive number %(found)s, %(expected)s expected."),
                line=number,
                found=values["number"],
                expected=len(items) + 1,
            )
        if code == "51":
            items.append((current[0], current[1], values))
            current = None
    if current is not None:
        raise FileFormatError(
            _lt("Line %(line)s: receipt %(number)s has no record 51."),
            line=current[0],
            number=current[1]["number"],
        )
    return items


def parse_returns(data, expected_sia=None):
    """(header, outcomes) of a RiBa returns file (layout in the module
    docstring); FileFormatError naming the line for anything wrong."""
    lines = split_lines(data)
    if record_type(lines[0]) != "IB":
        raise FileFormatError(
            _lt("Line %(line)s: record type %(type)s found, IB expected."),
            line=1,
            type=record_type(lines[0]),
        )
    if record_type(lines[-1]) != "EF":
        raise FileFormatError(
            _lt("Line %(line)s: the file is truncated, EF (footer) expected."),
            line=len(lines),
        )
    header = read_record(RETURN_LAYOUTS["IB"], lines[0], 1)
    if expected_sia and header["sia"] != expected_sia:
        raise FileFormatError(
            _lt("Line 1: the file is for SIA code %(found)s, %(expected)s expected."),
            found=header["sia"],
            expected=expected_sia,
        )
    items = _return_items(lines)
    if not items:
        raise FileFormatError(_lt("Line %(line)s: the file has no receipt."), line=len(lines))
    footer = read_record(RETURN_LAYOUTS["EF"], lines[-1], len(lines))
    negative = sum(rec14["amount"] for _line, rec14, _rec51 in items if rec14["sign"] == "-")
    positive = sum(rec14["amount"] for _line, rec14, _rec51 in items if rec14["sign"] == "+")
    checks = (
        ("abi", header["abi"]), ("sia", header["sia"]), ("date", header["date"]),
        ("count", len(items)), ("total", negative), ("positive", positive),
        ("records", len(lines)),
    )  # fmt: skip
    for key, expected in checks:
        if footer[key] != expected:
            raise FileFormatError(
                _lt("Line %(line)s: footer %(field)s is %(found)s, %(expected)s expected."),
                line=len(lines),
                field=key,
                found=footer[key],
                expected=expected,
            )
    outcomes = []
    for line, rec14, rec51 in items:
        if rec14["causale"] not in return_reasons.RIBA_CAUSALI:
            raise FileFormatError(
                _lt("Line %(line)s, positions 29-33: causale %(causale)s is unknown."),
                line=line,
                causale=rec14["causale"],
            )
        outcomes.append(RibaOutcome(
            number=rec14["number"], receipt_number=rec51["receipt"], date=rec14["date"],
            causale=rec14["causale"], amount_cents=rec14["amount"], sign=rec14["sign"],
            bank_abi=rec14["bank_abi"], bank_cab=rec14["bank_cab"],
            debtor_code=rec14["debtor_code"], line=line,
        ))  # fmt: skip
    return header, outcomes
