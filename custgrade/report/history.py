"""Tier history in the workbook: columns for 等级信息, the migration matrix, gone customers.

Three pieces, each usable on its own so the sheet writers decide where
they go: `history_columns` (上次等级 / 等级变化 / 变化原因, aligned with
``RunResult.customers``), `write_migration` (a section of 概览) and
`write_gone` (the 已消失客户 sheet: it may hold thousands of rows, too many
for 概览, which must fit a screen).  All write strictly top to bottom, as
``constant_memory`` requires, and nothing at all when the run has no
previous result.
"""

from __future__ import annotations

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from custgrade.fields import CUSTOMER_FIELDS
from custgrade.history import CHANGES, TierHistory
from custgrade.messages import text
from custgrade.report.styles import Styles
from custgrade.report.table import Column, number_column, text_column, write_table
from custgrade.result import RunResult

#: Key of the gone customers' sheet name in the catalogue.
GONE_SHEET = "history.sheet.gone"


def gone_sheet_name(lang: str) -> str:
    """The localised name of the sheet listing customers who are gone."""
    return text(GONE_SHEET, lang)


def history_columns(result: RunResult, styles: Styles) -> list[Column]:
    """上次等级, 等级变化 and 变化原因 for 等级信息; [] without a previous result.

    The previous tier is coloured like the tier of that name in this run.
    """
    history, lang = result.history, result.lang
    if history is None:
        return []
    frame = history.customers
    previous = text_column(_t("col.previous_tier", lang), frame["previous_tier"])
    previous.formats = styles.tier_formats(frame["previous_tier"])
    labels = {code: _t(f"change.{code}", lang) for code in CHANGES}
    change = text_column(_t("col.change", lang), frame["change"].map(labels))
    looks = {"up": styles["change_up"], "down": styles["change_down"]}
    picked = frame["change"].map(looks)
    change.formats = picked.astype(object).where(picked.notna(), None).tolist()
    reason = text_column(_t("col.reason", lang), frame["reason"])
    return [previous, change, reason]


def write_migration(ws: Worksheet, row: int, result: RunResult, styles: Styles) -> int:
    """Write the tier migration matrix from ``row`` down; return the next free row.

    Rows are the previous tiers and the new customers; columns the current
    tiers, the customers gone and the total.  Writes nothing (and returns
    ``row``) when the run has no previous result.
    """
    history, lang = result.history, result.lang
    if history is None:
        return row
    ws.write_string(row, 0, _t("migration.title", lang), styles["section"])
    ws.write_string(row + 1, 0, _source_line(history, lang))
    row = _write_matrix_header(ws, row + 2, history, lang, styles)
    matrix = history.matrix
    for name, counts in matrix.iterrows():  # one row per tier: a handful
        ws.write_string(row, 0, str(name), styles.tier.get(str(name), styles["bold"]))
        gone = int(history.gone_by_tier.get(name, 0))
        row = _write_counts(ws, row, [*counts.astype(int).tolist(), gone], styles)
    ws.write_string(row, 0, _t("migration.new", lang), styles["bold"])
    row = _write_counts(ws, row, [*history.new_by_tier.astype(int).tolist(), None], styles)
    totals = (matrix.sum(axis=0) + history.new_by_tier).astype(int).tolist()
    ws.write_string(row, 0, _t("migration.total", lang), styles["bold"])
    row = _write_counts(ws, row, [*totals, len(history.gone)], styles)
    hint = _t("migration.gone_hint", lang, sheet=gone_sheet_name(lang))
    ws.write_string(row, 0, hint)
    return row + 1


def write_gone(ws: Worksheet, result: RunResult, styles: Styles, rows: slice = slice(None)) -> None:
    """已消失客户: the previous result's customers none of whose IDs is in this run.

    ``rows``: the part of them on this sheet, when they are more than a sheet holds.
    """
    lang = result.lang
    gone = result.history.gone if result.history is not None else _no_gone()
    gone = gone.iloc[rows].reset_index(drop=True)
    tiers = text_column(_t("col.previous_tier", lang), gone["tier_name"])
    tiers.formats = styles.tier_formats(gone["tier_name"])
    columns = [
        text_column(_field_label("customer_id", lang), gone["customer_id"]),
        text_column(_field_label("name", lang), gone["name"]),
        tiers,
        number_column(_t("col.previous_score", lang), gone["total_score"], styles["score"]),
        text_column(_t("col.previous_ids", lang), gone["merged_ids"]),
    ]
    write_table(ws, columns, styles)


def _write_matrix_header(
    ws: Worksheet, row: int, history: TierHistory, lang: str, styles: Styles
) -> int:
    headers = [_t("migration.corner", lang), *[str(c) for c in history.matrix.columns]]
    headers += [_t("migration.gone", lang), _t("migration.total", lang)]
    ws.write_string(row, 0, headers[0], styles["header"])
    for c, header in enumerate(headers[1:], start=1):  # current tiers in their colours
        ws.write_string(row, c, header, styles.tier.get(header, styles["header"]))
    return row + 1


def _write_counts(ws: Worksheet, row: int, counts: list[int | None], styles: Styles) -> int:
    """Counts from column 1 on, then their total; return the next row."""
    for c, count in enumerate(counts, start=1):
        if count is not None:
            ws.write_number(row, c, float(count), styles["count"])
    total = sum(count for count in counts if count is not None)
    ws.write_number(row, len(counts) + 1, float(total), styles["bold"])
    return row + 1


def _source_line(history: TierHistory, lang: str) -> str:
    as_of = f"{history.previous_as_of:%Y-%m-%d}" if history.previous_as_of else "?"
    return _t("migration.source", lang, file=history.previous_path.name, as_of=as_of)


def _field_label(name: str, lang: str) -> str:
    """The header 基本信息 gives a customer field (客户ID, 客户姓名)."""
    return next(spec for spec in CUSTOMER_FIELDS if spec.name == name).label(lang)


def _no_gone() -> pd.DataFrame:
    return pd.DataFrame(
        {
            name: pd.Series(dtype=object)
            for name in ("customer_id", "name", "tier_name", "merged_ids")
        }
        | {"total_score": pd.Series(dtype="float64")}
    )


def _t(key: str, lang: str, **params: object) -> str:
    return text(f"history.{key}", lang, **params)
