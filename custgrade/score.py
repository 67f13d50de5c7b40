"""Scores 0–100 per measure, per dimension and in total.

Every method is a non-decreasing function of the measure alone, fitted on
the whole file and applied to whole columns, so equal measures always get
equal scores (never split by row order) and more of a good thing never
lowers a score.  A customer with nothing to show for a measure (no
purchases, never bought) scores 0 on it; a missing satisfaction rating is
neutral instead: it is left out of that customer's dimension mean.
Complaints are not a measure to rank by but a penalty on the interaction
dimension, so a complaint can only lower a score.

The fitted scale of a measure (`fit_scale`) also scores values that no
customer has yet, which is what the advice needs: “one more order of ¥X,
scored against everyone else”.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pandas as pd

from custgrade.result import Note
from custgrade.rounding import excel_round
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

#: Points the interaction dimension loses per complaint in the window (floored at 0).
COMPLAINT_PENALTY = 10.0
#: The measure that is a penalty, never a score of its own.
PENALTY_MEASURE = "complaint_count"
#: Measures where a missing value is neutral (left out of the mean), not "nothing to show".
NEUTRAL_WHEN_MISSING: frozenset[str] = frozenset({"satisfaction"})

FloatArray = npt.NDArray[np.float64]


def goodness(values: pd.Series | FloatArray, measure: str) -> FloatArray:
    """The measure turned so that higher is better, as floats.

    NaN means the customer is not ranked on it: nothing to show (no
    purchases, never bought, spend ≤ 0), which scores 0, or, for a
    satisfaction rating, unrated, which is left out.
    """
    raw = np.asarray(values, dtype="float64")
    if measure in LOWER_IS_BETTER:
        return -raw
    if measure in NEUTRAL_WHEN_MISSING:
        return raw
    return np.where(raw > 0, raw, np.nan)


IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class DistinctCounts:
    """The distinct values of a sorted population, and how many values lie below each.

    Ranking a million candidates against a million values costs two binary
    searches each over the whole population; most measures hold few
    distinct values (counts, days, ratings), so one search over those is
    far cheaper and gives the very same counts.
    """

    values: FloatArray
    below: IntArray  # below[i]: population values < values[i]; below[-1]: the population size

    @classmethod
    def of(cls, ranked: FloatArray) -> DistinctCounts:
        """The distinct values of ``ranked`` (sorted, no NaN)."""
        fresh = np.ones(len(ranked), dtype=bool)
        fresh[1:] = ranked[1:] != ranked[:-1]
        starts = np.flatnonzero(fresh)
        return cls(ranked[starts], np.append(starts, len(ranked)).astype(np.int64))

    def below_and_equal(self, good: FloatArray) -> tuple[IntArray, IntArray]:
        """Per value: population values below it and equal to it (NaN: all below, none equal).

        The same as ``searchsorted(ranked, good, "left")`` and the
        difference to ``side="right"``.
        """
        if not len(self.values):
            zeros = np.zeros(len(good), dtype=np.int64)
            return zeros, zeros
        at = np.searchsorted(self.values, good, side="left")
        inside = np.minimum(at, len(self.values) - 1)
        hit = (at < len(self.values)) & (self.values[inside] == good)
        equal = np.where(hit, self.below[inside + 1] - self.below[inside], 0)
        less: IntArray = self.below[at]
        return less, equal


@dataclass(frozen=True)
class Scale:
    """The scoring function of one measure, fitted on a fixed population.

    ``ranked`` holds the population's ranked values (goodness, sorted),
    ``n`` the population size that percentiles divide by (every customer,
    or only the rated ones for a neutral-when-missing measure), ``edges``
    the band edges or signed thresholds.
    """

    measure: str
    method: ScoringMethod
    ranked: FloatArray
    n: int
    edges: FloatArray
    cutoffs: list[float]
    note: Note | None = None

    @cached_property
    def counts(self) -> DistinctCounts:
        """The population's distinct values, for percentiles."""
        return DistinctCounts.of(self.ranked)

    def apply(self, good: FloatArray, replaces: FloatArray | None = None) -> FloatArray:
        """Scores of goodness values; ``replaces`` are the values they take the place of.

        With ``replaces``, each candidate is a customer whose own current
        value (in goodness, from the population) is swapped for the
        candidate, so a customer is never ranked against itself.
        """
        present = ~np.isnan(good)
        if self.method == "percentile":
            scores = self._percentile(good, replaces)
        elif (
            self.method == "bands"
            and replaces is not None
            and self.note is None
            and len(self.ranked)
        ):
            scores = _bands_replacing(self.ranked, replaces, good)
        elif self.method == "bands":
            band = np.searchsorted(self.edges, good, side="left") + 1
            scores = 100.0 * band / (len(self.edges) + 1)
        else:
            reached = np.searchsorted(self.edges, good, side="right")
            scores = 100.0 * reached / max(len(self.edges), 1)
        missing = np.nan if self.measure in NEUTRAL_WHEN_MISSING else 0.0
        return np.where(present, scores, missing)

    def _percentile(self, good: FloatArray, replaces: FloatArray | None) -> FloatArray:
        """(population values worse + half of the equal ones) / population size."""
        if self.n == 0:
            return np.zeros(len(good))
        less, equal = self.counts.below_and_equal(good)
        points = (self.n - len(self.ranked)) + less + equal / 2
        if replaces is not None:
            # the customer's own value counted as worse (1), equal (½) or better (0);
            # in the recomputed file it is the candidate itself: always equal (½)
            own = np.where(np.isnan(replaces), -np.inf, replaces)
            counted = np.where(own < good, 1.0, np.where(own == good, 0.5, 0.0))
            if self.measure in NEUTRAL_WHEN_MISSING:
                counted = np.where(np.isnan(replaces), 0.5, counted)
            points = points + 0.5 - counted
        result: FloatArray = points / self.n * 100
        return result


