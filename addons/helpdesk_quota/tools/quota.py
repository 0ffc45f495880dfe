"""Quota periods and phone numbers: plain Python, no Odoo."""

import datetime
import re

PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def period_bounds(day, period):
    """First and last day of the quota period (calendar month, quarter or
    year) that contains ``day``."""
    if period not in PERIOD_MONTHS:
        raise ValueError(f"unknown quota period {period!r}")
    months = PERIOD_MONTHS[period]
    first_month = (day.month - 1) // months * months + 1
    start = datetime.date(day.year, first_month, 1)
    end_month = first_month + months
    if end_month > 12:
        end = datetime.date(day.year + 1, end_month - 12, 1)
    else:
        end = datetime.date(day.year, end_month, 1)
    return start, end - datetime.timedelta(days=1)


def available(included, used):
    """Requests still available; ``None`` when the quota is unlimited (0)."""
    if not included:
        return None
    return max(included - used, 0)


_NOT_DIGITS = re.compile(r"\D")


def normalize_phone(raw, country_code="39"):
    """A phone number in E.164 form ('+390212345678') from any usual writing:
    '+39 02 1234 5678', '0039 02-1234.5678', '(02) 12345678', '347 123 4567'.

    Numbers without an international prefix get ``country_code`` (Italian
    numbers keep their leading 0). Returns '' for input without digits."""
    if not raw:
        return ""
    text = str(raw).strip()
    international = text.startswith("+")
    digits = _NOT_DIGITS.sub("", text)
    if not digits:
        return ""
    if not international and digits.startswith("00"):
        digits = digits[2:]
        international = True
    if not international:
        digits = f"{country_code}{digits}"
    return f"+{digits}"


def phone_keys(*numbers, country_code="39"):
    """Space separated normalised numbers, for a stored search key."""
    keys = []
    for number in numbers:
        key = normalize_phone(number, country_code)
        if key and key not in keys:
            keys.append(key)
    return " ".join(keys)


def duration_minutes(start, stop):
    """Whole minutes (rounded up, at least 1) between two datetimes."""
    seconds = (stop - start).total_seconds()
    if seconds <= 0:
        return 0
    return max(1, int(-(-seconds // 60)))
