"""Packaging a large streamed workbook: rows spliced in as bytes, a fast deflate level.

Two costs of XlsxWriter's ``constant_memory`` mode grow with every row and
are not in the cells at all:

- When the workbook closes, each sheet's row file is copied into the
  sheet XML file, and that file is then read again to be deflated into
  the package: a million customers make almost 3 GB of rows, written to
  disk twice (12 of the 21 s closing took were spent waiting on the disk).
  `StreamedSheet` leaves only the place of its rows in the sheet XML, and
  `FastZipFile` deflates the XML before it, the row file and the XML after
  it as one member.
- The package is deflated at zlib's default level 6, about 40 MB/s of
  sheet XML here.  The streamed (large) workbook is deflated by ISA-L
  (python-isal) at its level 1 instead: about 700 MB/s, and smaller than
  zlib's level 1 (`fast_deflate`).  It is a standard deflate stream in a
  standard zip; where isal is not installed, zlib's level 1 does it
  (200 MB/s).  Small workbooks keep the default.
- With ISA-L, the rows are deflated as they are written (`DeflatedRows`):
  the row file holds some 400 MB instead of 3 GB at a million customers,
  and the deflating is done on a core the row building leaves free rather
  than in one pass while the workbook closes.  A deflate stream can be
  continued by another: the XML before the rows, the deflated rows and the
  XML after them are one member, each part ending on a byte boundary
  (a sync flush) except the last, and the member's CRC is the three
  parts' CRCs combined.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import shutil
import zipfile
from collections.abc import Iterator
from typing import IO, Any, Literal, NamedTuple

import xlsxwriter.workbook
from xlsxwriter.worksheet import Worksheet

ISAL: Any
try:
    from isal import isal_zlib as ISAL
except ImportError:  # pragma: no cover - a platform without isal's wheels
    ISAL = None

#: Deflate level of a streamed workbook's package (see the module doc).
STREAMED_LEVEL = 1
#: Bytes read and deflated at a time (ZipFile.write copies 8 KiB at a time).
CHUNK = 1 << 20


class Splice(NamedTuple):
    """Where a sheet's rows go in its XML, and the file that holds them."""

    at: int  # byte position of the rows in the sheet XML file
    rows: str  # the row file
    deflated: DeflatedRows | None = None  # the row file's deflate stream, when it is one


#: Sheet XML file -> its rows, not yet packed.
_SPLICES: dict[str, Splice] = {}


class DeflatedRows(io.RawIOBase):
    """A row file written as a raw deflate stream, ended by a sync flush (ISA-L's level 1).

    ``size`` and ``crc`` are those of the rows before deflating, for the
    zip member they are packed into.
    """

    def __init__(self, path: str, level: int = STREAMED_LEVEL) -> None:
        super().__init__()
        self.file = open(path, "wb")  # noqa: SIM115 - closed by close()
        self.compressor = ISAL.compressobj(level, ISAL.DEFLATED, -15)
        self.size = self.crc = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        size = memoryview(data).nbytes
        self.crc = ISAL.crc32(data, self.crc)
        self.size += size
        self.file.write(self.compressor.compress(data))  # ISA-L releases the GIL
        return size

    def close(self) -> None:
        if not self.closed:
            self.file.write(self.compressor.flush(ISAL.Z_SYNC_FLUSH))
            self.file.close()
        super().close()


def can_deflate_rows() -> bool:
    """Whether rows can be deflated as they are written (ISA-L, with crc32_combine)."""
    return ISAL is not None and hasattr(ISAL, "crc32_combine")


class StreamedSheet(Worksheet):  # type: ignore[misc]  # XlsxWriter has no type information
    """A worksheet whose streamed rows go into the package straight from their own file."""

    row_data_fh: Any  # XlsxWriter's row file (set in _initialize)
    row_data_fh_closed: bool

    def _initialize(self, init_data: dict[str, Any]) -> None:
        super()._initialize(init_data)
        if self.constant_memory and can_deflate_rows():
            self.row_data_fh.close()
            raw = DeflatedRows(self.row_data_filename)
            self.row_data_fh = io.TextIOWrapper(io.BufferedWriter(raw, CHUNK), encoding="utf-8")
            self.fh = self.row_data_fh

    def _opt_close(self) -> None:
        if self._deflated() is None:
            super()._opt_close()
        elif not self.row_data_fh_closed:  # a sheet without rows: its stream is not packed
            self.row_data_fh.close()
            self.row_data_fh_closed = True

    def _opt_reopen(self) -> None:
        if self._deflated() is None:  # a deflate stream is never closed and reopened
            super()._opt_reopen()

    def _deflated(self) -> DeflatedRows | None:
        handle: Any = self.row_data_fh
        raw = getattr(getattr(handle, "buffer", None), "raw", None)
        return raw if isinstance(raw, DeflatedRows) else None

    def _write_optimized_sheet_data(self) -> None:
        target = getattr(self.fh, "buffer", None)
        if self.dim_rowmin is None or target is None:
            super()._write_optimized_sheet_data()
            return
        self._xml_start_tag("sheetData")
        self.fh.flush()
        deflated = self._deflated()
        self.row_data_fh.close()
        self.row_data_fh_closed = True
        splice = Splice(target.tell(), self.row_data_filename, deflated)
        _SPLICES[os.path.abspath(self.fh.name)] = splice
        self._xml_end_tag("sheetData")


