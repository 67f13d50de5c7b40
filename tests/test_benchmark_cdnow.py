"""The CDNOW benchmark's metrics and measures on tiny hand-made histories (offline, fast).

The benchmark itself downloads CDNOW and runs for a minute
(`python -m benchmarks.cdnow`); these tests check that the numbers it
prints mean what the table says they mean.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from benchmarks.cdnow_data import parse_transactions, split_periods
from benchmarks.cdnow_experiments import (
    calibration_measures,
    sequential_band_edges,
    tie_safe_quintile,
)
from benchmarks.cdnow_metrics import (
    auc,
    evaluate,
    falls_strictly,
    spearman_random_ties,
    tier_table,
    top_share,
)

MASTER = b"""customer_id  date number_of_cds  dollar_value\r
 00001 19970101  1   10.00\r
 00001 19970101  2   20.00\r
 00001 19971201  1   15.00\r
 00002 19970301  1   40.00\r
 00002 19980115  3   33.00\r
 00002 19980301  1    7.00\r
 00003 19970620  1   12.00\r
 00004 19980210  1   99.00\r
"""


def test_rows_of_one_customer_on_one_day_are_one_order() -> None:
    orders = parse_transactions(MASTER)
    first = orders[orders["customer_id"] == "00001"]
    assert first["amount"].tolist() == [30.0, 15.0]
    assert first["quantity"].tolist() == [3, 1]


def test_customers_are_the_calibration_buyers_with_their_holdout_spend() -> None:
    split = split_periods(parse_transactions(MASTER))
    # 00004 first bought in 1998: not a calibration customer
    assert split.holdout_spend.to_dict() == {"00001": 0.0, "00002": 40.0, "00003": 0.0}
    assert split.orders["date"].max() == pd.Timestamp(1997, 12, 1)


def test_a_perfect_ranking_has_rho_one_and_a_reversed_one_minus_one() -> None:
    spend = np.array([50.0, 30.0, 20.0, 0.0])
    assert spearman_random_ties(np.array([4.0, 3.0, 2.0, 1.0]), spend) == pytest.approx(1.0)
    assert spearman_random_ties(np.array([1.0, 2.0, 3.0, 4.0]), spend) == pytest.approx(-1.0)


def test_ties_in_the_score_are_broken_at_random_not_given_the_average_rank() -> None:
    # customers 2 and 3 tie; ordered right rho = 1, ordered wrong rho = 0.5,
    # and the average-rank Spearman would be 0.866 for every seed
    rho = spearman_random_ties(np.array([3.0, 1.0, 1.0]), np.array([30.0, 20.0, 10.0]))
    one_seed = [
        spearman_random_ties(np.array([3.0, 1.0, 1.0]), np.array([30.0, 20.0, 10.0]), (s,))
        for s in range(20)
    ]
    assert sorted(set(np.round(one_seed, 9))) == [0.5, 1.0]
    assert rho == pytest.approx(np.mean(one_seed))


def test_ties_in_the_target_keep_their_average_rank() -> None:
    # three non-buyers tie at 0: the target ranks are 4, 2, 2, 2
    rho = spearman_random_ties(np.array([4.0, 3.0, 2.0, 1.0]), np.array([9.0, 0.0, 0.0, 0.0]))
    expected = np.corrcoef([4, 3, 2, 1], [4, 2, 2, 2])[0, 1]
    assert rho == pytest.approx(expected)


def test_top_share_is_the_revenue_of_the_best_scored_tenth() -> None:
    spend = np.array([100.0, 50.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 50.0])
    score = np.arange(10.0, 0.0, -1.0)  # customer 0 first
    assert top_share(score, spend, 0.10) == pytest.approx(0.5)
    assert top_share(score, spend, 0.20) == pytest.approx(0.75)


def test_a_tie_at_the_cut_shares_the_revenue_by_chance() -> None:
    # customers 0 and 1 tie at the top; only one fits in the top 10 %
    spend = np.array([60.0, 40.0, 0, 0, 0, 0, 0, 0, 0, 0])
    score = np.array([9.0, 9.0, 1, 1, 1, 1, 1, 1, 1, 1])
    share = top_share(score, spend, 0.10)
    assert 0.4 < share < 0.6
    # each of the 20 seeds gives 0.4 or 0.6
    assert round((share - 0.4) / 0.2 * 20, 9) % 1 == 0


def test_auc_is_the_chance_a_buyer_outscores_a_non_buyer() -> None:
    # pairs (buyer, non-buyer): 4>3, 4>1, 2<3, 2>1
    positive = np.array([True, False, True, False])
    assert auc(np.array([4.0, 3.0, 2.0, 1.0]), positive) == pytest.approx(0.75)
    assert auc(np.array([1.0, 1.0, 1.0, 1.0]), positive) == pytest.approx(0.5)


def test_evaluate_aligns_the_score_with_holdout_spend_by_customer() -> None:
    spend = pd.Series([0.0, 10.0, 30.0], index=["a", "b", "c"])
    score = pd.Series([3.0, 2.0, 1.0], index=["c", "b", "a"])
    metrics = evaluate(score, spend)
    assert metrics.spearman == pytest.approx(1.0)
    assert metrics.auc == pytest.approx(1.0)


def test_an_order_one_half_life_old_counts_half() -> None:
    orders = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b"],
            "date": pd.to_datetime(["1997-12-31", "1997-11-01", "1997-10-02"]),
            "amount": [10.0, 100.0, 80.0],
        }
    )
    measures = calibration_measures(orders, pd.Index(["a", "b"]), pd.Timestamp(1997, 12, 31))
    # 1997-11-01 is 60 days before the as-of date, 1997-10-02 is 90 days
    assert measures.loc["a", "decayed_amount_60"] == pytest.approx(10 + 50)
    assert measures.loc["b", "decayed_amount_90"] == pytest.approx(40)
    assert measures.loc["a", "decayed_count_60"] == pytest.approx(1.5)
    assert measures["recency_days"].tolist() == [0, 90]
    assert measures["purchase_count"].tolist() == [2, 1]


def test_rfm_quintiles_give_equal_values_one_quintile() -> None:
    values = pd.Series([1, 1, 1, 1, 1, 1, 2, 3, 4, 5])
    quintile = tie_safe_quintile(values)
    assert quintile.iloc[:6].nunique() == 1
    assert tie_safe_quintile(pd.Series(range(10))).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert tie_safe_quintile(pd.Series(range(10)), higher_is_better=False).tolist()[0] == 5


def test_sequential_bands_are_quintiles_without_ties() -> None:
    assert sequential_band_edges(pd.Series(range(1, 11))) == [2, 4, 6, 8]


def test_sequential_bands_give_one_time_buyers_one_band_and_spread_the_rest() -> None:
    counts = pd.Series([1] * 55 + [2] * 18 + [3] * 9 + [4] * 5 + [5] * 4 + [6] * 9)
    edges = sequential_band_edges(counts)
    assert edges == [1, 2, 3, 5]
    band = np.searchsorted(edges, counts.to_numpy(), side="left") + 1
    assert np.bincount(band)[1:].tolist() == [55, 18, 9, 9, 9]


def test_mean_spend_per_tier_must_fall_strictly() -> None:
    tiers = pd.Series(["VIP", "VIP", "Gold", "Bronze"], index=list("abcd"))
    spend = pd.Series([100.0, 50.0, 20.0, 20.0], index=list("abcd"))
    table = tier_table(tiers, spend, ["VIP", "Gold", "Bronze"])
    assert table["mean_spend"].tolist() == [75.0, 20.0, 20.0]
    assert table["share"].tolist() == [0.5, 0.25, 0.25]
    assert not falls_strictly(table["mean_spend"])
    assert falls_strictly(pd.Series([75.0, 20.0, 5.0]))


def test_bgnbd_likelihood_of_a_customer_who_never_came_back() -> None:
    pytest.importorskip("scipy", reason="scipy is in the bench extra only")
    from benchmarks.cdnow_models import Summary, bgnbd_log_likelihood

    # x = 0: L = (alpha / (alpha + T))^r, whatever a and b are (FHL 2005 eq. 6)
    s = Summary(x=np.array([0.0]), t_x=np.array([0.0]), T=np.array([3.0]), m=np.array([np.nan]))
    ll = bgnbd_log_likelihood(np.array([2.0, 1.0, 0.7, 2.5]), s)
    assert ll[0] == pytest.approx(2 * np.log(1 / 4))
