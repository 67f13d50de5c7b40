"""Grading rules: the model, its defaults, and reading them from files and sheets.

Public entry points: `load_rules` (TOML/YAML/rules workbook),
`rules_from_rows` / `rules_to_rows` (the 评级规则 sheet) and
`resolve_rules` (which source wins for a run).
"""

from custgrade.rules.files import load_rules
from custgrade.rules.model import DEFAULT_RULES, DimensionRule, LifecycleRule, Rules, TierRule
from custgrade.rules.resolve import resolve_rules
from custgrade.rules.sheet import rules_from_rows, rules_to_rows

__all__ = [
    "DEFAULT_RULES",
    "DimensionRule",
    "LifecycleRule",
    "Rules",
    "TierRule",
    "load_rules",
    "resolve_rules",
    "rules_from_rows",
    "rules_to_rows",
]
