"""Contract renewal, price indexation and proportional split (pure Python).

Amounts are integer cents (see :mod:`.money`); dates follow the end-of-month
rule of :func:`.schedule.add_months`.
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .errors import DomainError, _lt
from .money import allocate_cents
from .schedule import add_months


def _whole_months(start: date, end: date) -> int | None:
    """Months from ``start`` to the day after ``end`` if the span is whole months."""
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if months > 0 and add_months(start, months) == after:
        return months
    return None


def renewal_dates(start: date, end: date | None, seasonal: bool = False):
    """Validity ``(new_start, new_end)`` of the contract renewing ``start``-``end``.

    A seasonal contract renews to the same period of the next year
    (01/06-31/08 gives 01/06-31/08 of the next year).  Any other contract
    continues from the day after its end for the same length: the same number
    of months when the validity is made of whole months, else the same
    number of days.  Open-ended contracts (no end) are never renewed.
    """
    if end is None:
        raise DomainError(_lt("An open-ended contract (no end date) is never renewed."))
    if end < start:
        raise DomainError(
            _lt("Impossible dates: the contract starts on %(start)s, after its end %(end)s."),
            start=start,
            end=end,
        )
    if seasonal:
        return add_months(start, 12), add_months(end, 12)
    new_start = end + timedelta(days=1)
    months = _whole_months(start, end)
    if months:
        return new_start, add_months(new_start, months) - timedelta(days=1)
    return new_start, new_start + (end - start)


def _percent(percent) -> Decimal:
    return Decimal(repr(percent)) if isinstance(percent, float) else Decimal(percent)


def apply_percentage(cents: int, percent) -> int:
    """``cents`` increased (or decreased, if negative) by ``percent`` per cent,
    rounded half-up (away from zero) to the cent."""
    factor = 1 + _percent(percent) / 100
    if factor < 0:
        raise DomainError(
            _lt("A percentage of %(percent)s%% would make the amounts negative."),
            percent=percent,
        )
    return int((Decimal(cents) * factor).quantize(Decimal(1), ROUND_HALF_UP))


def index_amounts(amounts_cents: list[int], percent) -> list[int]:
    """Each amount (e.g. a line's unit price) indexed by ``percent``, rounded."""
    return [apply_percentage(cents, percent) for cents in amounts_cents]


def split_amounts(amounts_cents: list[int], weights: list[int]) -> list[list[int]]:
    """Split every amount proportionally to ``weights``.

    Returns one list per weight (one per site): ``result[w][a]`` is the share
    of amount ``a`` for weight ``w``.  Each amount's shares add up exactly to
    it (see :func:`.money.allocate_cents`), so the totals of the parts add up
    exactly to the total of ``amounts_cents``.
    """
    if not weights:
        raise DomainError(_lt("Nothing to split the contract over: give at least one site."))
    if any(weight < 0 for weight in weights):
        raise DomainError(_lt("The shares of a split cannot be negative."))
    per_amount = [allocate_cents(cents, weights) for cents in amounts_cents]
    return [[shares[index] for shares in per_amount] for index in range(len(weights))]
