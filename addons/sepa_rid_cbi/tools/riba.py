"""CBI RiBa ('Ricevute bancarie') request writer and return ('esiti') parser.

Request layout (CBI RiBa, 120-character records, positions 1-based): every
record starts with a blank and the 2-character type. IB (header), then per
receipt 14 (amounts and banks), 20 (creditor), 30 (debtor), 40 (debtor
address and bank), 50 (reference), 51 (receipt number), 70 (closing), then EF
(footer with counts and total). Amounts in cents zero-padded, dates DDMMYY,
text uppercase in the CBI character set.

Return layout: no public CBI specification of the 'esiti RiBa' record
content was found. ``parse_returns`` accepts this minimal layout, to be agreed
with the bank or produced by a converter: the same IB and EF records (EF
counts the returned receipts and their total), and per returned receipt the
records 14 (as in the request: due date, amount, banks, debtor code), 51
(receipt number) and 70 where positions 11-13 hold the outcome (INS unpaid,
RIC recalled, PAG paid) and positions 14-88 a free reason text.
"""

import datetime as dt
from dataclasses import dataclass

from . import iban
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
    "70R": check_layout([
        *_numbered("70"), Field("outcome", 11, 3), Field("outcome_text", 14, 75),
    ]),
    "EF": check_layout([
        *_HEAD, Field("type", 2, 2, "const", "EF"), Field("sia", 4, 5, "a"),
        Field("abi", 9, 5, "d"), Field("date", 14, 6, "date"),
        Field("support", 20, 20), Field("free", 40, 6), Field("count", 46, 7, "n"),
        Field("total", 53, 15, "n"), Field("positive", 68, 15, "n"),
        Field("records", 83, 7, "n"), Field("currency", 114, 1, "const", "E"),
    ]),
}  # fmt: skip
REQUEST_SEQUENCE = ("14", "20", "30", "40", "50", "51", "70")
RETURN_SEQUENCE = ("14", "51", "70")
OUTCOMES = {"INS": "unpaid", "RIC": "recalled", "PAG": "paid"}


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


@dataclass(frozen=True)
class RibaFile:
    """A RiBa submission ('distinta')."""

    creditor: RibaCreditor
    receipts: tuple
    created: dt.date
    support_name: str


@dataclass(frozen=True)
class RibaOutcome:
    """One returned receipt of an 'esiti' file."""

    number: int
    receipt_number: int
    due_date: dt.date
    amount_cents: int
    debtor_code: str
    status: str  # unpaid, recalled, paid
    reason: str
    line: int = 0  # line of its record 14 in the file


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
            "reference_2": receipt.description[40:80],
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


def parse_returns(data, expected_abi=None, expected_sia=None):
    """Parse an 'esiti RiBa' file (layout in the module docstring)."""
    lines = split_lines(data)
    layouts = {**LAYOUTS, "70": LAYOUTS["70R"]}
    header, items = _read_items(lines, RETURN_SEQUENCE, layouts)
    _check_bank(header, expected_abi, expected_sia)
    outcomes = []
    line = 1
    for rec14, rec51, rec70 in items:
        line += 3
        if rec70["outcome"] not in OUTCOMES:
            raise FileFormatError(
                _lt("Line %(line)s: outcome %(outcome)s is unknown (INS, RIC, PAG)."),
                line=line,
                outcome=rec70["outcome"],
            )
        outcomes.append(RibaOutcome(
            number=rec14["number"], receipt_number=rec51["receipt"],
            due_date=rec14["due_date"], amount_cents=rec14["amount"],
            debtor_code=rec14["debtor_code"], status=OUTCOMES[rec70["outcome"]],
            reason=rec70["outcome_text"], line=line - 2,
        ))  # fmt: skip
    return header, outcomes
