"""Turn the raw settings of any rules source into a validated `Rules`.

Every source (the defaults, a TOML/YAML file, a 评级规则 sheet) produces a
nested dict shaped like `Rules`; this module overlays it on the rules it
refines, reads weights leniently and validates.  Validation errors are
translated here, once, into a `RulesError` whose message names the place
the user must change: the source supplies a *locator* that maps a pydantic
location such as ``("tiers", 2, "min_score")`` to "rules.toml ›
tiers[2].min_score" or to "评级规则!B14".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from custgrade.rules.checks import Locator, check_dimension_measures
from custgrade.rules.explain import explain_error, problem_error
from custgrade.rules.model import DIMENSION_MEASURES, Rules
from custgrade.rules.values import is_percent_text, parse_number


def build_rules(data: Mapping[str, Any], base: Rules, locate: Locator) -> Rules:
    """Validate ``data`` laid over ``base``; what ``data`` leaves out keeps its base value.

    Args:
        data: settings shaped like `Rules` (dimensions by name, tiers as a
            list in the user's order, lifecycle as a dict); may be partial.
        base: the rules that ``data`` refines (the defaults, or a rules file).
        locate: names the place of a pydantic location for error messages.

    Raises:
        RulesError: the merged rules are invalid; the message names the place.
    """
    merged = merge_rules(base, data)
    normalise_weights(merged)
    try:
        rules = Rules.model_validate(merged)
    except ValidationError as exc:
        raise explain_error(exc, merged, locate) from None
    check_measures(rules, locate)
    return rules


def merge_rules(base: Rules, data: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` as a plain dict with ``data`` laid over it.

    Dimensions and lifecycle merge key by key (a file that changes one
    weight keeps the other settings); tiers replace the base tiers as a
    whole, because a tier list only makes sense complete, and so does a
    column mapping (a 列对应 table replaces the rules file's ``[columns]``,
    so what the sheet shows is the whole mapping used).
    """
    merged = base.model_dump()
    for key, value in data.items():
        if key in ("dimensions", "lifecycle") and isinstance(value, Mapping):
            merged[key] = _merge_mapping(merged[key], value, nested=key == "dimensions")
        else:
            merged[key] = value
    return merged


def _merge_mapping(base: dict[str, Any], data: Mapping[str, Any], *, nested: bool) -> Any:
    merged = dict(base)
    for key, value in data.items():
        if nested and isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def normalise_weights(merged: dict[str, Any]) -> None:
    """Read weights written as 30, "30%" or 0.3 as percentages, in place.

    Fractions are recognised only when every weight is one and they add up
    to 1 (0.3, 0.4, 0.15, 0.15): a single 0.3 among 40, 15, 15 is more
    likely a slip, and the sum check will point at it.
    """
    dimensions = merged.get("dimensions")
    if not isinstance(dimensions, dict):
        return
    rules = [rule for rule in dimensions.values() if isinstance(rule, dict) and "weight" in rule]
    written_as_percent = any(is_percent_text(rule["weight"]) for rule in rules)
    numbers = [parse_number(rule["weight"]) for rule in rules]
    for rule, number in zip(rules, numbers, strict=True):
        if number is not None:
            rule["weight"] = number
    if None in numbers or written_as_percent or not numbers:
        return
    values = [n for n in numbers if n is not None]
    if all(0 <= n <= 1 for n in values) and abs(sum(values) - 1) < 1e-6:
        for rule, number in zip(rules, values, strict=True):
            rule["weight"] = round(number * 100, 9)


def check_measures(rules: Rules, locate: Locator) -> None:
    """Thresholds must name the dimension's measures, and the thresholds method needs some.

    Run on rules from files and sheets rather than in the model, so that
    code may share one thresholds table across dimensions (scoring reads
    only each dimension's own measures).
    """
    for name, rule in rules.dimensions.items():
        allowed = DIMENSION_MEASURES[name]
        problem = check_dimension_measures(name, rule.method, list(rule.thresholds), allowed)
        if problem is not None:
            raise problem_error(problem, ("dimensions",), locate)
