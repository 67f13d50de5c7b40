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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from xlsxwriter.worksheet import Worksheet

from custgrade.clean.plain import as_bools
from custgrade.issues import ISSUE_COLUMNS
from custgrade.messages import CATALOGUE, issue_text, text
from custgrade.report.customer_sheets import customer_row_links, table_name
from custgrade.report.styles import Styles
from custgrade.report.table import (
    link_column,
    number_column,
    text_array,
    text_column,
    write_table,
)
from custgrade.result import RunResult

KINDS: tuple[str, ...] = ("rejected", "cell", "merged", "note")
REASON_WIDTH = 56
VALUE_WIDTH = 24


def write_problems(
    ws: Worksheet, result: RunResult, styles: Styles, rows: slice = slice(None), part: int = 0
) -> None:
    """Write one row per issue with its localised action and reason.

    ``rows`` and ``part``: the issues of one sheet, when there are more than
    a sheet holds (`custgrade.sheet_parts`).
    """
    issues, lang = _complete(result.issues).iloc[rows].reset_index(drop=True), result.lang
    kinds = {kind: text(f"report.kind.{kind}", lang) for kind in KINDS}

    def header(name: str) -> str:
        return text(f"report.issue.{name}", lang)

    kind = issues["kind"].map(kinds).fillna(issues["kind"])
    reason = pd.Series(reasons(issues, lang), dtype=object)
    position = _customer_positions(issues, result)
    links = customer_links(issues, result, position)
    columns = [
        text_column(header("sheet"), issues["sheet"], styles["top"]),
        number_column(header("row"), issues["row"], styles["count"]),
        text_column(header("column"), issues["column"], styles["top"]),
        text_column(header("letter"), issues["letter"], styles["top"]),
        text_column(header("value"), issues["value"], styles["wrap"]),
        text_column(header("code"), problem_titles(issues["code"], lang), styles["top"]),
        text_column(header("kind"), kind, styles["top"]),
        text_column(header("reason"), reason, styles["wrap"]),
        link_column(
            header("target"), _customer_ids(issues, result, position), links, styles["link"]
        ),
    ]
    columns[4].width = min(columns[4].width, VALUE_WIDTH)
    columns[7].width = REASON_WIDTH
    for column in (columns[4], columns[7]):
        column.wrap = True
    write_table(ws, columns, styles, name=table_name("problems", lang, part))


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


def customer_links(
    issues: pd.DataFrame, result: RunResult, position: pd.Series | None = None
) -> list[str | None]:
    """Per issue, an internal link to its customer's row in 基本信息 or its part (None if none).

    A merged row names its customer (``target``); any other row is found
    through the customers' ``source_rows`` ("客户信息!5; 客户信息!9").
    ``position`` is `_customer_positions` when the caller has it already.
    """
    if position is None:
        position = _customer_positions(issues, result)
    return customer_row_links(position, result).tolist()


def _customer_positions(issues: pd.DataFrame, result: RunResult) -> pd.Series:
    """Zero-based position of each issue's customer in the customers table, NaN if none.

    Only the customers an issue can name are looked at: those whose ID is
    an issue's target and those whose source rows are in an issue's sheet
    and row, so a million customers with a few thousand issues stay cheap.
    """
    customers = result.customers.reset_index(drop=True)
    if "customer_id" not in customers or not len(issues):
        return pd.Series(float("nan"), index=issues.index)
    targets = _id_texts(issues["target"])
    target = targets.map(_first_position(text_array(customers["customer_id"]), None, targets))
    if "source_rows" in customers:
        key = issues["sheet"].astype(str) + "!" + _id_texts(issues["row"]).astype(str)
        # "客户信息!5; 客户信息!9": each source of each customer, Arrow text all along
        sources = pc.split_pattern(pc.fill_null(text_array(customers["source_rows"]), ""), ";")
        owners = np.asarray(pc.list_parent_indices(sources))
        parts = pc.utf8_trim(pc.list_flatten(sources), characters=_WHITE_SPACE)
        target = target.fillna(key.map(_first_position(parts, owners, key)))
    return target.astype("float64")


#: What Python's str.strip() strips.
_WHITE_SPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


def _first_position(texts: pa.Array, owners: np.ndarray | None, wanted: pd.Series) -> pd.Series:
    """Text -> the first customer (``owners`` of each text, else its position) holding it.

    Only the few texts ``wanted`` (the issues' IDs or rows) become Python strings.
    """
    value_set = pa.array(wanted.dropna().astype(str).unique().tolist(), pa.string())
    at = np.flatnonzero(as_bools(pc.is_in(texts, value_set=value_set)))
    positions = owners[at] if owners is not None else at
    found = pd.Series(positions, index=texts.take(pa.array(at)).to_pylist())
    return found.groupby(level=0).first()


def _customer_ids(issues: pd.DataFrame, result: RunResult, position: pd.Series) -> pd.Series:
    """The ID shown in the link column: the merge target, else the customer the row belongs to."""
    ids = result.customers.reset_index(drop=True).get("customer_id")
    if ids is None:
        return issues["target"]
    found = position.map(lambda p: None if pd.isna(p) else ids.iloc[int(p)])  # issue rows only
    shown = (
        issues["target"].astype(object).where(issues["target"].astype(str).str.strip() != "", None)
    )
    return shown.fillna(found)


def _id_texts(values: pd.Series) -> pd.Series:
    """IDs as text, None when empty: an ID read as the number 1004.0 is "1004"."""
    return pd.Series(text_array(values).to_pylist(), index=values.index, dtype=object)


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
