"""The four per-customer sheets: 基本信息, 等级信息, 评分信息, 分析报告.

Each builds its columns from whole columns of ``RunResult.customers`` and
hands them to `write_table`; nothing here loops over customers.  ID and
name come first on every sheet and stay in view with the header.  Which
cells are live formulas and which values is explained in
`custgrade.report.live`.

A result with more customers than a sheet holds is written a part at a
time (`customer_part`): each part is a result of its own customers, on
基本信息 (2) and so on (`custgrade.sheet_parts`); its formulas refer to
its own rows only, so they hold in every part.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from custgrade.fields import CUSTOMER_FIELDS, FieldSpec
from custgrade.messages import text
from custgrade.report.history import history_columns
from custgrade.report.live import (
    LiveNames,
    level_choice,
    live_tiers,
    live_totals,
    tier_formula,
    total_formula,
)
from custgrade.report.styles import Styles, column_width
from custgrade.report.table import (
    Column,
    date_column,
    formula_column,
    mixed_column,
    number_column,
    text_column,
    write_table,
)
from custgrade.result import RunResult
from custgrade.rules.colors import nearest_color_name
from custgrade.rules.model import DIMENSIONS
from custgrade.sheet_parts import locate, part_count, part_name

#: Always shown on 基本信息, in this order, even when empty.
LEADING_FIELDS: tuple[str, ...] = ("customer_id", "name", "phone", "email", "registered_at")
#: 等级信息 columns: 客户ID, 客户姓名, 等级名称 (C), 等级颜色, 等级图标, 总评分 (F),
#: the four dimension scores (G–J) and 净消费额 (K), which 概览's formulas sum.
TIER_AT = 2
ICON_AT = 4
TOTAL_AT = 5
TIER_SCORES_AT = 6
NET_AT = TIER_SCORES_AT + len(DIMENSIONS)
#: Widths of the wrapped 分析报告 columns: room for a sentence, a page wide in landscape.
TEXT_WIDTH = 50
LABELS_WIDTH = 24
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


def write_customers(ws: Worksheet, result: RunResult, styles: Styles, part: int = 0) -> None:
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
    columns.append(text_column(label("merged_ids", lang), customer_column(frame, "merged_ids")))
    columns.append(text_column(label("source_rows", lang), customer_column(frame, "source_rows")))
    write_table(
        ws, unique_headers(columns), styles, freeze=2, name=table_name("customers", lang, part)
    )


def write_tiers(
    ws: Worksheet, result: RunResult, styles: Styles, names: LiveNames, part: int = 0
) -> None:
    """等级信息: the tier, its colour by name and its icon, live over 总评分 and the cut-offs.

    The four dimension scores are repeated here so that 总评分 is a formula
    over cells of its own row (see `custgrade.report.live`).
    """
    frame, lang, tiers = result.customers, result.lang, result.rules.tiers
    totals = live_totals(result, names.kept)
    picked = live_tiers(totals, result.rules)
    level = len(tiers) - picked["tier_rank"].astype("int64")
    score_at: dict[str, int] = {dim: TIER_SCORES_AT + i for i, dim in enumerate(DIMENSIONS)}
    total_formula_text = total_formula(score_at, names)
    colours = [f'"{nearest_color_name(t.color, lang)}"' for t in tiers]
    columns = [
        text_column(label("customer_id", lang), customer_column(frame, "customer_id")),
        text_column(label("name", lang), customer_column(frame, "name")),
        formula_column(
            label("tier_name", lang),
            level_choice(ICON_AT, list(reversed(names.tiers))),
            picked["tier_name"],
            styles["text"],
            column_width(label("tier_name", lang), pd.Series([t.name for t in tiers])),
        ),
        formula_column(
            label("tier_color", lang),
            level_choice(ICON_AT, list(reversed(colours))),
            picked["tier_color"].map({t.color: nearest_color_name(t.color, lang) for t in tiers}),
            styles["text"],
            column_width(label("tier_color", lang), pd.Series([c.strip('"') for c in colours])),
        ),
        formula_column(
            label("tier_icon", lang),
            tier_formula(TOTAL_AT, names, [str(len(tiers) - i) for i in range(len(tiers))]),
            level.astype("float64"),
            styles["center"],
            column_width(label("tier_icon", lang), pd.Series(dtype=object)),
        ),
        _total_column(label("total_score", lang), total_formula_text, totals, styles),
    ]
    columns += [_score_column(f"{dim}_score", frame, lang, styles) for dim in DIMENSIONS]
    net = customer_column(frame, "net_amount")
    columns.append(number_column(label("net_amount", lang), net, styles.money(result.currency)))
    columns += history_columns(result, styles)  # 上次等级, 等级变化, 变化原因 of a re-run
    write_table(ws, columns, styles, freeze=2, name=table_name("tiers", lang, part))
    last = max(len(frame), 1)
    for col in (TIER_AT, TIER_AT + 1):
        add_tier_fills(ws, (1, col, last, col), "$C2", names, styles)
    add_tier_icons(ws, (1, TIER_AT + 2, last, TIER_AT + 2), len(tiers))
    add_score_scale(ws, (1, TOTAL_AT, last, TOTAL_AT + len(DIMENSIONS)))


def write_scores(
    ws: Worksheet, result: RunResult, styles: Styles, names: LiveNames, part: int = 0
) -> None:
    """评分信息: the four dimension scores, the live total and the raw measures behind them."""
    frame, lang = result.customers, result.lang
    columns = [
        text_column(label("customer_id", lang), customer_column(frame, "customer_id")),
        text_column(label("name", lang), customer_column(frame, "name")),
    ]
    columns += [_score_column(f"{dim}_score", frame, lang, styles) for dim in DIMENSIONS]
    score_at: dict[str, int] = {dim: 2 + i for i, dim in enumerate(DIMENSIONS)}
    formula = total_formula(score_at, names)
    totals = live_totals(result, names.kept)
    columns.append(_total_column(label("total_score", lang), formula, totals, styles))
    for name, style in MEASURE_FORMATS.items():
        if style == "date":
            columns.append(date_column(label(name, lang), customer_column(frame, name), styles))
        else:
            fmt = styles.money(result.currency) if style == "money" else styles[style]
            columns.append(number_column(label(name, lang), customer_column(frame, name), fmt))
    write_table(ws, columns, styles, freeze=2, name=table_name("scores", lang, part))
    add_score_scale(ws, (1, 2, max(len(frame), 1), 2 + len(DIMENSIONS)))


def write_analysis(ws: Worksheet, result: RunResult, styles: Styles, part: int = 0) -> None:
    """分析报告: lifecycle, churn risk, labels and the written analysis per customer.

    The tier here is the one the analysis and advice were written for (a
    value): the sentences beside it do not change when 评级规则 is edited.
    """
    frame, lang = result.customers, result.lang
    columns = [
        text_column(
            label("customer_id", lang), customer_column(frame, "customer_id"), styles["top"]
        ),
        text_column(label("name", lang), customer_column(frame, "name"), styles["top"]),
        _tier_column(result, styles),
        text_column(label("lifecycle", lang), customer_column(frame, "lifecycle"), styles["top"]),
        text_column(label("churn_risk", lang), customer_column(frame, "churn_risk"), styles["top"]),
        text_column(label("labels", lang), customer_column(frame, "labels"), styles["wrap"]),
        text_column(label("analysis", lang), customer_column(frame, "analysis"), styles["wrap"]),
        text_column(
            label("suggestion", lang), customer_column(frame, "suggestion"), styles["wrap"]
        ),
    ]
    columns[5].width = min(columns[5].width, LABELS_WIDTH)
    for column in columns[-2:]:
        column.width = TEXT_WIDTH
    for column in columns[-3:]:
        column.wrap = True
    write_table(ws, columns, styles, freeze=2, name=table_name("analysis", lang, part))


def table_name(sheet: str, lang: str, part: int = 0) -> str:
    """The Excel Table name of a sheet (基本信息表 / CustomersTable; 基本信息表2 on its part 2)."""
    title = text(f"report.sheet.{sheet}", lang)
    if part:
        return text("report.table_name.part", lang, sheet=title, n=part + 1)
    return text("report.table_name", lang, sheet=title)


def customer_part(result: RunResult, rows: slice) -> RunResult:
    """The result as one part of its customers sees it: their rows, their history."""
    if (rows.start or 0) == 0 and (rows.stop is None or rows.stop >= len(result.customers)):
        return result
    history = result.history
    if history is not None:
        mine = history.customers.iloc[rows].reset_index(drop=True)
        history = dataclasses.replace(history, customers=mine)
    customers = result.customers.iloc[rows].reset_index(drop=True)
    return dataclasses.replace(result, customers=customers, history=history)


def customer_row_links(positions: pd.Series, result: RunResult) -> pd.Series:
    """An internal link to the row of each customer position in 基本信息 or its part.

    ``positions`` are zero-based positions in ``result.customers``; NaN gives None.
    """
    base = text("report.sheet.customers", result.lang)
    sheets = {
        float(i): "internal:'" + part_name(base, i, result.lang).replace("'", "''") + "'!A"
        for i in range(part_count(len(result.customers)))
    }
    part, row = locate(positions)
    links = part.map(sheets) + row.astype("Int64").astype(str)
    return links.astype(object).where(positions.notna(), None)


def unique_headers(columns: list[Column]) -> list[Column]:
    """Make header texts unique (an Excel Table refuses two equal column names)."""
    seen: dict[str, int] = {}
    for column in columns:
        count = seen.get(column.header, 0)
        seen[column.header] = count + 1
        if count:
            column.header = f"{column.header} ({count + 1})"
    return columns


def add_tier_fills(
    ws: Worksheet, area: tuple[int, int, int, int], tier_cell: str, names: LiveNames, styles: Styles
) -> None:
    """Colour each cell of ``area`` by the live tier in ``tier_cell`` (e.g. "$C2")."""
    for name, tier in zip(names.tiers, styles.tiers, strict=True):
        ws.conditional_format(
            *area,
            {
                "type": "formula",
                "criteria": f"={tier_cell}={name}",
                "format": styles.tier_fill(tier.name),
            },
        )


def add_tier_icons(ws: Worksheet, area: tuple[int, int, int, int], n_tiers: int) -> None:
    """An Excel icon set over the tier levels (n = top tier ... 1), icons only.

    Icon sets render in Excel and LibreOffice alike, where the emoji icons
    of the rules showed as boxes.  Signal bars read as a ranking: four bars
    for four tiers or fewer (the top tier always full), five for more.
    """
    icons = 4 if n_tiers <= 4 else 5
    style = {4: "4_ratings", 5: "5_ratings"}[icons]
    if n_tiers <= icons:
        steps = [float(n_tiers - k) for k in range(icons - 1)]
    else:
        steps = [n_tiers - k * (n_tiers - 1) / (icons - 1) for k in range(icons - 1)]
    ws.conditional_format(
        *area,
        {
            "type": "icon_set",
            "icon_style": style,
            "icons_only": True,
            "icons": [{"criteria": ">=", "type": "number", "value": v} for v in steps],
        },
    )


def add_score_scale(ws: Worksheet, area: tuple[int, int, int, int]) -> None:
    """Red–yellow–green over 0–50–100 on score columns."""
    ws.conditional_format(
        *area,
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


def _score_column(name: str, frame: pd.DataFrame, lang: str, styles: Styles) -> Column:
    return number_column(label(name, lang), customer_column(frame, name), styles["score"])


def _total_column(header: str, formula: str | None, totals: pd.Series, styles: Styles) -> Column:
    if formula is None:  # nothing to measure: 0 for everyone, nothing to recalculate
        return number_column(header, totals, styles["score"])
    width = column_width(header, pd.Series(["100.0"]), minimum=8) + 3
    return formula_column(header, formula, totals, styles["score"], width)


def _tier_column(result: RunResult, styles: Styles) -> Column:
    names = customer_column(result.customers, "tier_name")
    column = text_column(label("tier_name", result.lang), names)
    column.formats = styles.tier_formats(names)
    return column


def _field_column(name: str, frame: pd.DataFrame, lang: str, styles: Styles) -> Column:
    spec = _SPECS[name]
    series = customer_column(frame, name)
    if spec.kind == "date":
        return date_column(spec.label(lang), series, styles)
    if spec.kind in ("count", "number", "amount", "score"):
        return number_column(spec.label(lang), series, styles["number"])  # as the user kept it
    return text_column(spec.label(lang), series)


def customer_column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column of the customers table, or an all-empty one when it is absent."""
    if name in frame.columns:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _has_value(series: pd.Series) -> bool:
    present = series.notna()
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        present &= series.astype("string").str.strip().fillna("") != ""
    return bool(present.any())