class FastZipFile(zipfile.ZipFile):
    """A ZipFile whose files are deflated at ``level`` by ISA-L when it is there.

    Only `write` (a file from disk, all XlsxWriter's streamed package
    uses) changes: the member's compressor is swapped for ISA-L's before
    any byte is written, the file is copied 1 MiB at a time, and a sheet
    of `StreamedSheet` gets its rows from their own file at their place.
    The CRC, sizes and headers stay zipfile's own.
    """

    def __init__(
        self,
        file: str | os.PathLike[str] | IO[bytes],
        mode: Literal["w", "x"] = "w",
        compression: int = zipfile.ZIP_DEFLATED,
        allowZip64: bool = True,  # ZipFile's own keyword, as XlsxWriter passes it
        *,
        level: int = STREAMED_LEVEL,
    ) -> None:
        super().__init__(file, mode, compression, allowZip64, compresslevel=level)
        self.level = level

    def write(
        self,
        filename: str | os.PathLike[str],
        arcname: str | os.PathLike[str] | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        splice = _SPLICES.pop(os.path.abspath(filename), None)
        explicit = compress_type is not None or compresslevel is not None
        if splice is None and (explicit or os.path.isdir(filename)):
            super().write(filename, arcname, compress_type, compresslevel)  # zipfile's own way
            return
        member = zipfile.ZipInfo.from_file(filename, arcname)
        member.compress_type = self.compression
        # as ZipFile.write does (the attribute lost its underscore in Python 3.13)
        level = "compress_level" if hasattr(member, "compress_level") else "_compresslevel"
        setattr(member, level, self.compresslevel)
        if splice is not None:
            deflated = splice.deflated
            member.file_size += deflated.size if deflated else os.path.getsize(splice.rows)
        large = member.file_size > zipfile.ZIP64_LIMIT
        with open(filename, "rb") as source, self.open(member, "w", force_zip64=large) as target:
            if ISAL is not None:
                _use_isal(target, self.level)
            if splice is None:
                shutil.copyfileobj(source, target, CHUNK)
                return
            _copy(source, target, splice.at)
            if splice.deflated is not None and _continues(target):
                _append_deflated(target, splice.rows, splice.deflated, self.level)
            else:
                with open(splice.rows, "rb") as cells:
                    _copy_rows(cells, target, splice.deflated is not None)
            os.unlink(splice.rows)
            shutil.copyfileobj(source, target, CHUNK)


#: The parts of zipfile's member writer that continuing its deflate stream uses.
_WRITER_PARTS = ("_compressor", "_fileobj", "_crc", "_file_size", "_compress_size")


def _continues(target: Any) -> bool:
    """Whether the member is deflated by ISA-L and its writer's parts are where they were."""
    return ISAL is not None and all(hasattr(target, part) for part in _WRITER_PARTS)


def _append_deflated(target: Any, rows: str, deflated: DeflatedRows, level: int) -> None:
    """Continue the member's deflate stream with the deflated rows, then a fresh compressor.

    The XML before the rows is flushed to a byte boundary, the rows' own
    stream (ended the same way) follows as it is, and the XML after them
    is deflated by a new compressor that finishes the stream.
    """
    head = target._compressor.flush(ISAL.Z_SYNC_FLUSH)
    target._fileobj.write(head)
    target._compress_size += len(head)
    with open(rows, "rb") as cells:
        while chunk := cells.read(CHUNK):
            target._fileobj.write(chunk)
            target._compress_size += len(chunk)
    target._crc = ISAL.crc32_combine(target._crc, deflated.crc, deflated.size)
    target._file_size += deflated.size
    target._compressor = ISAL.compressobj(level, ISAL.DEFLATED, -15)


def _copy_rows(cells: IO[bytes], target: IO[bytes], deflated: bool) -> None:
    """The rows into the member as bytes (inflated first, if zipfile changed under us)."""
    if not deflated:
        shutil.copyfileobj(cells, target, CHUNK)
        return
    inflater = ISAL.decompressobj(-15)
    while chunk := cells.read(CHUNK):
        target.write(inflater.decompress(chunk))
    target.write(inflater.flush())


def _copy(source: IO[bytes], target: IO[bytes], size: int) -> None:
    """The first ``size`` bytes of ``source`` into ``target``."""
    while size > 0 and (chunk := source.read(min(CHUNK, size))):
        target.write(chunk)
        size -= len(chunk)


def _use_isal(target: Any, level: int) -> None:
    """Deflate ``target`` (an open zip member) with ISA-L, unless it is stored or written to."""
    compressor = getattr(target, "_compressor", None)
    if compressor is not None and getattr(target, "_file_size", None) == 0:
        target._compressor = ISAL.compressobj(level, ISAL.DEFLATED, -15)


@contextlib.contextmanager
def fast_deflate(level: int = STREAMED_LEVEL) -> Iterator[None]:
    """While closing a workbook, pack it fast (XlsxWriter has no option for it).

    One workbook at a time: XlsxWriter's ZipFile is swapped for the whole
    process.  The files of a workbook that fails are removed with the
    folder the workbook was given (`custgrade.report.workbook`).
    """
    original = xlsxwriter.workbook.ZipFile
    xlsxwriter.workbook.ZipFile = functools.partial(FastZipFile, level=level)
    try:
        yield
    finally:
        xlsxwriter.workbook.ZipFile = original
        _SPLICES.clear()  # a workbook that failed before all its sheets were packed
