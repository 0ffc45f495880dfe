from datetime import date, timedelta

import pytest

from odoo.addons.contract_recurring.tools import schedule
from odoo.addons.contract_recurring.tools.errors import DomainError
from odoo.addons.contract_recurring.tools.schedule import Change, Installment


def _competences(installments):
    return [(i.competence_start, i.competence_end) for i in installments]


# --- add_months ------------------------------------------------------------


def test_add_months_end_of_month_from_31_january_leap_year():
    start = date(2024, 1, 31)
    dates = [schedule.add_months(start, n) for n in range(1, 5)]
    assert dates == [
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 5, 31),
    ]


def test_add_months_31_january_non_leap_year():
    assert schedule.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)


def test_add_months_day_30_is_not_end_of_month():
    start = date(2025, 1, 30)
    dates = [schedule.add_months(start, n) for n in range(1, 4)]
    assert dates == [date(2025, 2, 28), date(2025, 3, 30), date(2025, 4, 30)]
    assert schedule.add_months(date(2024, 1, 30), 1) == date(2024, 2, 29)


@pytest.mark.parametrize(
    "anchor, expected",
    [
        (date(2026, 4, 30), [date(2026, 5, 31), date(2026, 6, 30), date(2026, 7, 31)]),
        (date(2025, 2, 28), [date(2025, 3, 31), date(2025, 4, 30), date(2025, 5, 31)]),
        (date(2023, 2, 28), [date(2023, 3, 31), date(2023, 4, 30), date(2023, 5, 31)]),
    ],
)
def test_add_months_month_end_anchor_stays_month_end(anchor, expected):
    assert [schedule.add_months(anchor, n) for n in (1, 2, 3)] == expected
    assert schedule.is_month_end(schedule.add_months(anchor, 12))


def test_add_months_28_february_leap_year_is_not_month_end():
    assert schedule.add_months(date(2024, 2, 28), 1) == date(2024, 3, 28)


def test_add_months_explicit_anchor_and_negative_and_year_change():
    assert schedule.add_months(date(2025, 2, 28), 1, anchor_day=30) == date(2025, 3, 30)
    assert schedule.add_months(date(2025, 4, 30), 1, anchor_day=31) == date(2025, 5, 31)
    assert schedule.add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)
    assert schedule.add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)
    assert schedule.add_months(date(2026, 1, 15), -13) == date(2024, 12, 15)


# --- split_cents -------------------------------------------------------------


def test_split_cents_remainder_goes_to_last_part():
    assert schedule.split_cents(10000, 3) == [3333, 3333, 3334]
    assert schedule.split_cents(48000, 4) == [12000] * 4
    assert schedule.split_cents(5, 1) == [5]
    assert schedule.split_cents(2, 3) == [0, 0, 2]


def test_split_cents_negative_is_symmetric():
    assert schedule.split_cents(-10000, 3) == [-3333, -3333, -3334]
    assert sum(schedule.split_cents(-10001, 7)) == -10001


@pytest.mark.parametrize("parts", [0, -1])
def test_split_cents_needs_a_part(parts):
    with pytest.raises(DomainError):
        schedule.split_cents(100, parts)


# --- plan --------------------------------------------------------------------


def test_plan_annual_fee_billed_quarterly():
    rate = schedule.plan(date(2026, 1, 1), date(2026, 12, 31), 3, 48000, 4)
    assert rate == [
        Installment(1, date(2026, 1, 1), date(2026, 1, 1), date(2026, 3, 31), 12000),
        Installment(2, date(2026, 4, 1), date(2026, 4, 1), date(2026, 6, 30), 12000),
        Installment(3, date(2026, 7, 1), date(2026, 7, 1), date(2026, 9, 30), 12000),
        Installment(4, date(2026, 10, 1), date(2026, 10, 1), date(2026, 12, 31), 12000),
    ]


def test_plan_fourmonthly_100_euro():
    rate = schedule.plan(date(2026, 1, 1), date(2026, 12, 31), 4, 10000, 3)
    assert [i.amount_cents for i in rate] == [3333, 3333, 3334]
    assert _competences(rate)[-1] == (date(2026, 9, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    "cycle",
    ["monthly", "bimonthly", "quarterly", "fourmonthly", "semiannual", "annual"],
)
@pytest.mark.parametrize("start", [date(2025, 1, 1), date(2025, 3, 16)])
def test_plan_every_cycle_over_a_year_sums_exactly(cycle, start):
    months = schedule.CYCLE_MONTHS[cycle]
    end = schedule.add_months(start, 12) - (date(2025, 1, 2) - date(2025, 1, 1))
    rate = schedule.plan(start, end, months, 123457, 12 // months)
    assert len(rate) == 12 // months
    assert sum(i.amount_cents for i in rate) == 123457
    assert [i.sequence for i in rate] == list(range(1, len(rate) + 1))
    assert rate[0].competence_start == start
    assert rate[-1].competence_end == end
    for previous, current in zip(rate, rate[1:], strict=False):
        assert (current.competence_start - previous.competence_end).days == 1
    assert all(i.invoice_date == i.competence_start for i in rate)


def test_plan_monthly_from_31_january_leap_year():
    rate = schedule.plan(date(2024, 1, 31), date(2025, 1, 30), 1, 12000, 12)
    assert [i.invoice_date for i in rate[:4]] == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
    ]
    assert rate[0].competence_end == date(2024, 2, 28)
    assert rate[1].competence_end == date(2024, 3, 30)
    assert [i.amount_cents for i in rate] == [1000] * 12


def test_plan_monthly_from_31_january_non_leap_year():
    rate = schedule.plan(date(2025, 1, 31), None, 1, 12000, 12, horizon=date(2025, 3, 31))
    assert [i.invoice_date for i in rate] == [
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 31),
    ]


