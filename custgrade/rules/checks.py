"""The consistency checks of grading rules, each written once.

A check looks at plain values and returns a `Problem` (or None): the
message key, the place to name relative to the value checked, and the
numbers and names the message needs.  The `Rules` model's validators run
the checks and raise the problem as a `RuleProblem`; `explain` turns it
into the localised `RulesError` naming the cell or key.  So a check that
tiers rank in the order listed exists once, and every source of rules —
the defaults, a TOML/YAML file, the 评级规则 sheet, Python code — gets it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from custgrade.messages import CATALOGUE, error_text
from custgrade.rules.colors import color_from_name
from custgrade.rules.values import format_number

Loc = tuple[str | int, ...]
#: Names the place of a location for messages: "评级规则!B13", "rules.toml › tiers[1].min_score".
Locator = Callable[[Loc], str]

_HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class ByLanguage:
    """A message parameter that differs by language: ``{allowed:zh}`` / ``{allowed:en}``.

    Lists of choices read best in the user's language (字段 labels in a
    Chinese message, English labels in an English one), while both
    templates keep the same placeholder names.
    """

    zh: str
    en: str

    def __format__(self, spec: str) -> str:
        return self.en if spec == "en" else self.zh

    def __str__(self) -> str:
        return self.zh


@dataclass(frozen=True)
class Problem:
    """What is wrong with some rules, in terms a message can be built from.

    Attributes:
        code: the message key without ``error.``, e.g. ``rules-tier-order``.
        loc: the place to name, relative to the value that was checked
            (``(1, "min_score")`` within the tier list).
        params: the values of the message's placeholders besides ``where``.
        other: a second place the message names as ``{other}`` (the first
            of two keys that map the same field), relative like ``loc``.
    """

    code: str
    loc: Loc = ()
    params: Mapping[str, object] = field(default_factory=dict)
    other: Loc | None = None


class RuleProblem(ValueError):
    """A `Problem` raised inside a model validator, for `explain` to translate.

    The exception's text is the English message with key paths, so that a
    programmer building `Rules` in Python reads what a user would.
    """

    def __init__(self, problem: Problem, base: Loc = ()) -> None:
        self.problem = problem
        params = dict(problem.params)
        if problem.other is not None:
            params["other"] = key_path((*base, *problem.other))
        where = key_path((*base, *problem.loc)) or "rules"
        super().__init__(error_text(problem.code, "en", where=where, **params))


def key_path(loc: Loc) -> str:
    """A location as the key path the user wrote: ``tiers[2].min_score``, ``columns."钱"``.

    List indexes count from 0, as in jq, yq and JSONPath; a key that is not
    a bare TOML key (Chinese, spaces) is quoted, as TOML would need it.
    """
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int) and parts:
            parts[-1] += f"[{part}]"
        elif part != "[key]":
            text = str(part)
            parts.append(text if _BARE_KEY.match(text) else '"' + text.replace('"', '\\"') + '"')
    return ".".join(parts)


def check_weight_given(value: object) -> Problem | None:
    """A weight must be written: a blank one is refused rather than read as 0.

    Reading a blank as 0 hid typos (the weight typed one row too low) and
    named only the whole weight column in the sum error; 0 is typed on purpose.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return Problem("rules-weight-blank")
    return None


def check_dimensions(names: Sequence[str], required: Sequence[str]) -> Problem | None:
    """Every dimension must be present (only rules built in Python can lack one)."""
    missing = [name for name in required if name not in names]
    if missing:
        return Problem("rules-missing-dimension", (), {"value": ", ".join(missing)})
    return None


def check_weight_total(weights: Sequence[float]) -> Problem | None:
    """The weights are percentages of the total score, so they add up to 100."""
    total = sum(weights)
    if abs(total - 100) > 0.01:
        return Problem("rules-weights-sum", (), {"total": format_number(total, max_decimals=2)})
    return None


def check_dimension_measures(
    dimension: str,
    method: str,
    measures: Sequence[str],
    allowed: Sequence[str],
) -> Problem | None:
    """Thresholds must name the dimension's measures, and the thresholds method needs some.

    Scoring would silently ignore a misspelt measure, so it is refused with
    the place it was written.
    """
    for measure in measures:
        if measure not in allowed:
            listed = ByLanguage(
                *(
                    ", ".join(f"{CATALOGUE[f'rules.measure.{m}'][i]} ({m})" for m in allowed)
                    for i in (0, 1)
                )
            )
            return Problem(
                "rules-unknown-measure",
                (dimension, "thresholds", measure),
                {"value": measure, "allowed": listed},
            )
    if method == "thresholds" and not measures:
        return Problem("rules-thresholds-missing", (dimension, "method"))
    return None


def check_thresholds(
    measure: str, cuts: Sequence[float], *, lower_is_better: bool
) -> Problem | None:
    """Thresholds are listed from worst to best, strictly: ascending, or descending for days."""
    if not cuts:
        return Problem("rules-thresholds-empty", (measure,))
    shown = ", ".join(format_number(cut) for cut in cuts)
    pairs = list(pairwise(cuts))
    if lower_is_better and not all(a > b for a, b in pairs):
        return Problem("rules-thresholds-descending", (measure,), {"value": shown})
    if not lower_is_better and not all(a < b for a, b in pairs):
        return Problem("rules-thresholds-ascending", (measure,), {"value": shown})
    return None


def normalise_color(value: str) -> str | None:
    """``#RRGGBB`` in upper case from "#ffd700", "FFD700", " #FFD700 " or "金色"; else None.

    A palette name (``vocab/colors.toml``) is what the sheet's dropdown offers.
    """
    named = color_from_name(value)
    if named is not None:
        return named
    value = value.strip()
    if not value.startswith("#"):
        value = "#" + value
    return value.upper() if _HEX_COLOR.match(value) else None


def check_color(value: str, tier: str) -> Problem | None:
    """A tier colour is a palette name or a hex colour, so spreadsheets can fill with it."""
    if normalise_color(value) is None:
        return Problem("rules-bad-color", (), {"name": tier, "value": value})
    return None


def check_tiers(names: Sequence[str], cuts: Sequence[float]) -> Problem | None:
    """Tiers rank in the order listed and cover 0–100 without gaps or overlaps.

    The list is read top down, highest tier first.  A cut-off above the one
    of the tier listed before it is refused rather than re-sorted: re-sorting
    silently made 金牌 the top tier when its cut-off was typed above VIP's.
    """
    if not names:
        return Problem("rules-no-tiers")
    for index, name in enumerate(names):
        if name in names[:index]:
            return Problem("rules-tier-duplicate", (index, "name"), {"name": name})
    for index, (above, below) in enumerate(pairwise(cuts), start=1):
        if below > above:
            params = {
                "name": names[index],
                "value": format_number(below),
                "above": names[index - 1],
                "above_value": format_number(above),
            }
            return Problem("rules-tier-order", (index, "min_score"), params)
        if below == above:
            pair = {"first": names[index - 1], "second": names[index]}
            return Problem("rules-tier-overlap", (), {**pair, "value": format_number(below)})
    if cuts[-1] != 0:
        return Problem("rules-tier-gap", (), {"name": names[-1], "value": format_number(cuts[-1])})
    return None


def check_lifecycle(active_days: int, churn_days: int) -> Problem | None:
    """A customer is dormant between active and churned, so churn comes later."""
    if churn_days <= active_days:
        params = {"churn": str(churn_days), "active": str(active_days)}
        return Problem("rules-lifecycle-order", ("churn_days",), params)
    return None