def fit_scale(
    population: pd.Series,
    measure: str,
    method: ScoringMethod,
    thresholds: list[float] | None = None,
) -> Scale:
    """Fit one measure's scoring function on the customers of the file."""
    good = goodness(population, measure)
    ranked = np.sort(good[~np.isnan(good)])
    n = len(ranked) if measure in NEUTRAL_WHEN_MISSING else len(good)
    if method == "thresholds":
        cuts = list(thresholds or [])
        signed = np.asarray([-c for c in cuts] if measure in LOWER_IS_BETTER else cuts, float)
        return Scale(measure, method, ranked, n, signed, [float(c) for c in cuts])
    if method == "bands":
        edges, note = _band_edges(ranked, measure)
        return Scale(measure, method, ranked, n, edges, _published(list(edges), measure), note)
    quantiles = list(_quintiles(ranked)) if len(ranked) else []
    return Scale(measure, method, ranked, n, np.array([]), _published(quantiles, measure))


def score_against(
    population: pd.Series,
    candidates: pd.Series,
    measure: str,
    method: ScoringMethod,
    thresholds: list[float] | None = None,
    *,
    replaces: pd.Series | None = None,
) -> pd.Series:
    """The score each candidate value would get against the population's fixed distribution.

    Used to ask “what would this customer score with one more order?”
    without re-ranking the whole file.  ``score_against(pop, pop)`` equals
    ``score_measure(pop)``.  Pass ``replaces`` (each candidate's current
    value in the population) to rank a candidate against the others only.
    """
    scale = fit_scale(population, measure, method, thresholds)
    own = None if replaces is None else goodness(replaces, measure)
    return pd.Series(scale.apply(goodness(candidates, measure), own), index=candidates.index)


@dataclass
class MeasureScore:
    """The scores of one measure and the cut-offs that produced them."""

    scores: pd.Series
    cutoffs: list[float]
    note: Note | None = None


def score_measure(
    values: pd.Series, measure: str, method: ScoringMethod, thresholds: list[float] | None = None
) -> MeasureScore:
    """Score one measure over all customers with the chosen method."""
    scale = fit_scale(values, measure, method, thresholds)
    scores = pd.Series(scale.apply(goodness(values, measure)), index=values.index)
    return MeasureScore(scores, scale.cutoffs, scale.note)


