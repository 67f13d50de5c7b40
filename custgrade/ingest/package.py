"""Measuring a zip package (.xlsx .xlsm .xlsb .ods) before calamine opens it.

python-calamine allocates a sheet's whole used area at once (rows x columns
x 32 bytes, from the cell references it finds) and aborts the process when
that fails: one stray cell at XFD1048576 asks for 512 GiB.  A zip bomb
inflates a few megabytes into gigabytes, and zip headers may lie about the
sizes.  So every member is inflated here from its raw deflate stream with
a byte budget, its size and CRC are compared with what the headers say,
and each worksheet's XML is scanned on the fly for its cell count, last
row, last column and the cells far outside the rest.  Nothing is kept in
memory but the counters (and, when the reader asks, a large sheet's XML
for `custgrade.ingest.halves`): a 1,048,575-row sheet costs one pass of
zlib and a few regex scans in C.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree import ElementTree

import pyarrow as pa
import pyarrow.compute as pc

from custgrade.cellref import column_letter
from custgrade.errors import InputFileError

_zlib: Any
try:  # ISA-L inflates about twice as fast as zlib, the same streams
    from isal import isal_zlib as _zlib
except ImportError:  # pragma: no cover - a platform without isal's wheels
    _zlib = zlib
#: What a damaged deflate stream raises, from either library.
_INFLATE_ERRORS = (zlib.error, _zlib.error)

#: Inflated bytes of all members together.  The largest real export we know
#: (1,048,575 customers x 13 columns) inflates to about 0.6 GB.
INFLATE_LIMIT = 1 << 30
#: Cells of all sheets together: a full 1,048,575-row sheet of 16 columns.
CELL_LIMIT = 17_000_000
#: rows x columns that calamine will allocate for all sheets together.
AREA_LIMIT = 20_000_000
MEMBER_LIMIT = 10_000
_READ = 1 << 20
_OUT = 1 << 22
_LOCAL_HEADER = struct.Struct("<4s5H3I2H")
_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
_PREFIX = re.compile(rb"<(\w+:)?sheetData\b")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([^"]*)"')
_UNIQUE_COUNT = re.compile(rb'<(?:\w+:)?sst\b[^>]*\suniqueCount="(\d+)"')
# A reference of a cell with content: calamine skips self-closing (styled, empty) cells.
_REF = re.compile(rb' r="([A-Z]{1,3})(\d+)"[^>/]*>')
_MAX_ROW = 1_048_576
_NAMES_LIMIT = 1 << 24
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class SheetScan:
    """What one worksheet's XML holds, counted while it was inflated."""

    member: str
    cells: int = 0
    max_row: int = 0  # last row that holds a cell (1-based), from the <row> tags
    max_col: int = 0  # last column (1-based) of any cell reference
    far_cell: str = ""  # the reference that set max_col
    dimension: str = ""  # the <dimension ref> the sheet declares (not trusted)
    prefix: bytes = b""  # namespace prefix of the sheet's elements ("x:" or "")
    #: The inflated XML, kept when the scan was asked to (`scan_package` ``keep``)
    xml: bytearray | None = field(default=None, repr=False)

    @property
    def area(self) -> int:
        """Cells calamine allocates for the sheet: from A1 to the last row and column."""
        return self.max_row * self.max_col


@dataclass
class PackageScan:
    """The members of a package as measured, and the worksheets' extents."""

    inflated: int = 0
    cells: int = 0
    sheets: dict[str, SheetScan] = field(default_factory=dict)
    shared_strings: int = 0  # <si> elements actually present
    declared_strings: int = 0  # uniqueCount the <sst> element claims
    #: True when only some worksheets were measured, each held to the limits on its own
    per_sheet: bool = False
    inflate_limit: int = INFLATE_LIMIT

    def too_many_cells(self, sheet: SheetScan) -> bool:
        """Whether the cells counted so far exceed what a reader here can hold."""
        return (sheet.cells if self.per_sheet else self.cells) > CELL_LIMIT


