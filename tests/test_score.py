"""Scores: tie-safe, deterministic, monotone; weights follow what the data can tell."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custgrade.messages import note_text
from custgrade.rules.model import DIMENSION_MEASURES, DimensionRule, Rules
from custgrade.score import COMPLAINT_PENALTY, score_against, score_customers, score_measure
from custgrade.tiers import assign_tiers

WEIGHTS = (("frequency", 30), ("amount", 40), ("activity", 15), ("interaction", 15))
THRESHOLDS = {
    "purchase_count": [1, 3, 6],
    "net_amount": [100, 1000],
    "recency_days": [365, 30],
    "contact_count": [1, 5],
    "campaign_count": [1],
    "satisfaction": [40, 80],
}


def rules_for(method: str) -> Rules:
    return Rules(
        dimensions={
            d: DimensionRule(
                weight=w,
                method=method,
                thresholds={m: THRESHOLDS[m] for m in DIMENSION_MEASURES[d] if m in THRESHOLDS},
            )
            for d, w in WEIGHTS
        }
    )


def everything(frame: pd.DataFrame) -> dict[str, bool]:
    return {c: True for c in frame.columns}


def test_percentile_gives_ties_one_score_and_nothing_zero():
    scored = score_measure(pd.Series([0, 1, 1, 1, 5, 9]), "purchase_count", "percentile")
    s = scored.scores.tolist()
    assert s[0] == 0.0
    assert s[1] == s[2] == s[3]
    assert s[3] < s[4] < s[5] < 100


def test_recency_lower_is_better_and_never_bought_scores_zero():
    scored = score_measure(pd.Series([1.0, 30.0, 400.0, np.nan]), "recency_days", "percentile")
    s = scored.scores.tolist()
    assert s[0] > s[1] > s[2] > s[3] == 0.0


def test_thresholds_give_fixed_steps():
    values = pd.Series([0, 1, 3, 11, 12, 40])
    scored = score_measure(values, "purchase_count", "thresholds", [1, 3, 6, 9, 12])
    assert scored.scores.tolist() == [0.0, 20.0, 40.0, 80.0, 100.0, 100.0]


def test_bands_fall_back_when_most_customers_bought_once():
    values = pd.Series([1] * 80 + [2] * 10 + [3] * 5 + [7] * 3 + [20] * 2)
    scored = score_measure(values, "purchase_count", "bands")
    assert scored.note is not None and scored.note.key == "note.bands-by-count"
    assert sorted(set(scored.scores)) == [20.0, 40.0, 60.0, 80.0, 100.0]


def test_bands_fallback_keeps_a_long_tail_out_of_the_lowest_band():
    # 700 bought once, 150 twice, 70 three times, 30 four times, then two each of 5 … 30:
    # splitting the 30 distinct values into five equal runs would put 1–6 (96 %) in band 1
    values = pd.Series([1] * 700 + [2] * 150 + [3] * 70 + [4] * 30 + list(range(5, 31)) * 2)
    scores = score_measure(values, "purchase_count", "bands").scores
    assert scores[values == 1].eq(20.0).all()
    assert (scores == 20.0).sum() == 700  # only the customers who share the lowest value
    assert scores[values == 2].eq(40.0).all() and scores[values == 3].eq(60.0).all()
    assert scores[values >= 4].ge(80.0).all() and scores[values == 30].eq(100.0).all()
    assert set(scores[values >= 4]) == {80.0, 100.0}


def test_score_against_ranks_new_values_against_the_fixed_population():
    population = pd.Series([0.0, 1, 1, 3])  # the 0 has nothing to show: worse than any purchase
    candidates = pd.Series([0.0, 1, 2, 5])
    scored = score_against(population, candidates, "purchase_count", "percentile")
    assert scored.tolist() == [0.0, (1 + 2 / 2) / 4 * 100, 3 / 4 * 100, 100.0]


def test_score_against_a_customers_own_place_counts_it_once():
    population = pd.Series([1.0, 2, 3, 4])
    # customer 0 (value 1) imagined at 3.5: worse than it are 2 and 3, itself counts half
    scored = score_against(
        population,
        pd.Series([3.5]),
        "purchase_count",
        "percentile",
        replaces=pd.Series([1.0]),
    )
    assert scored.tolist() == [(2 + 0.5) / 4 * 100]


values_lists = st.lists(
    st.one_of(st.none(), st.integers(0, 12), st.floats(-50, 5000)), min_size=1, max_size=40
)


@settings(max_examples=60, deadline=None)
@given(
    values_lists,
    st.sampled_from(["purchase_count", "net_amount", "recency_days", "satisfaction"]),
    st.sampled_from(["percentile", "bands", "thresholds"]),
)
def test_score_against_the_population_itself_is_score_measure(values, measure, method):
    population = pd.Series(values, dtype="float64")
    if measure == "recency_days":
        population = population.abs()
    cuts = THRESHOLDS[measure]
    expected = score_measure(population, measure, method, cuts).scores
    against = score_against(population, population, measure, method, cuts)
    replacing = score_against(population, population, measure, method, cuts, replaces=population)
    pd.testing.assert_series_equal(against, expected)
    pd.testing.assert_series_equal(replacing, expected)


def test_unrated_satisfaction_is_left_out_not_zero():
    frame = pd.DataFrame(
        {"contact_count": [2.0, 2.0, 2.0, 2.0], "satisfaction": [np.nan, 90.0, 10.0, np.nan]}
    )
    scores = score_customers(frame, everything(frame), Rules()).scores
    contact = 50.0  # everyone ties: (0 worse + 4/2 equal) / 4
    rated_high = 3 / 4 * 100  # among the 2 rated: (1 worse + 1/2) / 2
    rated_low = 1 / 4 * 100
    assert scores["interaction_score"].tolist() == [
        contact,
        (contact + rated_high) / 2,
        (contact + rated_low) / 2,
        contact,
    ]


def test_a_dimension_with_only_an_unrated_satisfaction_leaves_the_total_to_the_others():
    frame = pd.DataFrame(
        {
            "purchase_count": [1.0, 2.0, 3.0, 4.0],
            "satisfaction": [np.nan, 20.0, 80.0, np.nan],
        }
    )
    scored = score_customers(frame, everything(frame), Rules())
    scores = scored.scores
    assert np.isnan(scores.loc[0, "interaction_score"])
    # unrated: the total is the frequency score alone; rated: frequency and interaction 2:1
    assert scores.loc[0, "total_score"] == pytest.approx(12.5, abs=0.05)
    assert scores.loc[3, "total_score"] == pytest.approx(87.5, abs=0.05)
    assert scores.loc[2, "total_score"] == pytest.approx((62.5 * 30 + 75 * 15) / 45, abs=0.05)


def test_each_complaint_costs_ten_interaction_points_never_below_zero():
    frame = pd.DataFrame(
        {
            "contact_count": [3.0, 3.0, 3.0, 1.0, 0.0],
            "complaint_count": [0.0, 1.0, 2.0, 9.0, 1.0],
        }
    )
    scored = score_customers(frame, everything(frame), Rules())
    interaction = scored.scores["interaction_score"].tolist()
    base = (1 + 1 + 3 / 2) / 5 * 100  # contact 3: worse are the 0 and the 1, three share 3
    assert COMPLAINT_PENALTY == 10
    assert interaction == pytest.approx([base, base - 10, base - 20, 0.0, 0.0])
    assert "complaint_count" not in scored.measure_scores
    assert scored.cutoffs["method"].tolist()[-1] == "penalty"


def test_a_constant_dimension_gets_no_weight_and_the_best_customer_reaches_vip():
    # the interactions sheet held only campaigns: contacts are 0 for everyone
    n = 20
    frame = pd.DataFrame(
        {
            "purchase_count": [10.0] + [1.0 + i % 3 for i in range(n - 1)],
            "net_amount": [9000.0] + [100.0 * (1 + i) for i in range(n - 1)],
            "recency_days": [0.0] + [10.0 + 5 * i for i in range(n - 1)],
            "campaign_count": [5.0] + [float(i % 2) for i in range(n - 1)],
            "contact_count": [0.0] * n,
        }
    )
    scored = score_customers(frame, everything(frame), Rules())
    assert scored.weights == pytest.approx(
        {"frequency": 3000 / 85, "amount": 4000 / 85, "activity": 1500 / 85, "interaction": 0.0}
    )
    assert [n.key for n in scored.notes] == ["note.dimensions-constant"]
    assert "互动情况" in note_text(scored.notes[0].key, scored.notes[0].params, "zh")
    assert scored.scores["total_score"][0] == pytest.approx((n - 0.5) / n * 100, abs=0.05)
    assert assign_tiers(scored.scores["total_score"], Rules())["tier_name"][0] == "VIP"


def test_dimensions_without_data_get_no_weight_and_a_note():
    measures = pd.DataFrame({"purchase_count": [1, 2, 3], "net_amount": [10.0, 20.0, 30.0]})
    available = {"purchase_count": True, "net_amount": True}
    scored = score_customers(measures, available, Rules())
    assert scored.weights == pytest.approx(
        {"frequency": 300 / 7, "amount": 400 / 7, "activity": 0.0, "interaction": 0.0}
    )
    assert [n.key for n in scored.notes] == ["note.dimensions-no-data"]
    assert scored.notes[0].params == {"dimensions": ["activity", "interaction"]}
    assert scored.scores["activity_score"].isna().all()
    assert scored.scores["total_score"].iloc[-1] == scored.scores["total_score"].max()


def test_a_single_customer_keeps_the_weights_of_what_it_has():
    frame = pd.DataFrame({"purchase_count": [2.0], "net_amount": [50.0]})
    scored = score_customers(frame, everything(frame), Rules())
    assert scored.weights["frequency"] == pytest.approx(300 / 7)
    assert [n.key for n in scored.notes] == ["note.dimensions-no-data"]
    assert scored.scores["total_score"][0] == 50.0


def test_tiers_follow_cutoffs_with_the_cutoff_in_the_higher_tier():
    tiers = assign_tiers(pd.Series([100.0, 85.0, 84.9, 70.0, 50.0, 49.9, 0.0]), Rules())
    assert tiers["tier_name"].tolist() == [
        "VIP",
        "VIP",
        "金牌会员",
        "金牌会员",
        "银牌会员",
        "铜牌会员",
        "铜牌会员",
    ]
    assert tiers["tier_color"].iloc[0] == "#B4C7E7"


measure_rows = st.lists(
    st.tuples(
        st.integers(0, 20),
        st.floats(-100, 1e5),
        st.integers(0, 10),
        st.one_of(st.none(), st.integers(0, 800)),
        st.integers(0, 5),
        st.one_of(st.none(), st.integers(0, 100)),
        st.integers(0, 3),
    ),
    min_size=2,
    max_size=30,
)
COLUMNS = [
    "purchase_count",
    "net_amount",
    "contact_count",
    "recency_days",
    "campaign_count",
    "satisfaction",
    "complaint_count",
]
DIMENSION_COLUMNS = ["frequency_score", "amount_score", "activity_score", "interaction_score"]


def dominates(a: pd.Series, b: pd.Series) -> bool:
    """A has at least B's good measures, was active at least as recently, complained no more."""
    rated = np.isnan(a.satisfaction) == np.isnan(b.satisfaction)
    return bool(
        a.purchase_count >= b.purchase_count
        and a.net_amount >= b.net_amount
        and a.contact_count >= b.contact_count
        and a.campaign_count >= b.campaign_count
        and np.nan_to_num(a.recency_days, nan=np.inf) <= np.nan_to_num(b.recency_days, nan=np.inf)
        and a.complaint_count <= b.complaint_count
        and rated
        and (np.isnan(a.satisfaction) or a.satisfaction >= b.satisfaction)
    )


