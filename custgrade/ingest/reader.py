"""read_workbook: any supported input file -> `InputWorkbook`.

The stages: preflight checks (refuse what no reader should open), the
format's reader (calamine or csv), header detection, sheet recognition by
columns, and the tables of the recognised sheets with their reading issues.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from custgrade.errors import InputFileError, NoCustomerSheetError
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
from custgrade.ingest.recognize import Candidate, choose_sheets, describe_seen, is_rules_sheet
from custgrade.ingest.tables import InputWorkbook, SheetTable
from custgrade.issues import concat_issues

ProgressCallback = Callable[[str, float], None]
_STAGE = "read"


def read_workbook(
    path: Path, *, on_progress: ProgressCallback | None = None, lang: str = "zh"
) -> InputWorkbook:
    """Read an input file and recognise its customer, orders and interactions sheets.

    The file is opened read-only and never modified.  Problems that stop
    the run are exceptions; rows that are odd but not fatal (ragged CSV
    records, total rows, duplicate headers) are in ``issues``.

    Args:
        path: an .xlsx, .xlsm, .xls, .ods, .xlsb or .csv file.
        on_progress: called as ``on_progress("read", fraction)`` now and then.
        lang: language of the names given to columns without a header ("列H").

    Raises:
        InputFileError: the file is missing, empty, a lock file, of an
            unsupported type, encrypted, damaged, too old or unreadable
            text, or holds no data at all.
        NoCustomerSheetError: no sheet looks like a customer list, or the
            customer sheet has no data rows.
    """
    path = Path(path)

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
    progress(0.85)
    workbook = recognise_sheets(path, sha256, sheets, lang)
    progress(1.0)
    return workbook


def recognise_sheets(path: Path, sha256: str, sheets: list[RawSheet], lang: str) -> InputWorkbook:
    """Find the header of every sheet, choose one sheet per kind and build their tables."""
    rules = next((s for s in sheets if is_rules_sheet(s.name)), None)
    data_sheets = [s for s in sheets if s is not rules]
    headers: dict[str, HeaderGuess] = {}
    for sheet in data_sheets:
        guess = find_header(sheet.rows)
        if guess is not None:
            headers[sheet.name] = guess
    if not headers and rules is None:
        raise InputFileError("no-data", file=path.name)
    candidates = [Candidate(s, headers[s.name]) for s in data_sheets if s.name in headers]
    chosen = choose_sheets(candidates)
    if "customers" not in chosen:
        raise _no_customer_sheet(path, data_sheets, headers)
    tables: dict[SheetKind, SheetTable] = {}
    issues: list[pd.DataFrame] = []
    for kind, candidate in chosen.items():
        tables[kind], sheet_issues = _read_table(candidate, kind, lang)
        issues.append(sheet_issues)
    customers = tables["customers"]
    if customers.frame.empty:
        raise NoCustomerSheetError("no-customer-rows", file=path.name, sheet=customers.sheet_name)
    return InputWorkbook(
        path=path,
        sha256=sha256,
        customers=customers,
        orders=tables.get("orders"),
        interactions=tables.get("interactions"),
        rules_rows=_rules_cells(rules) if rules else None,
        rules_sheet_name=rules.name if rules else None,
        issues=concat_issues(issues),
        sheets_seen=[s.name for s in sheets],
    )


def _read_table(
    candidate: Candidate, kind: SheetKind, lang: str
) -> tuple[SheetTable, pd.DataFrame]:
    table = build_table(candidate.raw, candidate.header, kind, lang)
    issues = [
        duplicate_header_issues(table),
        ragged_row_issues(table, candidate.raw, candidate.header),
    ]
    table, totals = drop_total_rows(table)
    return table, concat_issues([*issues, totals])


def _rules_cells(sheet: RawSheet) -> list[list[object]]:
    """The rules sheet's cells with empty ones as None (row 0 = Excel row 1)."""
    return [[None if v == "" else v for v in row] for row in sheet.rows]


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
