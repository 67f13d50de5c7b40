"""Percentiles at a million customers: counted over distinct values, the same as over every value.

Each expectation is counted by hand, comparing a value with every
customer's value one by one: worse ones count 1, equal ones ½, customers
not ranked (nothing to show) count as worse.
"""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from custgrade.rounding import excel_round
from custgrade.score import DistinctCounts, dimension_score, fit_scale, weighted_total

# ties, signed zeros, infinities, NaN and values outside the population
awkward = st.one_of(
    st.sampled_from([0.0, -0.0, 1.0, 1.0, 2.5, -3.0, np.inf, -np.inf, np.nan]),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.integers(0, 5).map(float),
)


def by_hand(population: list[float], value: float) -> tuple[int, int]:
    ranked = [p for p in population if not np.isnan(p)]
    if np.isnan(value):
        return len(ranked), 0
    return sum(p < value for p in ranked), sum(p == value for p in ranked)


@settings(max_examples=200, deadline=None)
@given(st.lists(awkward, max_size=30), st.lists(awkward, max_size=30))
def test_below_and_equal_count_like_comparing_with_every_value(population, values):
    ranked = np.sort(np.array([p for p in population if not np.isnan(p)], dtype=float))
    less, equal = DistinctCounts.of(ranked).below_and_equal(np.array(values, dtype=float))
    expected = [by_hand(population, v) for v in values]
    assert list(zip(less.tolist(), equal.tolist(), strict=True)) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 6), st.floats(-10, 500)), max_size=40))
def test_percentile_is_worse_plus_half_the_equal_over_everyone(values):
    population = pd.Series(values, dtype="float64")
    good = np.where(population > 0, population, np.nan)  # nothing to show: not ranked, 0
    scores = fit_scale(population, "net_amount", "percentile").apply(good)
    for value, score in zip(good, scores, strict=True):
        if np.isnan(value):
            assert score == 0.0
            continue
        less, equal = by_hand(list(good), value)
        unranked = int(np.isnan(good).sum())
        assert score == (unranked + less + equal / 2) / len(values) * 100


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.just(np.nan), st.floats(0, 100)),
            st.one_of(st.just(np.nan), st.floats(0, 100)),
            st.sampled_from([0.0, 1.0, 3.0, np.nan]),
        ),
        min_size=1,
        max_size=20,
    ),
    st.dictionaries(st.sampled_from(["a", "b"]), st.floats(0, 100), min_size=1),
)
def test_dimension_and_weighted_totals_are_the_plain_means(rows, weights):
    """The mean of the scores a customer has, less 10 per complaint; weights over those shown."""
    a, b, complaints = (np.array(c, dtype=float) for c in zip(*rows, strict=True))
    dims = {"a": dimension_score([a, b], complaints), "b": dimension_score([b])}
    totals = weighted_total(dims, weights, len(a))
    for i in range(len(a)):
        present = [v for v in (a[i], b[i]) if not np.isnan(v)]
        mean = sum(present) / len(present) if present else np.nan
        hit = 0.0 if np.isnan(complaints[i]) else complaints[i]
        expect_a = max((0.0 if np.isnan(mean) else mean) - 10 * hit, 0.0) if hit else mean
        assert np.isnan(dims["a"][i]) if np.isnan(expect_a) else dims["a"][i] == expect_a
        shown = {d: float(excel_round([dims[d][i]], 1)[0]) for d in ("a", "b")}
        used = {d: w for d, w in weights.items() if w > 0 and not np.isnan(shown[d])}
        total = sum(w * shown[d] for d, w in used.items())
        weight = sum(used.values())
        mean_total = total / weight if weight > 0 else 0.0
        assert totals[i] == excel_round([mean_total], 1)[0]
