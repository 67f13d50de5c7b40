"""Packaging a large streamed workbook: rows copied as bytes, a fast deflate level.

Two costs of XlsxWriter's ``constant_memory`` mode grow with every row and
are not in the cells at all:

- When the workbook closes, each sheet's row file is copied into the
  sheet XML through text-mode files, decoding and re-encoding every byte
  (2 s for 100,000 customers).  `StreamedSheet` copies the bytes as they
  are.
- The package is deflated at zlib's default level 6, about 40 MB/s of
  sheet XML here; a million customers make more than a gigabyte.  Level 1
  is three times as fast for a file some 30 % larger, so the streamed
  (large) workbook is packed at level 1 (`fast_deflate`).  Small
  workbooks keep the default.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import zipfile
from collections.abc import Iterator

import xlsxwriter.workbook
from xlsxwriter.worksheet import Worksheet

#: zlib level of a streamed workbook's package (see the module doc).
STREAMED_LEVEL = 1


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


@contextlib.contextmanager
def fast_deflate(level: int = STREAMED_LEVEL) -> Iterator[None]:
    """While closing a workbook, pack it at zlib ``level`` (XlsxWriter has no option for it)."""
    original = xlsxwriter.workbook.ZipFile
    xlsxwriter.workbook.ZipFile = functools.partial(zipfile.ZipFile, compresslevel=level)
    try:
        yield
    finally:
        xlsxwriter.workbook.ZipFile = original
