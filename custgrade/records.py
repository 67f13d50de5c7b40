"""Notes about order and interaction records as a whole, reported once rather than per row.

An unknown order status is counted as a purchase and listed once with how
many rows carry it; rows dated after an analysis date the user set are
left out of the grading and listed once per sheet — a million-row export
should not produce a million identical lines in 问题数据.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from custgrade.errors import NOTE, IssueCode
from custgrade.ingest.tables import SheetTable
from custgrade.issues import concat_issues, issue_frame
from custgrade.measures import status_classes


def unknown_status_issues(orders: pd.DataFrame, table: SheetTable | None) -> pd.DataFrame:
    """One note per order status that no vocabulary knows, at its first row, with its count."""
    if "status" not in orders or orders.empty:
        return concat_issues([])
    unknown = orders[status_classes(orders).eq("unknown")]
    if unknown.empty:
        return concat_issues([])
    first = unknown.groupby("status", sort=False).agg(row=("row", "min"), count=("row", "size"))
    first = first.sort_values("row")
    return issue_frame(
        sheet=str(unknown["sheet"].iloc[0]),
        rows=first["row"],
        code=IssueCode.UNKNOWN_STATUS,
        kind=NOTE,
        column=table.headers.get("status", "") if table else "",
        letter=table.letters.get("status", "") if table else "",
        values=first.index.to_series(),
        target=first["count"],
    )


def after_as_of_issues(records: pd.DataFrame, end: pd.Timestamp, as_of: dt.date) -> pd.DataFrame:
    """One note per sheet counting the rows dated after the analysis date that was set."""
    if "date" not in records or records.empty:
        return concat_issues([])
    later = records[records["date"] > end]
    if later.empty:
        return concat_issues([])
    summary = later.groupby("sheet", sort=False).agg(row=("row", "min"), count=("row", "size"))
    return concat_issues(
        issue_frame(
            sheet=str(sheet),
            rows=[int(part["row"])],
            code=IssueCode.AFTER_AS_OF,
            kind=NOTE,
            values=as_of.isoformat(),
            target=int(part["count"]),
        )
        for sheet, part in summary.iterrows()
    )
