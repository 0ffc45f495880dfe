"""Amounts as integer cents: conversion at the ORM edge and exact allocation."""

from decimal import ROUND_HALF_UP, Decimal

from .errors import DomainError, _lt


def to_cents(amount, decimal_places: int = 2) -> int:
    """An amount (float from the ORM, Decimal or str) as integer minor units.

    The float is read through ``repr`` so 0.1 + 0.2 style noise is rounded
    half-up once, at the currency's precision.
    """
    value = Decimal(repr(amount)) if isinstance(amount, float) else Decimal(amount)
    return int(value.scaleb(decimal_places).quantize(Decimal(1), ROUND_HALF_UP))


def from_cents(cents: int, decimal_places: int = 2) -> float:
    """Integer minor units back to the ORM's float, exact at that precision."""
    return float(Decimal(cents).scaleb(-decimal_places))


def allocate_cents(total_cents: int, weights: list[int]) -> list[int]:
    """Split ``total_cents`` proportionally to ``weights``; the sum is exact.

    Each share is rounded down (towards zero); the cents left over go to the
    last share, as for installments.  All-zero weights split equally.
    """
    if not weights:
        raise DomainError(_lt("Nothing to allocate the amount to."))
    if not any(weights):
        weights = [1] * len(weights)
    weight_total = sum(weights)
    shares = [int(Decimal(total_cents) * w / weight_total) for w in weights]
    shares[-1] += total_cents - sum(shares)
    return shares
