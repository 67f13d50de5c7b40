"""What reading produces: recognised sheets with their cells and provenance.

Readers turn any supported file into `InputWorkbook`; nothing downstream
knows which format the data came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from custgrade.fields import SheetKind
from custgrade.ingest.layouts import Layout
from custgrade.result import ColumnMapping, SheetReport


@dataclass
class SheetTable:
    """One recognised sheet below its header row.

    ``frame`` holds the data rows only (blank rows dropped), one column per
    input column: mapped columns are named by their canonical field, the
    others by their original header text (made unique).  Values are the raw
    cell values as the reader gave them (str, int, float, bool, datetime,
    date, time, timedelta, or None for an empty cell), object dtype.
    ``excel_rows`` is the Excel row number of each frame row, and
    ``letters`` the column letter of each frame column in the original sheet.
    """

    kind: SheetKind
    sheet_name: str
    frame: pd.DataFrame
    excel_rows: pd.Series
    letters: dict[str, str]
    headers: dict[str, str]  # frame column -> original header text
    mapping: list[ColumnMapping]
    header_row: int  # Excel row number of the header
    layout: Layout | None = None  # the known export layout the sheet was recognised as

    def without_cells(self) -> SheetTable:
        """The table with no data rows: its header, mapping and provenance only."""
        # copies: an empty view of the frame would hold its whole cell matrix, a Python
        # object per cell (some 800 MB at a million rows), alive to the end of the run
        empty = self.frame.iloc[:0].copy()
        return replace(self, frame=empty, excel_rows=self.excel_rows.iloc[:0].copy())


@dataclass
class InputWorkbook:
    """A read input file: its recognised sheets and what else was seen."""

    path: Path
    sha256: str
    customers: SheetTable | None  # None: an order export, customers are derived from orders
    orders: SheetTable | None = None
    interactions: SheetTable | None = None
    # raw cells of a 评级规则 sheet, row 0 = Excel row 1, column 0 = column A
    rules_rows: list[list[object]] | None = None
    rules_sheet_name: str | None = None
    issues: pd.DataFrame | None = None  # reading problems (ragged rows, total rows ...)
    sheets_seen: list[str] = field(default_factory=list)
    sheets: list[SheetReport] = field(default_factory=list)  # every sheet: used as what, or why not

    def without_cells(self) -> InputWorkbook:
        """The workbook with its tables' data rows let go, once cleaning has turned them into
        cleaned sheets: what stays says where every column and issue came from."""

        def emptied(table: SheetTable | None) -> SheetTable | None:
            return table.without_cells() if table is not None else None

        return replace(
            self,
            customers=emptied(self.customers),
            orders=emptied(self.orders),
            interactions=emptied(self.interactions),
        )
