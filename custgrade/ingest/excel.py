"""Reading the Excel family (.xlsx .xlsm .xlsb .xls .ods) with python-calamine.

calamine reads cached formula results, decodes shared strings, rich text
and ``_x000D_`` escapes, applies the 1904 date system and never runs
macros; it is also an order of magnitude faster than openpyxl.  But a
native reader that cannot allocate aborts the process, so nothing reaches
it unchecked: a zip package is measured first (`custgrade.ingest.package`)
and its stray far cells are trimmed away in a private copy; a format that
cannot be measured cheaply (.xls, .xlsb, .ods) is first opened in a guarded
child process (`custgrade.ingest.guard`).  A measured sheet of a million
cells or more is parsed as two halves on two cores
(`custgrade.ingest.halves`).  This module turns the sheets into
`RawSheet`s and every failure into a message.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
)

from custgrade.errors import InputFileError
from custgrade.ingest import guard, package
from custgrade.ingest.halves import KEEP_BYTES, Halves, plan_halves, read_halves
from custgrade.ingest.preflight import OLE_MAGIC, ZIP_MAGIC
from custgrade.ingest.raw import RawSheet
from custgrade.messages import text

Progress = Callable[[float], None]
_RESULT_SHEETS = frozenset(text("report.sheet.run", lang) for lang in ("zh", "en"))
_VERSION_KEYS = frozenset(text("report.run.version", lang) for lang in ("zh", "en"))


def read_excel_sheets(path: Path, progress: Progress | None = None) -> list[RawSheet]:
    """All worksheets of a workbook, hidden ones included, chartsheets skipped.

    A sheet whose only far cells are a few strays (XFD1048576) is read
    without them; they are listed in ``RawSheet.stray_cells``.

    Raises:
        InputFileError: encrypted, damaged, package-too-large, too-many-cells,
            stray-cell, sheet-too-large, reader-crashed or graded-result.
    """
    with _safe_source(path) as (source, strays, halves):
        try:
            workbook = _open(source)
            names = [m.name for m in workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
            _refuse_graded_result(workbook, names, path)
            sheets = []
            for done, name in enumerate(names, start=1):
                rows = read_halves(halves[name], name) if name in halves else None
                if rows is None:  # read whole: no halves, or their rows overlap
                    rows = _read_rows(workbook, name)
                sheets.append(RawSheet(name=name, rows=rows, stray_cells=strays.get(name, [])))
                if progress:
                    progress(done / len(names))
            return sheets
        except InputFileError:
            raise
        except Exception as exc:  # a native reader's error must never reach the user raw
            raise _translate(exc, path) from exc


def _read_rows(workbook: CalamineWorkbook, name: str) -> list[list[Any]]:
    # skip_empty_area=False keeps the empty rows and columns before the
    # first used cell, so list positions are Excel positions.
    rows: list[list[Any]] = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return rows


class _Source(NamedTuple):
    """What calamine opens, the stray cells left out of it, the large sheets' halves."""

    path: Path
    strays: dict[str, list[str]]
    halves: dict[str, Halves]


@contextmanager
def _safe_source(path: Path) -> Iterator[_Source]:
    """The file calamine may open (the input or a trimmed copy), the strays left out, the halves."""
    with path.open("rb") as handle:
        is_zip = handle.read(4) == ZIP_MAGIC
    if not is_zip:
        guard.check_in_child(path)
        yield _Source(path, {}, {})
        return
    scan = package.scan_package(path, keep=KEEP_BYTES)
    names = package.worksheet_names(path)
    package.check_limits(scan, path.name, names)
    trims = _plan_trims(path, scan, names)
    with tempfile.TemporaryDirectory(prefix="custgrade-") as folder:
        halves = plan_halves(path, scan, names, Path(folder), trimmed=trims.keys())
        if not trims:
            yield _Source(path, {}, halves)
            return
        copy = Path(folder) / f"trimmed{path.suffix.lower()}"
        package.write_copy(path, {m: [xml] for m, (xml, _) in trims.items()}, copy)
        strays = {names.get(m, m): strays for m, (_, strays) in trims.items()}
        yield _Source(copy, strays, halves)


def _plan_trims(
    path: Path, scan: package.PackageScan, names: dict[str, str]
) -> dict[str, tuple[bytes, list[str]]]:
    """Worksheets to read without their stray cells: member -> (new XML, strays).

    Raises:
        InputFileError: stray-cell when the area stays too large without them.
    """
    trims: dict[str, tuple[bytes, list[str]]] = {}
    if sum(s.area for s in scan.sheets.values()) <= package.AREA_LIMIT:
        return trims
    budget = package.AREA_LIMIT - sum(s.area for s in scan.sheets.values() if s.area <= s.cells)
    for sheet in sorted(scan.sheets.values(), key=lambda s: s.area, reverse=True):
        if sheet.area <= sheet.cells:
            continue  # a dense sheet: nothing to trim
        # Scanning cell by cell costs a second per million cells: only for a
        # sheet small in cells and large in area, the shape of a stray cell.
        if sheet.cells <= package.TRIM_CELL_LIMIT:
            xml = package.read_member(path, sheet.member)
            trim = package.find_trim(xml)
            if trim.area <= budget:
                budget -= trim.area
                if trim.strays:
                    trims[sheet.member] = (package.remove_cells(xml, trim.strays), trim.strays)
                continue
        raise InputFileError(
            "stray-cell",
            file=path.name,
            sheet=names.get(sheet.member, sheet.member),
            cell=sheet.far_cell,
            area=f"{sheet.area:,}",
        )
    return trims


def _refuse_graded_result(workbook: CalamineWorkbook, names: list[str], path: Path) -> None:
    """Refuse a workbook written by custgrade itself: grading a result grades nothing.

    Its 运行信息 / Run info sheet names the version on a 版本 / Version row.
    """
    for name in names:
        if name not in _RESULT_SHEETS:
            continue
        rows: list[list[Any]] = workbook.get_sheet_by_name(name).to_python()
        version = next((row[1] for row in rows if len(row) > 1 and row[0] in _VERSION_KEYS), None)
        if version is not None:
            raise InputFileError("graded-result", file=path.name, version=version)


def _open(path: Path) -> CalamineWorkbook:
    """Open by extension, or by content when the two disagree.

    calamine picks its parser by extension; an .xlsx saved under an .xls
    name (or the reverse, or under a .csv name) is common in exports and
    reads fine by content.
    """
    with path.open("rb") as handle:
        head = handle.read(8)
        suffix = path.suffix.lower()
        expected = {".xls": OLE_MAGIC, ".csv": b"\0"}.get(suffix, ZIP_MAGIC)
        if not head.startswith(expected):
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
