"""write_workbook: the graded workbook, written atomically.

The workbook is built in a hidden temporary file beside the target and
moved onto it in one step (``os.replace``), so a watcher, a user or a
crash never sees a half-written result, and an existing result stays
intact when writing fails.

Excel Tables or flat memory.  The per-customer sheets are Excel Tables
(sorting, filtering, banded rows) up to TABLE_LIMIT customers.  XlsxWriter
can write Tables only when it keeps every cell in memory until the end,
which costs about 14 KiB per customer (1.7 GiB for 100,000, measured in
benchmarks/README.md); above the limit the workbook is written in
``constant_memory`` mode instead, rows streamed to disk as they are written
(the writer's memory does not grow with the rows), and the sheets get filter
buttons rather than Tables.  运行信息 says which.  Streamed, the rows are
built whole columns at a time (`custgrade.report.sheet_rows`) and the
package is packed for speed (`custgrade.report.streamed`).
Either way every sheet writes strictly top to bottom.

Before the sheets, the rule cells of 评级规则 get workbook-level names
(`custgrade.report.live`) that the live 总评分 and tier formulas refer to.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from xlsxwriter.exceptions import XlsxWriterException
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from custgrade.errors import OutputError
from custgrade.messages import text
from custgrade.report.customer_sheets import (
    customer_part,
    write_analysis,
    write_customers,
    write_scores,
    write_tiers,
)
from custgrade.report.history import gone_sheet_name, write_gone, write_migration
from custgrade.report.live import LiveNames, define_names
from custgrade.report.overview import SectionWriter, write_overview
from custgrade.report.problems import write_problems
from custgrade.report.rules_sheet import write_rules
from custgrade.report.run_info import write_run_info
from custgrade.report.streamed import StreamedSheet, fast_deflate
from custgrade.report.styles import DEFAULT_FORMAT, Styles
from custgrade.result import RunResult
from custgrade.sheet_parts import part_name, part_slices

Progress = Callable[[str, float], None]

#: Sheet keys in workbook order; names come from the catalogue.
SHEETS: tuple[str, ...] = (
    "overview",
    "customers",
    "tiers",
    "scores",
    "analysis",
    "problems",
    "rules",
    "run",
)
#: Where 已消失客户 goes when a run has a previous result: after 分析报告, before 问题数据.
GONE_POSITION = SHEETS.index("problems")
WORKBOOK_OPTIONS: dict[str, object] = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": True,
    "default_format_properties": DEFAULT_FORMAT,
}
#: Up to this many customers the per-customer sheets are Excel Tables (about 0.3 GiB
#: of writer memory at the limit, benchmarks/README.md); above it, constant_memory.
TABLE_LIMIT = 20_000


def uses_tables(result: RunResult) -> bool:
    """True when the per-customer sheets are written as Excel Tables (see the module doc)."""
    return len(result.customers) <= TABLE_LIMIT


def workbook_options(result: RunResult) -> dict[str, object]:
    """XlsxWriter options: constant_memory only above TABLE_LIMIT customers."""
    return {**WORKBOOK_OPTIONS, "constant_memory": not uses_tables(result)}


def write_workbook(
    result: RunResult,
    path: Path,
    *,
    on_progress: Progress | None = None,
    overview_sections: Sequence[SectionWriter] = (),
) -> None:
    """Write the graded workbook of a run to ``path``, atomically.

    Args:
        result: what the run produced.
        path: the .xlsx file to create or replace.
        on_progress: called as ``("write", fraction)`` after each sheet.
        overview_sections: more sections for 概览, each called as
            ``write(ws, row, result, styles) -> next free row`` after the
            built-in ones (e.g. the tier migration matrix of a re-run).

    Raises:
        OutputError: ``output-is-input`` when ``path`` is the input file;
            ``output-not-writable`` when the folder is missing, not
            writable, or the existing file is open in Excel.  Nothing is
            left behind at ``path`` or in a temporary file.
    """
    path = Path(path)
    _refuse_input(result, path)
    if not path.parent.is_dir():
        raise OutputError("output-not-writable", file=str(path), detail=_folder_missing(path))
    temp = path.parent / f"~${path.stem}.{secrets.token_hex(4)}.xlsx"
    try:
        _build(result, temp, path, on_progress, overview_sections)
        os.replace(temp, path)
    except (OSError, XlsxWriterException) as exc:
        temp.unlink(missing_ok=True)
        raise OutputError("output-not-writable", file=str(path), detail=_detail(exc)) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if on_progress:
        on_progress("write", 1.0)


def sheet_names(lang: str) -> list[str]:
    """The localised sheet names, in workbook order."""
    return [text(f"report.sheet.{key}", lang) for key in SHEETS]


def _build(
    result: RunResult,
    temp: Path,
    output: Path,
    on_progress: Progress | None,
    sections: Sequence[SectionWriter],
) -> None:
    # XlsxWriter's own temporary files (the XML of every part, the row files
    # of constant_memory) live in a folder of this workbook's, removed
    # whatever happens: a run that fails leaves nothing in the temp folder
    with tempfile.TemporaryDirectory(prefix="custgrade-", ignore_cleanup_errors=True) as scratch:
        workbook = Workbook(str(temp), {**workbook_options(result), "tmpdir": scratch})
        try:
            streamed = _write_sheets(workbook, result, output, on_progress, sections)
        except BaseException:
            _close_row_files(workbook)
            raise
        with fast_deflate() if streamed else contextlib.nullcontext():
            workbook.close()


@dataclass(frozen=True)
class _Sheet:
    """One sheet of the workbook, or a table of ``rows`` rows that may take several.

    ``write(ws, part, rows)`` writes the ``part``-th sheet (0 = the first)
    with the table's ``rows``; a sheet that is not a long table ignores both.
    """

    title: str
    write: Callable[[Worksheet, int, slice], None]
    rows: int = 0


def _write_sheets(
    workbook: Workbook,
    result: RunResult,
    output: Path,
    on_progress: Progress | None,
    sections: Sequence[SectionWriter],
) -> bool:
    """Every sheet of the result in its place; True when the sheets are streamed."""
    styles = Styles(workbook, result.rules.tiers)
    titles = sheet_names(result.lang)
    names: LiveNames = define_names(workbook, result)
    # the tier migration of a re-run closes 概览 (it writes nothing without one)
    overview_sections = (*sections, write_migration)
    customers, issues = len(result.customers), len(result.issues)

    def part(r: slice) -> RunResult:
        return customer_part(result, r)

    plan = [
        _Sheet(
            titles[0],
            lambda ws, _, __: write_overview(
                workbook, ws, result, styles, names, overview_sections
            ),
        ),
        _Sheet(titles[1], lambda ws, i, r: write_customers(ws, part(r), styles, i), customers),
        _Sheet(titles[2], lambda ws, i, r: write_tiers(ws, part(r), styles, names, i), customers),
        _Sheet(titles[3], lambda ws, i, r: write_scores(ws, part(r), styles, names, i), customers),
        _Sheet(titles[4], lambda ws, i, r: write_analysis(ws, part(r), styles, i), customers),
        _Sheet(titles[5], lambda ws, i, r: write_problems(ws, result, styles, r, i), issues),
        _Sheet(titles[6], lambda ws, _, __: write_rules(ws, result, styles, workbook)),
        _Sheet(titles[7], lambda ws, _, __: write_run_info(ws, result, styles, output)),
    ]
    if result.history is not None:  # customers of the previous result no longer here
        gone = len(result.history.gone)
        plan.insert(
            GONE_POSITION,
            _Sheet(
                gone_sheet_name(result.lang),
                lambda ws, _, r: write_gone(ws, result, styles, r),
                gone,
            ),
        )
    pages = [
        (part_name(sheet.title, i, result.lang), sheet.write, i, rows)
        for sheet in plan
        for i, rows in enumerate(part_slices(sheet.rows))
    ]
    streamed = not uses_tables(result)
    sheet_class = StreamedSheet if streamed else None
    sheets = [workbook.add_worksheet(title, sheet_class) for title, *_ in pages]
    for done, (ws, (_, write, i, rows)) in enumerate(zip(sheets, pages, strict=True), start=1):
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)  # printed: as wide as one page, as long as needed
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_footer("&L&A&R&P / &N")
        write(ws, i, rows)
        if on_progress:
            on_progress("write", done / (len(sheets) + 1))
    return streamed


def _close_row_files(workbook: Workbook) -> None:
    """Close the row files constant_memory keeps open, so their folder can be removed.

    Closing a deflated row file writes its last bytes, which can fail too
    (a full disk): that failure never hides the one that stopped the writing.
    """
    for ws in workbook.worksheets():
        handle = getattr(ws, "row_data_fh", None)
        if handle is not None and not handle.closed:
            with contextlib.suppress(OSError, ValueError):
                handle.close()


def _refuse_input(result: RunResult, path: Path) -> None:
    source = Path(result.input_path)
    same = path.resolve() == source.resolve()
    if not same and path.exists() and source.exists():
        same = os.path.samefile(path, source)
    if same:
        raise OutputError("output-is-input", file=str(path))


def _folder_missing(path: Path) -> str:
    return f"{path.parent}: {os.strerror(2)}"


def _detail(exc: BaseException) -> str:
    """The OS reason, e.g. "[Errno 13] Permission denied", for the message's detail."""
    cause = exc.__context__ if isinstance(exc, XlsxWriterException) else None
    return str(cause or exc)
