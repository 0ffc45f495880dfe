"""Italian public holidays and a technician's working windows for a day.

Times are naive local (Europe/Rome) datetimes; the caller converts from UTC.
Windows are (start_minute, end_minute) from midnight of the day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from .errors import PlanningInputError, _lt

MINUTES_PER_DAY = 24 * 60

# (month, day, English name) of the national fixed holidays.
_FIXED_HOLIDAYS = (
    (1, 1, "New Year's Day"),
    (1, 6, "Epiphany"),
    (4, 25, "Liberation Day"),
    (5, 1, "Labour Day"),
    (6, 2, "Republic Day"),
    (8, 15, "Assumption Day"),
    (11, 1, "All Saints' Day"),
    (12, 8, "Immaculate Conception"),
    (12, 25, "Christmas Day"),
    (12, 26, "Saint Stephen's Day"),
)
# 4 October (Saint Francis, patron of Italy) is a national holiday again from
# 2026 (law 151/2025), as the ``holidays`` package also lists.
_SAINT_FRANCIS_FROM = 2026


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian / Meeus algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def italian_holidays(year: int, patron_day: tuple[int, int] | None = None) -> dict[date, str]:
    """Public holidays of ``year``: date -> English name.

    ``patron_day`` is the (month, day) of the local patron saint's feast.
    """
    days = {date(year, m, d): name for m, d, name in _FIXED_HOLIDAYS}
    easter = easter_sunday(year)
    days[easter] = "Easter Sunday"
    days[easter + timedelta(days=1)] = "Easter Monday"
    if year >= _SAINT_FRANCIS_FROM:
        days[date(year, 10, 4)] = "Saint Francis of Assisi"
    if patron_day is not None:
        try:
            patron = date(year, *patron_day)
        except (TypeError, ValueError):
            raise PlanningInputError(
                _lt("The patron saint day %(day)s is not a valid (month, day)."),
                day=patron_day,
            ) from None
        days.setdefault(patron, "Patron Saint's Day")
    return dict(sorted(days.items()))


def _hour_to_minute(hour: float) -> int:
    return int(round(hour * 60))


def _subtract(windows, cut_start: int, cut_end: int):
    """Windows minus the interval [cut_start, cut_end)."""
    result = []
    for start, end in windows:
        if cut_end <= start or cut_start >= end:
            result.append((start, end))
            continue
        if start < cut_start:
            result.append((start, cut_start))
        if cut_end < end:
            result.append((cut_end, end))
    return result


def _merge(windows):
    merged = []
    for start, end in sorted(w for w in windows if w[1] > w[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def working_windows(
    day: date,
    weekly_hours,
    leaves=(),
    holidays=(),
) -> list[tuple[int, int]]:
    """Working windows of ``day`` in minutes from midnight, sorted and merged.

    ``weekly_hours``: (weekday, from_hour, to_hour) with Monday = 0 and float
    hours (8.5 = 08:30), as Odoo's resource calendar attendances.  ``leaves``:
    (start, end) naive datetimes removed from the day.  ``holidays``: dates (a
    set or the dict of ``italian_holidays``) on which nobody works.
    """
    if day in holidays:
        return []
    windows = []
    for weekday, from_hour, to_hour in weekly_hours:
        if not 0 <= int(weekday) <= 6 or not 0 <= from_hour <= to_hour <= 24:
            raise PlanningInputError(
                _lt("Working hours %(hours)s are not a valid weekday and range."),
                hours=(weekday, from_hour, to_hour),
            )
        if int(weekday) == day.weekday():
            windows.append((_hour_to_minute(from_hour), _hour_to_minute(to_hour)))
    return cut_windows(day, _merge(windows), leaves)


def cut_windows(day: date, windows, busy=()) -> list[tuple[int, int]]:
    """``windows`` (minutes of ``day``) less the (start, end) naive datetimes
    ``busy``: leaves, or visits already planned."""
    windows = list(windows)
    midnight = datetime.combine(day, time())
    for busy_start, busy_end in busy:
        start = (busy_start - midnight).total_seconds() // 60
        end = -(-(busy_end - midnight).total_seconds() // 60)  # ceiling
        cut = (max(int(start), 0), min(int(end), MINUTES_PER_DAY))
        if cut[0] < cut[1]:
            windows = _subtract(windows, *cut)
    return windows


def horizon_windows(
    days,
    weekly_hours,
    leaves=(),
    holidays=(),
) -> dict[int, list[tuple[int, int]]]:
    """day_index -> working windows for a planning horizon ``days`` (dates).

    Days without any working window are left out (the technician is absent).
    """
    result = {}
    for index, day in enumerate(days):
        windows = working_windows(day, weekly_hours, leaves, holidays)
        if windows:
            result[index] = windows
    return result