QUINTILES = np.array([0.2, 0.4, 0.6, 0.8])


def _quintiles(ranked: FloatArray) -> FloatArray:
    """Quintile edges of sorted values, linear interpolation (numpy's default method)."""
    at = (len(ranked) - 1) * QUINTILES
    lower = np.floor(at).astype(np.int64)
    upper = np.minimum(lower + 1, len(ranked) - 1)
    return _lerp(ranked[lower], ranked[upper], at - lower)


def _lerp(a: FloatArray, b: FloatArray, t: FloatArray) -> FloatArray:
    result: FloatArray = a + (b - a) * t
    return result


def _bands_replacing(ranked: FloatArray, old: FloatArray, new: FloatArray) -> FloatArray:
    """Band scores of ``new`` values, each with the quintile edges it would have in the file.

    A customer who moves changes the quintiles of the file a little (the
    edges are interpolated between its neighbours), and the smallest order
    that crosses an edge is exactly where that matters.  So each edge is
    computed over the sorted values with the customer's ``old`` value
    (goodness, NaN when not ranked) swapped for its ``new`` one, without
    building those arrays: the k-th value of the swapped array is read off
    the original by index arithmetic.
    """
    has_old, has_new = ~np.isnan(old), ~np.isnan(new)
    size = len(ranked) - has_old + has_new
    removed = np.searchsorted(ranked, np.nan_to_num(old), side="left")
    inserted = np.searchsorted(ranked, np.nan_to_num(new), side="left")
    inserted = inserted - (has_old & (removed < inserted))

    def kth(k: npt.NDArray[np.int64]) -> FloatArray:
        def without_old(j: npt.NDArray[np.int64]) -> FloatArray:
            shifted = j + (has_old[:, None] & (j >= removed[:, None]))
            picked: FloatArray = ranked[np.clip(shifted, 0, len(ranked) - 1)]
            return picked

        at_new = has_new[:, None] & (k == inserted[:, None])
        after = has_new[:, None] & (k > inserted[:, None])
        value = without_old(np.where(after, k - 1, k))
        result: FloatArray = np.where(at_new, new[:, None], value)
        return result

    at = (size[:, None] - 1) * QUINTILES[None, :]
    lower = np.floor(at).astype(np.int64)
    upper = np.minimum(lower + 1, size[:, None] - 1)
    edges = _lerp(kth(lower), kth(upper), at - lower)
    fresh = np.concatenate([np.ones((len(new), 1), bool), edges[:, 1:] != edges[:, :-1]], axis=1)
    below = (fresh & (edges < new[:, None])).sum(axis=1)
    result: FloatArray = 100.0 * (below + 1) / (fresh.sum(axis=1) + 1)
    return result


def _band_edges(ranked: FloatArray, measure: str) -> tuple[FloatArray, Note | None]:
    """Quintile edges (like RFM); edges over the distinct values, by count, when they collapse.

    When most customers share a value (most bought once), quantile edges
    coincide and a plain quintile split leaves two or three bands.  Then
    each edge is placed where the customers not yet banded split evenly
    over the bands still to fill, so a long tail of rare values no longer
    shares the lowest band with the crowd.
    """
    if not len(ranked):
        return np.array([]), None
    edges = np.unique(_quintiles(ranked))
    if len(edges) >= BAND_COUNT - 1:
        return edges, None
    distinct, counts = np.unique(ranked, return_counts=True)
    share = np.cumsum(counts) / len(ranked)
    bands = min(BAND_COUNT, len(distinct))
    picked: list[int] = []
    done = 0.0
    for left in range(bands, 1, -1):  # bands still to fill, the last takes the rest
        first = picked[-1] + 1 if picked else 0
        target = done + (1.0 - done) / left
        at = first + int(np.searchsorted(share[first:], target - 1e-12, side="left"))
        at = min(at, len(distinct) - left)  # leave one distinct value per band still open
        picked.append(at)
        done = float(share[at])
    note = Note("note.bands-by-count", {"measure": measure, "distinct": len(distinct)})
    return distinct[picked], note