class _TooManyCells(Exception):
    """Raised inside the scan; becomes too-many-cells with the sheet's name."""


def scan_package(
    path: Path,
    only: Collection[str] | None = None,
    *,
    parts: bool = True,
    keep: int | None = None,
) -> PackageScan:
    """Inflate every member with a budget and measure the worksheets.

    Args:
        path: the package.
        only: the worksheet members a reader will open one at a time (a
            previous result's few sheets): the other worksheets are not
            inflated, and each of these is held to the limits on its own.
        parts: False to leave out every member that is not a worksheet, when
            they were measured already and only a sheet is read now.
        keep: keep the inflated XML (`SheetScan.xml`) of each worksheet whose
            zip header declares at least this many bytes, for a reader that
            would otherwise inflate it again.

    Raises:
        InputFileError: damaged (not a zip, sizes or CRC that lie, a
            compression method no spreadsheet uses), package-too-large.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputFileError("damaged", file=path.name) from exc
    if len(infos) > MEMBER_LIMIT:
        raise InputFileError("damaged", file=path.name)
    scan = PackageScan()
    if only is not None:
        scan.per_sheet, scan.inflate_limit = True, INFLATE_LIMIT * (1 + len(only))
    with path.open("rb") as handle:
        try:
            for info in infos:
                if info.is_dir():
                    continue
                if _WORKSHEET.match(info.filename):
                    if only is None or info.filename in only:
                        kept = keep is not None and info.file_size >= keep
                        _scan_member(handle, info, scan, path.name, kept)
                elif parts:
                    _scan_member(handle, info, scan, path.name)
        except _TooManyCells as exc:
            sheet = worksheet_names(path).get(str(exc), str(exc))
            raise _too_many_cells(path.name, sheet, scan.cells) from None
    return scan


def _too_many_cells(name: str, sheet: str, cells: int) -> InputFileError:
    return InputFileError(
        "too-many-cells",
        file=name,
        sheet=sheet,
        cells=f"{cells:,}" if cells <= CELL_LIMIT else f"> {CELL_LIMIT:,}",
        limit=f"{CELL_LIMIT:,}",
    )


def _scan_member(
    handle: BinaryIO, info: zipfile.ZipInfo, scan: PackageScan, name: str, keep: bool = False
) -> None:
    sheet = SheetScan(info.filename) if _WORKSHEET.match(info.filename) else None
    is_sst = info.filename.lower().endswith("sharedstrings.xml")
    size, crc, carry = 0, 0, b""
    # One buffer of the declared size (zeroed pages cost nothing until
    # written); a member that inflates to another size is refused below.
    kept = bytearray(info.file_size) if keep and info.file_size <= scan.inflate_limit else None
    for chunk in _inflate(handle, info, name):
        if kept is not None and size + len(chunk) <= len(kept):
            kept[size : size + len(chunk)] = chunk
        size += len(chunk)
        scan.inflated += len(chunk)
        if scan.inflated > scan.inflate_limit:
            limit = _gigabytes(scan.inflate_limit)
            raise InputFileError("package-too-large", file=name, limit=limit)
        crc = _zlib.crc32(chunk, crc)
        if sheet is None and not is_sst:
            continue
        # Cut after the last ">" so no tag is split between two chunks.
        buffer = carry + chunk
        cut = buffer.rfind(b">") + 1
        done, carry = buffer[:cut], buffer[cut:][-4096:]
        if sheet is not None:
            _scan_sheet_xml(sheet, done, scan)
        else:
            _scan_shared_strings(scan, done)
    if size != info.file_size or crc != info.CRC:
        raise InputFileError("damaged", file=name)
    if sheet is not None:
        sheet.xml = kept
        scan.sheets[info.filename] = sheet


def _inflate(handle: BinaryIO, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    """The member's bytes from its raw stream, never trusting the declared sizes."""
    handle.seek(info.header_offset)
    header = handle.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise InputFileError("damaged", file=name)
    fields = _LOCAL_HEADER.unpack(header)
    handle.seek(fields[-2] + fields[-1], 1)  # file name and extra field
    if info.compress_type == zipfile.ZIP_STORED:
        left = info.compress_size
        while left > 0 and (chunk := handle.read(min(_READ, left))):
            left -= len(chunk)
            yield chunk
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise InputFileError("damaged", file=name)
    inflater = _zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        while not inflater.eof:
            data = inflater.unconsumed_tail or handle.read(_READ)
            if not data:
                raise InputFileError("damaged", file=name)
            # max_length bounds the output of one call: deflate reaches 1:1032.
            if out := inflater.decompress(data, _OUT):
                yield out
    except _INFLATE_ERRORS as exc:
        raise InputFileError("damaged", file=name) from exc


