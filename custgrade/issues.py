"""The issues table: every row problem as data, never as an exception.

Stages report problems as small DataFrames with the columns below, built
from whole-column masks (one frame per rule, not one object per row), and
the pipeline concatenates them into the 问题数据 sheet.  ``row`` is the row
number the user sees in Excel (1-based, the header counted), ``letter`` the
column letter in the original file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from custgrade.errors import IssueCode

ISSUE_COLUMNS: tuple[str, ...] = (
    "sheet",  # source sheet name (or the CSV file name)
    "row",  # Excel row number as the user sees it
    "column",  # original header text
    "letter",  # original column letter, e.g. "C"
    "value",  # the original value, as text
    "code",  # IssueCode value
    "kind",  # errors.REJECTED / CELL / MERGED / NOTE
    "target",  # for merged rows: the customer ID the row became part of
)


def empty_issues() -> pd.DataFrame:
    """An issues table with no rows and the right columns."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in ISSUE_COLUMNS})


def issue_frame(
    *,
    sheet: str,
    rows: Sequence[int] | pd.Series | Any,
    code: IssueCode,
    kind: str,
    column: str = "",
    letter: str = "",
    values: Sequence[Any] | pd.Series | Any = "",
    target: Sequence[Any] | pd.Series | Any = "",
) -> pd.DataFrame:
    """Issues for many rows at once: one rule applied to one column.

    Args:
        rows: Excel row numbers of the affected rows.
        values: original values (a sequence aligned with ``rows`` or a scalar).
        target: customer ID the rows were merged into (sequence or scalar).
    """
    rows_list = list(rows)
    n = len(rows_list)

    def spread(v: Any) -> list[Any]:
        if isinstance(v, (str, int, float)) or v is None:
            return [v] * n
        return list(v)

    frame = pd.DataFrame(
        {
            "sheet": [sheet] * n,
            "row": rows_list,
            "column": [column] * n,
            "letter": [letter] * n,
            "value": [_as_text(v) for v in spread(values)],
            "code": [str(code)] * n,
            "kind": [kind] * n,
            "target": [_as_text(v) for v in spread(target)],
        },
        columns=list(ISSUE_COLUMNS),
    )
    return frame.astype(object)


def concat_issues(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate issue tables, sorted by sheet order of appearance and row."""
    parts = [f for f in frames if len(f)]
    if not parts:
        return empty_issues()
    return pd.concat(parts, ignore_index=True).astype(object)


def _as_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
