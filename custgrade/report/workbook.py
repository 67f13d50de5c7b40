"""write_workbook: the graded workbook, written atomically.

The workbook is built in a hidden temporary file beside the target and
moved onto it in one step (``os.replace``), so a watcher, a user or a
crash never sees a half-written result, and an existing result stays
intact when writing fails.  ``constant_memory`` keeps memory flat for
100,000+ customers: rows are streamed to disk as they are written, which
is why every sheet writes strictly top to bottom and uses autofilter
rather than Excel Tables (not available in that mode).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from xlsxwriter.exceptions import XlsxWriterException
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from custgrade.errors import OutputError
from custgrade.messages import text
from custgrade.report.customer_sheets import (
    write_analysis,
    write_customers,
    write_scores,
    write_tiers,
)
from custgrade.report.overview import write_overview
from custgrade.report.problems import write_problems
from custgrade.report.rules_sheet import write_rules
from custgrade.report.run_info import write_run_info
from custgrade.report.styles import Styles
from custgrade.result import RunResult

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
WORKBOOK_OPTIONS: dict[str, bool] = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": True,
    "constant_memory": True,
}


def write_workbook(result: RunResult, path: Path, *, on_progress: Progress | None = None) -> None:
    """Write the graded workbook of a run to ``path``, atomically.

    Args:
        result: what the run produced.
        path: the .xlsx file to create or replace.
        on_progress: called as ``("write", fraction)`` after each sheet.

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
        _build(result, temp, path, on_progress)
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


def _build(result: RunResult, temp: Path, output: Path, on_progress: Progress | None) -> None:
    workbook = Workbook(str(temp), WORKBOOK_OPTIONS)
    try:
        styles = Styles(workbook, result.rules.tiers)
        sheets = [workbook.add_worksheet(name) for name in sheet_names(result.lang)]
        writers: list[Callable[[Worksheet], None]] = [
            lambda ws: write_overview(workbook, ws, result, styles),
            lambda ws: write_customers(ws, result, styles),
            lambda ws: write_tiers(ws, result, styles),
            lambda ws: write_scores(ws, result, styles),
            lambda ws: write_analysis(ws, result, styles),
            lambda ws: write_problems(ws, result, styles),
            lambda ws: write_rules(ws, result, styles),
            lambda ws: write_run_info(ws, result, styles, output),
        ]
        for done, (ws, write) in enumerate(zip(sheets, writers, strict=True), start=1):
            ws.set_landscape()
            ws.fit_to_pages(1, 0)  # printed: as wide as one page, as long as needed
            write(ws)
            if on_progress:
                on_progress("write", done / (len(SHEETS) + 1))
    except BaseException:
        # Closing releases the per-sheet row files constant_memory keeps in
        # the temp folder; the half-built workbook itself is deleted by the caller.
        with contextlib.suppress(Exception):
            workbook.close()
        raise
    workbook.close()


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