def _scan_sheet_xml(sheet: SheetScan, xml: bytes, scan: PackageScan) -> None:
    if not sheet.cells and not sheet.max_row:
        if found := _PREFIX.search(xml):
            sheet.prefix = found.group(1) or b""
        if dimension := _DIMENSION.search(xml):
            sheet.dimension = dimension.group(1).decode("ascii", "replace")
    prefix = sheet.prefix
    # Cells with content end with </c>; styled empty cells are self-closing.
    cells = xml.count(b"</" + prefix + b"c>")
    sheet.cells += cells
    scan.cells += cells
    if scan.too_many_cells(sheet):
        # A bomb of cells stops here, long before its last gigabyte is inflated.
        raise _TooManyCells(sheet.member)
    sheet.max_row = _max_row(sheet.max_row, xml, prefix)
    # Only references beyond the last column seen so far can match, so a
    # regular sheet costs one scan that finds nothing.
    far = _far_cells(xml, sheet.max_col)
    for letters, digits in far:
        column, row = column_number(letters.decode()), int(digits)
        sheet.max_row = max(sheet.max_row, row)
        if column > sheet.max_col:
            sheet.max_col, sheet.far_cell = column, f"{letters.decode()}{row}"


def _scan_shared_strings(scan: PackageScan, xml: bytes) -> None:
    if not scan.shared_strings and (declared := _UNIQUE_COUNT.search(xml)):
        scan.declared_strings = int(declared.group(1))
    scan.shared_strings += xml.count(b"<si>") + xml.count(b"<si ") + xml.count(b":si>")


def _max_row(known: int, xml: bytes, prefix: bytes) -> int:
    """The largest row number of the row tags that hold cells, ``known`` included.

    Rows come in order, so the chunk's last row tag that holds cells is
    nearly always its largest: one scan then looks only for larger numbers
    (rows out of order), which a regular sheet does not have.
    """
    last = max(known, _last_row(xml, prefix))
    larger = _larger_rows(prefix, last).findall(xml)
    return max(last, *map(int, larger)) if larger else last


def _last_row(xml: bytes, prefix: bytes) -> int:
    """The number of the last row tag of ``xml`` that is not self-closing (0: none)."""
    tag = b"<" + prefix + b'row r="'
    end = len(xml)
    while (at := xml.rfind(tag, 0, end)) >= 0:
        found = _ROW_TAG.match(xml, at + len(tag))
        if found and not found.group(2):
            return int(found.group(1))
        end = at
    return 0


_ROW_TAG = re.compile(rb'(\d+)"[^>]*?(/?)>')


def _larger_rows(prefix: bytes, number: int) -> re.Pattern[bytes]:
    """Row tags that hold cells with a row number larger than ``number``."""
    digits = str(number)
    options = [rf"[1-9]\d{{{len(digits)},}}"]  # more digits
    for i, digit in enumerate(digits):
        if digit != "9":
            options.append(rf"{digits[:i]}[{int(digit) + 1}-9]\d{{{len(digits) - i - 1}}}")
    tag = b"<" + re.escape(prefix) + b'row r="'
    return re.compile(tag + b"(" + "|".join(options).encode() + rb')"[^>/]*>')


def _beyond_pattern(column: int) -> re.Pattern[bytes]:
    """Cell references whose column is beyond ``column``, or whose row is past 9,999,999."""
    return _compile_beyond(column_letter(column - 1) if column else "")[0]


