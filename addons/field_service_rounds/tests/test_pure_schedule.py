from datetime import date

import pytest

from odoo.addons.field_service_rounds.tools import schedule
from odoo.addons.field_service_rounds.tools.errors import PlanningInputError


def test_expected_dates_over_a_year():
    dates = schedule.expected_dates(date(2026, 1, 1), date(2026, 12, 31), 3)
    assert dates == [date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1), date(2026, 10, 1)]


def test_expected_dates_month_end_and_errors():
    dates = schedule.expected_dates(date(2026, 1, 31), date(2026, 3, 31), 1)
    assert dates == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    assert schedule.expected_dates(date(2026, 5, 1), date(2026, 4, 1), 1) == []
    with pytest.raises(PlanningInputError):
        schedule.expected_dates(date(2026, 1, 1), date(2026, 2, 1), 0)


def test_job_windows_closing_and_preferred_day():
    days = [date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)]  # Mon-Wed
    assert schedule.job_windows(days, 9, 12) == [(0, 540, 720), (1, 540, 720), (2, 540, 720)]
    assert schedule.job_windows(days, closing_weekday=1) == [(0, 0, 1440), (2, 0, 1440)]
    assert schedule.job_windows(days, closing_weekday=1, closing_part="morning")[1] == (
        1,
        780,
        1440,
    )
    assert schedule.job_windows(days, preferred_weekday=2) == [(2, 0, 1440)]
    # a preferred weekday missing from the horizon does not block the job
    assert len(schedule.job_windows(days, preferred_weekday=5)) == 3
    with pytest.raises(PlanningInputError):
        schedule.job_windows(days, 12, 9)


def test_next_working_day_skips_weekend_and_holidays():
    assert schedule.next_working_day(date(2026, 4, 4), {date(2026, 4, 6)}) == date(2026, 4, 7)
