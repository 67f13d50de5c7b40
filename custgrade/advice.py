"""What it takes to reach the next tier: one more order of ¥X, or k more purchases.

The advice is only worth giving if it is true, so it is found the way the
grading itself would find it: the customer's measures are recomputed with
the imagined orders (purchases, spend, recency … everything an order
changes, see ORDER_EFFECTS), each measure is scored against the other
customers' fixed distribution, and the dimension means and the weighted
total follow exactly as in `custgrade.score`.  Never a one-dimension
estimate: one order raises frequency, spend and activity together.

Scores are non-decreasing step functions of every measure an order
raises, so the total is non-decreasing in the amount and in the number of
purchases.  The smallest amount (in whole currency units) or count is
therefore found by a bisection that runs over all customers at once: about
thirty whole-column evaluations, each a `numpy.searchsorted` against the
file's sorted values, instead of a loop per customer.  (Enumerating the
breakpoints per customer would not be bounded: spend, time-decayed spend
and average order value all move with the amount, each with its own
breakpoints.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from custgrade.rounding import excel_round
from custgrade.rules.model import DimensionName, Rules
from custgrade.score import (
    FloatArray,
    Scale,
    dimension_score,
    goodness,
    penalised_dimension,
    rule_scale,
    scored_measures,
    shown_total,
)

#: One more order is searched up to this many times the file's largest net spend.
SPEND_CAP_FACTOR = 10.0
#: Extra purchases are searched up to this many times the file's largest purchase count …
PURCHASE_CAP_FACTOR = 2
#: … but at least this many (a file where everyone bought once still gets advice).
MIN_PURCHASE_CAP = 10

IntArray = npt.NDArray[np.int64]
Effect = Callable[[Mapping[str, FloatArray], FloatArray, FloatArray], FloatArray]

#: What ``count`` more orders worth ``amount`` in all, placed on the as-of date, do to a
#: measure (given the customer's current measures).  A scored measure not listed here is
#: held as it is, which can only understate the total and so never gives false advice.
ORDER_EFFECTS: dict[str, Effect] = {
    "purchase_count": lambda m, count, amount: m["purchase_count"] + count,
    "net_amount": lambda m, count, amount: m["net_amount"] + amount,
    # an order placed today has decayed by 2^0 = 1: it counts and spends in full
    "decayed_count": lambda m, count, amount: m["decayed_count"] + count,
    "decayed_amount": lambda m, count, amount: m["decayed_amount"] + amount,
    "avg_amount": lambda m, count, amount: (
        (m["net_amount"] + amount) / (m["purchase_count"] + count)
    ),
    "recency_days": lambda m, count, amount: np.zeros_like(amount),
}
#: Measures of ORDER_EFFECTS that can fall as the number of orders rises.
FALLS_WITH_COUNT: frozenset[str] = frozenset({"avg_amount"})
#: The search for the smallest amount or count first tries 1, then this many times more.
GALLOP_FACTOR = 16.0
#: What moves each measure of ORDER_EFFECTS: the number of orders, their amount, or neither.
MOVED_BY: dict[str, frozenset[str]] = {
    "purchase_count": frozenset({"count"}),
    "net_amount": frozenset({"amount"}),
    "decayed_count": frozenset({"count"}),
    "decayed_amount": frozenset({"amount"}),
    "avg_amount": frozenset({"count", "amount"}),
    "recency_days": frozenset(),
}


def after_orders(
    measures: pd.DataFrame,
    count: FloatArray,
    amount: FloatArray,
    as_of: dt.date | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """The measures after ``count`` more orders worth ``amount`` in all, placed on the as-of date.

    Counts and amounts a customer does not have yet start from 0; with
    ``as_of`` the last (and, for a first buyer, first) purchase date
    moves to it too.
    """
    base = _base(measures)
    out = measures.copy()
    for name, effect in ORDER_EFFECTS.items():
        if name in measures:
            out[name] = effect(base, count, amount)
    if as_of is not None:
        day = pd.Timestamp(as_of)
        if "last_purchase_at" in out:
            out["last_purchase_at"] = out["last_purchase_at"].where(count <= 0, day)
        if "first_purchase_at" in out:
            out["first_purchase_at"] = out["first_purchase_at"].fillna(day)
    return out


def _base(measures: pd.DataFrame) -> dict[str, FloatArray]:
    """Current values of the measures an order changes; counts and amounts a NaN has are 0."""
    return {
        name: np.nan_to_num(
            np.asarray(measures[name] if name in measures else np.zeros(len(measures)), float),
            nan=0.0,
        )
        for name in ("purchase_count", "net_amount", "decayed_count", "decayed_amount")
    }


class _AtRows(dict[str, FloatArray]):
    """The arrays of ``source`` at positions ``at``, each gathered when an effect first asks."""

    def __init__(self, source: Mapping[str, FloatArray], at: IntArray) -> None:
        super().__init__()
        self.source, self.at = source, at

    def __missing__(self, key: str) -> FloatArray:
        value = self.source[key][self.at]
        self[key] = value
        return value


@dataclass
class WhatIf:
    """The file held fixed while some customers' orders are imagined.

    ``rows`` are the positions of those customers; every array is aligned with them.
    """

    rows: IntArray
    dims: dict[DimensionName, list[str]]  # scored measures per dimension in the total
    scales: dict[str, Scale]
    current: dict[str, FloatArray]  # goodness of the customers' current values
    fixed: dict[str, FloatArray]  # scores of the measures no order changes
    base: dict[str, FloatArray]
    complaints: FloatArray | None
    weights: dict[str, float]
    held: frozenset[str] = frozenset()  # order-moved measures whose ``fixed`` score is set
    shown: dict[str, FloatArray] = field(default_factory=dict)  # dimensions no search moves

    def total(self, at: IntArray, count: FloatArray, amount: FloatArray) -> FloatArray:
        """Total scores of the customers at positions ``at`` with the imagined orders."""
        base = _AtRows(self.base, at)
        shown: dict[str, FloatArray] = {}
        for dim, names in self.dims.items():
            if dim in self.shown:
                shown[dim] = self.shown[dim][at]
            else:
                scores = self._dimension(dim, names, at, base, count, amount)
                shown[dim] = excel_round(scores, 1)
        return shown_total(shown, self.weights, len(at))

    def _dimension(
        self,
        dim: str,
        names: list[str],
        at: IntArray,
        base: Mapping[str, FloatArray],
        count: FloatArray,
        amount: FloatArray,
    ) -> FloatArray:
        parts = []
        for name in names:
            if self._moves(name):
                new = ORDER_EFFECTS[name](base, count, amount)
                good = goodness(new, name)
                parts.append(self.scales[name].apply(good, self.current[name][at]))
            else:
                parts.append(self.fixed[name][at])
        penalty = None
        if dim == penalised_dimension() and self.complaints is not None:
            penalty = self.complaints[at]
        return dimension_score(parts, penalty)

    def _moves(self, name: str) -> bool:
        return name in ORDER_EFFECTS and name not in self.held

    def rises(self) -> bool:
        """Whether the total provably never falls as the search goes up.

        Percentiles and thresholds of a measure that rises with the search
        never fall.  Bands re-place their edges around the customer's new
        value, and the average order value falls with more purchases below
        it; a search moving those is left to the plain bisection.
        """
        moving = [n for names in self.dims.values() for n in names if self._moves(n)]
        return all(self.scales[n].method != "bands" and n not in FALLS_WITH_COUNT for n in moving)

    def searching(self, moving: frozenset[str], count: FloatArray) -> WhatIf:
        """The same scene for a search in which only ``moving`` ("count", "amount") varies.

        The measures the search cannot move (MOVED_BY), scored after
        ``count`` more orders, and the dimensions made only of those are
        computed once, not again for every amount or count the search tries.
        """
        zero = np.zeros(len(count))
        fixed = dict(self.fixed)
        held = {n for names in self.dims.values() for n in names if n in ORDER_EFFECTS}
        held = {n for n in held if not MOVED_BY[n] & moving}
        for name in held:
            new = ORDER_EFFECTS[name](self.base, count, zero)
            fixed[name] = self.scales[name].apply(goodness(new, name), self.current[name])
        scene = replace(self, fixed=fixed, held=frozenset(held))
        everyone = np.arange(len(count))
        scene.shown = {
            dim: excel_round(scene._dimension(dim, names, everyone, self.base, count, zero), 1)
            for dim, names in self.dims.items()
            if not any(scene._moves(n) for n in names)
        }
        return scene


def what_if(
    measures: pd.DataFrame,
    rows: IntArray,
    rules: Rules,
    weights: dict[str, float],
    available: dict[str, bool],
) -> WhatIf:
    """Fit every scored measure on the whole file, to imagine orders for the customers at ``rows``.

    The weights are the effective ones: a dimension left out of the total stays out.
    """
    used = scored_measures(measures, available)
    dims = {d: names for d, names in used.items() if names and weights.get(d, 0.0) > 0}
    scales: dict[str, Scale] = {}
    current: dict[str, FloatArray] = {}
    fixed: dict[str, FloatArray] = {}
    for dim, names in dims.items():
        for name in names:
            scales[name] = rule_scale(measures[name], name, rules.dimensions[dim])
            current[name] = goodness(measures[name], name)[rows]
            fixed[name] = scales[name].apply(current[name])
    complaints = None
    if "complaint_count" in measures:
        complaints = np.nan_to_num(measures["complaint_count"].to_numpy(float), nan=0.0)[rows]
    base = {k: v[rows] for k, v in _base(measures).items()}
    return WhatIf(rows, dims, scales, current, fixed, base, complaints, weights)


def extra_spend(scene: WhatIf, targets: FloatArray, cap: float) -> FloatArray:
    """The smallest whole amount of ONE more order today that lifts each total to its target.

    NaN where even ``cap`` does not.
    """
    one = np.ones(len(targets))
    after_one = scene.searching(frozenset({"amount"}), one)
    return smallest_reaching(
        lambda at, amount: after_one.total(at, one[at], amount) >= targets[at],
        np.full(len(targets), np.ceil(cap)),
        gallop=after_one.rises(),
    )


def extra_purchases(
    scene: WhatIf, targets: FloatArray, order_value: FloatArray, cap: int
) -> FloatArray:
    """The fewest purchases of ``order_value`` each, placed today, that lift totals to target.

    NaN where even ``cap`` purchases do not.
    """
    some = scene.searching(frozenset({"count", "amount"}), np.ones(len(targets)))
    return smallest_reaching(
        lambda at, count: some.total(at, count, count * order_value[at]) >= targets[at],
        np.full(len(targets), float(cap)),
        gallop=some.rises(),
    )


def smallest_reaching(
    reaches: Callable[[IntArray, FloatArray], npt.NDArray[np.bool_]],
    cap: FloatArray,
    *,
    gallop: bool = False,
) -> FloatArray:
    """The smallest whole number 1 … cap for which ``reaches`` holds, for every customer at once.

    ``reaches(at, x)`` answers for the customers at positions ``at`` with
    values ``x`` and must be monotone in ``x`` (false, then true).  A
    bisection: the number of whole-column evaluations grows with log2(cap),
    not with the number of customers.  NaN where ``cap`` does not reach.

    With ``gallop``, 1, 16, 256 … cap are tried first, and each customer is
    then bisected only between the last number that fell short and the
    first that reached: most answers are far below the cap (two more
    purchases, an order of ¥1,500 where the cap is ¥13 million).  For a
    strictly monotone ``reaches`` the answer is the same.
    """
    everyone = np.arange(len(cap))
    hi, lo = cap.copy(), np.zeros(len(cap))
    if gallop:
        found = np.zeros(len(cap), dtype=bool)
        at, step = everyone, 1.0
        while len(at):
            probe = np.minimum(step, cap[at])
            ok = reaches(at, probe)
            found[at[ok]], hi[at[ok]], lo[at[~ok]] = True, probe[ok], probe[~ok]
            at, step = at[~ok & (probe < cap[at])], step * GALLOP_FACTOR
    else:
        found = reaches(everyone, cap)
    while True:
        at = everyone[found & (hi - lo > 1)]
        if not len(at):
            break
        mid = np.floor((lo[at] + hi[at]) / 2)
        ok = reaches(at, mid)
        hi[at] = np.where(ok, mid, hi[at])
        lo[at] = np.where(ok, lo[at], mid)
    return np.where(found, hi, np.nan)


def own_order_value(measures: pd.DataFrame, median: float | None = None) -> FloatArray:
    """Each customer's average order value; the file's median where they have none (or ≤ 0).

    ``median`` is the file's median order value when the caller knows it
    from the orders; else the median of the customers' own averages.
    """
    base = _base(measures)
    with np.errstate(invalid="ignore", divide="ignore"):
        own = np.where(base["purchase_count"] > 0, base["net_amount"] / base["purchase_count"], 0)
    own = np.where(own > 0, own, np.nan)
    if median is None:
        median = float(np.median(own[~np.isnan(own)])) if (~np.isnan(own)).any() else 0.0
    return np.where(np.isnan(own), max(median, 0.0), own)


def spend_cap(measures: pd.DataFrame, order_value: FloatArray) -> float:
    """SPEND_CAP_FACTOR × the file's largest net spend (or order value), at least 1."""
    largest = float(np.nanmax(_base(measures)["net_amount"], initial=0.0))
    typical = float(np.nanmax(order_value, initial=0.0))
    return SPEND_CAP_FACTOR * max(largest, typical, 1.0)


def purchase_cap(measures: pd.DataFrame) -> int:
    """PURCHASE_CAP_FACTOR × the file's largest purchase count, at least MIN_PURCHASE_CAP."""
    largest = float(np.nanmax(_base(measures)["purchase_count"], initial=0.0))
    return max(MIN_PURCHASE_CAP, int(PURCHASE_CAP_FACTOR * largest))
