import datetime

import pytest

from odoo.addons.helpdesk_quota.tools.calls import pbx_url, rate_limited, valid_phone
from odoo.addons.helpdesk_quota.tools.quota import (
    available,
    duration_minutes,
    normalize_phone,
    period_bounds,
    phone_keys,
)

D = datetime.date


@pytest.mark.parametrize(
    ("day", "period", "bounds"),
    [
        (D(2026, 2, 14), "month", (D(2026, 2, 1), D(2026, 2, 28))),
        (D(2028, 2, 29), "month", (D(2028, 2, 1), D(2028, 2, 29))),
        (D(2026, 12, 31), "month", (D(2026, 12, 1), D(2026, 12, 31))),
        (D(2026, 5, 1), "quarter", (D(2026, 4, 1), D(2026, 6, 30))),
        (D(2026, 11, 30), "quarter", (D(2026, 10, 1), D(2026, 12, 31))),
        (D(2026, 7, 4), "year", (D(2026, 1, 1), D(2026, 12, 31))),
    ],
)
def test_period_bounds(day, period, bounds):
    assert period_bounds(day, period) == bounds


def test_period_bounds_rejects_unknown_period():
    with pytest.raises(ValueError):
        period_bounds(D(2026, 1, 1), "week")


def test_available():
    assert available(10, 3) == 7
    assert available(10, 12) == 0
    assert available(0, 5) is None


@pytest.mark.parametrize(
    "raw",
    ["+39 02 1234 5678", "0039 02-1234.5678", "02 12345678", "(02) 1234 5678", "+390212345678"],
)
def test_normalize_phone_landline(raw):
    assert normalize_phone(raw) == "+390212345678"


def test_normalize_phone_mobile_and_foreign():
    assert normalize_phone("347 123 4567") == "+393471234567"
    assert normalize_phone("+41 91 123 45 67") == "+41911234567"
    assert normalize_phone("0041911234567") == "+41911234567"
    assert normalize_phone("") == ""
    assert normalize_phone("n/a") == ""


def test_phone_keys_deduplicates():
    assert phone_keys("02 1234 5678", "+39 02 12345678", False) == "+390212345678"
    assert phone_keys("02 1", "347 1") == "+39021 +393471"


def test_duration_minutes():
    start = datetime.datetime(2026, 1, 1, 10, 0, 0)
    assert duration_minutes(start, start) == 0
    assert duration_minutes(start, start + datetime.timedelta(seconds=5)) == 1
    assert duration_minutes(start, start + datetime.timedelta(minutes=3, seconds=1)) == 4


# ----------------------------------------------------------------------
# callback requests and click-to-call
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+39 02 1234 5678", "+390212345678"),
        ("347 123 4567", "+393471234567"),
        ("0039 (02) 1234-5678", "+390212345678"),
        ("030.9158637", "+390309158637"),
        ("", ""),
        ("12", ""),
        ("chiamami", ""),
        ("02 1234 abc", ""),
        ("+39 02 +1234", ""),
        ("1" * 20, ""),
    ],
)
def test_valid_phone(raw, expected):
    assert valid_phone(raw) == expected


def test_rate_limited_counts_only_the_window():
    now = datetime.datetime(2026, 3, 10, 10, 0)
    minutes = [datetime.timedelta(minutes=m) for m in (5, 30, 61)]
    times = [now - delta for delta in minutes]
    assert rate_limited(times, now, limit=2, window_seconds=3600)
    assert not rate_limited(times, now, limit=3, window_seconds=3600)
    assert not rate_limited(times, now, limit=2, window_seconds=600)
    assert not rate_limited(times, now, limit=0, window_seconds=3600)


def test_pbx_url_quotes_the_values():
    url = pbx_url(
        "https://pbx.example.com/dial?to={number}&from={extension}", "+390212345678", "201"
    )
    assert url == "https://pbx.example.com/dial?to=%2B390212345678&from=201"
    assert pbx_url("http://pbx/{number}", "+39 02") == "http://pbx/%2B39%2002"


@pytest.mark.parametrize("template", ["", "ftp://pbx/{number}", "https://pbx/dial"])
def test_pbx_url_refuses_bad_templates(template):
    with pytest.raises(ValueError):
        pbx_url(template, "+390212345678")