def _published(cuts: list[float], measure: str) -> list[float]:
    values = [-c for c in cuts] if measure in LOWER_IS_BETTER else cuts
    return [round(float(v), 2) for v in values]


def dimension_score(parts: list[FloatArray], complaints: FloatArray | None = None) -> FloatArray:
    """Mean of the measure scores a customer has (NaN ones left out), less the complaint penalty.

    A customer with none of the dimension's measures (only an unrated
    satisfaction) gets NaN: the dimension is left out of their total.  A
    complaint lowers the score by COMPLAINT_PENALTY, never below 0, and
    turns a left-out dimension into 0, so it can never raise a total.
    """
    total = np.zeros(len(parts[0]))
    count = np.zeros(len(parts[0]))
    for part in parts:  # measure scores are finite or NaN
        missing = np.isnan(part)
        total += np.where(missing, 0.0, part)
        count += ~missing
    with np.errstate(invalid="ignore", divide="ignore"):
        base = np.where(count > 0, total / count, np.nan)
    if complaints is None:
        return base
    hit = np.nan_to_num(complaints, nan=0.0)
    penalised = np.maximum(np.where(np.isnan(base), 0.0, base) - COMPLAINT_PENALTY * hit, 0.0)
    result: FloatArray = np.where(hit > 0, penalised, base)
    return result


def weighted_total(dims: dict[str, FloatArray], weights: dict[str, float], size: int) -> FloatArray:
    """Weighted mean of the dimension scores as shown, rounded to one decimal as Excel does.

    Weights are in % of the dimensions in play; a dimension left out for
    one customer (NaN) shares its weight among that customer's others.
    """
    # the scores as the sheet shows them: the live 总评分 formula sees nothing else
    shown = {d: excel_round(s, 1) for d, s in dims.items() if weights.get(d, 0.0) > 0}
    return shown_total(shown, weights, size)


def shown_total(shown: dict[str, FloatArray], weights: dict[str, float], size: int) -> FloatArray:
    """`weighted_total` of dimension scores already rounded as the sheet shows them."""
    total, weight = np.zeros(size), np.zeros(size)
    for dim, scores in shown.items():
        w = weights.get(dim, 0.0)
        if w <= 0:
            continue
        missing = np.isnan(scores)
        total += w * np.where(missing, 0.0, scores)  # scores are finite or NaN
        weight += w * ~missing
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(weight > 0, total / weight, 0.0)
    return excel_round(mean, 1)


def penalised_dimension() -> DimensionName:
    """The dimension complaints count against: the one listing them, else 互动情况."""
    for dim, measures in DIMENSION_MEASURES.items():
        if PENALTY_MEASURE in measures:
            return dim
    return "interaction"


def scored_measures(
    measures: pd.DataFrame, available: dict[str, bool]
) -> dict[DimensionName, list[str]]:
    """The measures behind each dimension that this file provides (the penalty excluded)."""
    return {
        dim: [
            m
            for m in DIMENSION_MEASURES[dim]
            if m != PENALTY_MEASURE
            and available.get(m)
            and m in measures
            and bool(measures[m].notna().any())
        ]
        for dim in DIMENSIONS
    }


def rule_scale(values: pd.Series, measure: str, rule: DimensionRule) -> Scale:
    """One measure's scale under its dimension's rule (percentile when it has no thresholds)."""
    thresholds = rule.thresholds.get(measure)
    method: ScoringMethod = rule.method
    if method == "thresholds" and not thresholds:
        method = "percentile"  # a measure without thresholds of its own
    return fit_scale(values, measure, method, thresholds)


@dataclass
class Scored:
    """Dimension and total scores, the cut-offs used and the weights applied."""

    scores: pd.DataFrame  # frequency_score ... total_score, one decimal
    measure_scores: pd.DataFrame  # one column per measure
    cutoffs: pd.DataFrame
    weights: dict[str, float]  # effective weights in %, 0 for a dimension left out
    notes: list[Note] = field(default_factory=list)


