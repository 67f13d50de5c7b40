"""The words of the 评级规则 sheet in both languages, and their reverse lookup.

A sheet written in English may be edited by someone who types Chinese,
and a technical user may type the canonical name ("bands"); every label
is therefore looked up in both languages and by canonical name, after
`normalize_header` folds width, case, spaces and punctuation.
"""

from __future__ import annotations

from collections.abc import Iterable

from custgrade.fields import normalize_header
from custgrade.messages import CATALOGUE, text
from custgrade.rules.model import DIMENSION_MEASURES, DIMENSIONS

METHODS: tuple[str, ...] = ("percentile", "bands", "thresholds")
MEASURES: tuple[str, ...] = tuple(m for d in DIMENSIONS for m in DIMENSION_MEASURES[d])
LIFECYCLE_SETTINGS: tuple[str, ...] = ("new_days", "active_days", "churn_days")
SETTINGS: tuple[str, ...] = ("window_days", "as_of", *LIFECYCLE_SETTINGS)

#: Columns of each section: field -> message key of its header label.
SECTION_COLUMNS: dict[str, dict[str, str]] = {
    "dimensions": {
        "name": "rules.col.dimension",
        "weight": "rules.col.weight",
        "method": "rules.col.method",
        "thresholds": "rules.col.thresholds",
    },
    "tiers": {
        "name": "rules.col.tier",
        "min_score": "rules.col.min-score",
        "color": "rules.col.color",
        "icon": "rules.col.icon",
    },
    "settings": {"name": "rules.col.setting", "value": "rules.col.value"},
    "columns": {
        "kind": "rules.col.kind",
        "header": "rules.col.header",
        "field": "rules.col.field",
    },
}

#: Columns a section cannot be read without, besides its first (name) column.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "dimensions": ("weight",),
    "tiers": ("min_score", "color"),
    "settings": ("value",),
    "columns": ("header", "field"),
}

#: Header words people use besides the catalogue labels.
_HEADER_EXTRAS: dict[str, tuple[str, ...]] = {
    "rules.col.dimension": ("评分维度", "dimensions"),
    "rules.col.weight": ("权重", "weight", "weights", "权重%", "比重"),
    "rules.col.method": ("方法", "method", "scoring"),
    "rules.col.thresholds": ("阈值", "thresholds", "threshold"),
    "rules.col.tier": ("等级", "tier name", "tiers", "会员等级"),
    "rules.col.min-score": ("最低分", "最低分数", "min score", "minimum score", "min_score"),
    "rules.col.color": ("颜色", "color", "colour"),
    "rules.col.icon": ("图标", "icon"),
    "rules.col.setting": ("设置项", "settings", "项目"),
    "rules.col.value": ("数值", "value", "设置值"),
    "rules.col.kind": ("工作表", "表类型", "sheet", "sheet type", "kind"),
    "rules.col.header": ("列名", "原始列名", "原表头", "column", "header", "your column"),
    "rules.col.field": ("字段", "标准字段", "field name", "maps to"),
}


def both(key: str) -> tuple[str, str]:
    """The zh and en text of a catalogue key."""
    return CATALOGUE[key]


def lookup_table(prefix: str, names: Iterable[str]) -> dict[str, str]:
    """Normalised zh label, en label and canonical name -> canonical name."""
    table: dict[str, str] = {}
    for name in names:
        for word in (*both(f"{prefix}.{name}"), name):
            table[normalize_header(word)] = name
    return table


def header_aliases(key: str) -> frozenset[str]:
    """All normalised spellings of a column header."""
    return frozenset(normalize_header(w) for w in (*both(key), *_HEADER_EXTRAS.get(key, ())))


DIMENSION_TABLE = lookup_table("rules.dimension", DIMENSIONS)
METHOD_TABLE = lookup_table("rules.method", METHODS)
MEASURE_TABLE = lookup_table("rules.measure", MEASURES)
SETTING_TABLE = lookup_table("rules.setting", SETTINGS)


def label(prefix: str, name: str, lang: str) -> str:
    """The label of a dimension, method, measure or setting in a language."""
    return text(f"{prefix}.{name}", lang)


#: Names of a sheet that holds rules rather than data, normalised: the one list
#: both the reader of input workbooks and the reader of rules workbooks use.
RULES_SHEET_NAMES: frozenset[str] = frozenset(
    normalize_header(n)
    for n in (*both("rules.sheet-name"), "规则", "评分规则", "等级规则", "grading rules")
)


def is_rules_sheet_name(name: str) -> bool:
    """True for a sheet named 评级规则 / Rules (and their variants): it holds rules, not data."""
    return normalize_header(name) in RULES_SHEET_NAMES


def setting_choices() -> list[str]:
    """The setting labels, Chinese then English, for an "unknown setting" message."""
    pairs = [both(f"rules.setting.{s}") for s in SETTINGS]
    return [zh for zh, _ in pairs] + [en for _, en in pairs]
