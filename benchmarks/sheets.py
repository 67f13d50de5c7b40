"""A generated sheet as plain columns, and how it is written to .xlsx and .csv.

Cells are Python values: ``None`` (empty), ``str`` (written as text, so a
planted ``"=1+1"`` stays text), ``int`` (written as a plain number) or
``float`` (written with the column's number format: a float in a date
column is an Excel date serial).  Keeping ints and floats apart lets a
date column also hold the plain number 20241004, as real exports do.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import chain
from pathlib import Path

import xlsxwriter

EXCEL_EPOCH = datetime(1899, 12, 30)
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
MONEY_FORMAT = "#,##0.00"
#: Above this many cells the workbook is streamed row by row.
CONSTANT_MEMORY_CELLS = 200_000

Cell = str | int | float | None


@dataclass
class Sheet:
    """One sheet: header, columns of cells, an optional title and trailing rows."""

    name: str
    headers: list[str]
    columns: list[list[Cell]]
    formats: list[str | None]
    widths: Sequence[float]
    title: str | None = None  # merged title row, followed by one blank row
    footer: list[list[Cell]] = field(default_factory=list)  # rows after the data

    @property
    def header_row(self) -> int:
        """Excel row number of the header (the title takes two rows)."""
        return 3 if self.title else 1

    def excel_row(self, index: int) -> int:
        """Excel row number of the data row at ``index``."""
        return self.header_row + 1 + index


def serial_to_date(serial: float) -> date:
    """The calendar date of an Excel serial."""
    return (EXCEL_EPOCH + timedelta(days=int(serial))).date()


def serial_to_datetime(serial: float) -> datetime:
    """The date and time of an Excel serial, to the second."""
    return EXCEL_EPOCH + timedelta(seconds=round(serial * 86400))


#: The rows of an Excel sheet.
EXCEL_ROWS = 1_048_576


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> None:
    """Write sheets to an .xlsx, streaming when the workbook is large.

    A real export has no styling beyond a bold header and number formats,
    so neither has this one.
    """
    for sheet in sheets:
        data = len(sheet.columns[0]) if sheet.columns else 0
        last = sheet.header_row + data + len(sheet.footer)
        if last > EXCEL_ROWS:  # XlsxWriter would drop the rows below without a word
            raise ValueError(
                f"sheet {sheet.name}: {last:,} rows do not fit in Excel's {EXCEL_ROWS:,}; "
                "generate fewer customers or a CSV"
            )
    cells = sum(len(s.headers) * (len(s.columns[0]) if s.columns else 0) for s in sheets)
    options = {"constant_memory": cells > CONSTANT_MEMORY_CELLS}
    with xlsxwriter.Workbook(str(path), options) as book:
        head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
        formats = {f: book.add_format({"num_format": f}) for s in sheets for f in s.formats if f}
        for sheet in sheets:
            ws = book.add_worksheet(sheet.name)
            ws.set_landscape()
            ws.fit_to_pages(1, 0)  # print every column on one page width, as exports do
            for c, width in enumerate(sheet.widths):
                ws.set_column(c, c, width)
            if sheet.title:
                ws.merge_range(0, 0, 0, len(sheet.headers) - 1, sheet.title, title)
            ws.write_row(sheet.header_row - 1, 0, sheet.headers, head)
            fmts = [formats[f] if f else None for f in sheet.formats]
            rows = chain(zip(*sheet.columns, strict=True), sheet.footer)
            _write_rows(ws, sheet.header_row, rows, fmts)


def _write_rows(
    ws: xlsxwriter.worksheet.Worksheet,
    first: int,
    rows: Iterable[Sequence[Cell]],
    fmts: list[xlsxwriter.format.Format | None],
) -> None:
    """Write cells by their Python type; this loop is the generator's floor."""
    put_s, put_n = ws.write_string, ws.write_number
    for r, row in enumerate(rows, start=first):
        for c, v in enumerate(row):
            if v is None:
                continue
            if type(v) is str:
                put_s(r, c, v)
            elif type(v) is float:
                put_n(r, c, v, fmts[c])
            else:
                put_n(r, c, v)


def cell_text(value: Cell, fmt: str | None) -> str:
    """A cell as a CSV export shows it: dates as text, numbers without format."""
    if value is None:
        return ""
    if type(value) is float and fmt == DATE_FORMAT:
        return serial_to_date(value).isoformat()
    if type(value) is float and fmt == DATETIME_FORMAT:
        return serial_to_datetime(value).strftime("%Y-%m-%d %H:%M:%S")
    if type(value) is float:
        return f"{value:.2f}"
    return str(value)


def write_csv(path: Path, sheet: Sheet, encoding: str) -> None:
    """Write a sheet as a CSV in the given encoding, Windows line ends like Excel."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(sheet.headers)
        for row in zip(*sheet.columns, strict=True):
            writer.writerow(cell_text(v, f) for v, f in zip(row, sheet.formats, strict=True))
