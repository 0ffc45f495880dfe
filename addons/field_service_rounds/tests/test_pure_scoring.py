from datetime import date

import pytest

from odoo.addons.field_service_rounds.tools.errors import PlanningInputError
from odoo.addons.field_service_rounds.tools.scoring import (
    InterventionFacts,
    ScoreWeights,
    score,
)

TODAY = date(2026, 3, 2)
PLAN = date(2026, 3, 9)


def _score(**facts):
    return score(InterventionFacts(**facts), PLAN, TODAY).total


def test_breakdown_sums_to_total():
    facts = InterventionFacts(
        customer_importance=2,
        priority=1,
        contract_priority=2,
        mandatory=True,
        expected_date=date(2026, 3, 4),
        unpaid_items=1,
    )
    total, breakdown = score(facts, PLAN, TODAY)
    assert breakdown == {
        "importance": 20.0,
        "priority": 15.0,
        "contract": 24.0,
        "mandatory": 100.0,
        "lateness": 15.0,
        "notice": 0.0,
        "reliability": 10.0,
    }
    assert total == pytest.approx(sum(breakdown.values()))


def test_contract_priority_raises_the_score():
    assert _score(contract_priority=2) > _score(contract_priority=1) > _score()
    with pytest.raises(PlanningInputError):
        _score(contract_priority=-1)


def test_ordering_of_terms():
    assert _score(mandatory=True) > _score(priority=3)
    assert _score(priority=2) > _score(priority=1)
    assert _score(customer_importance=3) > _score(customer_importance=0)
    late = _score(expected_date=date(2026, 2, 20))
    on_time = _score(expected_date=PLAN)
    early = _score(expected_date=date(2026, 3, 20))
    assert late > on_time > early


def test_unpaid_items_lower_the_score():
    assert _score(unpaid_items=0) > _score(unpaid_items=1) > _score(unpaid_items=5)


def test_unmet_notice_lowers_the_score():
    assert _score(notice_days=7) > _score(notice_days=8)


def test_lateness_is_capped():
    weights = ScoreWeights(max_days_late=10)
    far = InterventionFacts(expected_date=date(2025, 1, 1))
    near = InterventionFacts(expected_date=date(2026, 2, 27))
    assert score(far, PLAN, TODAY, weights).breakdown["lateness"] == 30.0
    assert score(near, PLAN, TODAY, weights).breakdown["lateness"] == 30.0


def test_total_never_negative():
    result = score(InterventionFacts(notice_days=30, unpaid_items=9), PLAN, TODAY)
    assert result.breakdown["notice"] < 0
    assert result.total == 0.0


def test_negative_input_raises():
    with pytest.raises(PlanningInputError, match="priority"):
        score(InterventionFacts(priority=-1), PLAN, TODAY)
