"""CBI 'RH' daily account movements (Rendicontazione movimenti), 120-char records.

Layout implemented (positions 1-based; built from public descriptions of
the CBI flow, to be checked against the bank's CBI specification):

- RH header: 4-8 sender (bank ABI), 9-13 receiver (SIA code), 14-19 creation
  date DDMMYY, 20-39 support name, 40-45 free.
- 61 opening balance: 4-10 statement number, 24-28 originator ABI, 29-33
  reason, 34-49 description, 50-51 account type, 52 CIN, 53-57 ABI, 58-62
  CAB, 63-74 account, 75-77 currency, 78-83 accounting date, 84 sign C/D,
  85-99 balance (15, comma decimals, e.g. 000000004377,96), 100-101 country,
  102-103 IBAN check digits.
- 62 movement: 4-10 statement number, 11-13 movement number, 14-19 booking
  date, 20-25 value date, 26 sign C/D, 27-41 amount, 42-43 CBI reason,
  44-45 internal reason, 46-61 cheque number, 62-77 bank reference, 78-86
  customer reference type, 87-120 description.
- 63 movement details: 4-10 statement number, 11-13 movement number, 14-120
  text; a text starting with a tag carries: YYY counterparty name, YY2
  counterparty IBAN, ID1 end-to-end id, RI1/RI2 remittance, RF1 structured
  creditor reference. Other texts are added to the description.
- 64 closing balance: 4-10 statement number, 11-13 currency, 14-19 date,
  20 sign, 21-35 accounting balance. 65 (forward balances) is accepted and
  ignored.
- EF footer: same 4-45 as RH, 46-52 number of statements, 83-89 number of
  records.
"""

import datetime as dt
from dataclasses import dataclass, field

from . import iban
from .errors import FileFormatError, _lt
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


_ENVELOPE = [Field("sender", 4, 5), Field("receiver", 9, 5),
             Field("date", 14, 6, "date"), Field("support", 20, 20),
             Field("free", 40, 6)]  # fmt: skip
LAYOUTS = {
    "RH": check_layout([*_HEAD, Field("type", 2, 2, "const", "RH"), *_ENVELOPE]),
    "61": check_layout([
        *_numbered("61"), Field("originator_abi", 24, 5), Field("reason", 29, 5),
        Field("description", 34, 16), Field("account_type", 50, 2),
        Field("cin", 52, 1), Field("abi", 53, 5, "d"), Field("cab", 58, 5, "d"),
        Field("account", 63, 12), Field("currency", 75, 3),
        Field("date", 78, 6, "date"), Field("sign", 84, 1),
        Field("balance", 85, 15), Field("country", 100, 2),
        Field("check", 102, 2, "d"),
    ]),
    "62": check_layout([
        *_numbered("62"), Field("movement", 11, 3, "n"),
        Field("booking_date", 14, 6, "date"), Field("value_date", 20, 6, "date"),
        Field("sign", 26, 1), Field("amount", 27, 15), Field("reason", 42, 2),
        Field("internal_reason", 44, 2), Field("cheque", 46, 16),
        Field("bank_reference", 62, 16), Field("reference_type", 78, 9),
        Field("description", 87, 34),
    ]),
    "63": check_layout([
        *_numbered("63"), Field("movement", 11, 3, "n"), Field("text", 14, 107),
    ]),
    "64": check_layout([
        *_numbered("64"), Field("currency", 11, 3), Field("date", 14, 6, "date"),
        Field("sign", 20, 1), Field("balance", 21, 15),
    ]),
    "65": check_layout([*_numbered("65")]),
    "EF": check_layout([
        *_HEAD, Field("type", 2, 2, "const", "EF"), *_ENVELOPE,
        Field("count", 46, 7, "n"), Field("records", 83, 7, "n"),
    ]),
}  # fmt: skip


@dataclass
class Movement:
    """One movement; amount_cents signed (credit > 0)."""

    booking_date: dt.date
    value_date: dt.date | None
    amount_cents: int
    reason: str
    bank_reference: str
    description: str
    counterparty_name: str = ""
    counterparty_iban: str = ""
    end_to_end_id: str = ""
    structured_reference: str = ""
    remittance: str = ""


