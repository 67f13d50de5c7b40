"""The rows of a large streamed table as sheet XML, built whole columns at a time.

XlsxWriter writes a cell in about 9 µs of Python; the per-customer sheets
of a million customers hold some 40 million cells, which would take six
minutes.  In ``constant_memory`` mode XlsxWriter keeps the rows of a sheet
in a temporary file and copies it into the sheet's ``<sheetData>`` when
the workbook closes; this module writes a block of rows into that file
itself, as the same XML, built with Arrow's string kernels column by
column (cell references, escaping, style indices, formulas per row), a
chunk of rows at a time so memory stays flat.  Everything else in the
sheet (column widths, panes, filters, conditional formats, print setup)
is still XlsxWriter's.

The XML is the one XlsxWriter's own writers produce for the same cells:
inline strings with control characters as ``_xHHHH_`` and
``xml:space="preserve"`` where the text starts or ends with white space,
numbers, formulas with their cached values, row heights in points.
Numbers are written as the shortest text that reads back as the same
double (XlsxWriter writes 16 significant digits, which can round the
seventeenth).  tests/test_report_sheet_rows.py holds the two writers to
the same cells.
"""

from __future__ import annotations

import datetime as dt
import numbers
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet
from xlsxwriter.xmlwriter import XMLwriter

from custgrade.parallel import WORKERS

if TYPE_CHECKING:
    from xlsxwriter.format import Format

    from custgrade.report.table import Column


class DateFormats(NamedTuple):
    """How a carried-through date is written: the sheet's serial conversion and two formats."""

    serial: Callable[[dt.date], float]
    date: Format
    datetime: Format


#: Column kinds this module writes; tables with other kinds (links) take the cell loop.
KINDS = frozenset({"text", "number", "date", "formula", "mixed"})
#: Rows built at once: about 1.5 KB of XML each, some 25 MB a chunk.  Building one
#: takes several times that in intermediate columns, which Arrow's allocator keeps:
#: 65,536 rows peaked 250 MB higher for the same time at 100,000 customers.
CHUNK_ROWS = 16_384
#: Excel's longest cell text, in characters.
MAX_TEXT = 32_767
#: What XlsxWriter escapes as _xHHHH_ in inline strings (and the escape itself).
_CONTROL = r"_x[0-9a-fA-F]{4}_|[\x00-\x08\x0b-\x1f\x{fffe}\x{ffff}]"
#: What needs escaping of either kind: the control characters above or &, <, >.
_SPECIAL = _CONTROL + "|[&<>]"
#: White space as Python's ``\s`` (and XlsxWriter) and Arrow's utf8_is_space see it: the
#: same 29 characters (RE2's own ``\s`` is ASCII only).
_SPACE = r"[\s\x{0b}\x{85}\p{Z}\x{1c}-\x{1f}]"
#: What makes a text cell more than its text: something to escape, or white space at an
#: end (kept with xml:space="preserve").
_SPECIAL_OR_EDGE = f"{_SPECIAL}|^{_SPACE}|{_SPACE}$"
_OPENING = ' t="inlineStr"><is><t>'
_OPENING_PRESERVED = ' t="inlineStr"><is><t xml:space="preserve">'


#: A cell's opening ``<c r="A2" s="3"`` as pieces for the join that makes the cell:
#: texts and per-row arrays (never null), joined once with the rest of the cell.
Ref = list[pa.Array | str]


def is_arrow(values: Any) -> TypeGuard[pa.Array | pa.ChunkedArray]:
    """True for cells held by Arrow: one array, or chunks of one (text built in blocks)."""
    return isinstance(values, pa.Array | pa.ChunkedArray)


def can_write(ws: Worksheet, columns: Sequence[Column]) -> bool:
    """True when the block can be written here: a streamed sheet and supported columns."""
    return bool(ws.constant_memory) and all(column.kind in KINDS for column in columns)


