"""Translate pydantic validation errors of `Rules` into messages people can act on.

Pydantic says *what* failed in programmer's terms ("Input should be less
than or equal to 100"); the user needs the place, their own value and the
fix.  The first error is explained (fixing one and re-running is how
people work through a rules sheet); cross-field problems — weights that do
not add up, tiers with gaps or overlaps — are re-derived from the data so
that the message can name the tiers and numbers involved.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from custgrade.errors import RulesError
from custgrade.messages import text
from custgrade.rules.model import (
    DIMENSION_MEASURES,
    LOWER_IS_BETTER,
    DimensionName,
    DimensionRule,
    LifecycleRule,
    Rules,
    TierRule,
)
from custgrade.rules.values import format_number, parse_number

Loc = tuple[str | int, ...]
Locator = Callable[[Loc], str]

_NOT_A_NUMBER = {"float_parsing", "float_type", "int_parsing", "int_type", "finite_number"}
_OUT_OF_RANGE = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}
_DAY_FIELDS = {"window_days", "new_days", "active_days", "churn_days"}
_MAX_DAYS = 36500


def show(value: object) -> str:
    """A value as the user would recognise it in a message (30.0 → "30")."""
    if isinstance(value, float):
        return format_number(value)
    return str(value)


def explain_error(exc: ValidationError, merged: dict[str, Any], locate: Locator) -> RulesError:
    """The `RulesError` for the first problem pydantic found in ``merged``."""
    error = exc.errors(include_url=False)[0]
    loc: Loc = tuple(error["loc"])
    kind: str = error["type"]
    value = error.get("input")
    if kind == "value_error":
        return _explain_value_error(loc, merged, locate, value)
    if kind == "extra_forbidden":
        return unknown_key_error(locate(loc), str(loc[-1]), list(_model_at(loc[:-1]).model_fields))
    if kind == "missing":
        return RulesError("rules-missing-value", where=locate(loc), setting=loc[-1])
    if kind == "literal_error" and loc[-1] == "[key]":
        return RulesError("rules-unknown-dimension", where=locate(loc[:-1]), value=loc[-2])
    if kind == "literal_error" and loc[-1] == "method":
        return RulesError("rules-unknown-method", where=locate(loc), value=show(value))
    return _explain_field(loc, kind, value, merged, locate, error.get("ctx", {}))


def _explain_field(
    loc: Loc, kind: str, value: object, merged: dict[str, Any], locate: Locator, ctx: dict[str, Any]
) -> RulesError:
    where, field, shown = locate(loc), loc[-1], show(value)
    if field == "weight":
        key = "rules-not-a-number" if kind in _NOT_A_NUMBER else "rules-weight-range"
        return RulesError(key, where=where, value=shown)
    if field == "min_score" and kind in _NOT_A_NUMBER:
        return RulesError("rules-not-a-number", where=where, value=shown)
    if field == "min_score" and kind in _OUT_OF_RANGE:
        name = _tier_field(merged, loc, "name")
        return RulesError("rules-tier-score-range", where=where, name=name, value=shown)
    if field in _DAY_FIELDS and kind in _OUT_OF_RANGE:
        low = ctx.get("ge", 1)
        high = ctx.get("le", _MAX_DAYS)
        return RulesError("rules-days-range", where=where, value=shown, low=low, high=high)
    if field in _DAY_FIELDS:
        return RulesError("rules-not-whole-days", where=where, value=shown)
    if field == "name" and kind.startswith("string"):
        return RulesError("rules-tier-name", where=where, value=shown)
    if field == "icon":
        return RulesError("rules-tier-icon", where=where, value=shown)
    if field == "as_of":
        return RulesError("rules-bad-date", where=where, value=shown)
    return RulesError("rules-invalid", where=where, value=shown, detail=kind)


def _explain_value_error(
    loc: Loc, merged: dict[str, Any], locate: Locator, value: object
) -> RulesError:
    if loc == ("dimensions",):
        weights = [
            parse_number(rule.get("weight")) or 0.0 for rule in merged["dimensions"].values()
        ]
        total = format_number(round(sum(weights), 2))
        return RulesError("rules-weights-sum", where=locate(loc), total=total)
    if loc == ("tiers",):
        return explain_tiers(merged["tiers"], locate)
    if loc[-1] == "thresholds":
        return _explain_thresholds(loc, value, locate)
    if loc[-1] == "color":
        name = _tier_field(merged, loc, "name")
        return RulesError("rules-bad-color", where=locate(loc), name=name, value=show(value))
    if loc == ("lifecycle",):
        lifecycle = merged["lifecycle"]
        return RulesError(
            "rules-lifecycle-order",
            where=locate(("lifecycle", "churn_days")),
            churn=show(lifecycle["churn_days"]),
            active=show(lifecycle["active_days"]),
        )
    return RulesError("rules-invalid", where=locate(loc), value=show(value), detail="value_error")


def explain_tiers(tiers: Sequence[dict[str, Any]], locate: Locator) -> RulesError:
    """Which coverage rule the tiers break, in the order the model checks them."""
    if not tiers:
        return RulesError("rules-no-tiers", where=locate(("tiers",)))
    names = [str(tier["name"]) for tier in tiers]
    for index, name in enumerate(names):
        if name in names[:index]:
            return RulesError(
                "rules-tier-duplicate", where=locate(("tiers", index, "name")), name=name
            )
    scores = [float(tier["min_score"]) for tier in tiers]
    for index, score in enumerate(scores):
        if score in scores[:index]:
            first = names[scores.index(score)]
            return RulesError(
                "rules-tier-overlap",
                where=locate(("tiers",)),
                first=first,
                second=names[index],
                value=show(score),
            )
    lowest = scores.index(min(scores))
    return RulesError(
        "rules-tier-gap", where=locate(("tiers",)), name=names[lowest], value=show(scores[lowest])
    )


def _explain_thresholds(loc: Loc, value: object, locate: Locator) -> RulesError:
    thresholds: dict[str, list[float]] = value if isinstance(value, dict) else {}
    for measure, raw in thresholds.items():
        numbers = [parse_number(cut) for cut in raw] if isinstance(raw, list) else []
        cuts = [cut for cut in numbers if cut is not None]
        where = locate((*loc, measure))
        shown = ", ".join(show(cut) for cut in cuts)
        if not cuts:
            return RulesError("rules-thresholds-empty", where=where)
        pairs = list(itertools.pairwise(cuts))
        if measure in LOWER_IS_BETTER and not all(a > b for a, b in pairs):
            return RulesError("rules-thresholds-descending", where=where, value=shown)
        if measure not in LOWER_IS_BETTER and not all(a < b for a, b in pairs):
            return RulesError("rules-thresholds-ascending", where=where, value=shown)
    return RulesError("rules-invalid", where=locate(loc), value=show(value), detail="thresholds")


def unknown_key_error(where: str, key: str, allowed: Sequence[str]) -> RulesError:
    """An unknown setting name, with the closest allowed name when it looks like a typo."""
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    listed = ", ".join(allowed)
    if close:
        return RulesError(
            "rules-unknown-key-suggest",
            where=where,
            setting=key,
            suggestion=close[0],
            allowed=listed,
        )
    return RulesError("rules-unknown-key", where=where, setting=key, allowed=listed)


def unknown_measure_error(dimension: DimensionName, measure: str, locate: Locator) -> RulesError:
    """A threshold for a measure that the dimension does not have."""
    allowed = ", ".join(
        f"{text(f'rules.measure.{m}', 'zh')} ({m})" for m in DIMENSION_MEASURES[dimension]
    )
    where = locate(("dimensions", dimension, "thresholds", measure))
    return RulesError("rules-unknown-measure", where=where, value=measure, allowed=allowed)


def _model_at(parent: Loc) -> type[BaseModel]:
    if parent[:1] == ("dimensions",) and len(parent) == 2:
        return DimensionRule
    if parent[:1] == ("tiers",):
        return TierRule
    if parent == ("lifecycle",):
        return LifecycleRule
    return Rules


def _tier_field(merged: dict[str, Any], loc: Loc, field: str) -> str:
    try:
        return str(merged["tiers"][loc[1]][field])
    except (KeyError, IndexError, TypeError):
        return ""
