"""read_workbook: any supported input file -> `InputWorkbook`.

The stages: preflight checks (refuse what no reader should open), the
format's reader (calamine or csv), header detection, sheet recognition by
columns, and the tables of the recognised sheets with their reading issues.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from custgrade.errors import NOTE, InputFileError, IssueCode, NoCustomerSheetError
from custgrade.fields import SheetKind
from custgrade.ingest.build import (
    build_table,
    drop_total_rows,
    duplicate_header_issues,
    ragged_row_issues,
)
from custgrade.ingest.csvfile import read_csv_sheet
from custgrade.ingest.excel import read_excel_sheets
from custgrade.ingest.header import HeaderGuess, accepted_names, find_header
from custgrade.ingest.preflight import check_file, file_sha256
from custgrade.ingest.raw import RawSheet
from custgrade.ingest.recognize import (
    Candidate,
    Overrides,
    choose_sheets,
    describe_seen,
    is_rules_sheet,
    make_candidate,
)
from custgrade.ingest.tables import InputWorkbook, SheetTable
from custgrade.issues import concat_issues, issue_frame
from custgrade.result import SheetReport

ProgressCallback = Callable[[str, float], None]
_STAGE = "read"


@dataclass
class RawWorkbook:
    """An input file's sheets as read, before any is recognised."""

    path: Path
    sha256: str
    sheets: list[RawSheet]

    @property
    def rules_sheet(self) -> RawSheet | None:
        """The 评级规则 sheet, if the workbook has one."""
        return next((s for s in self.sheets if is_rules_sheet(s.name)), None)

    def rules_cells(self) -> list[list[object]] | None:
        """The rules sheet's cells with empty ones as None (row 0 = Excel row 1)."""
        sheet = self.rules_sheet
        if sheet is None:
            return None
        return [[None if v == "" else v for v in row] for row in sheet.rows]


def read_workbook(
    path: Path,
    *,
    on_progress: ProgressCallback | None = None,
    lang: str = "zh",
    column_overrides: Overrides | None = None,
) -> InputWorkbook:
    """Read an input file and recognise its customer, orders and interactions sheets.

    The file is opened read-only and never modified.  Problems that stop
    the run are exceptions; rows that are odd but not fatal (ragged CSV
    records, total rows, duplicate headers) are in ``issues``.

    Args:
        path: an .xlsx, .xlsm, .xls, .ods, .xlsb or .csv file.
        on_progress: called as ``on_progress("read", fraction)`` now and then.
        lang: language of the names given to columns without a header ("列H").
        column_overrides: header -> field per sheet kind, from the rules.

    Raises:
        InputFileError: the file is missing, empty, a lock file, of an
            unsupported type, encrypted, damaged or unreadable text, or
            holds no data at all.
        NoCustomerSheetError: no sheet holds customers or orders, or the
            sheet found has no data rows.
    """
    raw = read_raw_workbook(Path(path), on_progress=on_progress)
    return recognise_sheets(raw, lang, column_overrides)


def read_raw_workbook(path: Path, *, on_progress: ProgressCallback | None = None) -> RawWorkbook:
    """Check and read every sheet of an input file (no recognition yet)."""

    def progress(fraction: float) -> None:
        if on_progress is not None:
            on_progress(_STAGE, fraction)

    progress(0.0)
    family = check_file(path)
    sha256 = file_sha256(path)
    progress(0.05)
    if family == "csv":
        sheets = [read_csv_sheet(path)]
    else:
        sheets = read_excel_sheets(path, lambda f: progress(round(0.05 + 0.8 * f, 3)))
    progress(1.0)
    return RawWorkbook(path, sha256, sheets)


