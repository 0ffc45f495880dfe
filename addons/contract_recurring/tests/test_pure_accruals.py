from datetime import date

import pytest

from odoo.addons.contract_recurring.tools import accruals
from odoo.addons.contract_recurring.tools.accruals import CutoffLine
from odoo.addons.contract_recurring.tools.errors import DomainError

CUTOFF = date(2025, 12, 31)


def test_days_between_includes_both_ends():
    assert accruals.days_between(date(2025, 10, 1), date(2026, 9, 30)) == 365
    assert accruals.days_between(date(2026, 1, 1), date(2026, 1, 1)) == 1
    assert accruals.days_between(date(2026, 1, 2), date(2026, 1, 1)) == 0


# Worked examples: exact figures required by the brief.


def test_risconto_annual_fee_from_october():
    # 120000 * 273 / 365 = 89753.42
    assert accruals.deferred_cents(120000, date(2025, 10, 1), date(2026, 9, 30), CUTOFF) == 89753


def test_rateo_billed_after_cutoff():
    # 60000 * 61 / 92 = 39782.61
    assert accruals.accrued_cents(60000, date(2025, 11, 1), date(2026, 1, 31), CUTOFF) == 39783


def test_risconto_multi_year_with_leap_day():
    # 360000 * 912 / 1096 = 299562.04 (29/02/2028 counted)
    assert accruals.deferred_cents(360000, date(2025, 7, 1), date(2028, 6, 30), CUTOFF) == 299562


def test_deferred_edges():
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    assert accruals.deferred_cents(1000, start, end, date(2025, 12, 31)) == 1000
    assert accruals.deferred_cents(1000, start, end, date(2026, 12, 31)) == 0
    assert accruals.deferred_cents(1000, start, end, date(2027, 6, 30)) == 0
    day = date(2026, 5, 5)
    assert accruals.deferred_cents(1000, day, day, date(2026, 5, 4)) == 1000
    assert accruals.deferred_cents(1000, day, day, day) == 0


def test_accrued_edges():
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    assert accruals.accrued_cents(1000, start, end, date(2025, 12, 31)) == 0
    assert accruals.accrued_cents(1000, start, end, date(2026, 12, 31)) == 1000
    assert accruals.accrued_cents(1000, start, end, date(2027, 6, 30)) == 1000
    day = date(2026, 5, 5)
    assert accruals.accrued_cents(1000, day, day, day) == 1000
    assert accruals.accrued_cents(1000, day, day, date(2026, 5, 4)) == 0


def test_deferred_plus_accrued_is_the_whole_amount():
    start, end = date(2025, 10, 1), date(2026, 9, 30)
    for cutoff in (date(2025, 10, 1), CUTOFF, date(2026, 6, 30)):
        assert (
            accruals.deferred_cents(100001, start, end, cutoff)
            + accruals.accrued_cents(100001, start, end, cutoff)
        ) == 100001


def test_half_up_and_negative_amounts():
    # 1 cent over 2 days, one after the cutoff: 0.5 -> 1 (and -0.5 -> -1).
    start, end = date(2025, 12, 31), date(2026, 1, 1)
    assert accruals.deferred_cents(1, start, end, CUTOFF) == 1
    assert accruals.deferred_cents(-1, start, end, CUTOFF) == -1
    assert accruals.accrued_cents(-60000, date(2025, 11, 1), date(2026, 1, 31), CUTOFF) == -39783


def test_impossible_competence_raises():
    with pytest.raises(DomainError, match="Impossible competence"):
        accruals.deferred_cents(100, date(2026, 2, 1), date(2026, 1, 1), CUTOFF)
    with pytest.raises(DomainError, match="Impossible competence"):
        accruals.accrued_cents(100, date(2026, 2, 1), date(2026, 1, 1), CUTOFF)


def test_prorate_needs_days():
    with pytest.raises(DomainError):
        accruals.prorate_cents(100, 0, 0)


def _line(key, kind, account, amount, partner="P1", analytic=None):
    return CutoffLine(key, account, partner, analytic, kind, amount, 365, 273)


def test_group_for_entry_sums_by_kind_account_partner_analytic():
    lines = [
        _line(1, "deferred_income", "A100", 89753),
        _line(2, "deferred_income", "A100", 247),
        _line(3, "deferred_income", "A100", 10, partner="P2"),
        _line(4, "accrued_income", "A100", 39783),
        _line(5, "deferred_income", "A100", 5, analytic="X"),
    ]
    assert accruals.group_for_entry(lines) == {
        ("deferred_income", "A100", "P1", None): 90000,
        ("deferred_income", "A100", "P2", None): 10,
        ("accrued_income", "A100", "P1", None): 39783,
        ("deferred_income", "A100", "P1", "X"): 5,
    }
    assert accruals.group_for_entry([]) == {}


def test_cutoff_line_rejects_unknown_kind():
    with pytest.raises(DomainError, match="kind"):
        _line(9, "prepaid", "A100", 1)
