"""Candidate measure sets, the anchors, and a tie-safe fallback for the `bands` method.

Candidates are scored exactly as custgrade scores a dimension: each measure
with `custgrade.score.score_measure(..., "percentile")`, a dimension the
mean of its measures' scores, the total the weighted sum with the default
weights 30/40/15/15 renormalised over the dimensions CDNOW can measure
(it has no interactions: activity is recency alone and the interaction
dimension drops out), rounded to one decimal like the pipeline's total.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from custgrade.score import score_measure

WEIGHTS = {"frequency": 30.0, "amount": 40.0, "activity": 15.0, "interaction": 15.0}
HALF_LIVES = (60, 75, 90)
BAND_COUNT = 5

#: The measure set that beats every anchor at every half-life tried (see benchmarks/README.md).
RECOMMENDED = "(b+c) mean(count, decayed), mean(net, decayed), h=75"


def calibration_measures(
    orders: pd.DataFrame, customers: pd.Index, as_of: pd.Timestamp
) -> pd.DataFrame:
    """Per customer: purchases, net spend, recency, and their time-decayed versions.

    ``decayed_amount_<h>`` weighs each order by 2^(−age/h) with age the days
    from the order to the as-of date, so a purchase h days ago counts half;
    ``decayed_count_<h>`` is the same sum over 1 per order.
    """
    age = (as_of - orders["date"]).dt.days.to_numpy(dtype=float)
    by = orders["customer_id"]
    frame = pd.DataFrame(
        {
            "purchase_count": orders.groupby("customer_id").size(),
            "net_amount": orders.groupby("customer_id")["amount"].sum(),
            "recency_days": (as_of - orders.groupby("customer_id")["date"].max()).dt.days,
        }
    )
    for h in HALF_LIVES:
        weight = pd.Series(np.exp2(-age / h), index=orders.index)
        frame[f"decayed_amount_{h}"] = (orders["amount"] * weight).groupby(by).sum()
        frame[f"decayed_count_{h}"] = weight.groupby(by).sum()
    return frame.reindex(customers)


def percentile(values: pd.Series, measure: str) -> pd.Series:
    """custgrade's own percentile score of one measure (recency: fewer days is better)."""
    return score_measure(values, measure, "percentile").scores


@dataclass(frozen=True)
class Candidate:
    """A measure set: the measures (and how each is scored) behind each dimension."""

    name: str
    frequency: tuple[str, ...]
    amount: tuple[str, ...]
    activity: tuple[str, ...] = ("recency_days",)


def _as_scored(column: str) -> str:
    """The custgrade measure whose direction a benchmark column has (decayed: more is better)."""
    return "recency_days" if column == "recency_days" else column.rsplit("_", 1)[0]


def candidate_total(measures: pd.DataFrame, candidate: Candidate) -> pd.Series:
    """The total score of one measure set, weighted and renormalised as custgrade does."""
    dimensions = {
        "frequency": candidate.frequency,
        "amount": candidate.amount,
        "activity": candidate.activity,
    }
    total = pd.Series(0.0, index=measures.index)
    used = sum(WEIGHTS[d] for d in dimensions)
    for dim, columns in dimensions.items():
        parts = [percentile(measures[c], _as_scored(c)) for c in columns]
        total += pd.concat(parts, axis=1).mean(axis=1) * WEIGHTS[dim] / used
    return total.round(1)


def candidates() -> list[Candidate]:
    """The experiments: (a) today's default, (b) decayed spend, (c) decayed count, (d) recency.

    (d) recency from the last purchase only is what (a) already measures on
    CDNOW, which has no interactions; it is listed so the table says so.
    """
    out = [
        Candidate("(a) default: count, net spend, recency", ("purchase_count",), ("net_amount",)),
        Candidate("(d) recency from the last purchase only", ("purchase_count",), ("net_amount",)),
    ]
    for h in HALF_LIVES:
        amount, count = f"decayed_amount_{h}", f"decayed_count_{h}"
        both_amounts, both_counts = ("net_amount", amount), ("purchase_count", count)
        out += [
            Candidate(f"(b) amount = decayed spend, h={h}", ("purchase_count",), (amount,)),
            Candidate(f"(b) amount = mean(net, decayed), h={h}", ("purchase_count",), both_amounts),
            Candidate(f"(c) frequency = decayed count, h={h}", (count,), ("net_amount",)),
            Candidate(f"(c) frequency = mean(count, decayed), h={h}", both_counts, ("net_amount",)),
            Candidate(f"(b+c) decayed count, decayed spend, h={h}", (count,), (amount,)),
            Candidate(f"(b+c) decayed count, mean(net, decayed), h={h}", (count,), both_amounts),
            Candidate(
                f"(b+c) mean(count, decayed), mean(net, decayed), h={h}", both_counts, both_amounts
            ),
        ]
    return out


def tie_safe_quintile(values: pd.Series, higher_is_better: bool = True) -> pd.Series:
    """Quintile 1–5 from the mid-rank percentile, so equal values share a quintile."""
    good = values if higher_is_better else -values
    mid = (good.rank(method="average") - 0.5) / len(good)
    return (mid * 5 // 1).clip(0, 4) + 1


def anchors(measures: pd.DataFrame, clv: pd.Series) -> dict[str, pd.Series]:
    """The reference rankings custgrade's default must beat."""
    rfm = (
        tie_safe_quintile(measures["recency_days"], higher_is_better=False)
        + tie_safe_quintile(measures["purchase_count"])
        + tie_safe_quintile(measures["net_amount"])
    )
    return {
        "RFM quintiles (R+F+M)": rfm,
        "past frequency": measures["purchase_count"].astype(float),
        "past spend": measures["net_amount"].astype(float),
        "BG/NBD × Gamma-Gamma": clv,
    }


def sequential_band_edges(values: pd.Series, bands: int = BAND_COUNT) -> list[float]:
    """Tie-safe band edges: each band takes its fair share of what the lower bands left.

    Band i ends at the smallest value that reaches 1/(bands left) of the
    customers not yet banded.  Without ties this is the quintiles; when most
    customers bought once, those one-time buyers form band 1 alone and the
    repeat buyers are spread over bands 2–5, instead of one band swallowing
    nearly everyone.
    """
    rest = np.sort(values.dropna().to_numpy(dtype=float))
    edges: list[float] = []
    for left in range(bands, 1, -1):
        if rest.size == 0:
            break
        edge = float(np.quantile(rest, 1 / left, method="inverted_cdf"))
        if edge >= rest[-1]:
            break
        edges.append(edge)
        rest = rest[rest > edge]
    return edges


def band_shares(
    values: pd.Series, measure: str, banding: Callable[[pd.Series], list[float]] | None = None
) -> pd.Series:
    """Share of customers per band (1 lowest): custgrade's `bands`, or with other edges."""
    if banding is None:
        result = score_measure(values, measure, "bands")
        band = (result.scores * (len(result.cutoffs) + 1) / 100).round()
    else:
        edges = banding(values)
        band = pd.Series(
            np.searchsorted(edges, values.to_numpy(), side="left") + 1, index=values.index
        )
    return band.value_counts(normalize=True).sort_index()
