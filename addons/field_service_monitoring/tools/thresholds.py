"""Threshold rules of monitoring readings: plain Python, values as ``Decimal``.

A monitoring point may have a minimum and/or a maximum. A reading is checked
only when something was measured (states ``ok``, ``activity``, ``anomaly``);
a value equal to a limit is within it, beyond it the reading *crosses* the
threshold and the point's responsible gets one activity for that reading.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

WITHIN = "within"
BELOW = "below"
ABOVE = "above"
NOT_CHECKED = "not_checked"

# reading states that carry a measured value; the others mean nothing was read
MEASURED_STATES = frozenset({"ok", "activity", "anomaly"})


def to_decimal(value, digits=3):
    """``value`` (float, int, str or Decimal) as a Decimal with ``digits`` decimals.

    Floats go through ``repr`` so that 0.1 stays 0.1; ``None`` stays ``None``.
    """
    if value is None:
        return None
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Thresholds:
    minimum: Decimal | None = None
    maximum: Decimal | None = None

    def consistent(self):
        """False when both limits are set and the minimum exceeds the maximum."""
        return self.minimum is None or self.maximum is None or self.minimum <= self.maximum


def evaluate(value, limits, state="ok"):
    """WITHIN, BELOW, ABOVE or NOT_CHECKED for a reading of ``value`` in ``state``."""
    if state not in MEASURED_STATES or value is None:
        return NOT_CHECKED
    if limits.minimum is not None and value < limits.minimum:
        return BELOW
    if limits.maximum is not None and value > limits.maximum:
        return ABOVE
    return WITHIN


def crosses(status):
    return status in (BELOW, ABOVE)


def needs_alert(status, already_alerted):
    """One activity per reading: when it crosses a threshold and none was raised yet."""
    return crosses(status) and not already_alerted


def excess(value, limits):
    """How far ``value`` lies beyond the limit it crosses (0 when within)."""
    status = evaluate(value, limits)
    if status == ABOVE:
        return value - limits.maximum
    if status == BELOW:
        return limits.minimum - value
    return Decimal(0)


@dataclass(frozen=True)
class Summary:
    count: int
    minimum: Decimal | None
    maximum: Decimal | None
    average: Decimal | None
    crossings: int


def summarize(values, limits, digits=2):
    """Figures of a point over a period: count, min, max, average, crossings.

    ``values`` are the measured values (Decimal); the average is rounded once,
    half up, to ``digits`` decimals.
    """
    values = [v for v in values if v is not None]
    if not values:
        return Summary(0, None, None, None, 0)
    average = (sum(values, Decimal(0)) / len(values)).quantize(
        Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP
    )
    crossings = sum(1 for v in values if crosses(evaluate(v, limits)))
    return Summary(len(values), min(values), max(values), average, crossings)
