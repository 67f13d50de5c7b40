"""Advice that is true: the suggested order or purchases, added and re-scored, reach the next tier.

Each check imagines the order by hand (one more purchase, the amount added
to spend, recency 0 — what one order placed on the as-of date does) and
re-grades the whole population with `score_customers`, independently of
the search in `custgrade.advice`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custgrade.advice import (
    own_order_value,
    purchase_cap,
    smallest_reaching,
    spend_cap,
    what_if,
)
from custgrade.rules.model import DimensionRule, Rules
from custgrade.score import score_customers
from custgrade.tiers import assign_tiers, next_tier_gaps

CUTS = [85.0, 70.0, 50.0, 0.0]  # the default tiers, highest first


def population(n: int = 120, seed: int = 7, decayed: bool = False) -> pd.DataFrame:
    """A file of customers: most bought once or twice, some often; half rated, a few complaints.

    With ``decayed``, the time-decayed purchases and spend too (each order
    weighted by 2^(−age / half-life), so at most the plain ones).
    """
    rng = np.random.default_rng(seed)
    count = rng.geometric(0.45, n) - (rng.random(n) < 0.1)  # a tenth never bought
    frame = pd.DataFrame(
        {
            "purchase_count": count.astype(float),
            "net_amount": np.round(count * rng.gamma(2.0, 150.0, n), 2),
            "recency_days": rng.integers(0, 365, n).astype(float),
            "campaign_count": rng.poisson(1.0, n).astype(float),
            "contact_count": rng.poisson(1.5, n).astype(float),
            "satisfaction": np.where(rng.random(n) < 0.5, np.nan, rng.integers(20, 101, n)),
            "complaint_count": (rng.random(n) < 0.1).astype(float),
        }
    )
    frame.loc[frame["purchase_count"] == 0, "recency_days"] = np.nan
    if decayed:
        weight = np.power(0.5, rng.uniform(0, 4, n))
        frame["decayed_count"] = frame["purchase_count"] * weight
        frame["decayed_amount"] = frame["net_amount"] * weight
    return frame


def available(frame: pd.DataFrame) -> dict[str, bool]:
    return {c: True for c in frame.columns}


def grade(frame: pd.DataFrame, rules: Rules) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    scored = score_customers(frame, available(frame), rules)
    tiers = assign_tiers(scored.scores["total_score"], rules)
    gaps = next_tier_gaps(
        frame, scored.scores, tiers, rules, scored.weights, available=available(frame)
    )
    return scored.scores, tiers, gaps


def total_after(frame: pd.DataFrame, i: int, orders: int, amount: float, rules: Rules) -> float:
    """Customer i's total after ``orders`` more purchases worth ``amount`` today, re-graded."""
    changed = frame.copy()
    changed.loc[i, "purchase_count"] += orders
    changed.loc[i, "net_amount"] += amount
    changed.loc[i, "recency_days"] = 0.0
    if "decayed_count" in changed:  # an order placed today weighs in full
        changed.loc[i, "decayed_count"] += orders
        changed.loc[i, "decayed_amount"] += amount
    return float(score_customers(changed, available(changed), rules).scores["total_score"][i])


def own_average(frame: pd.DataFrame, i: int) -> float:
    count, net = frame.loc[i, "purchase_count"], frame.loc[i, "net_amount"]
    if count > 0 and net > 0:
        return float(net / count)
    buyers = frame[(frame["purchase_count"] > 0) & (frame["net_amount"] > 0)]
    return float((buyers["net_amount"] / buyers["purchase_count"]).median())


RULES = {
    "percentile": Rules(),
    "bands": Rules(
        dimensions={
            d: DimensionRule(weight=w, method="bands")
            for d, w in (("frequency", 30), ("amount", 40), ("activity", 15), ("interaction", 15))
        }
    ),
}


