from datetime import date, datetime

import holidays
import pytest

from odoo.addons.field_service_rounds.tools import calendar_it
from odoo.addons.field_service_rounds.tools.errors import PlanningInputError

WEEK = [(d, 8.0, 12.0) for d in range(5)] + [(d, 13.5, 17.5) for d in range(5)]


def test_holidays_2026():
    days = calendar_it.italian_holidays(2026)
    assert calendar_it.easter_sunday(2026) == date(2026, 4, 5)
    assert days[date(2026, 4, 5)] == "Easter Sunday"
    assert days[date(2026, 4, 6)] == "Easter Monday"
    for month, day in [
        (1, 1),
        (1, 6),
        (4, 25),
        (5, 1),
        (6, 2),
        (8, 15),
        (11, 1),
        (12, 8),
        (12, 25),
        (12, 26),
    ]:
        assert date(2026, month, day) in days
    assert date(2026, 10, 4) in days  # Saint Francis, national again from 2026
    assert len(days) == 13


@pytest.mark.parametrize("year", range(2012, 2036))
def test_holidays_match_holidays_package(year):
    # The package also lists National Unity Day (a Sunday observance, no day
    # off) and one-off anniversaries (2011): years and name filtered here.
    italy = holidays.Italy(years=year, language="en_US")
    expected = {day for day, name in italy.items() if name != "National Unity Day"}
    assert set(calendar_it.italian_holidays(year)) == expected


def test_easter_known_dates():
    assert calendar_it.easter_sunday(2024) == date(2024, 3, 31)
    assert calendar_it.easter_sunday(2025) == date(2025, 4, 20)
    assert calendar_it.easter_sunday(2038) == date(2038, 4, 25)


def test_patron_day():
    days = calendar_it.italian_holidays(2026, patron_day=(12, 7))  # Milano
    assert days[date(2026, 12, 7)] == "Patron Saint's Day"
    with pytest.raises(PlanningInputError, match="patron saint day"):
        calendar_it.italian_holidays(2026, patron_day=(2, 30))


def test_working_windows_from_weekly_hours():
    monday = date(2026, 3, 2)
    assert calendar_it.working_windows(monday, WEEK) == [(480, 720), (810, 1050)]
    assert calendar_it.working_windows(date(2026, 3, 7), WEEK) == []  # Saturday


def test_holiday_removes_the_day():
    easter_monday = date(2026, 4, 6)
    off = calendar_it.italian_holidays(2026)
    assert calendar_it.working_windows(easter_monday, WEEK, holidays=off) == []


def test_leaves_cut_windows():
    day = date(2026, 3, 3)
    leaves = [(datetime(2026, 3, 3, 10, 0), datetime(2026, 3, 3, 14, 30))]
    assert calendar_it.working_windows(day, WEEK, leaves) == [(480, 600), (870, 1050)]
    whole = [(datetime(2026, 3, 2, 18, 0), datetime(2026, 3, 4, 8, 0))]
    assert calendar_it.working_windows(day, WEEK, whole) == []


def test_overlapping_attendances_are_merged():
    hours = [(0, 8, 12), (0, 11, 14), (0, 14, 16)]
    assert calendar_it.working_windows(date(2026, 3, 2), hours) == [(480, 960)]


def test_invalid_weekly_hours_raise():
    with pytest.raises(PlanningInputError, match="not a valid weekday"):
        calendar_it.working_windows(date(2026, 3, 2), [(7, 8, 12)])


def test_horizon_skips_absent_days():
    days = [date(2026, 4, 3 + i) for i in range(5)]  # Fri..Tue
    leaves = [(datetime(2026, 4, 7, 0, 0), datetime(2026, 4, 8, 0, 0))]
    windows = calendar_it.horizon_windows(days, WEEK, leaves, calendar_it.italian_holidays(2026))
    # Fri works; Sat, Sun off; Easter Monday holiday; Tuesday on leave.
    assert windows == {0: [(480, 720), (810, 1050)]}


def test_cut_windows_removes_planned_visits():
    day = date(2026, 4, 8)
    busy = [
        (datetime(2026, 4, 8, 10, 0), datetime(2026, 4, 8, 11, 30)),
        (datetime(2026, 4, 9, 9, 0), datetime(2026, 4, 9, 10, 0)),  # another day
    ]
    assert calendar_it.cut_windows(day, [(480, 1020)], busy) == [(480, 600), (690, 1020)]
    assert calendar_it.cut_windows(day, [(480, 1020)]) == [(480, 1020)]
