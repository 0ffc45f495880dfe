import datetime as dt

from odoo.addons.contract_recurring_credit_control.tools.followup import level_reached_on


def test_net_days():
    assert level_reached_on("net_days", dt.date(2026, 1, 31), 30) == dt.date(2026, 3, 2)


def test_end_of_month():
    assert level_reached_on("end_of_month", dt.date(2026, 1, 20), 10) == dt.date(2026, 1, 31)
    assert level_reached_on("end_of_month", dt.date(2026, 1, 25), 10) == dt.date(2026, 2, 28)


def test_previous_reminder_and_no_date():
    assert level_reached_on("previous_date", dt.date(2026, 1, 1), 10) is None
    assert level_reached_on("net_days", None, 10) is None
