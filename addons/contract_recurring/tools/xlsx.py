"""A plain openpyxl writer for grouped lists (contracts, cut-off, analysis).

Each sheet has a bold, frozen header row with an auto-filter over the data;
rows may be grouped on one column (sorted by it by the caller or here), each
group followed by a subtotal row; a grand total row closes the sheet.
Amounts are written as numbers with a currency format, dates as dates; the
subtotals and totals are values (exact sums in cents), not formulas, so that
every reader sees them without recalculating.
"""

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .money import from_cents, to_cents

KINDS = ("text", "date", "money", "integer", "number")
DATE_FORMAT = "DD/MM/YYYY"
INTEGER_FORMAT = "#,##0"
NUMBER_FORMAT = "#,##0.00"


@dataclass
class Column:
    label: str
    kind: str = "text"
    total: bool = True  # money/integer/number columns: sum in subtotals and total
    width: int | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Unknown column kind {self.kind!r}")

    @property
    def summed(self):
        return self.total and self.kind in ("money", "integer", "number")


@dataclass
class Sheet:
    title: str
    columns: list
    rows: list
    group_column: int | None = None
    subtotal_label: str = "Subtotal %(group)s"
    total_label: str = "Total"
    extra: dict = field(default_factory=dict)


def money_format(currency_symbol: str = "", decimal_places: int = 2) -> str:
    decimals = "." + "0" * decimal_places if decimal_places else ""
    if not currency_symbol:
        return f"#,##0{decimals}"
    return f'#,##0{decimals} "{currency_symbol}";-#,##0{decimals} "{currency_symbol}"'


def _cell_value(column, value):
    if value is None or value is False:
        return None
    if column.kind == "date" and isinstance(value, datetime):
        return value.date()
    return value


class _Sums:
    """Exact sums of the summed columns (cents for money)."""

    def __init__(self, columns, decimal_places):
        self.columns = columns
        self.decimal_places = decimal_places
        self.values = [0] * len(columns)

    def add(self, row):
        for index, column in enumerate(self.columns):
            if not column.summed or row[index] in (None, False, ""):
                continue
            if column.kind == "money":
                self.values[index] += to_cents(row[index], self.decimal_places)
            elif column.kind == "number":
                self.values[index] += to_cents(row[index], 6)
            else:
                self.values[index] += int(row[index])

    def row(self, label, label_index):
        out = [None] * len(self.columns)
        for index, column in enumerate(self.columns):
            if not column.summed:
                continue
            if column.kind == "money":
                out[index] = from_cents(self.values[index], self.decimal_places)
            elif column.kind == "number":
                out[index] = from_cents(self.values[index], 6)
            else:
                out[index] = self.values[index]
        out[label_index] = label
        return out


def _group_label(value):
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return "" if value in (None, False) else str(value)


def write_sheet(worksheet, sheet: Sheet, currency_symbol="", decimal_places=2):
    """Fill ``worksheet``; returns the row numbers of subtotals and the total."""
    columns = sheet.columns
    bold = Font(bold=True)
    formats = {
        "date": DATE_FORMAT,
        "money": money_format(currency_symbol, decimal_places),
        "integer": INTEGER_FORMAT,
        "number": NUMBER_FORMAT,
    }
    worksheet.title = sheet.title[:31]
    worksheet.append([column.label for column in columns])
    for cell in worksheet[1]:
        cell.font = bold

    def append(values, is_total=False):
        worksheet.append(
            [_cell_value(column, value) for column, value in zip(columns, values, strict=True)]
        )
        row = worksheet.max_row
        for index, column in enumerate(columns, 1):
            cell = worksheet.cell(row, index)
            if (
                column.kind in formats
                and cell.value is not None
                and not isinstance(cell.value, str)
            ):
                cell.number_format = formats[column.kind]
            if is_total:
                cell.font = bold
        return row

    rows = list(sheet.rows)
    group = sheet.group_column
    label_index = group if group is not None else 0
    total = _Sums(columns, decimal_places)
    subtotal_rows = []
    if group is not None:
        rows.sort(key=lambda r: (r[group] in (None, False), _group_label(r[group])))
        current = object()
        sums = None
        for values in rows:
            key = _group_label(values[group])
            if key != current:
                if sums is not None:
                    label = sheet.subtotal_label % {"group": current}
                    subtotal_rows.append(append(sums.row(label, label_index), True))
                current, sums = key, _Sums(columns, decimal_places)
            append(values)
            sums.add(values)
            total.add(values)
        if sums is not None:
            label = sheet.subtotal_label % {"group": current}
            subtotal_rows.append(append(sums.row(label, label_index), True))
    else:
        for values in rows:
            append(values)
            total.add(values)
    total_row = append(total.row(sheet.total_label, label_index), True)
    last_column = get_column_letter(len(columns))
    worksheet.freeze_panes = "A2"
    worksheet.auto_filter.ref = f"A1:{last_column}{max(total_row - 1, 1)}"
    for index, column in enumerate(columns, 1):
        width = column.width or max(12, min(len(column.label) + 2, 40))
        worksheet.column_dimensions[get_column_letter(index)].width = width
    return subtotal_rows, total_row


def workbook_bytes(sheets, currency_symbol="", decimal_places=2) -> bytes:
    """An .xlsx file with one worksheet per :class:`Sheet`."""
    workbook = Workbook()
    for index, sheet in enumerate(sheets):
        worksheet = workbook.active if index == 0 else workbook.create_sheet()
        write_sheet(worksheet, sheet, currency_symbol, decimal_places)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