def test_plan_multi_year_annual():
    rate = schedule.plan(date(2025, 7, 1), date(2028, 6, 30), 12, 120000, 1)
    assert _competences(rate) == [
        (date(2025, 7, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2027, 6, 30)),
        (date(2027, 7, 1), date(2028, 6, 30)),
    ]
    assert [i.amount_cents for i in rate] == [120000] * 3


def test_plan_multi_year_split_repeats_per_period():
    rate = schedule.plan(date(2025, 1, 1), date(2026, 12, 31), 4, 10000, 3)
    assert [i.amount_cents for i in rate] == [3333, 3333, 3334] * 2


def test_plan_ending_mid_installment_is_pro_rata_by_days():
    # Quarter 01/04-30/06 is 91 days; the contract ends 15/05: 45 days.
    rate = schedule.plan(date(2026, 1, 1), date(2026, 5, 15), 3, 48000, 4)
    assert _competences(rate) == [
        (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 5, 15)),
    ]
    assert rate[1].amount_cents == 5934  # 12000 * 45 / 91 = 5934.07


def test_plan_pro_rata_rounds_half_up():
    # Monthly 1,01 in February 2026 (28 days), ending on the 14th: 50.5 cents.
    rate = schedule.plan(date(2026, 2, 1), date(2026, 2, 14), 1, 1212, 12)
    assert rate[0].amount_cents == 51
    negative = schedule.plan(date(2026, 2, 1), date(2026, 2, 14), 1, -1212, 12)
    assert negative[0].amount_cents == -51


def test_plan_one_day_contract():
    rate = schedule.plan(date(2026, 1, 1), date(2026, 1, 1), 12, 36500, 1)
    assert _competences(rate) == [(date(2026, 1, 1), date(2026, 1, 1))]
    assert rate[0].amount_cents == 100


def test_plan_open_ended_with_horizon():
    rate = schedule.plan(date(2026, 1, 1), None, 3, 48000, 4, horizon=date(2027, 1, 1))
    assert [i.invoice_date for i in rate] == [
        date(2026, 1, 1),
        date(2026, 4, 1),
        date(2026, 7, 1),
        date(2026, 10, 1),
        date(2027, 1, 1),
    ]
    assert rate[-1].competence_end == date(2027, 3, 31)
    assert rate[-1].amount_cents == 12000


def test_plan_horizon_also_limits_fixed_term():
    rate = schedule.plan(
        date(2026, 1, 1), date(2026, 12, 31), 3, 48000, 4, horizon=date(2026, 3, 31)
    )
    assert len(rate) == 1


def test_plan_open_ended_without_horizon_raises():
    with pytest.raises(DomainError, match="horizon"):
        schedule.plan(date(2026, 1, 1), None, 3, 48000, 4)


def test_plan_impossible_dates_raise():
    with pytest.raises(DomainError, match="Impossible dates") as info:
        schedule.plan(date(2026, 1, 2), date(2026, 1, 1), 3, 48000, 4)
    assert info.value.params == {"start": date(2026, 1, 2), "end": date(2026, 1, 1)}


@pytest.mark.parametrize(
    "interval, count, period", [(3, 3, 12), (0, 4, 12), (3, 0, 12), (5, 2, 12)]
)
def test_plan_inconsistent_cycle_raises(interval, count, period):
    with pytest.raises(DomainError, match="Invalid billing cycle"):
        schedule.plan(date(2026, 1, 1), date(2026, 12, 31), interval, 100, count, period)


def test_plan_custom_period():
    rate = schedule.plan(date(2026, 1, 1), date(2026, 6, 30), 3, 1000, 2, 6)
    assert [i.amount_cents for i in rate] == [500, 500]


# --- mixed_plan --------------------------------------------------------------


