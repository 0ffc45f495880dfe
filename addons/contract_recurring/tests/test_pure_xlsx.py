import io
from datetime import date, datetime

import openpyxl
import pytest

from odoo.addons.contract_recurring.tools import xlsx

COLUMNS = [
    xlsx.Column("Service", "text"),
    xlsx.Column("Contract", "text"),
    xlsx.Column("Start", "date"),
    xlsx.Column("Count", "integer"),
    xlsx.Column("Annual", "money"),
]
ROWS = [
    ["Hosting", "C/2", date(2026, 2, 1), 1, 0.1],
    ["Backup", "C/1", date(2026, 1, 1), 1, 120.0],
    ["Hosting", "C/3", date(2026, 3, 1), 2, 0.2],
    [None, "C/4", None, 1, 10.0],
]


def _read(data):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_grouped_sheet_cells():
    sheet = xlsx.Sheet(
        "Contracts",
        COLUMNS,
        ROWS,
        group_column=0,
        subtotal_label="Subtotal %(group)s",
        total_label="Total",
    )
    ws = _read(xlsx.workbook_bytes([sheet], currency_symbol="€"))
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values == [
        ["Service", "Contract", "Start", "Count", "Annual"],
        ["Backup", "C/1", datetime(2026, 1, 1), 1, 120.0],
        ["Subtotal Backup", None, None, 1, 120.0],
        ["Hosting", "C/2", datetime(2026, 2, 1), 1, 0.1],
        ["Hosting", "C/3", datetime(2026, 3, 1), 2, 0.2],
        ["Subtotal Hosting", None, None, 3, 0.3],  # exact, not 0.30000000000000004
        [None, "C/4", None, 1, 10.0],
        ["Subtotal ", None, None, 1, 10.0],
        ["Total", None, None, 5, 130.3],
    ]
    assert ws.title == "Contracts"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:E8"
    assert ws["C2"].number_format == xlsx.DATE_FORMAT
    assert ws["C2"].is_date
    assert ws["E2"].number_format == xlsx.money_format("€")
    assert "€" in ws["E9"].number_format
    assert ws["D9"].number_format == xlsx.INTEGER_FORMAT
    assert ws["A1"].font.bold and ws["A9"].font.bold and not ws["A2"].font.bold


def test_ungrouped_sheet_and_several_sheets():
    first = xlsx.Sheet("One", COLUMNS, ROWS[:2], total_label="Totale")
    second = xlsx.Sheet(
        "Two",
        [xlsx.Column("Month", "date"), xlsx.Column("Value", "number")],
        [[date(2026, 1, 1), 1.5]],
    )
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.workbook_bytes([first, second])))
    assert workbook.sheetnames == ["One", "Two"]
    one = workbook["One"]
    assert [c.value for c in one[4]] == ["Totale", None, None, 2, 120.1]
    assert one.auto_filter.ref == "A1:E3"
    assert one["E2"].number_format == xlsx.money_format("")
    two = workbook["Two"]
    assert [c.value for c in two[3]] == ["Total", 1.5]


def test_empty_sheet_keeps_header_and_total():
    ws = _read(xlsx.workbook_bytes([xlsx.Sheet("Empty", COLUMNS, [], group_column=0)]))
    assert [c.value for c in ws[1]] == ["Service", "Contract", "Start", "Count", "Annual"]
    assert [c.value for c in ws[2]] == ["Total", None, None, 0, 0.0]
    assert ws.auto_filter.ref == "A1:E1"


def test_money_format_and_unknown_kind():
    assert xlsx.money_format("€", 2) == '#,##0.00 "€";-#,##0.00 "€"'
    assert xlsx.money_format("", 0) == "#,##0"
    with pytest.raises(ValueError):
        xlsx.Column("x", "percent")
