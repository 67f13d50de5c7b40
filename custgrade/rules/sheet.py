"""The 评级规则 sheet: one layout for the output workbook, the template and input.

The sheet is read by office staff, so it is laid out as three small
tables with a 说明 column rather than as a key/value dump:

* 维度 — 权重(%) — 评分方法 — 固定阈值 — 说明
* 等级名称 — 最低总评分 — 等级颜色 — 等级图标 — 说明
* 设置 — 值 — — — 说明 (分析窗口, 分析基准日, 生命周期天数)
* 列对应: 工作表类型 — 原列名 — 对应字段 — — 说明 (columns mapped by hand;
  written with its header even when empty, so users see where to add one)

`rules_to_rows` writes it in one language; `rules_from_rows` reads it
back in either, finding the tables by their header rows so that blank
lines, moved tables and hand-typed values still read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from custgrade.fields import field_spec
from custgrade.messages import text
from custgrade.rules.colors import color_name
from custgrade.rules.columns import kind_label
from custgrade.rules.labels import SECTION_COLUMNS, SETTINGS, label
from custgrade.rules.model import Rules, TierRule
from custgrade.rules.sheet_read import read_rules_workbook, rules_from_rows
from custgrade.rules.values import format_number, plain_number

__all__ = [
    "EXPLAIN_COLUMN",
    "LayoutRow",
    "read_rules_workbook",
    "rules_from_rows",
    "rules_layout",
    "rules_to_rows",
    "sheet_name",
]

RowRole = Literal[
    "title", "note", "blank", "header", "dimension", "tier", "setting", "section", "column"
]

#: Column index of the 说明 column in every table (column E).
EXPLAIN_COLUMN = 4


@dataclass(frozen=True)
class LayoutRow:
    """One row of the sheet with what it is, so that a writer can format it.

    ``key`` is the section of a header row, the dimension or setting name
    of a data row, or the tier's index in ``Rules.tiers``.
    """

    role: RowRole
    cells: list[object] = field(default_factory=list)
    key: str = ""


def sheet_name(lang: str) -> str:
    """The name of the rules sheet in a language (评级规则 / Grading rules)."""
    return text("rules.sheet-name", lang)


def rules_to_rows(rules: Rules, lang: str) -> list[list[object]]:
    """The 评级规则 sheet as rows of cell values ("" for an empty cell).

    Row 0 is Excel row 1; values are str, int, float or date, ready for a
    workbook writer.  `rules_from_rows` reads the result back to ``rules``.
    """
    return [row.cells for row in rules_layout(rules, lang)]


def rules_layout(rules: Rules, lang: str) -> list[LayoutRow]:
    """The sheet's rows with their roles; `rules_to_rows` without the roles."""
    return [
        LayoutRow("title", [text("rules.title", lang)]),
        LayoutRow("note", [text("rules.note", lang)]),
        LayoutRow("note", [text("rules.note-methods", lang)]),
        LayoutRow("blank"),
        _header("dimensions", lang),
        *_dimension_rows(rules, lang),
        LayoutRow("blank"),
        _header("tiers", lang),
        *_tier_rows(rules.tiers, lang),
        LayoutRow("blank"),
        _header("settings", lang),
        *_setting_rows(rules, lang),
        LayoutRow("blank"),
        _section("columns", lang),
        _header("columns", lang),
        *_column_rows(rules, lang),
    ]


def _section(section: str, lang: str) -> LayoutRow:
    """The title above a table that needs one to be understood (列对应)."""
    explain = text(f"rules.explain.{section}-empty", lang)
    cells: list[object] = [text(f"rules.section.{section}", lang), "", "", "", explain]
    return LayoutRow("section", cells, section)


def _header(section: str, lang: str) -> LayoutRow:
    cells: list[object] = [text(key, lang) for key in SECTION_COLUMNS[section].values()]
    cells += [""] * (EXPLAIN_COLUMN - len(cells))
    return LayoutRow("header", [*cells, text("rules.col.explain", lang)], section)


def _dimension_rows(rules: Rules, lang: str) -> list[LayoutRow]:
    rows = []
    for name, rule in rules.dimensions.items():
        thresholds = "; ".join(
            f"{label('rules.measure', measure, lang)}: {', '.join(map(format_number, cuts))}"
            for measure, cuts in rule.thresholds.items()
        )
        cells: list[object] = [
            label("rules.dimension", name, lang),
            plain_number(rule.weight),
            label("rules.method", rule.method, lang),
            thresholds,
            text(f"rules.explain.{name}", lang),
        ]
        rows.append(LayoutRow("dimension", cells, name))
    return rows


def _tier_rows(tiers: list[TierRule], lang: str) -> list[LayoutRow]:
    rows = []
    for index, tier in enumerate(tiers):
        low = format_number(tier.min_score)
        explain = (
            text("rules.explain.tier-top", lang, low=low)
            if index == 0
            else text(
                "rules.explain.tier", lang, low=low, high=format_number(tiers[index - 1].min_score)
            )
        )
        cells: list[object] = [
            tier.name,
            plain_number(tier.min_score),
            color_name(tier.color, lang) or tier.color,
            tier.icon,
            explain,
        ]
        rows.append(LayoutRow("tier", cells, str(index)))
    return rows


def _setting_rows(rules: Rules, lang: str) -> list[LayoutRow]:
    values: dict[str, object] = {
        "window_days": rules.window_days,
        "as_of": rules.as_of if rules.as_of is not None else "",
        **rules.lifecycle.model_dump(),
    }
    return [
        LayoutRow(
            "setting",
            [
                label("rules.setting", name, lang),
                values[name],
                "",
                "",
                text(f"rules.explain.{name}", lang),
            ],
            name,
        )
        for name in SETTINGS
    ]


def _column_rows(rules: Rules, lang: str) -> list[LayoutRow]:
    rows = []
    for kind, mapping in rules.columns.items():
        for header, name in mapping.items():
            field = field_spec(kind, name).label(lang)
            explain = text("rules.explain.column", lang, header=header, field=field)
            cells: list[object] = [kind_label(kind, lang), header, field, "", explain]
            rows.append(LayoutRow("column", cells, kind))
    return rows