def test_mixed_plan_sorted_by_date_then_key():
    rows = schedule.mixed_plan(
        [("b", 6, 20000), ("a", 3, 40000), ("c", 12, 9999)],
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    assert [(key, inst.invoice_date) for key, inst in rows] == [
        ("a", date(2026, 1, 1)),
        ("b", date(2026, 1, 1)),
        ("c", date(2026, 1, 1)),
        ("a", date(2026, 4, 1)),
        ("a", date(2026, 7, 1)),
        ("b", date(2026, 7, 1)),
        ("a", date(2026, 10, 1)),
    ]
    totals = {}
    for key, inst in rows:
        totals[key] = totals.get(key, 0) + inst.amount_cents
    assert totals == {"a": 40000, "b": 20000, "c": 9999}


def test_mixed_plan_open_ended_uses_horizon():
    rows = schedule.mixed_plan(
        [(1, 1, 1200), (2, 12, 5000)], date(2026, 1, 1), None, horizon=date(2026, 2, 1)
    )
    assert [(key, inst.invoice_date) for key, inst in rows] == [
        (1, date(2026, 1, 1)),
        (2, date(2026, 1, 1)),
        (1, date(2026, 2, 1)),
    ]


def test_mixed_plan_rejects_cycle_not_dividing_a_year():
    with pytest.raises(DomainError, match="Line 7"):
        schedule.mixed_plan([(7, 5, 100)], date(2026, 1, 1), date(2026, 12, 31))


# --- recalculate -------------------------------------------------------------


def test_recalculate_keeps_billed_and_replaces_unbilled():
    existing = [
        (1, date(2026, 1, 1), date(2026, 3, 31), 12000, True),
        (2, date(2026, 4, 1), date(2026, 6, 30), 12000, False),
        (3, date(2026, 7, 1), date(2026, 9, 30), 12000, False),
        (4, date(2026, 10, 1), date(2026, 12, 31), 12000, False),
    ]
    proposed = schedule.plan(date(2026, 1, 1), date(2026, 12, 31), 3, 60000, 4)
    changes = schedule.recalculate(existing, proposed)
    assert changes == [
        Change("keep", 1, None),
        Change("replace", 2, proposed[1]),
        Change("replace", 3, proposed[2]),
        Change("replace", 4, proposed[3]),
    ]


def test_recalculate_drops_overlap_with_billed_removes_and_adds():
    # Billed yearly row for 2026; new plan is quarterly from 01/07/2026.
    existing = [
        (1, date(2026, 1, 1), date(2026, 12, 31), 48000, True),
        (2, date(2027, 1, 1), date(2027, 12, 31), 48000, False),
    ]
    proposed = schedule.plan(date(2026, 7, 1), date(2027, 6, 30), 3, 48000, 4)
    changes = schedule.recalculate(existing, proposed)
    assert changes == [
        Change("keep", 1, None),
        Change("replace", 2, proposed[2]),
        Change("add", None, proposed[3]),
    ]


def test_recalculate_removes_unmatched_and_orders_by_sequence():
    existing = [
        (5, date(2026, 5, 15), date(2026, 6, 14), 100, False),
        (4, date(2026, 4, 15), date(2026, 5, 14), 100, True),
    ]
    proposed = [Installment(1, date(2026, 6, 1), date(2026, 6, 1), date(2026, 6, 30), 100)]
    assert schedule.recalculate(existing, proposed) == [
        Change("keep", 4, None),
        Change("remove", 5, None),
        Change("add", None, proposed[0]),
    ]


def test_recalculate_empty_inputs():
    assert schedule.recalculate([], []) == []


# --- helpers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "flag", "expected"),
    [
        # the seed's example: an annual installment planned 15/04/2026
        ((2026, 4, 15), (2027, 4, 14), True, ((2026, 4, 1), (2027, 3, 31))),
        ((2026, 4, 15), (2027, 4, 14), False, ((2026, 4, 15), (2027, 4, 14))),
        # monthly, quarterly: consecutive periods never overlap
        ((2026, 1, 15), (2026, 2, 14), True, ((2026, 1, 1), (2026, 1, 31))),
        ((2026, 2, 15), (2026, 5, 14), True, ((2026, 2, 1), (2026, 4, 30))),
        # already on the first: unchanged
        ((2026, 4, 1), (2026, 6, 30), True, ((2026, 4, 1), (2026, 6, 30))),
        # a stub shorter than its month keeps its end
        ((2026, 4, 15), (2026, 4, 20), True, ((2026, 4, 1), (2026, 4, 20))),
        # leap year end of February
        ((2024, 1, 30), (2024, 2, 29), True, ((2024, 1, 1), (2024, 2, 29))),
    ],
)
def test_period_bounds(start, end, flag, expected):
    result = schedule.period_bounds(date(*start), date(*end), flag)
    assert result == (date(*expected[0]), date(*expected[1]))


def test_period_bounds_first_of_month_never_overlaps():
    """Every plan, moved to the first of the month, tiles time without gaps."""
    for cycle_start in (date(2026, 1, 15), date(2026, 1, 31), date(2026, 3, 2)):
        planned = schedule.plan(cycle_start, None, 1, 120000, 12, horizon=date(2028, 1, 1))
        bounds = [
            schedule.period_bounds(i.competence_start, i.competence_end, True) for i in planned
        ]
        for (_, end), (start, _) in zip(bounds, bounds[1:], strict=False):
            assert start == end + timedelta(days=1)


def test_cycle_tables_agree():
    assert set(schedule.CYCLE_MONTHS) | {"mixed"} == set(schedule.CYCLE_LETTER)
    assert all(12 % months == 0 for months in schedule.CYCLE_MONTHS.values())