@dataclass
class RhStatement:
    """Movements of one account for one day, with opening and closing balance."""

    number: int
    account_iban: str
    currency: str
    date: dt.date
    opening_cents: int
    closing_cents: int | None = None
    movements: list = field(default_factory=list)


def format_amount(cents):
    """Signed cents as (sign, 15-char '000000004377,96')."""
    sign = "C" if cents >= 0 else "D"
    cents = abs(cents)
    return sign, f"{cents // 100:012d},{cents % 100:02d}"


def _amount(sign, text, number, name):
    digits = text.replace(",", "")
    if sign not in ("C", "D") or len(text) != 15 or text[12] != "," or not (digits.isdigit()):
        raise FileFormatError(
            _lt("Line %(line)s: %(field)s %(sign)s%(value)s is not a signed CBI amount."),
            line=number,
            field=name,
            sign=sign,
            value=text,
        )
    return int(digits) * (1 if sign == "C" else -1)


def write(sender, receiver, created, support, statements):
    """RH file text of statements (mainly to build test data)."""
    envelope = {"sender": sender, "receiver": receiver, "date": created,
                "support": support}  # fmt: skip
    lines = [format_record(LAYOUTS["RH"], envelope)]
    for st in statements:
        parts = iban.italian_parts(st.account_iban)
        sign, balance = format_amount(st.opening_cents)
        lines.append(format_record(LAYOUTS["61"], {
            "number": st.number, "currency": st.currency, "date": st.date,
            "sign": sign, "balance": balance, "country": "IT",
            "check": st.account_iban[2:4], **parts,
        }))  # fmt: skip
        for index, mv in enumerate(st.movements, start=1):
            sign, amount = format_amount(mv.amount_cents)
            lines.append(format_record(LAYOUTS["62"], {
                "number": st.number, "movement": index, "sign": sign,
                "amount": amount, "booking_date": mv.booking_date,
                "value_date": mv.value_date, "reason": mv.reason,
                "bank_reference": mv.bank_reference, "description": mv.description,
            }))  # fmt: skip
            for tag, text in (("YYY", mv.counterparty_name),
                              ("YY2", mv.counterparty_iban),
                              ("ID1", mv.end_to_end_id),
                              ("RF1", mv.structured_reference),
                              ("RI1", mv.remittance)):  # fmt: skip
                if text:
                    lines.append(format_record(LAYOUTS["63"], {
                        "number": st.number, "movement": index, "text": tag + text,
                    }))  # fmt: skip
        sign, balance = format_amount(st.closing_cents)
        lines.append(format_record(LAYOUTS["64"], {
            "number": st.number, "currency": st.currency, "date": st.date,
            "sign": sign, "balance": balance,
        }))  # fmt: skip
    lines.append(format_record(LAYOUTS["EF"], {
        **envelope, "count": len(statements), "records": len(lines) + 1,
    }))  # fmt: skip
    return "\r\n".join(lines) + "\r\n"


_TAGS = {"YYY": "counterparty_name", "YY2": "counterparty_iban",
         "ID1": "end_to_end_id", "RF1": "structured_reference",
         "RI1": "remittance", "RI2": "remittance"}  # fmt: skip


def _apply_detail(movement, text):
    attribute = _TAGS.get(text[:3])
    if attribute is None:
        movement.description = f"{movement.description} {text}".strip()
        return
    value = text[3:].strip()
    if attribute == "counterparty_iban":
        value = iban.normalize(value)
    previous = getattr(movement, attribute)
    setattr(movement, attribute, f"{previous} {value}".strip() if previous else value)


