from decimal import Decimal

from odoo.addons.field_service_monitoring.tools import thresholds as th

D = Decimal


def test_to_decimal_keeps_the_written_figure():
    assert th.to_decimal(0.1) == D("0.100")
    assert th.to_decimal(2.675, digits=2) == D("2.68")
    assert th.to_decimal("12.5") == D("12.500")
    assert th.to_decimal(None) is None


def test_limits_are_inclusive_and_only_measured_states_are_checked():
    limits = th.Thresholds(D("2"), D("10"))
    assert th.evaluate(D("10"), limits) == th.WITHIN
    assert th.evaluate(D("2"), limits) == th.WITHIN
    assert th.evaluate(D("10.001"), limits) == th.ABOVE
    assert th.evaluate(D("1.999"), limits, "activity") == th.BELOW
    assert th.evaluate(D("50"), limits, "not_accessible") == th.NOT_CHECKED
    assert th.evaluate(D("50"), limits, "pending") == th.NOT_CHECKED
    assert th.evaluate(None, limits) == th.NOT_CHECKED


def test_one_sided_and_missing_limits():
    only_max = th.Thresholds(maximum=D("0"))
    assert th.evaluate(D("0"), only_max) == th.WITHIN
    assert th.evaluate(D("0.5"), only_max) == th.ABOVE
    assert th.evaluate(D("-3"), only_max) == th.WITHIN
    assert th.evaluate(D("1000"), th.Thresholds()) == th.WITHIN


def test_consistency_of_limits():
    assert th.Thresholds(D("1"), D("1")).consistent()
    assert th.Thresholds(None, D("1")).consistent()
    assert not th.Thresholds(D("5"), D("4.99")).consistent()


def test_alert_once_per_crossing_reading():
    assert th.needs_alert(th.ABOVE, already_alerted=False)
    assert th.needs_alert(th.BELOW, already_alerted=False)
    assert not th.needs_alert(th.ABOVE, already_alerted=True)
    assert not th.needs_alert(th.WITHIN, already_alerted=False)
    assert not th.needs_alert(th.NOT_CHECKED, already_alerted=False)


def test_excess_beyond_the_crossed_limit():
    limits = th.Thresholds(D("2"), D("10"))
    assert th.excess(D("12.5"), limits) == D("2.5")
    assert th.excess(D("0.5"), limits) == D("1.5")
    assert th.excess(D("5"), limits) == D("0")


def test_summary_of_a_period():
    limits = th.Thresholds(maximum=D("30"))
    summary = th.summarize([D("10"), D("20"), None, D("35")], limits)
    assert summary == th.Summary(3, D("10"), D("35"), D("21.67"), 1)
    assert th.summarize([], limits) == th.Summary(0, None, None, None, 0)
    # half up, once, on the exact mean
    assert th.summarize([D("0.005"), D("0.005")], th.Thresholds()).average == D("0.01")
