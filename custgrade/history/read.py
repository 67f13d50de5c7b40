"""Reading a previous custgrade result: its customers, tiers and dimension scores.

A result is recognised by its 运行信息 / Run info sheet with a 版本 / Version
row (the same test ingest uses to refuse a result fed back as an input).
Sheets and headers are found by their labels in either language, so a run
in English can be compared with a Chinese result and back.  The header is
looked for in the first rows, not assumed on row 1, and the three sheets are
joined by customer ID rather than by position: office staff sort and filter
a result in Excel and save it.  Reading uses python-calamine, like ingest;
the package is measured first (`custgrade.ingest.package`) so that a damaged
or hostile file becomes a message instead of an aborted process.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

from custgrade.errors import CustgradeError, InputFileError
from custgrade.fields import CUSTOMER_FIELDS
from custgrade.ingest import package
from custgrade.messages import LANGS, text
from custgrade.sheet_parts import continuation_names

#: The four dimensions whose scores explain a move, in 评分信息 order.
DIMENSIONS: tuple[str, ...] = ("frequency", "amount", "activity", "interaction")
SCORE_NAMES: tuple[str, ...] = (*(f"{d}_score" for d in DIMENSIONS), "total_score")
#: How far down a sheet its header row may be (a title row or two above it).
HEADER_SEARCH_ROWS = 10


class PreviousResultError(CustgradeError):
    """The previous result named with ``previous=`` cannot be compared with."""


@dataclass(frozen=True)
class PreviousResult:
    """What a previous result says about its customers.

    ``customers`` has one row per customer of the previous result, in its
    order: ``customer_id``, ``name``, ``tier_name``, ``merged_ids`` (the IDs
    merged into the customer, as written), the four dimension scores and
    ``total_score`` (NaN where absent).  ``tier_order`` lists the previous tier
    names from the highest to the lowest, by the scores they held.
    """

    path: Path
    version: str
    as_of: dt.date | None
    customers: pd.DataFrame
    tier_order: list[str]


def read_previous_result(path: Path | str) -> PreviousResult:
    """Read the customers, tiers and scores of a previous custgrade result.

    Raises:
        PreviousResultError: previous-missing, previous-unreadable,
            previous-not-result or previous-incomplete, naming the file.
    """
    path = Path(path)
    if not path.is_file():
        raise PreviousResultError("previous-missing", file=str(path))
    workbook = _open(path)
    names = set(workbook.sheet_names)
    facts = _run_facts(workbook, names, path)
    version = _fact(facts, "version")
    if version is None:
        raise PreviousResultError("previous-not-result", file=path.name)
    wanted = ("name", *SCORE_NAMES)
    tiers = _read_table(workbook, names, path, "tiers", ("customer_id", "tier_name"), wanted)
    if tiers["customer_id"].notna().any() and tiers["tier_name"].isna().all():
        # 等级名称 is a formula; a program that does not calculate (a script through
        # openpyxl, for one) saves it without its value
        raise PreviousResultError("previous-no-values", file=path.name)
    if all(name in tiers for name in SCORE_NAMES):  # 等级信息 repeats the scores: one sheet less
        scores = tiers[["customer_id", *SCORE_NAMES]]
        tiers = tiers.drop(columns=list(SCORE_NAMES))
    else:  # results written before 等级信息 carried the scores
        scores = _read_table(workbook, names, path, "scores", ("customer_id",), SCORE_NAMES)
    basics = None
    if _fact(facts, "merged") != 0:  # 基本信息 is the widest sheet: read only for merged IDs
        basics = _read_table(workbook, names, path, "customers", ("customer_id",), ("merged_ids",))
    customers = _join(tiers, scores, basics)
    return PreviousResult(
        path=path,
        version=str(version),
        as_of=_as_date(_fact(facts, "as_of")),
        customers=customers,
        tier_order=_tier_order(customers),
    )


def _open(path: Path) -> CalamineWorkbook:
    """Open the package after measuring all but its worksheets; every failure is a message."""
    if not zipfile.is_zipfile(path):
        raise PreviousResultError("previous-not-result", file=path.name)
    try:
        _measure(path, None)
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # a native reader's error must never reach the user raw
        raise _unreadable(path, exc) from exc


def _unreadable(path: Path, exc: Exception) -> PreviousResultError:
    """previous-unreadable, with the first line of the reason in English."""
    if isinstance(exc, InputFileError):
        detail = exc.render("en").split("\n")[0]
    else:
        detail = f"{type(exc).__name__}: {exc}"[:200]
    return PreviousResultError("previous-unreadable", file=path.name, detail=detail)


def _measure(path: Path, sheet: str | None) -> None:
    """Measure what calamine is about to read: the parts outside the worksheets (None),
    or one worksheet, by name, on its own.

    Only the sheets read are inflated and each is held to the limits alone:
    a result of a million customers holds some 40 million cells in all,
    more than a reader here takes at once, but it is read a sheet at a time.

    Raises:
        InputFileError: the part is damaged or too large (see `package`).
    """
    names = package.worksheet_names(path)
    members = {member for member, name in names.items() if name == sheet}
    scan = package.scan_package(path, only=members, parts=sheet is None)
    package.check_limits(scan, path.name, names)


def _sheet_rows(
    workbook: CalamineWorkbook, names: set[str], key: str, path: Path
) -> list[list[Any]] | None:
    """The rows of the result sheet ``report.sheet.<key>`` in whichever language it has.

    Raises:
        PreviousResultError: previous-unreadable when the sheet cannot be read.
    """
    candidates = [text(f"report.sheet.{key}", lang) for lang in LANGS]
    for name in [*candidates, *WRITTEN_LABELS.get(f"sheet.{key}", ())]:
        if name in names:
            rows = _read_sheet(workbook, name, path)
            # a result of more customers than a sheet holds continues on 基本信息 (2) ...
            for part in continuation_names(name, LANGS[0]):
                if part not in names:
                    break
                rows += _read_sheet(workbook, part, path)[1:]  # each part repeats the header
            return rows
    return None


def _read_sheet(workbook: CalamineWorkbook, name: str, path: Path) -> list[list[Any]]:
    """The rows of one sheet, measured first.

    Raises:
        PreviousResultError: previous-unreadable when the sheet cannot be read.
    """
    try:
        _measure(path, name)
        rows: list[list[Any]] = workbook.get_sheet_by_name(name).to_python()
    except Exception as exc:  # a native reader's error must never reach the user raw
        raise _unreadable(path, exc) from exc
    return rows


def _run_facts(workbook: CalamineWorkbook, names: set[str], path: Path) -> dict[str, Any]:
    """The first two columns of 运行信息 as label -> value ({} when there is no such sheet)."""
    rows = _sheet_rows(workbook, names, "run", path)
    return {row[0]: row[1] for row in rows or [] if len(row) > 1 and isinstance(row[0], str)}


def _fact(facts: dict[str, Any], key: str) -> Any:
    """The value of a 运行信息 row (版本, 分析基准日, 已合并 ...), None when absent."""
    labels = [text(f"report.run.{key}", lang) for lang in LANGS]
    for label in [*labels, *WRITTEN_LABELS.get(f"run.{key}", ())]:
        value = facts.get(label)
        if value not in (None, ""):
            return value
    return None


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    stamp = pd.to_datetime(str(value), errors="coerce") if value is not None else pd.NaT
    return None if pd.isna(stamp) else stamp.date()


#: Headers and sheet names as results of version 0.1 wrote them: a label renamed in
#: the catalogue later must not make the results already on users' disks unreadable.
WRITTEN_LABELS: dict[str, tuple[str, ...]] = {
    "customer_id": ("客户ID", "Customer ID"),
    "name": ("客户姓名", "Name"),
    "tier_name": ("等级名称", "Tier"),
    "merged_ids": ("合并的客户ID", "Merged customer IDs"),
    "frequency_score": ("购买频率评分", "Frequency score"),
    "amount_score": ("消费金额评分", "Spending score"),
    "activity_score": ("活跃程度评分", "Activity score"),
    "interaction_score": ("互动情况评分", "Interaction score"),
    "total_score": ("总评分", "Total score"),
    "sheet.tiers": ("等级信息", "Tiers"),
    "sheet.scores": ("评分信息", "Scores"),
    "sheet.customers": ("基本信息", "Customers"),
    "sheet.run": ("运行信息", "Run info"),
    "run.version": ("版本", "Version"),
    "run.as_of": ("分析基准日", "Analysis date"),
    "run.merged": ("已合并", "Merged"),
}


def _labels(name: str) -> set[str]:
    """Every header a result may give this column, in both languages, old and new."""
    spec = next((s for s in CUSTOMER_FIELDS if s.name == name), None)
    if spec is not None:
        current = {spec.label(lang) for lang in LANGS}
    else:
        current = {text(f"report.col.{name}", lang) for lang in LANGS}
    return current | set(WRITTEN_LABELS.get(name, ()))


def _label(name: str) -> str:
    """The Chinese header of a column, for messages."""
    spec = next((s for s in CUSTOMER_FIELDS if s.name == name), None)
    return spec.label("zh") if spec else text(f"report.col.{name}", "zh")


def _read_table(
    workbook: CalamineWorkbook,
    names: set[str],
    path: Path,
    sheet: str,
    required: Sequence[str],
    optional: Sequence[str] = (),
) -> pd.DataFrame:
    """The wanted columns of one per-customer sheet, found by their headers.

    Raises:
        PreviousResultError: previous-incomplete when the sheet or a required
            column is missing.
    """
    sheet_label = text(f"report.sheet.{sheet}", "zh")
    rows = _sheet_rows(workbook, names, sheet, path) or []
    header_at, positions = _find_header(rows, (*required, *optional))
    missing = [name for name in required if name not in positions]
    if missing:
        column = _label(missing[0])
        raise PreviousResultError(
            "previous-incomplete", file=path.name, sheet=sheet_label, column=column
        )
    table = _cells(rows[header_at + 1 :], max(positions.values()) + 1)
    table[table == ""] = None  # calamine gives "" for an empty cell
    # object columns: pandas would otherwise copy every text into its string type
    return pd.DataFrame(
        {name: pd.Series(table[:, j], dtype=object) for name, j in positions.items()}
    )


def _cells(rows: list[list[Any]], width: int) -> np.ndarray:
    """The rows as one 2-D object array at least ``width`` wide (calamine's rows are even)."""
    table = np.array(rows, dtype=object) if rows else np.empty((0, width), dtype=object)
    if table.ndim != 2:  # uneven rows: pad them (never seen from calamine, cheap to allow)
        longest = max(width, *(len(row) for row in rows))
        table = np.array([[*row, *[""] * (longest - len(row))] for row in rows], dtype=object)
    if table.shape[1] < width:
        padding = np.full((len(table), width - table.shape[1]), "", dtype=object)
        table = np.hstack([table, padding])
    return table


def _find_header(rows: list[list[Any]], wanted: Sequence[str]) -> tuple[int, dict[str, int]]:
    """The header row (the first with a customer-ID label) and each wanted column's position."""
    ids = _labels("customer_id")
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [str(c).strip() for c in row]
        if ids & set(cells):
            positions: dict[str, int] = {}
            for name in wanted:
                labels = _labels(name)
                found = next((c for c, cell in enumerate(cells) if cell in labels), None)
                if found is not None:
                    positions[name] = found
            return r, positions
    return 0, {}


def _join(tiers: pd.DataFrame, scores: pd.DataFrame, basics: pd.DataFrame | None) -> pd.DataFrame:
    """等级信息 with the scores of 评分信息 and the merged IDs of 基本信息, by customer ID."""
    frame = tiers.dropna(subset=["tier_name"]).reset_index(drop=True)
    if basics is None:  # nothing was merged: every customer's only ID is its own
        basics = pd.DataFrame({"customer_id": pd.Series(dtype=object)})
    for extra, names in ((scores, SCORE_NAMES), (basics, ("merged_ids",))):
        # the three sheets were written by one writer: an ID is spelled the same on each
        extra = extra.dropna(subset=["customer_id"]).drop_duplicates("customer_id")
        # each customer's row in the other sheet, looked up once for all its columns
        at = pd.Index(extra["customer_id"]).get_indexer(frame["customer_id"])
        found = pd.Series(at >= 0, index=frame.index)
        for name in names:
            if name not in extra:
                frame[name] = np.nan
                continue
            values = extra[name].to_numpy()[np.maximum(at, 0)] if len(extra) else np.nan
            frame[name] = pd.Series(values, index=frame.index, dtype=object).where(found)
    for name in SCORE_NAMES:
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    frame["tier_name"] = frame["tier_name"].astype(str)
    if "name" not in frame:
        frame["name"] = None
    return frame


def _tier_order(customers: pd.DataFrame) -> list[str]:
    """Previous tier names, highest first: by the best total score each tier held."""
    best = customers.groupby("tier_name", sort=False)["total_score"].max()
    return [str(name) for name in best.sort_values(ascending=False, kind="stable").index]