def score_customers(measures: pd.DataFrame, available: dict[str, bool], rules: Rules) -> Scored:
    """Score every dimension and combine the informative ones with the weights.

    A dimension with no data, or the same score for every customer (which
    tells customers apart no better than nothing), gets weight 0 and the
    others are scaled up to 100 %, with a note saying which and why.
    """
    used = scored_measures(measures, available)
    complaints = _complaints(measures)
    per_measure: dict[str, FloatArray] = {}
    rows: list[dict[str, object]] = []
    notes: list[Note] = []
    dims: dict[str, FloatArray] = {}
    for dim in DIMENSIONS:
        rule = rules.dimensions[dim]
        for measure in used[dim]:
            scale = rule_scale(measures[measure], measure, rule)
            per_measure[measure] = scale.apply(goodness(measures[measure], measure))
            rows.append(_cutoff_row(dim, measure, scale))
            if scale.note:
                notes.append(scale.note)
        if used[dim]:
            penalty = complaints if dim == penalised_dimension() else None
            dims[dim] = dimension_score([per_measure[m] for m in used[dim]], penalty)
    if complaints is not None and dims.get(penalised_dimension()) is not None:
        rows.append(_penalty_row(penalised_dimension()))
    weights, weight_notes = effective_weights(rules, dims)
    scores = pd.DataFrame(
        {f"{d}_score": excel_round(dims[d], 1) if d in dims else np.nan for d in DIMENSIONS},
        index=measures.index,
    )
    scores["total_score"] = weighted_total(dims, weights, len(measures))
    return Scored(
        scores=scores,
        measure_scores=pd.DataFrame(per_measure, index=measures.index),
        cutoffs=pd.DataFrame(rows, columns=["dimension", "measure", "method", "cutoffs", "values"]),
        weights=weights,
        notes=notes + weight_notes,
    )


def effective_weights(
    rules: Rules, dims: dict[str, FloatArray]
) -> tuple[dict[str, float], list[Note]]:
    """The weights in play: 0 for a dimension without data or without differences.

    When every dimension with data is the same for everyone (one customer,
    or identical ones), they are kept: dropping them all would leave no total.
    """
    no_data = [d for d in DIMENSIONS if d not in dims]
    constant = [d for d in DIMENSIONS if d in dims and _is_constant(dims[d])]
    kept = [d for d in DIMENSIONS if d in dims and d not in constant] or [
        d for d in DIMENSIONS if d in dims
    ]
    if len(kept) == len(dims):
        constant = []
    total = sum((rules.dimensions[d].weight for d in kept), 0.0)
    weights: dict[str, float] = {
        d: (rules.dimensions[d].weight * 100 / total if total > 0 else 100 / len(kept))
        if d in kept
        else 0.0
        for d in DIMENSIONS
    }
    notes = []
    if not dims:
        notes.append(Note("note.nothing-to-measure"))
    elif no_data:
        notes.append(Note("note.dimensions-no-data", {"dimensions": no_data}))
    if constant:
        notes.append(Note("note.dimensions-constant", {"dimensions": constant}))
    return weights, notes


def _is_constant(scores: FloatArray) -> bool:
    present = scores[~np.isnan(scores)]
    return len(present) == 0 or bool(np.all(present == present[0]))


def _complaints(measures: pd.DataFrame) -> FloatArray | None:
    if PENALTY_MEASURE not in measures:
        return None
    counts: FloatArray = np.nan_to_num(measures[PENALTY_MEASURE].to_numpy(np.float64), nan=0.0)
    return counts


def _cutoff_row(dim: str, measure: str, scale: Scale) -> dict[str, object]:
    return {
        "dimension": dim,
        "measure": measure,
        "method": scale.method,
        "cutoffs": " / ".join(f"{c:g}" for c in scale.cutoffs),
        "values": [float(c) for c in scale.cutoffs],  # exact, for the units the sheet shows
    }


def _penalty_row(dim: str) -> dict[str, object]:
    return {
        "dimension": dim,
        "measure": PENALTY_MEASURE,
        "method": "penalty",
        "cutoffs": f"-{COMPLAINT_PENALTY:g}",
        "values": [-float(COMPLAINT_PENALTY)],
    }