class _State:
    """Running parse state; each record handler checks the expected order."""

    def __init__(self, expected_iban):
        self.expected_iban = iban.normalize(expected_iban) if expected_iban else ""
        self.statements = []
        self.current = None
        self.seen_accounts = set()

    def fail(self, number, code, reason):
        raise FileFormatError(
            _lt("Line %(line)s: record %(type)s %(reason)s."),
            line=number,
            type=code,
            reason=reason,
        )

    def open(self, values, number):
        if self.current is not None:
            self.fail(number, "61", _lt("found before the closing record 64"))
        if values["number"] != len(self.statements) + 1:
            self.fail(number, "61", _lt("has a wrong statement number"))
        account = "IT{check:0>2}{cin}{abi}{cab}{account}".format(**values)
        account = iban.normalize(account)
        if not iban.is_valid_iban(account):
            self.fail(number, "61", _lt("has an invalid account (%s)") % account)
        if self.expected_iban and account != self.expected_iban:
            raise FileFormatError(
                _lt(
                    "Line %(line)s: the movements are for account %(found)s, %(expected)s expected."
                ),
                line=number,
                found=account,
                expected=self.expected_iban,
            )
        key = (account, values["date"])
        if key in self.seen_accounts:
            self.fail(number, "61", _lt("repeats an account and date"))
        self.seen_accounts.add(key)
        opening = _amount(values["sign"], values["balance"], number, "balance")
        self.current = RhStatement(values["number"], account, values["currency"],
                                   values["date"], opening)  # fmt: skip

    def _check_open(self, code, values, number):
        if self.current is None:
            self.fail(number, code, _lt("found outside a statement (61 missing)"))
        if values["number"] != self.current.number:
            self.fail(number, code, _lt("has a wrong statement number"))

    def movement(self, values, number):
        self._check_open("62", values, number)
        if values["movement"] != len(self.current.movements) + 1:
            self.fail(number, "62", _lt("has a wrong or repeated movement number"))
        if values["booking_date"] is None:
            self.fail(number, "62", _lt("has no booking date"))
        amount = _amount(values["sign"], values["amount"], number, "amount")
        self.current.movements.append(Movement(
            values["booking_date"], values["value_date"], amount, values["reason"],
            values["bank_reference"], values["description"],
        ))  # fmt: skip

    def detail(self, values, number):
        self._check_open("63", values, number)
        if values["movement"] != len(self.current.movements) or not values["movement"]:
            self.fail(number, "63", _lt("does not follow its movement (62)"))
        _apply_detail(self.current.movements[-1], values["text"])

    def close(self, values, number):
        self._check_open("64", values, number)
        closing = _amount(values["sign"], values["balance"], number, "balance")
        moved = sum(m.amount_cents for m in self.current.movements)
        if self.current.opening_cents + moved != closing:
            self.fail(number, "64", _lt("closing balance does not match opening plus movements"))
        self.current.closing_cents = closing
        self.statements.append(self.current)
        self.current = None

    def forward(self, values, number):
        if (
            self.current is not None
            or not self.statements
            or (values["number"] != self.statements[-1].number)
        ):
            self.fail(number, "65", _lt("does not follow a closing record 64"))


def parse(data, expected_iban=None):
    """Statements of an RH file; rejects the whole file on any problem."""
    lines = split_lines(data)
    if record_type(lines[0]) != "RH":
        raise FileFormatError(
            _lt("Line 1: record type %(type)s found, RH expected."),
            type=record_type(lines[0]),
        )
    if record_type(lines[-1]) != "EF":
        raise FileFormatError(
            _lt("Line %(line)s: the file is truncated, EF (footer) expected."),
            line=len(lines),
        )
    header = read_record(LAYOUTS["RH"], lines[0], 1)
    state = _State(expected_iban)
    handlers = {"61": state.open, "62": state.movement, "63": state.detail,
                "64": state.close, "65": state.forward}  # fmt: skip
    for number, line in enumerate(lines[1:-1], start=2):
        code = record_type(line)
        if code not in handlers:
            raise FileFormatError(
                _lt("Line %(line)s: record type %(type)s is unknown here."),
                line=number,
                type=code,
            )
        handlers[code](read_record(LAYOUTS[code], line, number), number)
    if state.current is not None:
        state.fail(len(lines), "EF", _lt("found before the closing record 64"))
    footer = read_record(LAYOUTS["EF"], lines[-1], len(lines))
    for key in ("sender", "receiver", "date", "support"):
        if footer[key] != header[key]:
            state.fail(len(lines), "EF", _lt("differs from the header in %s") % key)
    if footer["count"] != len(state.statements) or footer["records"] != len(lines):
        state.fail(len(lines), "EF", _lt("has wrong statement or record counts"))
    return state.statements