def _far_cells(xml: bytes, column: int) -> list[tuple[bytes, bytes]]:
    """(letters, digits) of the cells of `_beyond_pattern`, found in one RE2 pass when none.

    Python's regex engine tries its pattern at every cell reference (3.3 s
    for the 500 MB of a full sheet); RE2 (Arrow's) answers whether a wider
    pattern matches anywhere in a fifth of that.  Only a chunk where it does
    is searched by Python's pattern, which stays the definition.
    """
    python, anywhere = _compile_beyond(column_letter(column - 1) if column else "")
    chunk = pa.array([xml], pa.large_binary())
    if not pc.count_substring_regex(chunk, anywhere)[0].as_py():
        return []
    found: list[tuple[bytes, bytes]] = python.findall(xml)
    return found


_BEYOND: dict[str, tuple[re.Pattern[bytes], str]] = {}


def _compile_beyond(last: str) -> tuple[re.Pattern[bytes], str]:
    """The pattern of far cells after column ``last``, and a wider one in RE2's syntax.

    The wider pattern has no look-ahead (RE2 has none) and ends at the
    reference, so it matches wherever the first does, and more: a self-closing
    cell, say.
    """
    if last not in _BEYOND:
        options = [f"[A-Z]{{{n}}}" for n in range(len(last) + 1, 4)]
        for i, letter in enumerate(last):
            if letter != "Z":
                rest = "[A-Z]" * (len(last) - i - 1)
                options.append(f"{last[:i]}[{chr(ord(letter) + 1)}-Z]{rest}")
        columns = "|".join(options) or "(?!)"
        # A literal start (' r="') lets the regex engine skip to candidates fast; one
        # scan finds both the columns beyond and the rows past 9,999,999 (calamine would
        # allocate up to them)
        far = rf"(?:{columns})(?=\d)|[A-Z]{{1,3}}(?=\d{{8}})"
        python = re.compile(rf' r="({far})(\d+)"[^>/]*>'.encode())
        wide = "|".join(f"(?:{c})\\d" for c in options) if options else "[^\\s\\S]"
        anywhere = f' r="(?:{wide}|[A-Z]{{1,3}}\\d{{8}})'
        _BEYOND[last] = (python, anywhere)
    return _BEYOND[last]


def column_number(letters: str) -> int:
    """1 for A, 27 for AA, 16384 for XFD."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def cell_positions(xml: bytes) -> Iterator[tuple[str, int, int]]:
    """Every cell reference of a sheet as (reference, row, column), 1-based.

    A full scan costs about a second per million cells, so it is used only
    for a sheet already known to be small in cells but wide in area.
    """
    for letters, digits in _REF.findall(xml):
        text = letters.decode()
        yield f"{text}{int(digits)}", int(digits), column_number(text)


def check_limits(scan: PackageScan, name: str, sheet_names: dict[str, str]) -> None:
    """Refuse a package whose cells or shared strings no reader here can hold.

    The area is checked by the caller, which may trim stray cells first.

    Raises:
        InputFileError: too-many-cells, damaged (rows beyond Excel's limit,
            a shared-string count that lies: calamine reserves it up front).
    """
    biggest = max(scan.sheets.values(), key=lambda s: s.cells, default=None)
    if biggest is not None and scan.too_many_cells(biggest):
        cells = biggest.cells if scan.per_sheet else scan.cells
        raise _too_many_cells(name, sheet_names.get(biggest.member, biggest.member), cells)
    if any(s.max_row > _MAX_ROW for s in scan.sheets.values()):
        raise InputFileError("damaged", file=name)
    if scan.declared_strings > max(2 * scan.shared_strings, 1_000_000):
        raise InputFileError("damaged", file=name)


def _gigabytes(size: int) -> str:
    return f"{size / (1 << 30):.0f} GB"


def worksheet_names(path: Path) -> dict[str, str]:
    """Worksheet member path -> the sheet's name, from workbook.xml and its rels.

    Only for messages; a part too large to be a real workbook.xml is skipped.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = {i.filename: i for i in archive.infolist()}
            book, rels = parts.get("xl/workbook.xml"), parts.get("xl/_rels/workbook.xml.rels")
            if book is None or rels is None or max(book.file_size, rels.file_size) > _NAMES_LIMIT:
                return {}
            targets = {
                node.get("Id", ""): _member(node.get("Target", ""))
                for node in ElementTree.fromstring(archive.read(rels)).iter()
                if node.tag.endswith("Relationship")
            }
            return {
                targets[rid]: node.get("name", "")
                for node in ElementTree.fromstring(archive.read(book)).iter()
                if node.tag.endswith("}sheet") and (rid := node.get(_RID, "")) in targets
            }
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError, KeyError):
        return {}


