"""Ratei e risconti (accruals and deferrals) by calendar days.

Rules: days are counted with both ends included (``end - start + 1``); the
amount is the taxable amount in integer cents; the proportion is computed
with ``Decimal`` and rounded once, half-up (away from zero on ties), to the
cent.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .errors import DomainError, _lt

KINDS = (
    "deferred_income",
    "deferred_expense",
    "accrued_income",
    "accrued_expense",
)


def days_between(start: date, end: date) -> int:
    """Calendar days from ``start`` to ``end``, both included (0 if end < start)."""
    return max((end - start).days + 1, 0)


def prorate_cents(amount_cents: int, days: int, days_total: int) -> int:
    """``amount_cents * days / days_total`` rounded half-up to the cent."""
    if days_total <= 0:
        raise DomainError(
            _lt("Cannot prorate over %(days)s days: a period lasts at least one day."),
            days=days_total,
        )
    value = Decimal(amount_cents) * days / days_total
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _check_competence(competence_start: date, competence_end: date) -> int:
    if competence_start > competence_end:
        raise DomainError(
            _lt("Impossible competence: starts on %(start)s, after its end %(end)s."),
            start=competence_start,
            end=competence_end,
        )
    return days_between(competence_start, competence_end)


def deferred_cents(
    amount_cents: int, competence_start: date, competence_end: date, cutoff: date
) -> int:
    """Risconto: the part of a billed amount whose competence falls after ``cutoff``."""
    total = _check_competence(competence_start, competence_end)
    if competence_end <= cutoff:
        return 0
    if competence_start > cutoff:
        return amount_cents
    after = days_between(cutoff + timedelta(days=1), competence_end)
    return prorate_cents(amount_cents, after, total)


def accrued_cents(
    amount_cents: int, competence_start: date, competence_end: date, cutoff: date
) -> int:
    """Rateo: the part of an amount billed later whose competence ran by ``cutoff``."""
    total = _check_competence(competence_start, competence_end)
    if competence_start > cutoff:
        return 0
    before = days_between(competence_start, min(cutoff, competence_end))
    return prorate_cents(amount_cents, before, total)


@dataclass
class CutoffLine:
    """One accrual/deferral figure, before grouping into a journal entry."""

    key: object
    account_key: object
    partner_key: object
    analytic_key: object
    kind: str  # one of KINDS
    amount_cents: int
    days_total: int
    days_after_or_before: int

    def __post_init__(self):
        if self.kind not in KINDS:
            raise DomainError(
                _lt("Cut-off line %(key)s: kind %(kind)s is unknown."),
                key=self.key,
                kind=self.kind,
            )


def group_for_entry(lines) -> dict:
    """Sum cents by ``(kind, account_key, partner_key, analytic_key)``.

    Keys appear in first-seen order; groups summing to zero are kept (the
    caller decides whether to skip them).
    """
    groups: dict = {}
    for line in lines:
        group = (line.kind, line.account_key, line.partner_key, line.analytic_key)
        groups[group] = groups.get(group, 0) + line.amount_cents
    return groups
