"""A table longer than one Excel sheet: continued on sheets of its own.

Excel and WPS load a worksheet only to row 1,048,576, one header and
1,048,575 data rows; a CSV has no such limit, so a result can hold more
customers (or problems) than a sheet.  Such a table is written in parts of
SHEET_DATA_ROWS rows, each with its header: 基本信息, then 基本信息 (2),
基本信息 (3) ..., the way Excel names a copy of a sheet.  Links and the
formulas of 概览 find a row through `locate`, and a previous result is
read back through `part_names`, so the parts stay one table to the user
and to the next run.

No Excel library is needed here: the pipeline (its note), the writer and
the reader of previous results all use it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from custgrade.messages import text

#: Data rows below the header that one Excel sheet holds (1,048,576 rows in all).
SHEET_DATA_ROWS = 1_048_575


def part_count(rows: int) -> int:
    """How many sheets a table of ``rows`` data rows takes (one, even when empty)."""
    return max(1, -(-rows // SHEET_DATA_ROWS))


def part_slices(rows: int) -> list[slice]:
    """The rows of each part, in order: positions of the whole table."""
    return [
        slice(i * SHEET_DATA_ROWS, min((i + 1) * SHEET_DATA_ROWS, rows))
        for i in range(part_count(rows))
    ]


def part_name(sheet: str, part: int, lang: str) -> str:
    """The name of the ``part``-th sheet (0 = the first) of the table called ``sheet``."""
    return sheet if part == 0 else text("report.sheet.part", lang, sheet=sheet, n=part + 1)


def part_names(sheet: str, rows: int, lang: str) -> list[str]:
    """The names of all the sheets a table of ``rows`` rows is written on."""
    return [part_name(sheet, i, lang) for i in range(part_count(rows))]


def continuation_names(sheet: str, lang: str, most: int = 64) -> list[str]:
    """The names the second and later parts of ``sheet`` may have, in order."""
    return [part_name(sheet, i, lang) for i in range(1, most)]


def locate(positions: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Part (0 = first sheet) and Excel row number (2 = first data row) of table positions.

    ``positions`` are zero-based positions in the whole table; NaN stays NaN.
    """
    values = positions.to_numpy(dtype="float64", na_value=np.nan)
    part, within = np.divmod(values, SHEET_DATA_ROWS)
    return (
        pd.Series(part, index=positions.index),
        pd.Series(within + 2, index=positions.index),
    )
