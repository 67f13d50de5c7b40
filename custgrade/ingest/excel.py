"""Reading the Excel family (.xlsx .xlsm .xlsb .xls .ods) with python-calamine.

calamine reads cached formula results, decodes shared strings, rich text
and ``_x000D_`` escapes, applies the 1904 date system and never runs
macros; it is also an order of magnitude faster than openpyxl.  This module
only turns its sheets into `RawSheet`s and its exceptions into messages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
)

from custgrade.errors import InputFileError
from custgrade.ingest.preflight import OLE_MAGIC, ZIP_MAGIC
from custgrade.ingest.raw import RawSheet

Progress = Callable[[float], None]


def read_excel_sheets(path: Path, progress: Progress | None = None) -> list[RawSheet]:
    """All worksheets of a workbook, hidden ones included, chartsheets skipped.

    Raises:
        InputFileError: encrypted, sheet-too-large or damaged.
    """
    try:
        workbook = _open(path)
        worksheets = [
            meta.name for meta in workbook.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet
        ]
        sheets = []
        for done, name in enumerate(worksheets, start=1):
            # skip_empty_area=False keeps the empty rows and columns before the
            # first used cell, so list positions are Excel positions.
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets.append(RawSheet(name=name, rows=rows))
            if progress:
                progress(done / len(worksheets))
        return sheets
    except InputFileError:
        raise
    except Exception as exc:  # a native reader's error must never reach the user raw
        raise _translate(exc, path) from exc


def _open(path: Path) -> CalamineWorkbook:
    """Open by extension, or by content when the two disagree.

    calamine picks its parser by extension; an .xlsx saved under an .xls
    name (or the reverse) is common in exports and reads fine by content.
    """
    with path.open("rb") as handle:
        head = handle.read(8)
        is_xls = path.suffix.lower() == ".xls"
        mismatch = head.startswith(ZIP_MAGIC) if is_xls else head.startswith(OLE_MAGIC)
        if mismatch:
            handle.seek(0)
            return CalamineWorkbook.from_filelike(handle)
    return CalamineWorkbook.from_path(str(path))


def _translate(exc: Exception, path: Path) -> InputFileError:
    if isinstance(exc, PasswordError):
        return InputFileError("encrypted", file=path.name)
    # issue_594_dos.ods declares ~1.7e10 cells; calamine refuses to expand it.
    if isinstance(exc, CalamineError) and "Cell limit exceeded" in str(exc):
        return InputFileError("sheet-too-large", file=path.name)
    return InputFileError("damaged", file=path.name)
