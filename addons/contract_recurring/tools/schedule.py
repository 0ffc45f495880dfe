"""Installment ('rata') plans of recurring contracts.

Date rule (end-of-month alignment): every date of a plan is computed from the
plan's first date, never chained.  The anchor day is the day of the first
date; each date falls on that day of its month, or on the month's last day if
the month is shorter.  If the first date is the last day of its month (31/01,
30/04, 28/02 in a non-leap year...), every date is the last day of its month.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .accruals import days_between, prorate_cents
from .errors import DomainError, _lt

CYCLE_MONTHS = {
    "monthly": 1,
    "bimonthly": 2,
    "quarterly": 3,
    "fourmonthly": 4,
    "semiannual": 6,
    "annual": 12,
}
CYCLE_LETTER = {
    "monthly": "M",
    "bimonthly": "B",
    "quarterly": "T",
    "fourmonthly": "Q",
    "semiannual": "S",
    "annual": "A",
    "mixed": "X",
}


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def is_month_end(day: date) -> bool:
    """True if ``day`` is the last day of its month."""
    return day.day == _last_day(day.year, day.month)


def add_months(day: date, months: int, anchor_day: int | None = None) -> date:
    """``day`` moved by ``months`` calendar months (negative allowed).

    The result's day is ``min(anchor_day, last day of the target month)``.
    Without ``anchor_day`` the anchor is ``day`` itself: its day of month,
    or the end of month if ``day`` is the last day of its month.  Pass
    ``anchor_day=31`` to force end of month when chaining from a plan date.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = _last_day(year, month)
    if anchor_day is None:
        anchor_day = last if is_month_end(day) else day.day
    return date(year, month, min(anchor_day, last))


@dataclass(frozen=True)
class Installment:
    """One rata: invoice date, competence (both ends included) and amount."""

    sequence: int
    invoice_date: date
    competence_start: date
    competence_end: date
    amount_cents: int


def split_cents(total_cents: int, parts: int) -> list[int]:
    """Split into ``parts`` equal parts; the remainder goes to the last part.

    Negative totals split symmetrically: ``split_cents(-100, 3)`` is
    ``[-33, -33, -34]``.
    """
    if parts < 1:
        raise DomainError(
            _lt("Cannot split an amount into %(parts)s parts: at least one is needed."),
            parts=parts,
        )
    sign = -1 if total_cents < 0 else 1
    share = abs(total_cents) // parts
    rest = abs(total_cents) - share * parts
    return [sign * share] * (parts - 1) + [sign * (share + rest)]


def period_bounds(start: date, end: date, first_of_month: bool) -> tuple[date, date]:
    """The competence ``start``-``end`` as billed.

    With ``first_of_month`` ('data periodo al primo del mese') the whole
    period moves to start on the first of its month: 15/04/2026-14/04/2027
    is billed as 01/04/2026-31/03/2027, so that consecutive installments do
    not overlap. The end moves to the day before the first of the month in
    which the next period starts; a period too short for that keeps its end.
    """
    if not first_of_month or start.day == 1:
        return start, end
    new_start = start.replace(day=1)
    new_end = (end + timedelta(days=1)).replace(day=1) - timedelta(days=1)
    return new_start, (new_end if new_end >= new_start else end)


def _check_plan_args(start, end, interval_months, invoices_per_period, period_months, horizon):
    if end is None and horizon is None:
        raise DomainError(_lt("An open-ended contract (no end date) needs a planning horizon."))
    if end is not None and start > end:
        raise DomainError(
            _lt("Impossible dates: the contract starts on %(start)s, after its end %(end)s."),
            start=start,
            end=end,
        )
    if interval_months < 1 or invoices_per_period < 1:
        raise DomainError(
            _lt(
                "Invalid billing cycle: every %(interval)s months, %(count)s invoices"
                " per period; both must be at least 1."
            ),
            interval=interval_months,
            count=invoices_per_period,
        )
    if interval_months * invoices_per_period != period_months:
        raise DomainError(
            _lt(
                "Invalid billing cycle: %(count)s invoices every %(interval)s months"
                " do not cover a period of %(period)s months."
            ),
            count=invoices_per_period,
            interval=interval_months,
            period=period_months,
        )


