"""问题数据: every row problem, where it is in the original file and why.

The reason text is rendered per issue row; that loop runs only over rows
that already failed, and a reason missing from the catalogue shows its
code instead of stopping the whole workbook.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from custgrade.issues import ISSUE_COLUMNS
from custgrade.messages import CATALOGUE, issue_text, text
from custgrade.report.styles import MAX_WIDTH, Styles
from custgrade.report.table import number_column, text_column, write_table
from custgrade.result import RunResult

KINDS: tuple[str, ...] = ("rejected", "cell", "merged", "note")


def write_problems(ws: Worksheet, result: RunResult, styles: Styles) -> None:
    """Write one row per issue with its localised action and reason."""
    issues, lang = _complete(result.issues), result.lang
    kinds = {kind: text(f"report.kind.{kind}", lang) for kind in KINDS}

    def header(name: str) -> str:
        return text(f"report.issue.{name}", lang)

    columns = [
        text_column(header("sheet"), issues["sheet"]),
        number_column(header("row"), issues["row"], styles["count"]),
        text_column(header("column"), issues["column"]),
        text_column(header("letter"), issues["letter"]),
        text_column(header("value"), issues["value"]),
        text_column(header("code"), issues["code"]),
        text_column(header("kind"), issues["kind"].map(kinds).fillna(issues["kind"])),
        text_column(header("reason"), pd.Series(reasons(issues, lang), dtype=object)),
        text_column(header("target"), issues["target"]),
    ]
    columns[7].width = MAX_WIDTH
    write_table(ws, columns, styles)


def reasons(issues: pd.DataFrame, lang: str) -> list[str]:
    """The plain-words reason of each issue row; the code when no text exists."""
    records = issues[list(ISSUE_COLUMNS)].astype(object).to_dict("records")
    return [_reason({str(k): v for k, v in record.items()}, lang) for record in records]


def missing_reason_codes(issues: pd.DataFrame) -> list[str]:
    """Issue codes without an ``issue.<code>`` text in the catalogue."""
    codes = pd.unique(issues["code"].astype(str))
    return sorted(code for code in codes if f"issue.{code}" not in CATALOGUE)


def _reason(record: dict[str, Any], lang: str) -> str:
    # issue_text takes the code itself as its first argument
    code = str(record.pop("code"))
    params = {key: "" if value is None else value for key, value in record.items()}
    try:
        return issue_text(code, lang, **params)
    except (KeyError, IndexError, ValueError):
        return code


def _complete(issues: pd.DataFrame) -> pd.DataFrame:
    """The issues table with every ISSUE_COLUMNS column, however it was built."""
    frame = issues.copy()
    for name in ISSUE_COLUMNS:
        if name not in frame.columns:
            frame[name] = ""
    return frame.reset_index(drop=True)