def write_block(
    ws: Worksheet,
    columns: Sequence[Column],
    formats: Sequence[Format | None],
    start: int,
    heights: np.ndarray | None,
    dates: DateFormats,
) -> None:
    """Write rows ``start``… of ``columns`` (0-based row) into the sheet's row file.

    ``formats`` is each column's format when it has no per-row formats.
    The rows above must already be written; afterwards XlsxWriter carries
    on below the block as if it had written the rows itself.
    """
    n_rows = len(columns[0].values) if columns else 0
    if not n_rows:
        return
    ws._check_dimensions(start, 0)
    ws._check_dimensions(start + n_rows - 1, len(columns) - 1)
    ws._write_single_row(start)  # flush the rows above (the header) first
    _register_formats(columns, formats)
    shared = _share_formulas(ws, columns, start, n_rows)
    handle = ws.row_data_fh
    handle.flush()
    spans = [(first, min(first + CHUNK_ROWS, n_rows)) for first in range(0, n_rows, CHUNK_ROWS)]
    # Arrow's kernels release the GIL: the workers build the next chunk's cells,
    # column by column, while this thread joins the current chunk into rows
    with ThreadPoolExecutor(max_workers=WORKERS) as pool, ThreadPoolExecutor(1) as writer:

        def cells_of(span: tuple[int, int]) -> tuple[pa.Array, list[Future[pa.Array]]]:
            rownums = _row_numbers(start, span)
            return rownums, [
                pool.submit(
                    _cells, column, fmt, xl_col_to_name(c), rownums, span, dates, shared.get(c)
                )
                for c, (column, fmt) in enumerate(zip(columns, formats, strict=True))
            ]

        pending = cells_of(spans[0])
        written: Future[int] | None = None
        for k, span in enumerate(spans):
            rownums, futures = pending
            if k + 1 < len(spans):
                pending = cells_of(spans[k + 1])
            rows = _rows(rownums, [f.result() for f in futures], heights, span)
            # the row file deflates (without the GIL) while the next chunk is joined;
            # one chunk at a time, in order
            if written is not None:
                written.result()
            written = writer.submit(handle.buffer.write, _joined(rows))
        if written is not None:
            written.result()
    ws.previous_row = start + n_rows - 1
    ws.table.clear()


#: Shared formulas already written per sheet (their ``si`` numbers must be unique).
_SHARED_COUNT: weakref.WeakKeyDictionary[Worksheet, int] = weakref.WeakKeyDictionary()


def _share_formulas(
    ws: Worksheet, columns: Sequence[Column], start: int, n_rows: int
) -> dict[int, tuple[int, str]]:
    """Column -> (si, range) of each formula column written as one shared formula.

    A formula column repeats one formula with only the row changing, which
    is what a shared formula says: the first cell holds the formula and
    its range, every other cell only the formula's number (Excel writes
    columns of formulas this way).  At a million rows the 总评分 formula
    alone is some 300 MB of sheet XML written out per cell.
    """
    if n_rows < 2:
        return {}
    shared: dict[int, tuple[int, str]] = {}
    count = _SHARED_COUNT.get(ws, 0)
    for c, column in enumerate(columns):
        if column.kind == "formula":
            letter = xl_col_to_name(c)
            shared[c] = (count, f"{letter}{start + 1}:{letter}{start + n_rows}")
            count += 1
    _SHARED_COUNT[ws] = count
    return shared


def _register_formats(columns: Sequence[Column], formats: Sequence[Format | None]) -> None:
    """Give the formats their style numbers in the order the cell loop would first use them.

    XlsxWriter numbers a format when a cell first uses it, row by row;
    building column by column would number the same formats differently.
    The workbook looks the same either way, but equal numbering keeps the
    sheet XML byte for byte the cell loop's (tests/test_report_sheet_rows.py).
    """
    firsts: list[tuple[int, int, Format]] = []
    for c, column in enumerate(columns):
        filled = _filled(column)
        if column.formats is None:
            hit = np.flatnonzero(filled)
            if formats[c] is not None and len(hit):
                firsts.append((int(hit[0]), c, formats[c]))
            continue
        codes, uniques = pd.factorize(pd.Series(column.formats, dtype=object), use_na_sentinel=True)
        codes = np.where(filled, codes, -1)
        present, rows = np.unique(codes, return_index=True)
        for code, row in zip(present.tolist(), rows.tolist(), strict=True):
            if code >= 0:
                firsts.append((row, c, uniques[code]))
    for _, _, fmt in sorted(firsts, key=lambda first: first[:2]):
        fmt._get_xf_index()


def _filled(column: Column) -> np.ndarray:
    """Which cells of a column are written: not empty (a formula always is)."""
    values = column.values
    if is_arrow(values):
        valid = pc.is_valid(values)
        if _is_text(values.type) and column.kind != "formula":
            valid = pc.and_(valid, pc.not_equal(pc.fill_null(values, ""), ""))
        return np.asarray(valid.to_numpy(zero_copy_only=False), dtype=bool)
    series = pd.Series(values, dtype=object)
    filled = series.notna() if column.kind == "formula" else series.notna() & series.ne("")
    return filled.to_numpy()