@pytest.mark.parametrize(
    ("method", "decayed"), [("percentile", False), ("bands", False), ("percentile", True)]
)
def test_the_suggested_order_reaches_the_next_tier_and_half_of_it_does_not(method, decayed):
    rules = RULES[method]
    frame = population(decayed=decayed)
    _scores, tiers, gaps = grade(frame, rules)
    advised = gaps.index[gaps["extra_spend"].notna()]
    assert len(advised) >= 30
    reached = half_reached = 0
    for i in advised:
        target = CUTS[tiers.loc[i, "tier_rank"] - 1]
        spend = gaps.loc[i, "extra_spend"]
        reached += total_after(frame, i, 1, spend, rules) >= target
        half_reached += total_after(frame, i, 1, spend / 2, rules) >= target
    assert reached >= 0.9 * len(advised)
    if method == "percentile":
        assert reached == len(advised)  # exact against the others' fixed distribution
    assert half_reached <= 0.5 * len(advised)


@pytest.mark.parametrize("method", ["percentile", "bands"])
def test_the_suggested_purchases_reach_the_next_tier_and_fewer_do_not(method):
    rules = RULES[method]
    frame = population(seed=11)
    _scores, tiers, gaps = grade(frame, rules)
    advised = gaps.index[gaps["extra_purchases"].notna()]
    assert len(advised) >= 30
    reached = fewer_reached = 0
    for i in advised:
        target = CUTS[tiers.loc[i, "tier_rank"] - 1]
        k, value = int(gaps.loc[i, "extra_purchases"]), own_average(frame, i)
        reached += total_after(frame, i, k, k * value, rules) >= target
        fewer_reached += k > 1 and total_after(frame, i, k - 1, (k - 1) * value, rules) >= target
    assert reached >= 0.9 * len(advised)
    if method == "percentile":
        assert reached == len(advised)
        assert fewer_reached == 0  # the smallest count, so one fewer never suffices


def test_smallest_amount_is_the_smallest_whole_amount():
    frame = population(seed=3)
    rules = Rules()
    _scores, tiers, gaps = grade(frame, rules)
    above_one = gaps.index[gaps["extra_spend"].gt(1)]
    assert len(above_one) >= 10
    for i in above_one[:15]:
        target = CUTS[tiers.loc[i, "tier_rank"] - 1]
        assert total_after(frame, i, 1, gaps.loc[i, "extra_spend"] - 1, rules) < target


