from decimal import Decimal

from odoo.addons.contract_recurring.tools.prepaid_hours import allocate, below_threshold, to_hours


def test_oldest_block_first_then_beyond():
    allocation, left = allocate([("old", 5.0), ("new", 10.0)], 7.0)
    assert allocation == [("old", Decimal("5")), ("new", Decimal("2"))]
    assert left == {"old": Decimal("0"), "new": Decimal("8")}
    allocation, left = allocate(list(left.items()), 9.5)
    assert allocation == [("new", Decimal("8")), (None, Decimal("1.5"))]


def test_no_block_all_beyond():
    assert allocate([], 2.25)[0] == [(None, Decimal("2.25"))]


def test_float_noise_is_rounded_once():
    assert to_hours(0.1 + 0.2) == Decimal("0.3")
    assert allocate([("b", 0.3)], 0.1 + 0.2)[0] == [("b", Decimal("0.3"))]


def test_threshold():
    assert not below_threshold(10, 2.5, "percent", 20)
    assert below_threshold(10, 2, "percent", 20)
    assert below_threshold(10, 3, "hours", 3)
    assert not below_threshold(10, 3.5, "hours", 3)
    assert not below_threshold(10, 0, "hours", 0), "no threshold, no alert"
