"""Parser of camt.053 (bank statement) and camt.054 (notification), .02 and .08.

A debit entry that reverses one of our SEPA direct debits (a return or
unpaid collection) is recognised by its return information
(NtryDtls/TxDtls/RtrInf, reason in Rsn/Cd or Rsn/Prtry), by the ISO bank
transaction code PMNT/IDDT/UPDD ("reversal due to return/unpaid direct
debit", ISO 20022 External Code Sets, BankTransactionSubFamilyCode) or by
the reversal indicator RvslInd; the end-to-end id of TxDtls/Refs names the
collection.
"""

import datetime as dt
from dataclasses import dataclass

from . import iban
from .errors import FileFormatError, _lt
from .xmlutil import Reader, local, namespace, parse_xml

_ISO = "urn:iso:std:iso:20022:tech:xsd:"
FLAVOURS = {
    "camt.053.001.02": ("BkToCstmrStmt", "Stmt"),
    "camt.053.001.08": ("BkToCstmrStmt", "Stmt"),
    "camt.054.001.02": ("BkToCstmrDbtCdtNtfctn", "Ntfctn"),
    "camt.054.001.08": ("BkToCstmrDbtCdtNtfctn", "Ntfctn"),
}


@dataclass(frozen=True)
class Entry:
    """One booked movement; amount_cents is signed (credit > 0)."""

    booking_date: dt.date | None
    value_date: dt.date | None
    amount_cents: int
    counterparty_name: str
    counterparty_iban: str
    structured_reference: str
    remittance: str
    end_to_end_id: str
    bank_reference: str
    reversal: bool = False  # a debit reversing one of our direct debits
    return_reason: str = ""  # ISO reason code of that return (MD01, AC04...)


@dataclass(frozen=True)
class Statement:
    """A statement or notification of one account."""

    flavour: str
    statement_id: str
    account_iban: str
    entries: tuple


def _date(reader, element, path):
    text = reader.text(element, path + "/Dt") or reader.text(element, path + "/DtTm")
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise FileFormatError(
            _lt("%(path)s: %(value)s is not a date."),
            path=reader.where(element, path),
            value=text,
        ) from None


def _party(reader, details, role, flavour):
    base = "RltdPties/" + role
    name_path = base + ("/Pty/Nm" if flavour.endswith(".08") else "/Nm")
    return (
        reader.text(details, name_path) or reader.text(details, base + "/Nm"),
        iban.normalize(reader.text(details, f"RltdPties/{role}Acct/Id/IBAN")),
    )


def _entry(reader, entry, flavour, currency):
    found = entry.find(reader._path("Amt"))
    if found is None:
        raise FileFormatError(
            _lt("%(path)s: required element is missing or empty."),
            path=reader.where(entry, "Amt"),
        )
    code = found.get("Ccy") or currency
    if currency and code != currency:
        raise FileFormatError(
            _lt("%(path)s: the amount is in %(found)s, the account is in %(expected)s."),
            path=reader.where(found),
            found=code,
            expected=currency,
        )
    amount = reader.cents(entry, "Amt", code)
    indicator = reader.text(entry, "CdtDbtInd", required=True)
    if indicator not in ("CRDT", "DBIT"):
        raise FileFormatError(
            _lt("%(path)s: %(value)s is neither CRDT (credit) nor DBIT (debit)."),
            path=reader.where(entry, "CdtDbtInd"),
            value=indicator,
        )
    if reader.text(entry, "Sts") in ("PDNG", "INFO") or reader.text(entry, "Sts/Cd") in (
        "PDNG",
        "INFO",
    ):
        return None
    details = (reader.all(entry, "NtryDtls/TxDtls") or [entry])[0]
    role = "Dbtr" if indicator == "CRDT" else "Cdtr"
    name, account = _party(reader, details, role, flavour)
    reason = reader.text(details, "RtrInf/Rsn/Cd") or reader.text(details, "RtrInf/Rsn/Prtry")
    reversal = indicator == "DBIT" and (
        bool(reader.all(details, "RtrInf"))
        or reader.text(entry, "BkTxCd/Domn/Fmly/SubFmlyCd") == "UPDD"
        or reader.text(entry, "RvslInd").lower() == "true"
    )
    return Entry(
        booking_date=_date(reader, entry, "BookgDt"),
        value_date=_date(reader, entry, "ValDt"),
        amount_cents=amount if indicator == "CRDT" else -amount,
        counterparty_name=name,
        counterparty_iban=account,
        structured_reference=reader.text(details, "RmtInf/Strd/CdtrRefInf/Ref"),
        remittance=" ".join(
            (node.text or "").strip() for node in reader.all(details, "RmtInf/Ustrd")
        ).strip()
        or reader.text(entry, "AddtlNtryInf"),
        end_to_end_id=reader.text(details, "Refs/EndToEndId"),
        bank_reference=reader.text(entry, "AcctSvcrRef"),
        reversal=reversal,
        return_reason=reason.upper() if reversal else "",
    )


def _check_duplicates(reader, statement, entries):
    refs = [e.bank_reference for e in entries if e.bank_reference]
    duplicates = sorted({ref for ref in refs if refs.count(ref) > 1})
    if duplicates:
        raise FileFormatError(
            _lt("%(path)s: entry reference %(ref)s appears twice."),
            path=reader.where(statement),
            ref=duplicates[0],
        )


def parse(data, expected_iban=None, currency="EUR"):
    """Statements of a camt.053/054 file; rejects the file whole when bad."""
    tree = parse_xml(data)
    root = tree.getroot()
    flavour = namespace(root).removeprefix(_ISO)
    if local(root) != "Document" or flavour not in FLAVOURS:
        raise FileFormatError(
            _lt("/%(name)s: namespace %(ns)s is not a supported camt.053/054."),
            name=local(root),
            ns=namespace(root) or "-",
        )
    reader = Reader(tree)
    wrapper, item = FLAVOURS[flavour]
    statements = reader.all(root, f"{wrapper}/{item}")
    if not statements:
        raise FileFormatError(
            _lt("/Document/%(wrapper)s: no %(item)s found."),
            wrapper=wrapper,
            item=item,
        )
    result, seen = [], set()
    expected = iban.normalize(expected_iban) if expected_iban else ""
    for statement in statements:
        ident = reader.text(statement, "Id", required=True)
        account = iban.normalize(reader.text(statement, "Acct/Id/IBAN", True))
        if ident in seen:
            raise FileFormatError(
                _lt("%(path)s: statement id %(id)s appears twice."),
                path=reader.where(statement),
                id=ident,
            )
        seen.add(ident)
        if expected and account != expected:
            raise FileFormatError(
                _lt("%(path)s: the statement is for account %(found)s, %(expected)s expected."),
                path=reader.where(statement),
                found=account,
                expected=expected,
            )
        entries = [_entry(reader, e, flavour, currency) for e in reader.all(statement, "Ntry")]
        entries = tuple(e for e in entries if e is not None)
        _check_duplicates(reader, statement, entries)
        result.append(Statement(flavour, ident, account, entries))
    return result