def _row_numbers(start: int, span: tuple[int, int]) -> pa.Array:
    """The Excel row numbers of rows ``span`` of a block that starts at 0-based row ``start``."""
    first, last = span
    return pc.cast(pa.array(np.arange(start + first + 1, start + last + 1)), pa.string())


def _rows(
    rownums: pa.Array, cells: list[pa.Array], heights: np.ndarray | None, span: tuple[int, int]
) -> pa.Array:
    """The ``<row>`` elements of a chunk from its columns' cells (null: no cell)."""
    empty = _no_cell(cells, span[1] - span[0])
    if not empty.any():  # the usual case, every row has a cell: the rows in one join
        if heights is None:
            head: list[pa.Array | str] = ['<row r="', rownums, '">']
        else:
            head = ["<row", _row_attributes(rownums, heights, *span), ">"]
        return pc.binary_join_element_wise(
            *head, *cells, "</row>", "", null_handling="replace", null_replacement=""
        )
    content = pc.binary_join_element_wise(
        *cells, "", "", null_handling="replace", null_replacement=""
    )
    attributes = _row_attributes(rownums, heights, *span)
    with_cells = pa.array(~empty)
    rows = pc.if_else(
        with_cells,
        pc.binary_join_element_wise("<row", attributes, ">", content, "</row>", ""),
        pc.binary_join_element_wise("<row", attributes, "/>", ""),
    )
    # as XlsxWriter: a row with neither cells nor a height is left out
    if heights is not None:
        with_cells = pc.or_(with_cells, pc.match_substring(attributes, "ht="))
    return rows.filter(with_cells)


