"""Prepaid hours ('ordine cliente ore'): how worked hours draw on blocks.

Hours are handled as ``Decimal`` at a fixed precision (hundredths of a
minute are more than enough); the models convert once at the ORM edge.
"""

from decimal import ROUND_HALF_UP, Decimal

HOURS_QUANTUM = Decimal("0.0001")


def to_hours(value) -> Decimal:
    """An ORM float (or str/Decimal) as hours at :data:`HOURS_QUANTUM`."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return number.quantize(HOURS_QUANTUM, ROUND_HALF_UP)


def allocate(blocks, hours):
    """Take ``hours`` from ``blocks``, oldest first.

    ``blocks`` is a list of ``(key, remaining)`` in the order to draw on (the
    oldest valid block first); what no block covers comes back with the key
    ``None`` (over-block hours). Returns ``(allocation, remaining)``: the list
    of ``(key, hours)`` taken, and the blocks' remaining hours afterwards
    (a dict by key), so that consecutive calls share the same blocks.
    """
    hours = to_hours(hours)
    remaining = {key: to_hours(left) for key, left in blocks}
    allocation = []
    for key, _left in blocks:
        if hours <= 0:
            break
        available = remaining[key]
        if available <= 0:
            continue
        taken = min(available, hours)
        allocation.append((key, taken))
        remaining[key] = available - taken
        hours -= taken
    if hours > 0:
        allocation.append((None, hours))
    return allocation, remaining


def below_threshold(ordered, remaining, mode, threshold) -> bool:
    """Whether a block's ``remaining`` hours reached its alert threshold:
    ``threshold`` hours left (mode ``hours``) or ``threshold`` % of the
    ``ordered`` hours left (mode ``percent``). A zero threshold never alerts."""
    ordered, remaining, threshold = to_hours(ordered), to_hours(remaining), to_hours(threshold)
    if threshold <= 0 or ordered <= 0:
        return False
    limit = threshold if mode == "hours" else ordered * threshold / 100
    return remaining <= limit
