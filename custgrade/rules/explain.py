"""Translate validation errors of `Rules` into messages people can act on.

Two kinds of error reach here.  The rules' own checks (`checks`) already
say what is wrong as a `Problem`; it only needs its place named.  Pydantic's
type and range errors say *what* failed in programmer's terms ("Input
should be less than or equal to 100"); the user needs the place, their own
value and the fix.  The first error is explained (fixing one and re-running
is how people work through a rules sheet).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from custgrade.errors import RulesError
from custgrade.rules.checks import Loc, Locator, Problem, RuleProblem
from custgrade.rules.model import DimensionRule, LifecycleRule, Rules, TierRule
from custgrade.rules.values import format_number

_NOT_A_NUMBER = {"float_parsing", "float_type", "int_parsing", "int_type", "finite_number"}
_OUT_OF_RANGE = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}
_DAY_FIELDS = {"window_days", "new_days", "active_days", "churn_days"}
_MAX_DAYS = 36500


def show(value: object) -> str:
    """A value as the user would recognise it in a message (30.0 → "30")."""
    if isinstance(value, float):
        return format_number(value)
    return str(value)


def problem_error(problem: Problem, base: Loc, locate: Locator) -> RulesError:
    """The `RulesError` of a check's problem found at ``base`` (``("tiers",)``)."""
    params = dict(problem.params)
    if problem.other is not None:
        params["other"] = locate((*base, *problem.other))
    return RulesError(problem.code, where=locate((*base, *problem.loc)), **params)


def explain_error(exc: ValidationError, merged: dict[str, Any], locate: Locator) -> RulesError:
    """The `RulesError` for the first problem pydantic found in ``merged``."""
    error = exc.errors(include_url=False)[0]
    loc: Loc = tuple(error["loc"])
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx", {})
    if kind == "value_error" and isinstance(ctx.get("error"), RuleProblem):
        return problem_error(ctx["error"].problem, loc, locate)
    if kind == "extra_forbidden":
        return unknown_key_error(locate(loc), str(loc[-1]), list(_model_at(loc[:-1]).model_fields))
    if kind == "missing":
        return RulesError("rules-missing-value", where=locate(loc), setting=loc[-1])
    if kind == "literal_error" and loc[-1] == "[key]":
        return RulesError("rules-unknown-dimension", where=locate(loc[:-1]), value=loc[-2])
    if kind == "literal_error" and loc[-1] == "method":
        return RulesError("rules-unknown-method", where=locate(loc), value=show(value))
    return _explain_field(loc, kind, value, merged, locate, ctx)


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
        name = _tier_name(merged, loc)
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


def _model_at(parent: Loc) -> type[BaseModel]:
    if parent[:1] == ("dimensions",) and len(parent) == 2:
        return DimensionRule
    if parent[:1] == ("tiers",):
        return TierRule
    if parent == ("lifecycle",):
        return LifecycleRule
    return Rules


def _tier_name(merged: dict[str, Any], loc: Loc) -> str:
    try:
        return str(merged["tiers"][loc[1]]["name"])
    except (KeyError, IndexError, TypeError):
        return ""