def test_no_amount_is_suggested_when_even_a_huge_order_does_not_reach():
    # frequency and activity weigh 85 %: one order cannot lift a one-time buyer to VIP
    rules = Rules(
        dimensions={
            "frequency": DimensionRule(weight=45),
            "amount": DimensionRule(weight=15),
            "activity": DimensionRule(weight=25),
            "interaction": DimensionRule(weight=15),
        }
    )
    frame = pd.DataFrame(
        {
            "purchase_count": [1.0, 20, 19, 18, 17, 16, 15, 14, 13, 12],
            "net_amount": [100.0, 900, 800, 700, 600, 500, 400, 300, 200, 150],
            "recency_days": [300.0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
            "contact_count": [0.0, 9, 8, 7, 6, 5, 4, 3, 2, 1],
        }
    )
    _scores, tiers, gaps = grade(frame, rules)
    assert tiers.loc[0, "tier_name"] == "铜牌会员"
    assert np.isnan(gaps.loc[0, "extra_spend"])
    assert total_after(frame, 0, 1, 10 * 900, rules) < 50


def test_top_tier_stands_above_its_cutoff_and_the_lowest_is_never_warned():
    frame = population()
    scores, tiers, gaps = grade(frame, Rules())
    top = tiers["tier_rank"].eq(0)
    lowest = tiers["tier_rank"].eq(3)
    assert top.any() and lowest.any()
    assert gaps.loc[top, "points_down"].tolist() == pytest.approx(
        (scores.loc[top, "total_score"] - 85).tolist()
    )
    assert gaps.loc[top, ["next_tier", "extra_spend", "extra_purchases"]].isna().all().all()
    assert gaps.loc[lowest, "points_down"].isna().all()
    middle = ~top & ~lowest
    cut = tiers.loc[middle, "tier_rank"].map(dict(enumerate(CUTS)))
    assert gaps.loc[middle, "points_down"].tolist() == pytest.approx(
        (scores.loc[middle, "total_score"] - cut).tolist()
    )


def test_points_up_is_the_distance_to_the_next_cutoff():
    frame = population()
    scores, tiers, gaps = grade(frame, Rules())
    below = tiers["tier_rank"].gt(0)
    cut = (tiers.loc[below, "tier_rank"] - 1).map(dict(enumerate(CUTS)))
    assert gaps.loc[below, "points_up"].tolist() == pytest.approx(
        (cut - scores.loc[below, "total_score"]).clip(lower=0.05).tolist()
    )


def test_a_customer_without_purchases_is_advised_at_the_files_median_order():
    frame = population(seed=5)
    _scores, tiers, gaps = grade(frame, Rules())
    never = gaps.index[frame["purchase_count"].eq(0) & gaps["extra_purchases"].notna()]
    assert len(never) >= 3
    for i in never:
        k = int(gaps.loc[i, "extra_purchases"])
        target = CUTS[tiers.loc[i, "tier_rank"] - 1]
        assert total_after(frame, i, k, k * own_average(frame, i), Rules()) >= target


@pytest.mark.parametrize(
    ("method", "decayed"), [("percentile", False), ("bands", False), ("percentile", True)]
)
def test_the_search_finds_what_trying_every_amount_and_count_finds(method, decayed):
    """Bisection with the unmoved measures held equals a scan of every whole amount and count."""
    rules = RULES[method]
    frame = population(n=60, seed=5, decayed=decayed)
    frame.loc[::7, "net_amount"] = frame["net_amount"].iloc[::7].round(-2)  # ties
    scored = score_customers(frame, available(frame), rules)
    tiers = assign_tiers(scored.scores["total_score"], rules)
    gaps = next_tier_gaps(
        frame, scored.scores, tiers, rules, scored.weights, available=available(frame)
    )
    rows = np.flatnonzero(tiers["tier_rank"].to_numpy() > 0)
    scene = what_if(frame, rows, rules, scored.weights, available(frame))
    targets = np.array([CUTS[r - 1] for r in tiers["tier_rank"].to_numpy()[rows]])
    value, spend_top = own_order_value(frame), spend_cap(frame, own_order_value(frame))
    for k, i in list(enumerate(rows))[:: 3 if method == "bands" else 1]:
        amounts = np.arange(1.0, np.ceil(spend_top) + 1)
        at = np.full(len(amounts), k)
        hits = np.flatnonzero(scene.total(at, np.ones(len(amounts)), amounts) >= targets[k])
        expected = amounts[hits[0]] if len(hits) else np.nan
        np.testing.assert_equal(gaps["extra_spend"][i], expected)  # NaN: none up to the cap
        counts = np.arange(1.0, purchase_cap(frame) + 1)
        at = np.full(len(counts), k)
        totals = scene.total(at, counts, counts * value[i])
        hits = np.flatnonzero(totals >= targets[k])
        expected = counts[hits[0]] if len(hits) else np.nan
        np.testing.assert_equal(gaps["extra_purchases"][i], expected)  # NaN: none up to the cap


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 10**7), st.integers(1, 10**7)), min_size=1, max_size=30))
def test_galloping_and_plain_bisection_find_the_same_smallest_number(rows):
    """For a threshold per customer (maybe above its cap), both searches find it, else NaN."""
    threshold = np.array([float(t) for t, _ in rows])
    cap = np.array([float(c) for _, c in rows])

    def reaches(at: np.ndarray, x: np.ndarray) -> np.ndarray:
        return x >= threshold[at]

    expected = np.where(threshold <= cap, threshold, np.nan)
    np.testing.assert_equal(smallest_reaching(reaches, cap), expected)
    np.testing.assert_equal(smallest_reaching(reaches, cap, gallop=True), expected)


def test_every_order_effect_says_what_moves_it():
    """The search holds a measure fixed by MOVED_BY: an effect missing there would stop a run."""
    from custgrade.advice import MOVED_BY, ORDER_EFFECTS

    assert MOVED_BY.keys() == ORDER_EFFECTS.keys()
    assert all(moved <= {"count", "amount"} for moved in MOVED_BY.values())
