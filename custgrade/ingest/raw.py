"""A sheet as its reader gave it, before the header is known.

Every reader (calamine for the Excel family, Arrow or the csv module for
CSV) turns its input into `RawSheet`s positioned like the sheet the user
sees, so that header detection and row numbers work the same for every
format.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import pyarrow as pa

#: Records made into lists at a time when the rows of `TextColumns` are walked.
_WALK = 10_000


class TextColumns(Sequence[list[str]]):
    """The records of a parsed CSV file, held as Arrow text columns.

    Header detection and recognition look at the first rows only, and get
    them as lists like any reader's rows; the table is built from the
    columns whole (`build_table`), so two million records never become
    26 million Python strings at once (2.3 GB).
    """

    def __init__(self, table: pa.Table) -> None:
        self.table = table

    def __len__(self) -> int:
        return int(self.table.num_rows)

    @overload
    def __getitem__(self, index: int) -> list[str]: ...
    @overload
    def __getitem__(self, index: slice) -> list[list[str]]: ...
    def __getitem__(self, index: int | slice) -> list[str] | list[list[str]]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            part = self.table.slice(start, max(stop - start, 0))
            rows = [list(row) for row in zip(*(c.to_pylist() for c in part.columns), strict=True)]
            return rows[::step]
        position = index + len(self) if index < 0 else index
        if not 0 <= position < len(self):
            raise IndexError(index)
        return [column[position].as_py() for column in self.table.columns]

    def __iter__(self) -> Iterator[list[str]]:
        for start in range(0, len(self), _WALK):
            yield from self[start : start + _WALK]


@dataclass
class RawSheet:
    """The cells of one sheet, row 0 = Excel row 1 and column 0 = column A.

    Empty cells are ``""`` (as calamine gives them); all rows have the
    same length.  ``rows`` is a list for the Excel family, `TextColumns`
    for a CSV file that Arrow could parse.  ``field_counts`` is set for a
    CSV file read by the csv module, the one reader of ragged records: how
    many fields each record had before it was padded, so that they can be
    reported.  ``stray_cells`` names the cells far outside the data (a stray
    value at XFD1048576) that were left out so the sheet could be read at
    all; they deserve a note in 问题数据 (message ``issue.stray-cells``).
    """

    name: str
    rows: Sequence[list[Any]]
    field_counts: list[int] | None = None
    stray_cells: list[str] = field(default_factory=list)
