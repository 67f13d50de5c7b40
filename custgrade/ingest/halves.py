"""Reading a large worksheet as two halves, parsed side by side.

calamine parses a sheet's XML with the GIL released, but on one thread: a
full 1,048,575-row sheet takes 19 s to parse and 7 s more to become Python
rows.  Cut at a row tag near its middle, each half of the XML is a sheet of
a package of its own, with the workbook's other parts copied as they are
(the shared strings, the styles that make a number a date, the 1904 flag)
and its other worksheets left empty, so each half reads exactly as the
same rows did in the whole sheet.  The two parses run
on two cores (9 s together); their rows are then joined back in sheet
positions: row 0 is Excel row 1, column 0 is column A, all rows as wide as
the widest.

The halves are written uncompressed into the private folder the reader
already uses for a trimmed copy, and only once the package scan has
measured the sheet, so nothing unmeasured reaches calamine.  When the cut
cannot be proven clean (rows out of order, a row tag without its number)
the sheet is read whole, as before.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from custgrade.ingest import package
from custgrade.ingest.package import Buffer
from custgrade.parallel import WORKERS, side_by_side

#: Cells below which one thread reads a sheet about as fast as two (the
#: copies cost about 0.25 s per 100 MB of XML).
SPLIT_CELLS = 1_000_000
#: Declared XML size from which the package scan keeps a sheet's XML for the
#: cut (a million cells take some 40 MB): inflating it again costs 2 s.  None
#: on one core, where no sheet is cut.
KEEP_BYTES = (16 << 20) if WORKERS > 1 else None
#: The first half's share of the XML: its rows are made while the second is parsed.
FIRST_SHARE = 0.45
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b[^>]*?(/?)>")
#: A row tag that names its row (calamine numbers an unnamed row by counting).
_NUMBERED_ROW = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="\d+"')


@dataclass(frozen=True)
class Halves:
    """The two packages that hold one worksheet's first and second half."""

    first: Path
    second: Path


def plan_halves(
    path: Path,
    scan: package.PackageScan,
    names: dict[str, str],
    folder: Path,
    trimmed: Collection[str] = (),
) -> dict[str, Halves]:
    """Sheet name -> its halves, for each measured worksheet large enough to gain.

    Only a worksheet the workbook names is cut (``names``, from its
    workbook.xml); one whose XML has no clean middle row tag is left whole,
    and so is a ``trimmed`` one (its halves would hold the stray cells the
    trimmed copy leaves out).
    """
    if WORKERS < 2:
        return {}
    halves: dict[str, Halves] = {}
    for member, sheet in scan.sheets.items():
        xml, sheet.xml = sheet.xml, None  # the scan's copy lives no longer than this
        if sheet.cells < SPLIT_CELLS or member not in names or member in trimmed:
            continue
        pair = Halves(folder / f"{len(halves)}-first.xlsx", folder / f"{len(halves)}-second.xlsx")
        if _write_halves(
            path, member, xml or package.read_member(path, member), sheet.prefix, pair
        ):
            halves[names[member]] = pair
    return halves


def _write_halves(
    path: Path, member: str, xml: bytes | bytearray, prefix: bytes, pair: Halves
) -> bool:
    """Write the two copies (side by side); False when there is no clean cut or no room."""
    parts = _cut(xml, prefix)
    if parts is None:
        return False
    try:
        side_by_side(
            partial(package.write_copy, path, {member: parts[0]}, pair.first, empty_others=True),
            partial(package.write_copy, path, {member: parts[1]}, pair.second, empty_others=True),
        )
    except OSError:  # no room for the copies: the sheet is read whole
        pair.first.unlink(missing_ok=True)
        pair.second.unlink(missing_ok=True)
        return False
    return True


def read_halves(halves: Halves, name: str) -> list[list[Any]] | None:
    """The sheet's rows as a whole read gives them, or None when the halves overlap.

    Each thread parses its half and turns it into rows; the first half is
    the smaller (`FIRST_SHARE`), so that its rows, which need the GIL, are
    made while the second half is still being parsed without it.

    Raises:
        whatever calamine raises for a damaged sheet (the caller translates).
    """
    first, second = side_by_side(
        lambda: _Half.read(halves.first, name, whole=True),
        lambda: _Half.read(halves.second, name, whole=False),
    )
    return join_halves(first, second)


@dataclass
class _Half:
    """A half's rows as calamine gave them, and where its used area starts and ends."""

    rows: list[list[Any]]
    start: tuple[int, int] | None
    end: tuple[int, int] | None

    @classmethod
    def read(cls, path: Path, name: str, whole: bool) -> _Half:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name)
        return cls(sheet.to_python(skip_empty_area=not whole), sheet.start, sheet.end)


def join_halves(first: _Half, second: _Half) -> list[list[Any]] | None:
    """The rows of the two halves, placed as the whole sheet's would be.

    The first half was read from A1 (its empty leading rows and columns
    kept); the second from its own first cell, and is moved to where that
    cell is.  None when the second half starts at or above the first's last
    row: rows out of order, which only a whole read places right.
    """
    rows = first.rows
    if second.start is None or second.end is None:
        return rows
    (top, left), right = second.start, second.end[1]
    if first.end is not None and first.end[0] >= top:
        return None
    width = max(len(rows[0]) if rows else 0, right + 1)
    if rows and len(rows[0]) < width:
        pad = [""] * (width - len(rows[0]))
        for row in rows:
            row.extend(pad)
    rows.extend([""] * width for _ in range(top - len(rows)))
    before: list[Any] = [""] * left
    after: list[Any] = [""] * (width - right - 1)
    rows.extend([before + row + after for row in second.rows] if before or after else second.rows)
    return rows


def _cut(xml: bytes | bytearray, prefix: bytes) -> tuple[list[Buffer], list[Buffer]] | None:
    """The first and second half of a sheet's XML, each a whole worksheet, or None.

    The cut is at the first row tag past `FIRST_SHARE` of the XML, and
    only where that tag names its row.
    """
    opening = _SHEET_DATA.search(xml)
    closing = b"</" + prefix + b"sheetData>"
    end = xml.rfind(closing)
    if opening is None or opening.group(2) or end < 0:
        return None
    start = max(opening.end(), int(len(xml) * FIRST_SHARE))
    middle = xml.find(b"<" + prefix + b"row ", start, end)
    if middle < 0 or not _NUMBERED_ROW.match(xml, middle):
        return None
    view = memoryview(xml)
    first: list[Buffer] = [view[:middle], closing, view[end + len(closing) :]]
    second: list[Buffer] = [view[: opening.end()], view[middle:]]
    return first, second
