"""Packaging a large streamed workbook: rows copied as bytes, a fast deflate level.

Two costs of XlsxWriter's ``constant_memory`` mode grow with every row and
are not in the cells at all:

- When the workbook closes, each sheet's row file is copied into the
  sheet XML through text-mode files, decoding and re-encoding every byte
  (2 s for 100,000 customers).  `StreamedSheet` copies the bytes as they
  are.
- The package is deflated at zlib's default level 6, about 40 MB/s of
  sheet XML here; a million customers make almost 3 GB of it.  The
  streamed (large) workbook is deflated by ISA-L (python-isal) at its
  level 1 instead: about 700 MB/s, and smaller than zlib's level 1
  (`fast_deflate`).  It is a standard deflate stream in a standard zip;
  where isal is not installed, zlib's level 1 does it (200 MB/s).  Small
  workbooks keep the default.
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


class StreamedSheet(Worksheet):  # type: ignore[misc]  # XlsxWriter has no type information
    """A worksheet whose streamed rows are copied into the sheet XML byte for byte."""

    def _write_optimized_sheet_data(self) -> None:
        target = getattr(self.fh, "buffer", None)
        if self.dim_rowmin is None or target is None:
            super()._write_optimized_sheet_data()
            return
        self._xml_start_tag("sheetData")
        self.fh.flush()
        self.row_data_fh.close()
        with open(self.row_data_filename, "rb") as rows:
            shutil.copyfileobj(rows, target, 1 << 20)
        os.unlink(self.row_data_filename)
        self._xml_end_tag("sheetData")


class FastZipFile(zipfile.ZipFile):
    """A ZipFile whose files are deflated at ``level`` by ISA-L when it is there.

    Only `write` (a file from disk, all XlsxWriter's streamed package
    uses) changes: the member's compressor is swapped for ISA-L's before
    any byte is written, and the file is copied 1 MiB at a time.  The
    CRC, sizes and headers stay zipfile's own.
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
        plain = compress_type is not None or compresslevel is not None or ISAL is None
        if plain or os.path.isdir(filename):  # zipfile's own way, at this file's level
            super().write(filename, arcname, compress_type, compresslevel)
            return
        member = zipfile.ZipInfo.from_file(filename, arcname)
        member.compress_type = self.compression
        with open(filename, "rb") as source, self.open(member, "w") as target:
            _use_isal(target, self.level)
            shutil.copyfileobj(source, target, CHUNK)


def _use_isal(target: Any, level: int) -> None:
    """Deflate ``target`` (an open zip member) with ISA-L, unless it is stored or written to."""
    compressor = getattr(target, "_compressor", None)
    if compressor is not None and getattr(target, "_file_size", None) == 0:
        target._compressor = ISAL.compressobj(level, ISAL.DEFLATED, -15)


@contextlib.contextmanager
def fast_deflate(level: int = STREAMED_LEVEL) -> Iterator[None]:
    """While closing a workbook, pack it fast (XlsxWriter has no option for it)."""
    original = xlsxwriter.workbook.ZipFile
    xlsxwriter.workbook.ZipFile = functools.partial(FastZipFile, level=level)
    try:
        yield
    finally:
        xlsxwriter.workbook.ZipFile = original