def plan(
    start: date,
    end: date | None,
    interval_months: int,
    amount_per_period_cents: int,
    invoices_per_period: int,
    period_months: int = 12,
    horizon: date | None = None,
) -> list[Installment]:
    """The installment plan of a contract.

    Every period of ``period_months`` is billed ``amount_per_period_cents``,
    split with :func:`split_cents` into ``invoices_per_period`` installments,
    one every ``interval_months`` months (dates aligned per the module rule).
    Installment *i* (sequence i+1) covers ``add_months(start, i*interval)``
    to the day before the next one starts; the invoice date is the
    competence start.  The last competence is cut at ``end``: a cut
    installment's amount is its full amount times the days of its cut
    competence over the days of its full competence, rounded half-up to the
    cent.  Installments starting after ``horizon`` (when given, also for
    fixed-term contracts) or after ``end`` are not planned; ``horizon`` is
    required when ``end`` is None.
    """
    _check_plan_args(start, end, interval_months, invoices_per_period, period_months, horizon)
    shares = split_cents(amount_per_period_cents, invoices_per_period)
    last_start = min(d for d in (end, horizon) if d is not None)
    installments = []
    index = 0
    competence_start = start
    while competence_start <= last_start:
        next_start = add_months(start, (index + 1) * interval_months)
        full_end = next_start - timedelta(days=1)
        amount = shares[index % invoices_per_period]
        competence_end = full_end
        if end is not None and end < full_end:
            competence_end = end
            amount = prorate_cents(
                amount,
                days_between(competence_start, end),
                days_between(competence_start, full_end),
            )
        installments.append(
            Installment(index + 1, competence_start, competence_start, competence_end, amount)
        )
        index += 1
        competence_start = next_start
    return installments


def mixed_plan(lines, start: date, end: date | None, horizon: date | None = None):
    """Plans of lines with different cycles, as ``[(key, Installment)]``.

    ``lines`` are ``(key, cycle_months, annual_amount_cents)``; each line is
    planned on its own cycle over a 12-month period (cycle_months must divide
    12).  Sorted by invoice date, then key.
    """
    result = []
    for key, cycle_months, annual_amount_cents in lines:
        if cycle_months < 1 or 12 % cycle_months:
            raise DomainError(
                _lt("Line %(key)s: a cycle of %(months)s months does not divide a year."),
                key=key,
                months=cycle_months,
            )
        installments = plan(
            start,
            end,
            cycle_months,
            annual_amount_cents,
            12 // cycle_months,
            12,
            horizon,
        )
        result.extend((key, installment) for installment in installments)
    result.sort(key=lambda pair: (pair[1].invoice_date, pair[0]))
    return result


@dataclass(frozen=True)
class Change:
    """One step of a recalculation.

    ``keep``: billed existing row ``old_sequence`` stays (``new`` is None);
    ``replace``: unbilled row ``old_sequence`` takes the values of ``new``;
    ``remove``: unbilled row ``old_sequence`` goes (``new`` is None);
    ``add``: ``new`` is created (``old_sequence`` is None).
    """

    action: str  # 'keep' | 'replace' | 'add' | 'remove'
    old_sequence: int | None
    new: Installment | None


def _overlaps(installment: Installment, start: date, end: date) -> bool:
    return installment.competence_start <= end and installment.competence_end >= start


def recalculate(existing, proposed: list[Installment]) -> list[Change]:
    """Reconcile the existing rows with a freshly proposed plan.

    ``existing`` rows are ``(sequence, competence_start, competence_end,
    amount_cents, billed)``.  Billed rows are kept untouched; proposed
    installments whose competence overlaps a billed row's are dropped; each
    unbilled row (in sequence order) is replaced by the first remaining
    proposed installment with the same competence start, or removed; the
    proposed installments left over are added.  Output: the changes of the
    existing rows in sequence order, then the additions in proposed order.
    """
    rows = sorted(existing, key=lambda row: row[0])
    billed = [(row[1], row[2]) for row in rows if row[4]]
    pending = [
        inst
        for inst in proposed
        if not any(_overlaps(inst, b_start, b_end) for b_start, b_end in billed)
    ]
    changes = []
    for sequence, competence_start, _end, _amount, is_billed in rows:
        if is_billed:
            changes.append(Change("keep", sequence, None))
            continue
        match = next(
            (inst for inst in pending if inst.competence_start == competence_start),
            None,
        )
        if match is None:
            changes.append(Change("remove", sequence, None))
        else:
            pending.remove(match)
            changes.append(Change("replace", sequence, match))
    changes.extend(Change("add", None, inst) for inst in pending)
    return changes
