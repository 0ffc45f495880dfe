"""Pure date rules of the overdue follow-up (no ORM)."""

import calendar
import datetime as dt


def level_reached_on(mode, since, delay_days):
    """The first day a follow-up level applies to an open item.

    mode: 'net_days' (``delay_days`` after ``since``) or 'end_of_month' (the
    end of the month ``delay_days`` after ``since`` falls in); ``since`` is the
    date the item counts as overdue from (its due date, or the bank return
    date). Returns None for other modes (counted from the previous reminder).
    """
    if not since:
        return None
    day = since + dt.timedelta(days=delay_days)
    if mode == "net_days":
        return day
    if mode == "end_of_month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return None
