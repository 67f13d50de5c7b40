"""Cut-offs in the data's units: "≥ 6 次", "> ¥12,000", "≤ 30 天".

The 评级规则 sheet of a result publishes the cut-offs each measure was
scored with.  Bare numbers (1200 / 9600 / 28500) leave the reader to guess
what was counted and in which direction; written with the measure's unit,
the comparison and the score they give, they read as a rule.

What each method's cut-offs mean (`custgrade.score`):

* thresholds: reaching the k-th of n thresholds scores 100·k/n (≥, or ≤ for days);
* bands: a value above the k-th of m band edges scores 100·(k+1)/(m+1);
* percentile: the edges are the file's quintiles, shown as "top 20 %: ≥ …";
* penalty: points taken off per complaint.
"""

from __future__ import annotations

from collections.abc import Sequence

from custgrade.messages import text
from custgrade.rules.model import LOWER_IS_BETTER
from custgrade.rules.values import format_number

#: Measures counted in money, shown with the run's currency.
MONEY_MEASURES: frozenset[str] = frozenset({"net_amount", "decayed_amount"})


def format_measure(value: float, measure: str, lang: str, currency: str = "¥") -> str:
    """One value of a measure with its unit: "6 次", "¥12,000", "¥502.75", "30 天"."""
    if measure in MONEY_MEASURES:
        return format_money(value, currency)
    shown = format_number(float(value), max_decimals=2)
    key = f"rules.unit.{measure}"
    if lang == "en" and value == 1:
        key = f"rules.unit-one.{measure}"
    return text(key, lang, value=shown)


def format_money(value: float, currency: str) -> str:
    """An amount with its currency and thousands separators: ¥12,000, ¥502.75, -¥200."""
    amount = round(abs(float(value)), 2)
    digits = f"{amount:,.0f}" if amount.is_integer() else f"{amount:,.2f}"
    return f"{'-' if value < 0 else ''}{currency}{digits}"


def describe_cutoffs(
    method: str, measure: str, cuts: Sequence[float], lang: str, currency: str = "¥"
) -> str:
    """The cut-offs of one measure as a rule a person reads, in the data's units.

    Args:
        method: how the measure was scored: percentile, bands, thresholds or penalty.
        measure: the measure's name (purchase_count, net_amount, recency_days ...).
        cuts: the cut-offs as `custgrade.score` publishes them: in the measure's
            own units, worst to best (days from most to fewest).
        lang: "zh" or "en".
        currency: the symbol of the run's money.

    Returns:
        E.g. "≥ 2 次：25 分；≥ 4 次：50 分" or "前 20%：≥ ¥7,402.82"; "—" when
        there is nothing to show (no customer had a value).
    """
    if method == "penalty":
        points = format_number(abs(float(cuts[0]))) if cuts else "0"
        return text("rules.used.penalty", lang, points=points)
    if not cuts:
        return "—"
    lower = measure in LOWER_IS_BETTER
    parts = [
        _part(method, index, len(cuts), lower, format_measure(cut, measure, lang, currency), lang)
        for index, cut in enumerate(cuts)
    ]
    return text("rules.used.separator", lang).join(parts)


def _part(method: str, index: int, count: int, lower: bool, value: str, lang: str) -> str:
    if method == "percentile":
        share = format_number(100 - 100 * (index + 1) / (count + 1), max_decimals=1)
        sign = "≤" if lower else "≥"
        return text("rules.used.quantile", lang, share=share, sign=sign, value=value)
    if method == "bands":
        score = 100 * (index + 2) / (count + 1)
        sign = "<" if lower else ">"
    else:
        score = 100 * (index + 1) / count
        sign = "≤" if lower else "≥"
    points = format_number(score, max_decimals=1)
    return text("rules.used.step", lang, sign=sign, value=value, points=points)
