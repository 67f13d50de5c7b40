"""Writing one column-oriented table: typed, row by row, in order.

Each column is converted once, in bulk, to a Python list of cell values
(``None`` for an empty cell) plus the XlsxWriter method that writes it, so
the row loop does nothing but call the writer.  Rows are written strictly
top to bottom, which ``constant_memory`` mode requires.  Input text always
goes through ``write_string``: a name such as "=1+1" stays text; only the
formula columns the report builds itself are formulas.

A table becomes an Excel Table (sorting, filtering, banded rows, a name)
when the workbook is not in ``constant_memory`` mode, where XlsxWriter
cannot write Tables; otherwise it gets filter buttons on its header.  In
both cases the header and the first ``freeze`` columns stay in view, the
header repeats on every printed page, and wrapped columns get row heights
that fit their text.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.arrays import ArrowStringArray
from xlsxwriter.format import Format
from xlsxwriter.url import Url
from xlsxwriter.worksheet import (
    CellFormulaTuple,
    CellNumberTuple,
    CellStringTuple,
    Worksheet,
)

from custgrade.clean.plain import as_bools
from custgrade.report import sheet_rows
from custgrade.report.styles import LINE_HEIGHT, Styles, column_width, display_width

CellWriter = Callable[[int, int, Any, Format | None], Any]

#: Excel day 0 for serials from 1900-03-01 on (Excel's 1900 leap-year bug
#: makes earlier serials off by one, so earlier dates are written as text).
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_FIRST_EXACT_SERIAL = 61.0


#: A column's cells: an Arrow array (text, numbers, formula results), chunked where it was
#: built in blocks (the 分析报告 sentences), or a list of values.
Cells: TypeAlias = "pa.Array | pa.ChunkedArray | list[Any]"


@dataclass
class Column:
    """One output column: header, converted cell values and how to write them.

    ``kind`` is "text", "number", "date", "mixed" (carried-through input
    columns, written cell by cell according to each value's type),
    "formula" (``formula`` with ``{row}`` for the Excel row; ``values`` are
    the computed results) or "link" (``links`` holds each cell's target).
    ``values`` is an Arrow array where the column has one type (text,
    numbers), so a large table is written without a Python object per
    cell (`custgrade.report.sheet_rows`); a list otherwise.  Null or None
    is an empty cell.
    ``formats`` overrides ``fmt`` per row (the coloured tier cells).
    ``wrap`` marks long text whose rows get a height that fits it.
    """

    header: str
    values: Cells
    kind: str
    fmt: Format | None = None
    width: float = 10.0
    formats: list[Format | None] | None = None
    formula: str = ""
    links: list[str | None] | None = None
    wrap: bool = False

    def cells(self) -> list[Any]:
        """The values as Python objects, for the cell loop of small tables."""
        values = self.values
        return values.to_pylist() if sheet_rows.is_arrow(values) else values

    def __len__(self) -> int:
        return len(self.values)


def text_column(header: str, series: pd.Series, fmt: Format | None = None) -> Column:
    """A column of text cells; numbers such as IDs and phones become their digits."""
    values = text_array(series)
    return Column(header, values, "text", fmt, column_width(header, _head(values)))


def number_column(header: str, series: pd.Series, fmt: Format | None) -> Column:
    """A column of numbers; NaN, infinities and non-numbers become blank cells."""
    numbers = pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()
    width = column_width(header, pd.Series(numbers[:2000]).round(2), minimum=8) + 3
    return Column(header, pa.array(numbers, mask=~np.isfinite(numbers)), "number", fmt, width)


def formula_column(
    header: str, formula: str, values: pd.Series, fmt: Format | None, width: float = 10.0
) -> Column:
    """A column of one formula per row (``{row}``: the Excel row), with its computed values.

    A numeric result that is missing is cached as 0, what Excel shows for
    a formula over empty cells.
    """
    if values.dtype.kind == "f":
        cached: Cells = pa.array(values.fillna(0.0).to_numpy(dtype="float64"))
    else:
        objects = values.astype(object).where(values.notna(), None)
        texts = pd.api.types.infer_dtype(objects.to_numpy(), skipna=True) in _ONLY_TEXT
        cached = pa.array(objects.tolist(), pa.string()) if texts else objects.tolist()
    return Column(header, cached, "formula", fmt, width, formula=formula)


def link_column(
    header: str, series: pd.Series, links: list[str | None], fmt: Format | None
) -> Column:
    """A text column whose cells link to ``links`` (None: plain text): internal:'基本信息'!A5."""
    column = text_column(header, series)
    column.kind, column.links, column.fmt = "link", links, fmt
    return column


def date_column(header: str, series: pd.Series, styles: Styles) -> Column:
    """A column of real Excel dates (serial numbers with a date format)."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):  # the usual case: no parsing
        stamps = series
    else:
        stamps = pd.to_datetime(series.astype(object), errors="coerce", format="mixed")
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_localize(None)
    serials = ((stamps - _EXCEL_EPOCH) / pd.Timedelta(days=1)).to_numpy(dtype="float64")
    width = column_width(header, series[:0], minimum=12)
    early = np.isfinite(serials) & (serials < _FIRST_EXACT_SERIAL)
    if not early.any():
        values: Cells = pa.array(serials, mask=~np.isfinite(serials))
        return Column(header, values, "date", styles["date"], width)
    # before 1900-03-01: keep the text rather than a wrong date
    objects = serials.astype(object)
    objects[~np.isfinite(serials)] = None
    objects[early] = stamps[early].dt.strftime("%Y-%m-%d").to_numpy()
    return Column(header, objects.tolist(), "date", styles["date"], width)


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
    return text_array(series).to_pylist()  # type: ignore[no-any-return]


#: What `pd.api.types.infer_dtype` calls a column of text and empty cells only.
_ONLY_TEXT = frozenset({"string", "empty"})


def text_array(series: pd.Series) -> pa.Array | pa.ChunkedArray:
    """Cell texts of a column as Arrow strings: null for empty, integral floats without ".0".

    Text columns (the usual case) and number columns (IDs or phones read
    as numbers) are converted whole; only a column mixing types looks at
    each value.  A column already held by Arrow is taken as it is, chunks
    and large strings included: the writer converts 16,384 rows at a time,
    rather than copying a million sentences at once.
    """
    if isinstance(series.array, ArrowStringArray):
        texts = pa.array(series.array)  # its own chunked array, no copy
    elif pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        texts = pa.array(series.array, pa.string(), from_pandas=True)
    elif pd.api.types.is_float_dtype(series.dtype) or pd.api.types.is_integer_dtype(series.dtype):
        texts = _number_texts(series.astype("float64").to_numpy())
    elif pd.api.types.infer_dtype(objects := series.to_numpy(dtype=object)) in _ONLY_TEXT:
        texts = pa.array(objects, pa.string(), from_pandas=True)  # NaN and None: null
    else:
        values = series.astype(object).where(series.notna(), None).tolist()
        texts = pa.array(
            [v if v is None or type(v) is str else cell_text(v) for v in values], pa.string()
        )
    return sheet_rows.empty_as_null(texts)


def _number_texts(numbers: np.ndarray) -> pa.Array:
    """Numbers as cell text: whole numbers as digits (a phone read as 13600136000.0)."""
    finite = np.isfinite(numbers)
    whole = finite & (np.mod(numbers, 1, where=finite, out=np.ones_like(numbers)) == 0)
    whole &= np.abs(numbers) < 2**63
    digits = pc.cast(pa.array(np.where(whole, numbers, 0).astype("int64")), pa.string())
    decimals = pa.array([cell_text(v) for v in numbers[finite & ~whole].tolist()], pa.string())
    texts = pc.if_else(pa.array(whole), digits, pa.scalar(None, pa.string()))
    if len(decimals):  # the few numbers with decimals, put in their places
        texts = pc.replace_with_mask(texts, pa.array(finite & ~whole), decimals)
    return texts


def _head(values: Cells) -> pd.Series:
    """The first 2,000 values, enough to size a column."""
    head = values.slice(0, 2000).to_pylist() if sheet_rows.is_arrow(values) else values[:2000]
    return pd.Series(head, dtype=object)


def cell_text(value: Any) -> str:
    """The text of one non-text value (an ID read as a number, a date ...)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.isoformat(" ")
    return str(value)


def write_table(
    ws: Worksheet,
    columns: Sequence[Column],
    styles: Styles,
    first_row: int = 0,
    *,
    freeze: int = 0,
    name: str | None = None,
) -> int:
    """Write a header row and the data rows below it; return the next free row.

    Also sets the column widths, freezes the header and the first
    ``freeze`` columns (when the table starts at the top), repeats the
    header on printed pages and makes the block an Excel Table called
    ``name`` where the workbook allows it (filter buttons otherwise).
    """
    for c, column in enumerate(columns):
        ws.set_column(c, c, column.width)
    n_rows = len(columns[0].values) if columns else 0
    table = bool(name) and not ws.constant_memory and n_rows > 0 and bool(columns)
    ws.write_row(first_row, 0, [column.header for column in columns], styles["header"])
    heights = row_heights(columns)
    as_text = [
        replace(column, kind="text") if column.kind == "link" else column for column in columns
    ]
    if sheet_rows.can_write(ws, as_text):
        dates = sheet_rows.DateFormats(ws._convert_date_time, styles["date"], styles["datetime"])
        block = [
            linked_text(ws, c, column, first_row + 1, styles["text"])
            if column.kind == "link"
            else column
            for c, column in enumerate(columns)
        ]
        formats = column_formats(block, styles["text"])
        sheet_rows.write_block(ws, block, formats, first_row + 1, heights, dates)
    else:
        writers = [_cell_writer(ws, column, styles, first_row + 1) for column in columns]
        _write_rows(ws, columns, writers, first_row + 1, heights, styles["text"])
    if first_row == 0:
        ws.freeze_panes(1, freeze)
        ws.repeat_rows(0)
    if table:
        headers = [
            {"header": column.header, "header_format": styles["header"]} for column in columns
        ]
        ws.add_table(
            first_row,
            0,
            first_row + n_rows,
            len(columns) - 1,
            {"name": name, "columns": headers, "style": TABLE_STYLE},
        )
    elif columns:
        ws.autofilter(first_row, 0, first_row + n_rows, len(columns) - 1)
    return first_row + n_rows + 1


#: A light banded style that leaves the tier and score colours readable.
TABLE_STYLE = "Table Style Light 1"


def row_heights(columns: Sequence[Column]) -> np.ndarray | None:
    """Heights (points) of the rows whose wrapped text needs more than one line; None if none.

    NaN for a row of one line (the default height).

    Lines per cell are estimated from the display width (CJK counts two)
    over the column width, whole columns at once, and every explicit line
    break counts; Excel and LibreOffice then show the whole text.
    """
    wrapped = [column for column in columns if column.wrap]
    if not wrapped:
        return None
    lines = np.ones(len(wrapped[0]), dtype="int64")
    for column in wrapped:
        texts = _wrapped_texts(column.values)
        per_line = max(column.width - 1.5, 4.0)
        if pc.any(pc.match_substring(texts, "\n")).as_py():
            parts = pd.Series(texts.to_pylist(), dtype=object).str.split("\n").explode()
            widths = display_width(parts.fillna(""))
            needed = np.ceil(widths.clip(lower=1) / per_line).groupby(level=0).sum()
            needed = needed.reindex(range(len(lines)), fill_value=1).to_numpy()
        else:  # the usual case: one paragraph per cell
            needed = np.ceil(np.maximum(quick_width(texts), 1) / per_line)
        lines = np.maximum(lines, needed.astype("int64"))
    if not (lines > 1).any():
        return None
    heights: np.ndarray = np.where(lines > 1, lines * LINE_HEIGHT + 3, np.nan)
    return heights


def _wrapped_texts(values: Cells) -> pa.Array | pa.ChunkedArray:
    """A wrapped column's texts as Arrow strings, "" for an empty cell."""
    if not sheet_rows.is_arrow(values):
        values = pa.array([v if v is None or isinstance(v, str) else str(v) for v in values])
    return pc.fill_null(values, "")


def quick_width(texts: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Display width from UTF-8 lengths: (bytes + characters) / 2.

    A CJK or full-width character is 3 bytes (width 2), ASCII 1 byte
    (width 1), so for the text of this report the result is `display_width`
    or a little more (¥ and curly quotes count 1.5 and 2), at a fraction of
    its cost (two Arrow kernels, no regular expression): rows come out tall
    enough, never short.
    """
    chars = pc.utf8_length(texts).to_numpy(zero_copy_only=False)
    encoded = pc.binary_length(texts).to_numpy(zero_copy_only=False)
    widths: np.ndarray = ((encoded + chars) // 2).astype("int64")
    return widths


def _write_rows(
    ws: Worksheet,
    columns: Sequence[Column],
    writers: list[CellWriter],
    start: int,
    heights: np.ndarray | None,
    default: Format,
) -> None:
    """The hot loop: one cell record per non-empty cell, nothing else.

    Text, number and formula cells are stored straight into the sheet's
    row table as the records XlsxWriter's own write_string / write_number
    / write_formula store (after the same end-of-row flush in
    constant_memory mode); the dimensions are registered once for the whole
    block.  That skips, per cell, the A1-notation check, the bounds and
    NaN checks (the columns were converted in bulk already) and, for
    formulas, the function scan: together most of the Python time of a
    100,000-customer workbook.  Mixed, date and link cells go through the
    public writers.  tests/test_report_table.py checks that the XML is the
    same as the public methods write.
    """
    formats = column_formats(columns, default)
    per_row = [(c, column.formats) for c, column in enumerate(columns) if column.formats]
    lists = [column.cells() for column in columns]
    kinds = [_FAST_KINDS.get(column.kind, "") for column in columns]
    bodies = [column.formula.removeprefix("=") for column in columns]
    n_rows = len(lists[0]) if lists else 0
    if not n_rows:
        return
    ws._check_dimensions(start, 0)
    ws._check_dimensions(start + n_rows - 1, len(columns) - 1)
    streamed = ws.constant_memory
    shared = ws.str_table._get_shared_string_index
    tall = set() if heights is None else set(np.flatnonzero(~np.isnan(heights)).tolist())
    for r, row in enumerate(zip(*lists, strict=True), start=start):
        if r - start in tall:
            ws.set_row(r, float(heights[r - start]))  # type: ignore[index]
        if per_row:
            for c, row_formats in per_row:
                formats[c] = row_formats[r - start]
        if streamed and r > ws.previous_row:
            ws._write_single_row(r)
        cells = ws.table[r]
        for c, value in enumerate(row):
            if value is None:
                continue
            kind = kinds[c]
            if kind == "s" and len(value) <= _SHORT_TEXT:
                cells[c] = CellStringTuple(value if streamed else shared(value), formats[c])
            elif kind == "n":
                cells[c] = CellNumberTuple(value, formats[c])
            elif kind == "f":
                cells[c] = CellFormulaTuple(bodies[c].format(row=r + 1), formats[c], value)
            else:
                writers[c](r, c, value, formats[c])


def column_formats(columns: Sequence[Column], default: Format) -> list[Format | None]:
    """Each column's cell format; text without one of its own gets the default text format."""
    return [
        column.fmt or (default if column.kind in ("text", "link") else None) for column in columns
    ]


#: Column kinds stored directly: text, number, formula (see `_write_rows`).
_FAST_KINDS = {"text": "s", "number": "n", "formula": "f"}
#: Text this long needs no check against Excel's 32,767-character cell limit.
_SHORT_TEXT = 16_000


def _cell_writer(ws: Worksheet, column: Column, styles: Styles, start: int) -> CellWriter:
    if column.kind == "text":
        return ws.write_string  # type: ignore[no-any-return]
    if column.kind == "formula":
        return formula_writer(ws, column.formula)
    if column.kind == "link":
        return _link_writer(ws, column.links or [], start)
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


def formula_writer(ws: Worksheet, formula: str) -> CellWriter:
    """Store one formula per row (``{row}``: the Excel row) with its computed value.

    The same cell record ``Worksheet.write_formula`` stores, without its
    per-call scan for dynamic-array and future functions (about 30 regular
    expressions, some 250 µs a cell: minutes for a million rows).  The
    report's formulas use only IF, ROUND, ISNUMBER and IFERROR, which need
    no ``_xlfn.`` prefix; tests/test_report_table.py checks that the XML
    written is the one write_formula writes.
    """
    body = formula[1:] if formula.startswith("=") else formula
    check = ws._check_dimensions

    def write(row: int, col: int, value: Any, fmt: Format | None) -> Any:
        if check(row, col):
            return -1
        if ws.constant_memory and row > ws.previous_row:
            ws._write_single_row(row)
        ws.table[row][col] = CellFormulaTuple(body.format(row=row + 1), fmt, value)
        return 0

    return write


#: Hyperlinks Excel keeps on one worksheet; XlsxWriter drops the cell (text and all) beyond.
MAX_LINKS = 65_530


def linked_text(ws: Worksheet, col: int, column: Column, start: int, default: Format) -> Column:
    """A link column as text cells for the block writer, its links stored as write_url stores them.

    The same cells and links as `_link_writer` writes one by one: a cell
    with a target (and text) gets the column's format and its link, up to
    MAX_LINKS a sheet; every other cell is text without a format.
    """
    targets = column.links or []
    texts = column.values if sheet_rows.is_arrow(column.values) else pa.array(column.values)
    present = np.asarray(texts.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    linkable = pc.greater(pc.binary_length(pa.array(targets, pa.string())), 0)
    wanted = np.flatnonzero(present[: len(targets)] & as_bools(linkable))
    linked = wanted[: max(MAX_LINKS - ws.hlink_count, 0)]
    formats: list[Format | None] = [None] * len(column)
    fmt = column.fmt or default
    for row, text in zip(linked.tolist(), texts.take(pa.array(linked)).to_pylist(), strict=True):
        url = Url(targets[row])
        url._text = text
        ws.hyperlinks[start + row][col] = url
        formats[row] = fmt
    ws.hlink_count += len(linked)
    return replace(column, kind="text", formats=formats, links=None)


def _link_writer(ws: Worksheet, links: list[str | None], start: int) -> CellWriter:
    """write_url for the cells with a target, write_string for the others.

    Beyond a sheet's MAX_LINKS links the text is written without its link:
    问题数据 of a million customers can name more customers than that.
    """

    def write(row: int, col: int, value: Any, fmt: Format | None) -> Any:
        target = links[row - start]
        if target and ws.hlink_count < MAX_LINKS:
            return ws.write_url(row, col, target, fmt, string=value)
        return ws.write_string(row, col, value)

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
