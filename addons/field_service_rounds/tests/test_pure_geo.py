import random

import numpy as np
import pytest

from odoo.addons.field_service_rounds.tools import geo


def _italian_pairs(count, seed=7):
    rng = random.Random(seed)
    return [
        (
            (rng.uniform(36.5, 47.0), rng.uniform(6.7, 18.5)),
            (rng.uniform(36.5, 47.0), rng.uniform(6.7, 18.5)),
        )
        for _ in range(count)
    ]


def test_haversine_within_half_percent_of_geodesic_in_italy():
    pairs = _italian_pairs(400)
    # Short hops inside a province matter most for rounds: add some.
    pairs += [((a[0], a[1]), (a[0] + 0.05, a[1] + 0.05)) for a, _ in pairs[:100]]
    pairs += [((a[0], a[1]), (a[0], a[1] + 0.3)) for a, _ in pairs[:100]]
    pairs += [((a[0], a[1]), (a[0] + 0.3, a[1])) for a, _ in pairs[:100]]
    worst = max(abs(float(geo.haversine_m(*a, *b)) / geo.geodesic_m(a, b) - 1) for a, b in pairs)
    assert worst < 0.005


def test_travel_applies_road_factor_and_speed():
    a, b = (45.0, 9.0), (45.0, 9.5)
    straight = geo.geodesic_m(a, b)
    metres, seconds = geo.travel(a, b, geo.TravelModel(road_factor=1.3, speed_kmh=50))
    assert isinstance(metres, int) and isinstance(seconds, int)
    assert metres == round(straight * 1.3)
    assert seconds == round(metres / (50 / 3.6))
    slow = geo.travel(a, b, geo.TravelModel(road_factor=1.0, speed_kmh=25))
    assert slow[0] == round(straight)
    assert slow[1] == round(straight / (25 / 3.6))


def test_travel_matrix_is_symmetric_and_close_to_pairwise_travel():
    points = [(45.46, 9.19), (45.07, 7.69), (44.49, 11.34), (45.44, 12.33)]
    metres, seconds = geo.travel_matrix(points)
    assert metres.dtype == np.int64 and metres.shape == (4, 4)
    assert (np.diag(metres) == 0).all() and (metres == metres.T).all()
    for i, j in [(0, 1), (0, 3), (2, 3)]:
        pair_m, pair_s = geo.travel(points[i], points[j])
        assert metres[i, j] == pytest.approx(pair_m, rel=0.005)
        assert seconds[i, j] == pytest.approx(pair_s, rel=0.005)


def test_travel_matrix_600_points_is_fast():
    import time  # noqa: PLC0415

    rng = np.random.default_rng(1)
    points = np.column_stack([rng.uniform(44, 46, 600), rng.uniform(8, 12, 600)])
    started = time.perf_counter()
    metres, _ = geo.travel_matrix(points)
    assert time.perf_counter() - started < 1.0
    assert metres.shape == (600, 600)


def test_nearest_orders_by_distance():
    points = [(45.0, 9.3), (45.0, 9.1), (45.0, 9.2), (46.0, 9.0)]
    found = geo.nearest(points, 45.0, 9.0, 2)
    assert [index for index, _ in found] == [1, 2]
    assert found[0][1] < found[1][1]
    assert geo.nearest([], 45.0, 9.0, 3) == []


def test_geocode_offline_returns_none():
    # Discard port on loopback: the connection is refused, no network needed.
    assert geo.geocode("Via Roma 1, Milano", domain="127.0.0.1:9", scheme="http", timeout=2) is None


def test_geocode_swallows_service_errors(monkeypatch):
    from geopy.exc import GeocoderTimedOut  # noqa: PLC0415
    from geopy.geocoders import Nominatim  # noqa: PLC0415

    def boom(self, *args, **kwargs):
        raise GeocoderTimedOut("timed out")

    monkeypatch.setattr(Nominatim, "geocode", boom)
    assert geo.geocode("Via Roma 1, Milano") is None


def test_geocode_returns_coordinates(monkeypatch):
    from geopy.geocoders import Nominatim  # noqa: PLC0415
    from geopy.location import Location  # noqa: PLC0415

    def found(self, query, **kwargs):
        return Location(query, (45.4642, 9.19), {})

    monkeypatch.setattr(Nominatim, "geocode", found)
    assert geo.geocode("Piazza del Duomo, Milano") == (45.4642, 9.19)


def test_within_radius_keeps_points_inside_nearest_first():
    points = [(44.64, 10.91), None, (44.78, 10.31), (44.65, 10.92), (None, None)]
    found = geo.within_radius(points, 44.64, 10.91, 5.0)
    assert [i for i, _m in found] == [0, 3]
    assert found[0][1] == pytest.approx(0.0, abs=1e-6)
    assert 1000 < found[1][1] < 5000
    wide = geo.within_radius(points, 44.64, 10.91, 60.0)
    assert [i for i, _m in wide] == [0, 3, 2]
    assert geo.within_radius(points, 44.64, 10.91, 0.0) == [(0, 0.0)]
    with pytest.raises(ValueError):
        geo.within_radius(points, 44.64, 10.91, -1)
