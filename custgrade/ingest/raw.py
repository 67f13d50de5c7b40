"""A sheet as its reader gave it, before the header is known.

Every reader (calamine for the Excel family, the csv module for CSV) turns
its input into `RawSheet`s positioned like the sheet the user sees, so that
header detection and row numbers work the same for every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RawSheet:
    """The cells of one sheet, row 0 = Excel row 1 and column 0 = column A.

    Empty cells are ``""`` (as calamine gives them); all rows have the
    same length.  ``field_counts`` is set for CSV only: how many fields each
    record had before it was padded, so ragged records can be reported.
    ``stray_cells`` names the cells far outside the data (a stray value at
    XFD1048576) that were left out so the sheet could be read at all; they
    deserve a note in 问题数据 (message ``issue.stray-cells``).
    """

    name: str
    rows: list[list[Any]]
    field_counts: list[int] | None = None
    stray_cells: list[str] = field(default_factory=list)
