"""Score of an intervention for planning proposals (higher = plan sooner).

Formula (each term is a key of the returned breakdown)::

    importance  = w.importance * customer_importance          (0..3)
    priority    = w.priority   * priority                     (0..3, urgency)
    contract    = w.contract_priority * contract_priority     (0..2, the
                  contract's priority: normal, high, urgent)
    mandatory   = w.mandatory  if mandatory else 0
    lateness    = w.late_per_day  * min(days_late, w.max_days_late)   if late
                - w.early_per_day * min(days_early, w.max_days_early) if early
    notice      = -w.notice_unmet if the visit day is closer to today than
                  the notice (days) the customer requires, else 0
    reliability = w.reliability / (1 + unpaid_items)

    days_late = (plan_date - expected_date).days (no term without expected date)
    total = max(0, sum of the terms), rounded to 2 decimals

The total feeds the routing prizes, hence it is never negative.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from .errors import PlanningInputError, _lt


@dataclass(frozen=True)
class ScoreWeights:
    """Weights of the score terms; see the module docstring."""

    importance: float = 10.0
    priority: float = 15.0
    contract_priority: float = 12.0
    mandatory: float = 100.0
    late_per_day: float = 3.0
    max_days_late: int = 30
    early_per_day: float = 1.0
    max_days_early: int = 30
    notice_unmet: float = 60.0
    reliability: float = 20.0


@dataclass(frozen=True)
class InterventionFacts:
    """What the score needs to know about an intervention and its customer."""

    customer_importance: int = 0
    priority: int = 0
    contract_priority: int = 0
    mandatory: bool = False
    expected_date: date | None = None
    notice_days: int = 0
    unpaid_items: int = 0


class Score(NamedTuple):
    total: float
    breakdown: dict[str, float]


def _check(facts: InterventionFacts) -> None:
    for field in (
        "customer_importance",
        "priority",
        "contract_priority",
        "notice_days",
        "unpaid_items",
    ):
        value = getattr(facts, field)
        if value < 0:
            raise PlanningInputError(
                _lt("The field %(field)s of the intervention cannot be negative (%(value)s)."),
                field=field,
                value=value,
            )


def _lateness(facts: InterventionFacts, plan_date: date, w: ScoreWeights) -> float:
    if facts.expected_date is None:
        return 0.0
    days_late = (plan_date - facts.expected_date).days
    if days_late >= 0:
        return w.late_per_day * min(days_late, w.max_days_late)
    return -w.early_per_day * min(-days_late, w.max_days_early)


def score(
    facts: InterventionFacts,
    plan_date: date,
    today: date,
    weights: ScoreWeights | None = None,
) -> Score:
    """Score of planning the intervention on ``plan_date``, seen from ``today``."""
    weights = weights or ScoreWeights()
    _check(facts)
    notice_ok = (plan_date - today).days >= facts.notice_days
    breakdown = {
        "importance": weights.importance * facts.customer_importance,
        "priority": weights.priority * facts.priority,
        "contract": weights.contract_priority * facts.contract_priority,
        "mandatory": weights.mandatory if facts.mandatory else 0.0,
        "lateness": _lateness(facts, plan_date, weights),
        "notice": 0.0 if notice_ok else -weights.notice_unmet,
        "reliability": weights.reliability / (1 + facts.unpaid_items),
    }
    breakdown = {key: round(float(value), 2) for key, value in breakdown.items()}
    return Score(max(0.0, round(sum(breakdown.values()), 2)), breakdown)
