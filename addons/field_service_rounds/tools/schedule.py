"""Expected dates of a contract's interventions and the time windows of a job.

Plain date maths: no Odoo.  Windows are (day_index, start_minute, end_minute)
as ``routing.Job.windows`` expects them.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from .errors import PlanningInputError, _lt

MINUTES_PER_DAY = 24 * 60
NOON = 13 * 60  # morning / afternoon boundary of a half-day closing


def expected_dates(start: date, end: date, every_months: int) -> list[date]:
    """Dates of the interventions every ``every_months`` from ``start`` to ``end``.

    The first falls on ``start``; each next one ``every_months`` later,
    counted from ``start`` (so 31 January every month gives 28/29 February,
    31 March ...), up to ``end`` included.
    """
    if every_months <= 0:
        raise PlanningInputError(
            _lt("The interval between interventions must be at least one month.")
        )
    if end < start:
        return []
    dates, k = [], 0
    while True:
        current = start + relativedelta(months=every_months * k)
        if current > end:
            return dates
        dates.append(current)
        k += 1


def job_windows(
    days,
    hour_from: float | None = None,
    hour_to: float | None = None,
    preferred_weekday: int | None = None,
    closing_weekday: int | None = None,
    closing_part: str = "all_day",
) -> list[tuple[int, int, int]]:
    """Allowed (day_index, start_min, end_min) of a job over the horizon ``days``.

    ``hour_from``/``hour_to``: the customer's preferred hours (float hours,
    empty = the whole day).  ``preferred_weekday`` (Monday = 0) restricts the
    job to that weekday when the horizon has one.  ``closing_weekday`` with
    ``closing_part`` ("all_day", "morning", "afternoon") removes the customer's
    closing day or half-day.
    """
    start = int(round((hour_from or 0.0) * 60))
    end = int(round(hour_to * 60)) if hour_to else MINUTES_PER_DAY
    if not 0 <= start < end <= MINUTES_PER_DAY:
        raise PlanningInputError(
            _lt("The preferred hours %(start)s-%(end)s are not a valid range."),
            start=hour_from,
            end=hour_to,
        )
    days = list(days)
    if preferred_weekday is not None and any(d.weekday() == preferred_weekday for d in days):
        allowed = {i for i, d in enumerate(days) if d.weekday() == preferred_weekday}
    else:
        allowed = set(range(len(days)))
    windows = []
    for index, day in enumerate(days):
        if index not in allowed:
            continue
        day_start, day_end = start, end
        if closing_weekday is not None and day.weekday() == closing_weekday:
            if closing_part == "morning":
                day_start = max(day_start, NOON)
            elif closing_part == "afternoon":
                day_end = min(day_end, NOON)
            else:
                continue
        if day_start < day_end:
            windows.append((index, day_start, day_end))
    return windows


def next_working_day(day: date, holidays=(), workdays=(0, 1, 2, 3, 4)) -> date:
    """``day`` or the first later day that is a workday and not a holiday."""
    for _i in range(370):
        if day.weekday() in workdays and day not in holidays:
            return day
        day += relativedelta(days=1)
    return day
