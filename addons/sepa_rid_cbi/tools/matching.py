"""Pure matching of incoming movements to open invoices.

Rules, in order: structured reference; invoice number found in the
remittance text; unique open amount of the partner owning the payer IBAN.
"""

import re
from dataclasses import dataclass

from . import iban

MATCHED, PROPOSED, UNMATCHED = "matched", "proposed", "unmatched"
RULE_REFERENCE = "structured_reference"
RULE_NUMBER = "invoice_number"
RULE_AMOUNT_PARTNER = "amount_partner"
_NON_ALNUM = re.compile(r"[^A-Z0-9]")


@dataclass(frozen=True)
class OpenInvoice:
    """An open customer invoice; partner_ibans: IBANs known for its partner."""

    id: int
    number: str
    partner_id: int
    residual_cents: int
    structured_reference: str = ""
    partner_ibans: frozenset = frozenset()


@dataclass(frozen=True)
class IncomingMovement:
    """An incoming bank movement (credit), amount in cents."""

    id: str
    amount_cents: int
    counterparty_iban: str = ""
    structured_reference: str = ""
    remittance: str = ""


@dataclass(frozen=True)
class MatchResult:
    """Outcome for one movement."""

    movement_id: str
    status: str
    rule: str | None
    invoice_ids: tuple = ()


def _compact(text):
    return _NON_ALNUM.sub("", (text or "").upper())


def _by_reference(movement, invoices):
    ref = _compact(movement.structured_reference)
    if not ref:
        return None
    found = [inv for inv in invoices if _compact(inv.structured_reference) == ref]
    if len(found) != 1:
        return None
    status = MATCHED if found[0].residual_cents == movement.amount_cents else PROPOSED
    return MatchResult(movement.id, status, RULE_REFERENCE, (found[0].id,))


def _mentions(text, number):
    pattern = r"(?<![A-Z0-9])" + re.escape(number.upper()) + r"(?![A-Z0-9])"
    return re.search(pattern, text) is not None


def _by_number(movement, invoices):
    text = (movement.remittance or "").upper()
    compact_tokens = {_compact(token) for token in text.split()}
    found = [inv for inv in invoices if inv.number and (
        _mentions(text, inv.number) or _compact(inv.number) in compact_tokens
    )]  # fmt: skip
    if not found:
        return None
    ids = tuple(inv.id for inv in found)
    total = sum(inv.residual_cents for inv in found)
    status = MATCHED if total == movement.amount_cents else PROPOSED
    return MatchResult(movement.id, status, RULE_NUMBER, ids)


def _by_amount_partner(movement, invoices):
    payer = iban.normalize(movement.counterparty_iban)
    if not payer:
        return None
    found = [inv for inv in invoices
             if payer in {iban.normalize(x) for x in inv.partner_ibans}
             and inv.residual_cents == movement.amount_cents]  # fmt: skip
    if len(found) != 1:
        return None
    return MatchResult(movement.id, PROPOSED, RULE_AMOUNT_PARTNER, (found[0].id,))


def match(movements, invoices):
    """One MatchResult per movement; a matched invoice is not offered again."""
    available = list(invoices)
    results = []
    for movement in movements:
        result = None
        if movement.amount_cents > 0:
            for rule in (_by_reference, _by_number, _by_amount_partner):
                result = rule(movement, available)
                if result:
                    break
        result = result or MatchResult(movement.id, UNMATCHED, None)
        if result.status == MATCHED:
            used = set(result.invoice_ids)
            available = [inv for inv in available if inv.id not in used]
        results.append(result)
    return results
