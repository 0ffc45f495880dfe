"""CBI 'RH' daily account movements (Rendicontazione movimenti di conto
corrente), 120-character records.

Source: CBI, "Rendicontazioni" (CBI-RND-001, the RH flow of the CBI
standards, Consorzio CBI, www.cbi-org.eu, section "Standard CBI" >
"Rendicontazioni"), as also described by independent open-source parsers of
the RH flow; positions below are 1-based and follow that description.

- RH header: 4-8 sender (bank ABI), 9-13 receiver (SIA code), 14-19 creation
  date DDMMYY, 20-39 support name, 40-45 free.
- 61 opening balance: 4-10 statement number, 24-28 originator ABI, 29-33
  reason, 34-49 description, 50-51 account type, 52 CIN, 53-57 ABI, 58-62
  CAB, 63-74 account, 75-77 currency, 78-83 accounting date, 84 sign C/D,
  85-99 balance (15, comma decimals, e.g. 000000004377,96), 100-101 country,
  102-103 IBAN check digits.
- 62 movement: 4-10 statement number, 11-13 movement number, 14-19 VALUE
  date, 20-25 BOOKING date, 26 sign C/D, 27-41 amount, 42-43 CBI causale,
  44-45 internal causale, 46-61 cheque number, 62-77 bank reference, 78-86
  customer reference type, 87-120 description.
- 63 movement details: 4-10 statement number, 11-13 movement number, 14-16
  a flag that decides the layout of 17-120:

  ===== =====================================================================
  KKK   relationship (transaction) id 17-39
  YYY   order date 17-24 (DDMMYYYY), ordering party tax code 25-40, name
        41-80, town 81-120
  YY2   ordering party address 17-66, ordering party IBAN 67-100
  ZZ1   foreign transfer (see below)
  ZZ2   ordering party 17-120
  ZZ3   payee 17-66, reason of the payment 67-120
  ID1   MsgId 17-51, EndToEndId 52-86
  RI1   remittance information 17-120; RI2 its continuation 17-52 (140
        characters in all, the SEPA remittance length; 53-120 filler)
  other free text, added to the description
  ===== =====================================================================

- 63 ZZ1 (foreign transfer), as CBI-RND-001 describes it and as two
  independent open-source RH readers quote it (a PHP importer of CBI flows
  carrying the standard's field notes, and a Python rule table of the RH
  and EC flows, both on GitHub): 17-34 original amount of the payment (gross
  of commissions), 35-37 its currency, 38-55 amount settled between the
  banks, 56-58 settlement currency, 59-76 negotiated amount (counter-value
  of the booked amount), 77-79 its currency, 80-91 exchange rate applied (12
  digits, the last 5 decimals, implicit comma), 92-104 commissions, 105-117
  expenses (both when not booked apart), 118-120 country the funds come from
  or go to (UIC numeric code). Amounts are written as in record 62, with an
  explicit decimal comma (digits only: whole units); a currency is required
  beside its amount. All parsed as Decimal (ForeignTransfer).
- 64 closing balance: 4-10 statement number, 11-13 currency, 14-19 date,
  20 sign, 21-35 accounting balance. 65 (forward balances) is accepted and
  ignored.
- EF footer: same 4-45 as RH, 46-52 number of statements, 83-89 number of
  records.

CBI causali of record 62 used by the collections: 48 incoming transfer
(matched to open invoices), 37 unpaid RiBa charged back, Z9 SDD/RID
reversal (both tied to their collections).
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from . import charset, iban
from .errors import FileFormatError, _lt, term
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
        Field("value_date", 14, 6, "date"), Field("booking_date", 20, 6, "date"),
        Field("sign", 26, 1), Field("amount", 27, 15), Field("reason", 42, 2),
        Field("internal_reason", 44, 2), Field("cheque", 46, 16),
        Field("bank_reference", 62, 16), Field("reference_type", 78, 9),
        Field("description", 87, 34),
    ]),
    "63": check_layout([
        *_numbered("63"), Field("movement", 11, 3, "n"), Field("text", 14, 107, "raw"),
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


@dataclass(frozen=True)
class ForeignTransfer:
    """Record 63 ZZ1 of a foreign transfer; amounts and rate as Decimal."""

    original_amount: Decimal | None = None
    original_currency: str = ""
    settled_amount: Decimal | None = None
    settled_currency: str = ""
    negotiated_amount: Decimal | None = None
    negotiated_currency: str = ""
    exchange_rate: Decimal | None = None
    commissions: Decimal | None = None
    expenses: Decimal | None = None
    country: str = ""


# (attribute, start, end, currency attribute) of the ZZ1 amounts
ZZ1_AMOUNTS = (
    ("original_amount", 17, 34, "original_currency"),
    ("settled_amount", 38, 55, "settled_currency"),
    ("negotiated_amount", 59, 76, "negotiated_currency"),
    ("commissions", 92, 104, None),
    ("expenses", 105, 117, None),
)
ZZ1_CURRENCIES = (("original_currency", 35), ("settled_currency", 56), ("negotiated_currency", 77))
ZZ1_RATE = (80, 91, 5)  # positions, implicit decimals
ZZ1_COUNTRY = (118, 120)
_ZZ1_AMOUNT = re.compile(r"^[0-9]+(,[0-9]{1,3})?$")

CAUSALI = {"48": "transfer", "37": "riba_unpaid", "Z9": "sdd_reversal"}
_RF = re.compile(r"^(RF[0-9]{2}[A-Z0-9]{1,21})\b")


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
    relationship_id: str = ""
    order_date: dt.date | None = None
    counterparty_tax_code: str = ""
    counterparty_town: str = ""
    counterparty_address: str = ""
    payee: str = ""
    message_id: str = ""
    foreign: ForeignTransfer | None = None
    remittance_lines: str = ""  # RI1 + RI2 as read, joined in _finish

    @property
    def kind(self):
        """What the CBI causale says the movement is (CAUSALI)."""
        return CAUSALI.get(self.reason, "other")


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
            for text in _details(mv):
                lines.append(format_record(LAYOUTS["63"], {
                    "number": st.number, "movement": index, "text": text,
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


def _cols(*pairs):
    """63 text (positions 14-120) from (start position, length, value) pairs."""
    text = [" "] * 107
    for start, length, value in pairs:
        value = charset.to_cbi(str(value or ""), length).ljust(length)
        text[start - 14 : start - 14 + length] = value
    return "".join(text)


def _details(mv):
    """Texts (positions 14-120) of the 63 records of mv, as published."""
    if mv.relationship_id:
        yield _cols((14, 3, "KKK"), (17, 23, mv.relationship_id))
    if mv.counterparty_name or mv.counterparty_tax_code or mv.order_date:
        order = mv.order_date.strftime("%d%m%Y") if mv.order_date else ""
        yield _cols((14, 3, "YYY"), (17, 8, order), (25, 16, mv.counterparty_tax_code),
                    (41, 40, mv.counterparty_name), (81, 40, mv.counterparty_town))  # fmt: skip
    if mv.counterparty_address or mv.counterparty_iban:
        yield _cols((14, 3, "YY2"), (17, 50, mv.counterparty_address),
                    (67, 34, mv.counterparty_iban))  # fmt: skip
    if mv.foreign:
        yield _zz1_text(mv.foreign)
    if mv.payee:
        yield _cols((14, 3, "ZZ3"), (17, 50, mv.payee))
    if mv.message_id or mv.end_to_end_id:
        yield _cols((14, 3, "ID1"), (17, 35, mv.message_id), (52, 35, mv.end_to_end_id))
    remittance = " ".join(filter(None, [mv.structured_reference, mv.remittance]))
    for tag, start, length in (("RI1", 0, 104), ("RI2", 104, 36)):
        chunk = remittance[start : start + length]
        if chunk:
            yield _cols((14, 3, tag), (17, length, chunk))


def _zz1_text(foreign):
    """63 text of a ForeignTransfer (amounts with 2 decimals)."""
    pairs = [(14, 3, "ZZ1")]
    for attribute, start, end, _currency in ZZ1_AMOUNTS:
        value = getattr(foreign, attribute)
        if value is not None:
            text = f"{value:.2f}".replace(".", ",")
            pairs.append((start, end - start + 1, text.rjust(end - start + 1, "0")))
    for attribute, start in ZZ1_CURRENCIES:
        pairs.append((start, 3, getattr(foreign, attribute)))
    if foreign.exchange_rate is not None:
        start, end, decimals = ZZ1_RATE
        units = int(foreign.exchange_rate.scaleb(decimals))
        pairs.append((start, end - start + 1, f"{units:0{end - start + 1}d}"))
    pairs.append((ZZ1_COUNTRY[0], 3, foreign.country))
    return _cols(*pairs)


def _zz1_fail(number, start, end, label, value, reason):
    raise FileFormatError(
        _lt(
            "Line %(line)s, record 63 ZZ1 (positions %(start)s-%(end)s, %(field)s): "
            "%(value)s %(reason)s."
        ),
        line=number,
        start=start,
        end=end,
        field=term(label),
        value=repr(value),
        reason=term(reason),
    )


_ZZ1_LABELS = {
    "original_amount": _lt("original amount"),
    "settled_amount": _lt("settled amount"),
    "negotiated_amount": _lt("negotiated amount"),
    "commissions": _lt("commissions"),
    "expenses": _lt("expenses"),
    "original_currency": _lt("currency of the original amount"),
    "settled_currency": _lt("settlement currency"),
    "negotiated_currency": _lt("currency of the negotiated amount"),
    "exchange_rate": _lt("exchange rate"),
    "country": _lt("country"),
}


def _foreign(text, number):
    """ForeignTransfer of a 63 ZZ1 text (positions 14-120)."""
    values = {}
    for attribute, start in ZZ1_CURRENCIES:
        code = _at(text, start, start + 2)
        if code and not (len(code) == 3 and code.isascii() and code.isalpha()):
            _zz1_fail(number, start, start + 2, _ZZ1_LABELS[attribute], code,
                      _lt("is not a 3-letter currency code"))  # fmt: skip
        values[attribute] = code.upper()
    for attribute, start, end, currency in ZZ1_AMOUNTS:
        raw = _at(text, start, end)
        if not raw:
            continue
        if not _ZZ1_AMOUNT.match(raw):
            _zz1_fail(number, start, end, _ZZ1_LABELS[attribute], raw,
                      _lt("is not an amount with a decimal comma"))  # fmt: skip
        if currency and not values[currency]:
            _zz1_fail(number, start, end, _ZZ1_LABELS[attribute], raw,
                      _lt("has no currency beside it"))  # fmt: skip
        values[attribute] = Decimal(raw.replace(",", "."))
    start, end, decimals = ZZ1_RATE
    raw = _at(text, start, end)
    if raw:
        if not (raw.isascii() and raw.isdigit()):
            _zz1_fail(number, start, end, _ZZ1_LABELS["exchange_rate"], raw,
                      _lt("is not 12 digits with 5 implicit decimals"))  # fmt: skip
        values["exchange_rate"] = Decimal(int(raw)).scaleb(-decimals)
    start, end = ZZ1_COUNTRY
    country = _at(text, start, end)
    if country and not (country.isascii() and country.isdigit()):
        _zz1_fail(number, start, end, _ZZ1_LABELS["country"], country,
                  _lt("is not a numeric UIC country code"))  # fmt: skip
    values["country"] = country
    return ForeignTransfer(**values)


def _at(text, start, end):
    """Positions start-end (1-based, of the record) of a 63 text."""
    return text[start - 14 : end - 13].strip()


def _append(movement, attribute, value):
    if value:
        previous = getattr(movement, attribute)
        setattr(movement, attribute, f"{previous} {value}".strip() if previous else value)


def _order_date(text, number):
    raw = _at(text, 17, 24)
    if not raw:
        return None
    try:
        return dt.datetime.strptime(raw, "%d%m%Y").date()
    except ValueError:
        raise FileFormatError(
            _lt(
                "Line %(line)s, record 63 YYY (positions 17-24): %(value)s is not a DDMMYYYY date."
            ),
            line=number,
            value=raw,
        ) from None


def _finish(movement):
    """Remittance of ZZ3 and RI1/RI2 together; a leading RF creditor reference
    of RI1 is the structured one."""
    _append(movement, "remittance", movement.remittance_lines.strip())
    movement.remittance_lines = ""
    found = _RF.match(movement.remittance)
    if found and not movement.structured_reference:
        movement.structured_reference = found.group(1)
        movement.remittance = movement.remittance[found.end() :].strip()


def _apply_detail(movement, text, number):
    flag = text[:3]
    if flag == "KKK":
        movement.relationship_id = _at(text, 17, 39)
    elif flag == "YYY":
        movement.order_date = _order_date(text, number)
        movement.counterparty_tax_code = _at(text, 25, 40)
        movement.counterparty_name = _at(text, 41, 80)
        movement.counterparty_town = _at(text, 81, 120)
    elif flag == "YY2":
        movement.counterparty_address = _at(text, 17, 66)
        movement.counterparty_iban = iban.normalize(_at(text, 67, 100))
    elif flag == "ZZ1":
        movement.foreign = _foreign(text, number)
    elif flag == "ZZ2":
        if not movement.counterparty_name:
            movement.counterparty_name = _at(text, 17, 120)
    elif flag == "ZZ3":
        movement.payee = _at(text, 17, 66)
        _append(movement, "remittance", _at(text, 67, 120))
    elif flag == "ID1":
        movement.message_id = _at(text, 17, 51)
        movement.end_to_end_id = _at(text, 52, 86)
    elif flag in ("RI1", "RI2"):
        # RI2 (17-52) continues RI1 without a separator when RI1 fills its 104
        # characters; what follows position 52 of RI2 is filler
        value = (text[3:] if flag == "RI1" else text[3:39]).rstrip()
        if flag == "RI1" or not movement.remittance_lines:
            movement.remittance_lines = value
        else:
            movement.remittance_lines = movement.remittance_lines.ljust(104) + value
    else:
        _append(movement, "description", " ".join(text.split()))


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
        _apply_detail(self.current.movements[-1], values["text"], number)

    def close(self, values, number):
        self._check_open("64", values, number)
        closing = _amount(values["sign"], values["balance"], number, "balance")
        moved = sum(m.amount_cents for m in self.current.movements)
        if self.current.opening_cents + moved != closing:
            self.fail(number, "64", _lt("closing balance does not match opening plus movements"))
        self.current.closing_cents = closing
        for movement in self.current.movements:
            _finish(movement)
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
