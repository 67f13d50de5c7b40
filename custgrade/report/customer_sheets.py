"""The four per-customer sheets: 基本信息, 等级信息, 评分信息, 分析报告.

Each builds its columns from whole columns of ``RunResult.customers`` and
hands them to `write_table`; nothing here loops over customers.
"""

from __future__ import annotations

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from custgrade.fields import CUSTOMER_FIELDS, FieldSpec
from custgrade.messages import text
from custgrade.report.styles import MAX_WIDTH, Styles
from custgrade.report.table import (
    Column,
    date_column,
    mixed_column,
    number_column,
    text_column,
    write_table,
)
from custgrade.result import RunResult

#: Always shown on 基本信息, in this order, even when empty.
LEADING_FIELDS: tuple[str, ...] = ("customer_id", "name", "phone", "email", "registered_at")
SCORE_FORMATS: dict[str, str] = {
    "frequency_score": "score",
    "amount_score": "score",
    "activity_score": "score",
    "interaction_score": "score",
    "total_score": "score",
}
MEASURE_FORMATS: dict[str, str] = {
    "purchase_count": "count",
    "decayed_count": "score",
    "net_amount": "money",
    "decayed_amount": "money",
    "avg_amount": "money",
    "last_purchase_at": "date",
    "recency_days": "count",
    "campaign_count": "count",
    "contact_count": "count",
    "complaint_count": "count",
    "satisfaction_raw": "score",
    "satisfaction_scale": "count",
    "last_contact_at": "date",
}
_SPECS: dict[str, FieldSpec] = {spec.name: spec for spec in CUSTOMER_FIELDS}


def label(name: str, lang: str) -> str:
    """The localised header of a customer field or of a column the run added."""
    spec = _SPECS.get(name)
    return spec.label(lang) if spec else text(f"report.col.{name}", lang)


def write_customers(ws: Worksheet, result: RunResult, styles: Styles) -> None:
    """基本信息: contact fields first, then other known fields, carried columns, source rows."""
    frame, lang = result.customers, result.lang
    others = [
        spec.name
        for spec in CUSTOMER_FIELDS
        if spec.name not in LEADING_FIELDS
        and spec.name in frame.columns
        and _has_value(frame[spec.name])
    ]
    columns = [_field_column(name, frame, lang, styles) for name in (*LEADING_FIELDS, *others)]
    columns += [mixed_column(name, frame[name], styles) for name in result.extra_columns]
    columns.append(text_column(label("merged_ids", lang), _get(frame, "merged_ids")))
    columns.append(text_column(label("source_rows", lang), _get(frame, "source_rows")))
    write_table(ws, columns, styles)


def write_tiers(ws: Worksheet, result: RunResult, styles: Styles) -> None:
    """等级信息: the tier name and colour code on the tier's own colour."""
    frame, lang = result.customers, result.lang
    columns = [
        text_column(label("customer_id", lang), _get(frame, "customer_id")),
        text_column(label("name", lang), _get(frame, "name")),
        _tier_column(result, styles),
        text_column(label("tier_color", lang), _get(frame, "tier_color")),
        text_column(label("tier_icon", lang), _get(frame, "tier_icon")),
        number_column(label("total_score", lang), _get(frame, "total_score"), styles["score"]),
    ]
    columns[3].formats = columns[2].formats
    write_table(ws, columns, styles)


def write_scores(ws: Worksheet, result: RunResult, styles: Styles) -> None:
    """评分信息: the four dimension scores, the total and the raw measures behind them."""
    frame, lang = result.customers, result.lang
    columns = [text_column(label("customer_id", lang), _get(frame, "customer_id"))]
    for name, style in (*SCORE_FORMATS.items(), *MEASURE_FORMATS.items()):
        if style == "date":
            columns.append(date_column(label(name, lang), _get(frame, name), styles))
        else:
            columns.append(number_column(label(name, lang), _get(frame, name), styles[style]))
    write_table(ws, columns, styles)
    last_row = max(len(frame), 1)
    ws.conditional_format(
        1,
        1,
        last_row,
        len(SCORE_FORMATS),
        {
            "type": "3_color_scale",
            "min_type": "num",
            "min_value": 0,
            "mid_type": "num",
            "mid_value": 50,
            "max_type": "num",
            "max_value": 100,
            "min_color": "#F8696B",
            "mid_color": "#FFEB84",
            "max_color": "#63BE7B",
        },
    )


def write_analysis(ws: Worksheet, result: RunResult, styles: Styles) -> None:
    """分析报告: lifecycle, churn risk, labels and the written analysis per customer."""
    frame, lang = result.customers, result.lang
    columns = [
        text_column(label("customer_id", lang), _get(frame, "customer_id")),
        text_column(label("name", lang), _get(frame, "name")),
        _tier_column(result, styles),
        text_column(label("lifecycle", lang), _get(frame, "lifecycle")),
        text_column(label("churn_risk", lang), _get(frame, "churn_risk")),
        text_column(label("labels", lang), _get(frame, "labels"), styles["wrap"]),
        text_column(label("analysis", lang), _get(frame, "analysis"), styles["wrap"]),
        text_column(label("suggestion", lang), _get(frame, "suggestion"), styles["wrap"]),
    ]
    for column in columns[-2:]:
        column.width = MAX_WIDTH
    write_table(ws, columns, styles)


def _tier_column(result: RunResult, styles: Styles) -> Column:
    names = _get(result.customers, "tier_name")
    column = text_column(label("tier_name", result.lang), names)
    column.formats = styles.tier_formats(names)
    return column


def _field_column(name: str, frame: pd.DataFrame, lang: str, styles: Styles) -> Column:
    spec = _SPECS[name]
    series = _get(frame, name)
    if spec.kind == "date":
        return date_column(spec.label(lang), series, styles)
    if spec.kind in ("count", "number", "amount", "score"):
        return number_column(spec.label(lang), series, styles["number"])
    return text_column(spec.label(lang), series)


def _get(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column of the customers table, or an all-empty one when it is absent."""
    if name in frame.columns:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _has_value(series: pd.Series) -> bool:
    present = series.notna()
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        present &= series.astype("string").str.strip().fillna("") != ""
    return bool(present.any())
