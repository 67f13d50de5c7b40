"""Scores 0–100 per measure, per dimension and in total.

Every method is a non-decreasing function of the measure alone, applied to
whole columns, so equal measures always get equal scores (never split by
row order) and more of a good thing never lowers a score.  A customer with
nothing to show for a measure (no purchases, never active) scores 0 on it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from custgrade.result import Note
from custgrade.rules.model import (
    DIMENSION_MEASURES,
    DIMENSIONS,
    LOWER_IS_BETTER,
    DimensionName,
    DimensionRule,
    Rules,
    ScoringMethod,
)

BAND_COUNT = 5


@dataclass
class MeasureScore:
    """The scores of one measure and the cut-offs that produced them."""

    scores: pd.Series
    cutoffs: list[float]
    note: Note | None = None


def goodness(values: pd.Series, measure: str) -> pd.Series:
    """The measure turned so that higher is better; nothing-to-show becomes NaN."""
    values = values.astype("float64")
    if measure in LOWER_IS_BETTER:
        return -values
    return values.where(values > 0)


def score_measure(
    values: pd.Series, measure: str, method: ScoringMethod, thresholds: list[float] | None = None
) -> MeasureScore:
    """Score one measure over all customers with the chosen method."""
    good = goodness(values, measure)
    if method == "percentile":
        return _percentile(good, measure)
    if method == "bands":
        return _bands(good, measure)
    cuts = thresholds or []
    signed = [-c for c in cuts] if measure in LOWER_IS_BETTER else list(cuts)
    reached = np.searchsorted(np.asarray(signed, dtype=float), good.to_numpy(), side="right")
    scores = pd.Series(100.0 * reached / max(len(cuts), 1), index=values.index)
    return MeasureScore(scores.where(good.notna(), 0.0), list(cuts))


def _percentile(good: pd.Series, measure: str) -> MeasureScore:
    """Mid-rank percentile among all customers: (worse + half of equal) / all."""
    n = len(good)
    rank = good.rank(method="average")
    worse_zero = (good.isna()).sum()
    scores = ((rank - 0.5 + worse_zero) / n * 100).where(good.notna(), 0.0) if n else rank
    quantiles = good.dropna().quantile([0.2, 0.4, 0.6, 0.8]).to_list() if good.notna().any() else []
    return MeasureScore(scores.fillna(0.0), _published(quantiles, measure))


def _bands(good: pd.Series, measure: str) -> MeasureScore:
    """Five quantile bands (like RFM), 20 points each; falls back when bands collapse.

    When most customers share a value (most bought once), quantile edges
    coincide and a plain quintile split would leave two or three bands.
    Then the distinct values are split into five groups instead, and a note
    says so.
    """
    present = good.dropna()
    if present.empty:
        return MeasureScore(pd.Series(0.0, index=good.index), [])
    edges = np.unique(present.quantile([0.2, 0.4, 0.6, 0.8]).to_numpy())
    note = None
    if len(edges) < BAND_COUNT - 1:
        distinct = np.unique(present.to_numpy())
        groups = np.array_split(distinct, min(BAND_COUNT, len(distinct)))
        edges = np.array([g[-1] for g in groups[:-1]])
        note = Note("note.bands-collapsed", {"measure": measure, "distinct": len(distinct)})
    band = np.searchsorted(edges, good.to_numpy(), side="left") + 1
    top = len(edges) + 1
    scores = pd.Series(100.0 * band / top, index=good.index).where(good.notna(), 0.0)
    return MeasureScore(scores, _published(list(edges), measure), note)


def _published(cuts: list[float], measure: str) -> list[float]:
    values = [-c for c in cuts] if measure in LOWER_IS_BETTER else cuts
    return [round(float(v), 2) for v in values]


@dataclass
class Scored:
    """Dimension and total scores, the cut-offs used and the weights applied."""

    scores: pd.DataFrame  # frequency_score ... total_score, one decimal
    measure_scores: pd.DataFrame  # one column per measure
    cutoffs: pd.DataFrame
    weights: dict[str, float]
    notes: list[Note]


def score_customers(measures: pd.DataFrame, available: dict[str, bool], rules: Rules) -> Scored:
    """Score every dimension the data can measure and combine them with the weights.

    A dimension with no measurable input is left out and the remaining
    weights are scaled up to 100 %, with a note saying so.
    """
    dims: dict[DimensionName, pd.Series] = {}
    per_measure: dict[str, pd.Series] = {}
    rows: list[dict[str, object]] = []
    notes: list[Note] = []
    for dim in DIMENSIONS:
        rule = rules.dimensions[dim]
        parts = []
        for measure in DIMENSION_MEASURES[dim]:
            if not available.get(measure):
                continue
            result = _score_one(measures[measure], measure, rule)
            per_measure[measure] = result.scores
            parts.append(result.scores)
            rows.append(_cutoff_row(dim, measure, rule, result))
            if result.note:
                notes.append(result.note)
        if parts:
            dims[dim] = pd.concat(parts, axis=1).mean(axis=1)
    weights = _effective_weights(rules, list(dims))
    if not dims:
        notes.append(Note("note.nothing-to-measure"))
    elif set(dims) != set(DIMENSIONS):
        missing = [d for d in DIMENSIONS if d not in dims]
        notes.append(Note("note.weights-renormalised", {"dimensions": missing}))
    scores = pd.DataFrame(
        {f"{d}_score": dims.get(d, np.nan) for d in DIMENSIONS}, index=measures.index
    )
    total = sum((dims[d] * weights[d] / 100 for d in dims), pd.Series(0.0, index=measures.index))
    scores["total_score"] = total
    return Scored(
        scores=scores.round(1),
        measure_scores=pd.DataFrame(per_measure, index=measures.index),
        cutoffs=pd.DataFrame(rows, columns=["dimension", "measure", "method", "cutoffs"]),
        weights=weights,
        notes=notes,
    )


def _score_one(values: pd.Series, measure: str, rule: DimensionRule) -> MeasureScore:
    thresholds = rule.thresholds.get(measure)
    method: ScoringMethod = rule.method
    if method == "thresholds" and not thresholds:
        method = "percentile"  # a measure without thresholds of its own
    return score_measure(values, measure, method, thresholds)


def _cutoff_row(
    dim: str, measure: str, rule: DimensionRule, result: MeasureScore
) -> dict[str, object]:
    return {
        "dimension": dim,
        "measure": measure,
        "method": rule.method,
        "cutoffs": " / ".join(f"{c:g}" for c in result.cutoffs),
    }


def _effective_weights(rules: Rules, measured: list[DimensionName]) -> dict[str, float]:
    total = sum((rules.dimensions[d].weight for d in measured), 0.0)
    if total <= 0:
        return {d: 100 / len(measured) for d in measured} if measured else {}
    return {d: rules.dimensions[d].weight * 100 / total for d in measured}


def measure_for_score(values: pd.Series, scores: pd.Series, targets: pd.Series) -> pd.Series:
    """The smallest measure among customers that reaches each target score (NaN if none does).

    Scores are a non-decreasing function of the measure, so the curve of
    (value, best score at or below it) is searched once for all targets.
    """
    curve = pd.DataFrame({"v": values.to_numpy(), "s": scores.to_numpy()}).dropna()
    curve = curve.sort_values("v").drop_duplicates("v", keep="last")
    best = np.maximum.accumulate(curve["s"].to_numpy()) if len(curve) else np.array([])
    pos = np.searchsorted(best, targets.to_numpy(), side="left")
    found = pos < len(best)
    picked = curve["v"].to_numpy()[np.minimum(pos, max(len(best) - 1, 0))] if len(best) else pos
    return pd.Series(np.where(found, picked, np.nan), index=targets.index)