def recognise_sheets(
    raw: RawWorkbook, lang: str, column_overrides: Overrides | None = None
) -> InputWorkbook:
    """Find the header of every sheet, choose one sheet per kind and build their tables."""
    path, rules = raw.path, raw.rules_sheet
    data_sheets = [s for s in raw.sheets if s is not rules]
    headers: dict[str, HeaderGuess] = {}
    for sheet in data_sheets:
        guess = find_header(sheet.rows)
        if guess is not None:
            headers[sheet.name] = guess
    if not headers and rules is None:
        raise InputFileError("no-data", file=path.name)
    candidates = [
        make_candidate(s, headers[s.name], column_overrides)
        for s in data_sheets
        if s.name in headers
    ]
    chosen, unused = choose_sheets(candidates)
    if "customers" not in chosen and "orders" not in chosen:
        raise _no_customer_sheet(path, data_sheets, headers)
    tables: dict[SheetKind, SheetTable] = {}
    issues: list[pd.DataFrame] = []
    for kind, candidate in chosen.items():
        tables[kind], sheet_issues = _read_table(candidate, kind, lang, column_overrides)
        issues.append(sheet_issues)
    issues.append(stray_cell_notes(raw.sheets))
    main = tables.get("customers") or tables["orders"]
    if main.frame.empty:
        raise NoCustomerSheetError("no-customer-rows", file=path.name, sheet=main.sheet_name)
    return InputWorkbook(
        path=path,
        sha256=raw.sha256,
        customers=tables.get("customers"),
        orders=tables.get("orders"),
        interactions=tables.get("interactions"),
        rules_rows=raw.rules_cells(),
        rules_sheet_name=rules.name if rules else None,
        issues=concat_issues(issues),
        sheets_seen=[s.name for s in raw.sheets],
        sheets=_sheet_reports(raw.sheets, rules, tables, unused),
    )


def stray_cell_notes(sheets: list[RawSheet]) -> pd.DataFrame:
    """One note per sheet whose far-away stray cells (XFD1048576) were trimmed before reading."""
    return concat_issues(
        issue_frame(
            sheet=sheet.name,
            rows=[int(sheet.stray_cells[0].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))],
            code=IssueCode.STRAY_CELLS,
            kind=NOTE,
            values=", ".join(sheet.stray_cells),
        )
        for sheet in sheets
        if sheet.stray_cells
    )


def _sheet_reports(
    sheets: list[RawSheet],
    rules: RawSheet | None,
    tables: dict[SheetKind, SheetTable],
    unused: dict[str, SheetReport],
) -> list[SheetReport]:
    """One report per input sheet, in workbook order: used as what, or why not."""
    used = {t.sheet_name: t for t in tables.values()}
    reports = []
    for sheet in sheets:
        if sheet is rules:
            reports.append(SheetReport(sheet.name, "rules", rows=len(sheet.rows)))
        elif sheet.name in used:
            table = used[sheet.name]
            layout = table.layout.name if table.layout else None
            reports.append(
                SheetReport(
                    sheet.name,
                    table.kind,
                    header_row=table.header_row,
                    rows=len(table.frame),
                    layout=layout,
                )
            )
        else:
            reports.append(unused.get(sheet.name) or SheetReport(sheet.name, None, "empty"))
    return reports


def _read_table(
    candidate: Candidate, kind: SheetKind, lang: str, column_overrides: Overrides | None
) -> tuple[SheetTable, pd.DataFrame]:
    table = build_table(
        candidate.raw, candidate.header, kind, lang, candidate.overrides(kind, column_overrides)
    )
    table.layout = candidate.layout if candidate.layout and candidate.layout.kind == kind else None
    issues = [
        duplicate_header_issues(table),
        ragged_row_issues(table, candidate.raw, candidate.header),
    ]
    table, totals = drop_total_rows(table)
    return table, concat_issues([*issues, totals])


def _no_customer_sheet(
    path: Path, sheets: list[RawSheet], headers: dict[str, HeaderGuess]
) -> NoCustomerSheetError:
    return NoCustomerSheetError(
        "no-customer-sheet",
        file=path.name,
        seen=describe_seen(sheets, headers),
        accepted_id=accepted_names("customer_id"),
        accepted_name=accepted_names("name"),
    )
