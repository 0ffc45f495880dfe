import pytest

from odoo.addons.contract_recurring.tools import money
from odoo.addons.contract_recurring.tools.errors import DomainError


def test_to_cents_reads_floats_exactly():
    assert money.to_cents(0.1 + 0.2) == 30
    assert money.to_cents(1234.565) == 123457
    assert money.to_cents(-2.005) == -201
    assert money.to_cents(12.5, 0) == 13


def test_from_cents_round_trip():
    for cents in (0, 1, 99, 12345, -777, 10**9 + 1):
        assert money.to_cents(money.from_cents(cents)) == cents


def test_allocate_is_exact_and_proportional():
    assert money.allocate_cents(10000, [1, 1, 1]) == [3333, 3333, 3334]
    assert money.allocate_cents(12000, [30000, 6000, 12000]) == [7500, 1500, 3000]
    shares = money.allocate_cents(9999, [7, 13, 29, 1])
    assert sum(shares) == 9999
    assert money.allocate_cents(500, [0, 0]) == [250, 250]
    assert money.allocate_cents(-1000, [1, 2]) == [-333, -667]


def test_allocate_refuses_nothing():
    with pytest.raises(DomainError):
        money.allocate_cents(100, [])
