from datetime import date

import pytest

from odoo.addons.contract_recurring.tools import renewal
from odoo.addons.contract_recurring.tools.errors import DomainError


def test_annual_contract_continues_from_its_end():
    assert renewal.renewal_dates(date(2026, 1, 1), date(2026, 12, 31)) == (
        date(2027, 1, 1),
        date(2027, 12, 31),
    )
    assert renewal.renewal_dates(date(2025, 7, 1), date(2026, 6, 30)) == (
        date(2026, 7, 1),
        date(2027, 6, 30),
    )


def test_whole_months_keep_end_of_month():
    # 15/03/2026-14/09/2026: six months, renewed for six months
    assert renewal.renewal_dates(date(2026, 3, 15), date(2026, 9, 14)) == (
        date(2026, 9, 15),
        date(2027, 3, 14),
    )
    # ends on 28/02 of a non-leap year: the next ends on 29/02 of a leap year
    assert renewal.renewal_dates(date(2027, 3, 1), date(2028, 2, 29)) == (
        date(2028, 3, 1),
        date(2029, 2, 28),
    )


def test_odd_lengths_keep_their_days():
    assert renewal.renewal_dates(date(2026, 1, 10), date(2026, 1, 19)) == (
        date(2026, 1, 20),
        date(2026, 1, 29),
    )


def test_seasonal_contract_renews_to_the_same_period_next_year():
    assert renewal.renewal_dates(date(2025, 6, 1), date(2025, 8, 31), seasonal=True) == (
        date(2026, 6, 1),
        date(2026, 8, 31),
    )
    assert renewal.renewal_dates(date(2024, 2, 29), date(2024, 4, 30), seasonal=True) == (
        date(2025, 2, 28),
        date(2025, 4, 30),
    )


def test_open_ended_and_impossible_dates_are_refused():
    with pytest.raises(DomainError):
        renewal.renewal_dates(date(2026, 1, 1), None)
    with pytest.raises(DomainError):
        renewal.renewal_dates(date(2026, 1, 2), date(2026, 1, 1))


def test_percentage_rounds_half_up_to_the_cent():
    assert renewal.apply_percentage(10000, 1.7) == 10170
    assert renewal.apply_percentage(33333, 1.5) == 33833  # 33833.0 - exact
    assert renewal.apply_percentage(12345, 2.5) == 12654  # 12653.625
    assert renewal.apply_percentage(12345, -2.5) == 12036  # 12036.375
    assert renewal.apply_percentage(999, 0) == 999
    assert renewal.apply_percentage(1, 50) == 2  # 1.5 half-up
    assert renewal.index_amounts([24000, 12000, 1], 10) == [26400, 13200, 1]


def test_percentage_cannot_make_amounts_negative():
    assert renewal.apply_percentage(100, -100) == 0
    with pytest.raises(DomainError):
        renewal.apply_percentage(100, -101)


def test_split_is_proportional_and_exact():
    parts = renewal.split_amounts([100000, 33333, 1], [1, 1, 1])
    assert [sum(column) for column in zip(*parts, strict=True)] == [100000, 33333, 1]
    assert parts[0] == [33333, 11111, 0]
    weighted = renewal.split_amounts([99999, 12000], [7, 13, 29])
    assert sum(sum(part) for part in weighted) == 99999 + 12000
    assert [sum(column) for column in zip(*weighted, strict=True)] == [99999, 12000]
    assert renewal.split_amounts([1000], [3, 1]) == [[750], [250]]


def test_split_refuses_no_sites_and_negative_shares():
    with pytest.raises(DomainError):
        renewal.split_amounts([100], [])
    with pytest.raises(DomainError):
        renewal.split_amounts([100], [1, -1])
