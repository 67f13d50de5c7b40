"""问题数据: every row problem, where it is in the original file and why.

Every column is in the user's language: the kind of problem is a short
localised title (无效邮箱 rather than invalid-email), the reason a sentence.
A problem that belongs to a graded customer (a cell emptied on the
customer's row, a row merged into a customer) links to that customer's row
in 基本信息.  The reason text is rendered per issue row; that loop runs
only over rows that already failed, and a reason missing from the
catalogue shows its code instead of stopping the whole workbook.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from custgrade.issues import ISSUE_COLUMNS
from custgrade.messages import CATALOGUE, issue_text, text
from custgrade.report.customer_sheets import table_name
from custgrade.report.styles import Styles
from custgrade.report.table import link_column, number_column, text_column, write_table
from custgrade.result import RunResult

KINDS: tuple[str, ...] = ("rejected", "cell", "merged", "note")
REASON_WIDTH = 56
VALUE_WIDTH = 24


def write_problems(ws: Worksheet, result: RunResult, styles: Styles) -> None:
    """Write one row per issue with its localised action and reason."""
    issues, lang = _complete(result.issues), result.lang
    kinds = {kind: text(f"report.kind.{kind}", lang) for kind in KINDS}

    def header(name: str) -> str:
        return text(f"report.issue.{name}", lang)

    kind = issues["kind"].map(kinds).fillna(issues["kind"])
    reason = pd.Series(reasons(issues, lang), dtype=object)
    links = customer_links(issues, result)
    columns = [
        text_column(header("sheet"), issues["sheet"], styles["top"]),
        number_column(header("row"), issues["row"], styles["count"]),
        text_column(header("column"), issues["column"], styles["top"]),
        text_column(header("letter"), issues["letter"], styles["top"]),
        text_column(header("value"), issues["value"], styles["wrap"]),
        text_column(header("code"), problem_titles(issues["code"], lang), styles["top"]),
        text_column(header("kind"), kind, styles["top"]),
        text_column(header("reason"), reason, styles["wrap"]),
        link_column(header("target"), _customer_ids(issues, result), links, styles["link"]),
    ]
    columns[4].width = min(columns[4].width, VALUE_WIDTH)
    columns[7].width = REASON_WIDTH
    for column in (columns[4], columns[7]):
        column.wrap = True
    write_table(ws, columns, styles, name=table_name("problems", lang))


def problem_titles(codes: pd.Series, lang: str) -> pd.Series:
    """The short localised title of each issue code; the code itself when it has none."""
    distinct = pd.unique(codes.astype(str))
    titles = {
        code: text(f"report.problem.{code}", lang)
        if f"report.problem.{code}" in CATALOGUE
        else code
        for code in distinct
    }
    return codes.astype(str).map(titles)


def customer_links(issues: pd.DataFrame, result: RunResult) -> list[str | None]:
    """Per issue, an internal link to its customer's row in 基本信息 (None when it has none).

    A merged row names its customer (``target``); any other row is found
    through the customers' ``source_rows`` ("客户信息!5; 客户信息!9").
    """
    position = _customer_positions(issues, result)
    sheet = text("report.sheet.customers", result.lang).replace("'", "''")
    rows = (position + 2).astype("Int64").astype(str)
    links = ("internal:'" + sheet + "'!A" + rows).where(position.notna())
    return [None if pd.isna(v) else str(v) for v in links.tolist()]


def _customer_positions(issues: pd.DataFrame, result: RunResult) -> pd.Series:
    """Zero-based position of each issue's customer in the customers table, NaN if none."""
    customers = result.customers.reset_index(drop=True)
    if "customer_id" not in customers or not len(issues):
        return pd.Series(float("nan"), index=issues.index)
    ids = customers["customer_id"].astype(object).map(_id_text)
    by_id = pd.Series(range(len(ids)), index=ids).groupby(level=0).first()
    target = issues["target"].astype(object).map(_id_text).map(by_id)
    if "source_rows" in customers:
        sources = customers["source_rows"].astype("string").fillna("").str.split(";").explode()
        sources = sources.str.strip()
        by_row = pd.Series(sources.index, index=sources.to_numpy()).groupby(level=0).first()
        key = issues["sheet"].astype(str) + "!" + issues["row"].map(_id_text).astype(str)
        target = target.fillna(key.map(by_row))
    return target.astype("float64")


def _customer_ids(issues: pd.DataFrame, result: RunResult) -> pd.Series:
    """The ID shown in the link column: the merge target, else the customer the row belongs to."""
    position = _customer_positions(issues, result)
    ids = result.customers.reset_index(drop=True).get("customer_id")
    if ids is None:
        return issues["target"]
    found = position.map(lambda p: None if pd.isna(p) else ids.iloc[int(p)])  # issue rows only
    shown = (
        issues["target"].astype(object).where(issues["target"].astype(str).str.strip() != "", None)
    )
    return shown.fillna(found)


def _id_text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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