def _no_cell(cells: list[pa.Array], n_rows: int) -> np.ndarray:
    """Which rows have no cell at all (every column's cell is null)."""
    empty = np.ones(n_rows, dtype=bool)
    for column in cells:
        if column.null_count == 0:
            return np.zeros(n_rows, dtype=bool)
        empty &= np.asarray(column.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    return empty


def _row_attributes(
    rownums: pa.Array, heights: np.ndarray | None, first: int, last: int
) -> pa.Array:
    """`` r="N"``, with ``ht`` and ``customHeight`` where a height was set (not NaN)."""
    if heights is None:
        return pc.binary_join_element_wise(' r="', rownums, '"', "")
    pixels = np.floor(heights[first:last] * 4.0 / 3.0 + 0.5)  # as Worksheet.set_row rounds them
    # a multiple of 0.75 points: Arrow's shortest text is XlsxWriter's "%.16g"
    points = pc.cast(pa.array(pixels * 0.75, mask=np.isnan(pixels)), pa.string())
    shown = pc.fill_null(pc.binary_join_element_wise(' ht="', points, '" customHeight="1"', ""), "")
    return pc.binary_join_element_wise(' r="', rownums, '"', shown, "")


def _cells(
    column: Column,
    fmt: Format | None,
    letter: str,
    rownums: pa.Array,
    span: tuple[int, int],
    dates: DateFormats,
    share: tuple[int, str] | None,
) -> pa.Array:
    """The ``<c>`` elements of one column for rows first..last (null: no cell)."""
    first, last = span
    master = share is not None and first == 0
    style = _style(column, fmt, span)
    ref: Ref = [f'<c r="{letter}', rownums, '"', style]
    if is_arrow(column.values):
        array = _plain_array(column.values.slice(first, last - first))
        if column.kind == "formula":
            return _formula_cells(ref, column.formula, rownums, array, share, master)
        if pa.types.is_string(array.type):
            return _text_cells(ref, array)
        return _number_cells(ref, array.cast(pa.float64()))
    values = column.values[first:last]
    if column.kind == "mixed" and not {type(v) for v in values} <= _PLAIN:
        return _mixed_cells(letter, rownums, values, dates)
    if column.kind == "text":
        return _text_cells(ref, pa.array(values, pa.string()))
    if column.kind == "formula":
        return _formula_cells(ref, column.formula, rownums, values, share, master)
    # a date column's pre-1900 dates are text, written without the date format
    plain: Ref = [f'<c r="{letter}', rownums, '"']
    return _typed_cells(ref, values, plain if column.kind == "date" else ref)


def _is_text(kind: pa.DataType) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _plain_array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A chunk's cells as one array, large strings as strings (the row XML is joined as such)."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values.cast(pa.string()) if pa.types.is_large_string(values.type) else values


#: Value types written without looking at each value (None: an empty cell).
_PLAIN = {float, int, str, type(None)}


def _mixed_cells(letter: str, rownums: pa.Array, values: list[Any], dates: DateFormats) -> pa.Array:
    """A carried-through column holding dates or booleans: each value as `write_value` writes it.

    Booleans are TRUE/FALSE cells; dates and datetimes are serial numbers
    (time zone dropped) with the date or date-time format; other values
    that are neither numbers nor text are written as their text.
    """
    plain: list[Any] = []
    flags: list[str | None] = []
    styles: list[str] = []
    date_style = f' s="{dates.date._get_xf_index()}"'
    time_style = f' s="{dates.datetime._get_xf_index()}"'
    convert = dates.serial
    from custgrade.report.table import cell_text  # table imports this module

    for value in values:
        style, flag = "", None
        if value is None or type(value) in (float, int, str):
            pass
        elif isinstance(value, bool):
            value, flag = None, ("1" if value else "0")
        elif isinstance(value, numbers.Real):
            value = float(value)
        elif isinstance(value, dt.datetime):
            stamp = pd.Timestamp(value).tz_localize(None).to_pydatetime()
            style = time_style if stamp.time() != dt.time() else date_style
            value = convert(stamp)
        elif isinstance(value, dt.date):
            value, style = convert(value), date_style
        else:
            value = cell_text(value)
        plain.append(value)
        flags.append(flag)
        styles.append(style)
    ref: Ref = [f'<c r="{letter}', rownums, '"', pa.array(styles, pa.string())]
    as_flag = pc.binary_join_element_wise(
        *ref, ' t="b"><v>', pa.array(flags, pa.string()), "</v></c>", ""
    )
    return pc.coalesce(_typed_cells(ref, plain), as_flag)


def _style(column: Column, fmt: Format | None, span: tuple[int, int]) -> pa.Array | str:
    """`` s="N"`` per cell: the column's format, or each row's own (the tier fills)."""
    first, last = span
    if column.formats is None:
        return f' s="{fmt._get_xf_index()}"' if fmt is not None else ""
    # a few formats over many rows: each format's attribute once, picked by row
    codes, uniques = pd.factorize(pd.Series(column.formats[first:last], dtype=object))
    attributes = [f' s="{f._get_xf_index()}"' for f in uniques] + [""]  # -1: no format
    return pa.array(attributes, pa.string()).take(
        pa.array(np.where(codes < 0, len(uniques), codes))
    )


def _text_cells(ref: Ref, texts: pa.Array) -> pa.Array:
    """Inline strings, escaped as XlsxWriter escapes them; empty text: no cell.

    Text beyond Excel's 32,767 characters a cell is cut there, as
    XlsxWriter's write_string cuts it.
    """
    texts = empty_as_null(texts)
    longest = pc.max(pc.utf8_length(texts)).as_py()
    if longest is not None and longest > MAX_TEXT:
        texts = pc.utf8_slice_codeunits(texts, 0, MAX_TEXT)
    # most columns hold nothing to escape and no white space at either end (the
    # user's text is trimmed): one scan decides, and the cells are one join
    if not pc.any(pc.match_substring_regex(texts, _SPECIAL_OR_EDGE)).as_py():
        return pc.binary_join_element_wise(*ref, _OPENING, texts, "</t></is></c>", "")
    if pc.any(pc.match_substring_regex(texts, _SPECIAL)).as_py():
        flagged = pc.fill_null(pc.match_substring_regex(texts, _CONTROL), False)
        if pc.any(flagged).as_py():
            texts = _python_escape(texts, flagged)
        escaped = _escape(texts)
    else:
        escaped = texts
    # Python's \s (XlsxWriter's test) is Unicode white space and \x1c-\x1f,
    # which are escaped as _x001C_ … by now: Arrow's test gives the same
    edge = pc.or_(
        pc.utf8_is_space(pc.utf8_slice_codeunits(texts, 0, 1)),
        pc.utf8_is_space(pc.utf8_slice_codeunits(texts, -1, 2**31 - 1)),
    )
    opening = pc.if_else(pc.fill_null(edge, False), _OPENING_PRESERVED, _OPENING)
    return pc.binary_join_element_wise(*ref, opening, escaped, "</t></is></c>", "")


def empty_as_null(texts: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Empty text as no value (no cell), copying the column only when it has any."""
    empty = pc.equal(texts, "")
    if not pc.any(empty).as_py():
        return texts
    return pc.if_else(empty, pa.scalar(None, texts.type), texts)


def _python_escape(texts: pa.Array, flagged: pa.Array) -> pa.Array:
    """Control characters as _xHHHH_, for the few cells that have any (XlsxWriter's rule)."""
    values = texts.to_pylist()
    for i in np.flatnonzero(flagged.to_numpy(zero_copy_only=False)).tolist():
        values[i] = XMLwriter._escape_control_characters(values[i])
    return pa.array(values, pa.string())


def _escape(texts: pa.Array) -> pa.Array:
    """&, < and > as entities (XlsxWriter leaves quotes as they are in element text)."""
    texts = pc.replace_substring(texts, "&", "&amp;")
    texts = pc.replace_substring(texts, "<", "&lt;")
    return pc.replace_substring(texts, ">", "&gt;")


def _typed_cells(ref: Ref, values: list[Any], text_ref: Ref | None = None) -> pa.Array:
    """Numbers, and text where a value is text (``text_ref``: those cells' references)."""
    kinds = {type(v) for v in values if v is not None}
    text_ref = ref if text_ref is None else text_ref
    if kinds <= {float, int}:
        return _number_cells(ref, pa.array(values, pa.float64()))
    if kinds <= {str}:
        return _text_cells(text_ref, pa.array(values, pa.string()))
    floats = [None if type(v) is str else v for v in values]
    texts = [v if type(v) is str else None for v in values]
    as_number = _number_cells(ref, pa.array(floats, pa.float64()))
    return pc.coalesce(as_number, _text_cells(text_ref, pa.array(texts, pa.string())))


def _number_cells(ref: Ref, values: pa.Array) -> pa.Array:
    """Finite numbers; NaN and infinities are no cell (the columns are converted already)."""
    finite = pc.if_else(pc.is_finite(values), values, pa.scalar(None, pa.float64()))
    return pc.binary_join_element_wise(*ref, "><v>", pc.cast(finite, pa.string()), "</v></c>", "")


def _formula_cells(
    ref: Ref,
    formula: str,
    rownums: pa.Array,
    values: pa.Array | list[Any],
    share: tuple[int, str] | None = None,
    master: bool = False,
) -> pa.Array:
    """``<f>`` with the row number put in, and the computed value XlsxWriter would cache.

    With ``share`` (si, range) the column is one shared formula: the
    ``master`` cell (the block's first) carries it, the others refer to it.
    """
    parts = _escape_text(formula.removeprefix("=")).split("{row}")
    if not isinstance(values, pa.Array):
        kinds = {type(v) for v in values if v is not None}
        if not kinds <= {float, int, str} or kinds >= {str, float} or kinds >= {str, int}:
            raise ValueError(f"formula results of types {sorted(k.__name__ for k in kinds)}")
        values = pa.array(values, pa.string() if str in kinds else pa.float64())
    if pa.types.is_string(values.type):
        kind: Any = pc.fill_null(
            pc.if_else(pc.equal(pc.fill_null(values, ""), ""), ">", ' t="str">'), ">"
        )
        value = pc.binary_join_element_wise("<v>", _escape(values), "</v>", "")
    else:
        kind = ">"
        value = pc.binary_join_element_wise("<v>", pc.cast(values, pa.string()), "</v>", "")
    value = pc.fill_null(value, "")
    if share is None:
        pieces: list[Any] = [parts[0]]
        for part in parts[1:]:
            pieces += [rownums, part]
        body = pc.binary_join_element_wise("<f>", *pieces, "</f>", "")
        return pc.binary_join_element_wise(*ref, kind, body, value, "</c>", "")
    si, cells_range = share
    cells = pc.binary_join_element_wise(*ref, kind, f'<f t="shared" si="{si}"/>', value, "</c>", "")
    if not master:
        return cells
    row = rownums[0].as_py()
    head = f'<f t="shared" ref="{cells_range}" si="{si}">{row.join(parts)}</f>'
    one = slice(0, 1)
    first = pc.binary_join_element_wise(
        *[p if isinstance(p, str) else p[one] for p in ref],
        kind if isinstance(kind, str) else kind[one],
        head,
        value[one],
        "</c>",
        "",
    )
    return pa.concat_arrays([first, cells.slice(1)])


def _escape_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _joined(rows: pa.Array) -> memoryview:
    """The UTF-8 bytes of every row, one after the other: a view of the array's values."""
    wide = pa.types.is_large_string(rows.type) or pa.types.is_large_binary(rows.type)
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int64 if wide else np.int32)
    begin, end = int(offsets[rows.offset]), int(offsets[rows.offset + len(rows)])
    data = rows.buffers()[2]
    return memoryview(data)[begin:end] if data is not None else memoryview(b"")
