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
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import zipfile
from collections.abc import Iterator
from typing import IO, Any, Literal

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


#: Sheet XML file -> (byte position of its rows, the row file): rows not yet packed.
_SPLICES: dict[str, tuple[int, str]] = {}


class StreamedSheet(Worksheet):  # type: ignore[misc]  # XlsxWriter has no type information
    """A worksheet whose streamed rows go into the package straight from their own file."""

    def _write_optimized_sheet_data(self) -> None:
        target = getattr(self.fh, "buffer", None)
        if self.dim_rowmin is None or target is None:
            super()._write_optimized_sheet_data()
            return
        self._xml_start_tag("sheetData")
        self.fh.flush()
        self.row_data_fh.close()
        _SPLICES[os.path.abspath(self.fh.name)] = (target.tell(), self.row_data_filename)
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
        at, rows = splice or (0, None)
        if rows is not None:
            member.file_size += os.path.getsize(rows)
        large = member.file_size > zipfile.ZIP64_LIMIT
        with open(filename, "rb") as source, self.open(member, "w", force_zip64=large) as target:
            if ISAL is not None:
                _use_isal(target, self.level)
            if rows is None:
                shutil.copyfileobj(source, target, CHUNK)
                return
            _copy(source, target, at)
            with open(rows, "rb") as cells:
                shutil.copyfileobj(cells, target, CHUNK)
            os.unlink(rows)
            shutil.copyfileobj(source, target, CHUNK)


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
