"""Writing one column-oriented table: typed, row by row, in order.

Each column is converted once, in bulk, to a Python list of cell values
(``None`` for an empty cell) plus the XlsxWriter method that writes it, so
the row loop does nothing but call the writer.  Rows are written strictly
top to bottom, which ``constant_memory`` mode requires.  Input text always
goes through ``write_string``: a name such as "=1+1" stays text.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from custgrade.report.styles import Styles, column_width

CellWriter = Callable[[int, int, Any, Format | None], Any]

#: Excel day 0 for serials from 1900-03-01 on (Excel's 1900 leap-year bug
#: makes earlier serials off by one, so earlier dates are written as text).
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_FIRST_EXACT_SERIAL = 61.0


@dataclass
class Column:
    """One output column: header, converted cell values and how to write them.

    ``kind`` is "text", "number", "date" or "mixed" (carried-through input
    columns, written cell by cell according to each value's type).
    ``formats`` overrides ``fmt`` per row (the coloured tier cells).
    """

    header: str
    values: list[Any]
    kind: str
    fmt: Format | None = None
    width: float = 10.0
    formats: list[Format | None] | None = None


def text_column(header: str, series: pd.Series, fmt: Format | None = None) -> Column:
    """A column of text cells; numbers such as IDs and phones become their digits."""
    values = text_values(series)
    return Column(header, values, "text", fmt, column_width(header, pd.Series(values[:2000])))


def number_column(header: str, series: pd.Series, fmt: Format | None) -> Column:
    """A column of numbers; NaN, infinities and non-numbers become blank cells."""
    numbers = pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()
    values = numbers.astype(object)
    values[~np.isfinite(numbers)] = None
    width = column_width(header, pd.Series(numbers[:2000]).round(2), minimum=8) + 3
    return Column(header, values.tolist(), "number", fmt, width)


def date_column(header: str, series: pd.Series, styles: Styles) -> Column:
    """A column of real Excel dates (serial numbers with a date format)."""
    stamps = pd.to_datetime(series.astype(object), errors="coerce", format="mixed")
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_localize(None)
    serials = ((stamps - _EXCEL_EPOCH) / pd.Timedelta(days=1)).to_numpy(dtype="float64")
    values = serials.astype(object)
    values[~np.isfinite(serials)] = None
    early = np.isfinite(serials) & (serials < _FIRST_EXACT_SERIAL)
    if early.any():  # before 1900-03-01: keep the text rather than a wrong date
        values[early] = stamps[early].dt.strftime("%Y-%m-%d").to_numpy()
    width = column_width(header, series[:0], minimum=12)
    return Column(header, values.tolist(), "date", styles["date"], width)


def mixed_column(header: str, series: pd.Series, styles: Styles) -> Column:
    """A carried-through input column: numbers, dates and text kept as they came."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return number_column(header, series, styles["number"])
    if pd.api.types.is_datetime64_any_dtype(series):
        return date_column(header, series, styles)
    values = series.astype(object).where(series.notna(), None).tolist()
    width = column_width(header, pd.Series(text_values(series.head(2000))))
    return Column(header, values, "mixed", None, width)


def text_values(series: pd.Series) -> list[str | None]:
    """Cell texts of a column: None for empty, integral floats without ".0"."""
    objects = series.astype(object).where(series.notna(), None).tolist()
    return [
        None if v is None or v == "" else v if type(v) is str else cell_text(v) for v in objects
    ]


def cell_text(value: Any) -> str:
    """The text of one non-text value (an ID read as a number, a date ...)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.isoformat(" ")
    return str(value)


def write_table(
    ws: Worksheet, columns: Sequence[Column], styles: Styles, first_row: int = 0
) -> int:
    """Write a header row and the data rows below it; return the next free row.

    Also sets the column widths, freezes the header (when the table starts
    at the top) and puts filter buttons on the header.
    """
    for c, column in enumerate(columns):
        ws.set_column(c, c, column.width)
    ws.write_row(first_row, 0, [column.header for column in columns], styles["header"])
    writers = [_cell_writer(ws, column, styles) for column in columns]
    _write_rows(columns, writers, first_row + 1)
    n_rows = len(columns[0].values) if columns else 0
    if first_row == 0:
        ws.freeze_panes(1, 0)
    if columns:
        ws.autofilter(first_row, 0, first_row + n_rows, len(columns) - 1)
    return first_row + n_rows + 1


def _write_rows(columns: Sequence[Column], writers: list[CellWriter], start: int) -> None:
    """The hot loop: one call per non-empty cell, nothing else."""
    formats = [column.fmt for column in columns]
    per_row = [(c, column.formats) for c, column in enumerate(columns) if column.formats]
    lists = [column.values for column in columns]
    for r, row in enumerate(zip(*lists, strict=True), start=start):
        if per_row:
            for c, row_formats in per_row:
                formats[c] = row_formats[r - start]
        for c, value in enumerate(row):
            if value is not None:
                writers[c](r, c, value, formats[c])


def _cell_writer(ws: Worksheet, column: Column, styles: Styles) -> CellWriter:
    if column.kind == "text":
        return ws.write_string  # type: ignore[no-any-return]
    if column.kind in ("number", "date"):
        return _number_or_text(ws)
    return _mixed_writer(ws, styles)


def _number_or_text(ws: Worksheet) -> CellWriter:
    """write_number, except for the rare pre-1900 date kept as text."""
    write_number, write_string = ws.write_number, ws.write_string

    def write(row: int, col: int, value: Any, fmt: Format | None) -> Any:
        if type(value) is str:
            return write_string(row, col, value)
        return write_number(row, col, value, fmt)

    return write


def _mixed_writer(ws: Worksheet, styles: Styles) -> CellWriter:
    def write(row: int, col: int, value: Any, fmt: Format | None) -> Any:
        return write_value(ws, row, col, value, styles, fmt)

    return write


def write_value(
    ws: Worksheet, row: int, col: int, value: Any, styles: Styles, fmt: Format | None = None
) -> None:
    """Write one value by its type; text never becomes a formula, NaN stays blank."""
    if value is None or value is pd.NaT:
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, numbers.Real):
        if math.isfinite(value):
            ws.write_number(row, col, float(value), fmt)
    elif isinstance(value, dt.datetime):
        stamp = pd.Timestamp(value).tz_localize(None).to_pydatetime()
        has_time = stamp.time() != dt.time()
        ws.write_datetime(row, col, stamp, fmt or styles["datetime" if has_time else "date"])
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, value, fmt or styles["date"])
    elif value != "":
        ws.write_string(row, col, cell_text(value), fmt)


def write_rows(
    ws: Worksheet,
    first_row: int,
    rows: Sequence[Sequence[Any]],
    styles: Styles,
    fmt: Format | None = None,
) -> int:
    """Write a small block of rows value by value; return the next free row."""
    for r, row in enumerate(rows, start=first_row):
        for c, value in enumerate(row):
            write_value(ws, r, c, value, styles, fmt)
    return first_row + len(rows)