def _member(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


#: A sheet with at most this many cells may be scanned cell by cell for strays.
TRIM_CELL_LIMIT = 2_000_000
#: At most this many cells far outside the data count as strays to be ignored.
STRAY_LIMIT = 100
_COLUMN_GAP = 50
_ROW_GAP = 1000


@dataclass(frozen=True)
class Trim:
    """The used area of a sheet without its stray cells, and the strays."""

    max_row: int
    max_col: int
    strays: list[str]

    @property
    def area(self) -> int:
        """Cells calamine allocates for the trimmed sheet."""
        return self.max_row * self.max_col


def read_member(path: Path, member: str) -> bytes:
    """A member's bytes, inflated as the scan does; only after `scan_package` measured it."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    with path.open("rb") as handle:
        return b"".join(_inflate(handle, info, path.name))


def find_trim(xml: bytes) -> Trim:
    """The data area of a sheet and the few cells far beyond it (a stray at XFD1048576).

    A column or row is the end of the data when a gap of more than 50 empty
    columns (1,000 empty rows) follows it and at most 100 cells lie beyond.
    """
    cells = list(cell_positions(xml))
    max_col = _end_before_gap([c for _, _, c in cells], _COLUMN_GAP)
    max_row = _end_before_gap([r for _, r, c in cells if c <= max_col], _ROW_GAP)
    strays = [ref for ref, r, c in cells if r > max_row or c > max_col]
    return Trim(max_row, max_col, strays)


def _end_before_gap(positions: list[int], gap: int) -> int:
    ordered = sorted(positions)
    # Only the last STRAY_LIMIT + 1 positions can end the data before strays.
    for index in range(max(0, len(ordered) - STRAY_LIMIT - 1), len(ordered) - 1):
        if ordered[index + 1] - ordered[index] > gap:
            return ordered[index]
    return ordered[-1] if ordered else 0


def remove_cells(xml: bytes, refs: list[str]) -> bytes:
    """The sheet XML without the cells at ``refs`` (self-closing or with content)."""
    if not refs:
        return xml
    names = b"|".join(re.escape(r.encode()) for r in refs)
    pattern = re.compile(
        rb'<(\w+:)?c\b[^>]*? r="(?:' + names + rb')"[^>]*?(?:/>|>.*?</(?:\w+:)?c>)', re.DOTALL
    )
    return pattern.sub(b"", xml)


#: A part of a worksheet's XML as `write_copy` joins it.
Buffer = bytes | bytearray | memoryview
#: What an emptied worksheet of a copy holds.
EMPTY_SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)


def write_copy(
    path: Path,
    sheets: dict[str, Sequence[Buffer]],
    target: Path,
    *,
    empty_others: bool = False,
) -> None:
    """A copy of the package with some worksheets replaced (each by its parts joined).

    Stored uncompressed, into a private temporary folder, never beside the
    input.  With ``empty_others`` the other worksheets are left empty, for
    a copy that only the replaced sheet is read from.
    """
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            parts = sheets.get(info.filename)
            if parts is None:
                empty = empty_others and bool(_WORKSHEET.match(info.filename))
                copy.writestr(info.filename, EMPTY_SHEET if empty else source.read(info))
                continue
            with copy.open(info.filename, "w", force_zip64=True) as member:
                for part in parts:
                    member.write(part)