@settings(max_examples=80, deadline=None)
@given(measure_rows, st.sampled_from(["percentile", "bands", "thresholds"]))
def test_more_of_everything_never_scores_lower(rows, method):
    frame = pd.DataFrame(rows, columns=COLUMNS).astype("float64")
    scores = score_customers(frame, everything(frame), rules_for(method)).scores
    for i in range(len(frame)):
        for j in range(len(frame)):
            if dominates(frame.iloc[i], frame.iloc[j]):
                assert scores["total_score"][i] >= scores["total_score"][j]
                for column in DIMENSION_COLUMNS:
                    a, b = scores[column][i], scores[column][j]
                    assert np.isnan(a) or np.isnan(b) or a >= b, column


@settings(max_examples=40, deadline=None)
@given(measure_rows, st.sampled_from(["percentile", "bands", "thresholds"]))
def test_a_complaint_never_raises_a_score(rows, method):
    frame = pd.DataFrame(rows, columns=COLUMNS).astype("float64")
    scores = score_customers(frame, everything(frame), rules_for(method)).scores
    more = frame["complaint_count"] > frame["complaint_count"].min()
    calm = frame.assign(complaint_count=np.where(more, frame["complaint_count"] - 1, 0.0))
    # a customer with one complaint more than the same customer without it, same file
    twin = pd.concat([frame[more], calm[more]], ignore_index=True)
    if twin.empty:
        return
    both = score_customers(twin, everything(twin), rules_for(method)).scores
    half = len(twin) // 2
    assert (both["total_score"][:half].to_numpy() <= both["total_score"][half:].to_numpy()).all()
    assert scores["interaction_score"].le(100).all()


@settings(max_examples=40, deadline=None)
@given(measure_rows, st.randoms())
def test_scores_do_not_depend_on_row_order(rows, rnd):
    frame = pd.DataFrame(rows, columns=COLUMNS).astype(float)
    order = list(range(len(frame)))
    rnd.shuffle(order)
    a = score_customers(frame, everything(frame), Rules()).scores
    b = score_customers(frame.iloc[order], everything(frame), Rules()).scores
    pd.testing.assert_frame_equal(a.loc[frame.index], b.loc[frame.index])
