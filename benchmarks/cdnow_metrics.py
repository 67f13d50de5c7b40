"""How well a score ranks customers by what they spend next.

Every metric takes one score per customer and the customer's spend in the
holdout period.  A grading has many ties (all one-time buyers of one week
share a score); the ranking metrics break them at random and average over
seeds, so a tie counts as neither a win nor a loss and row order never
helps or hurts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

SEEDS = tuple(range(20))


@dataclass(frozen=True)
class Metrics:
    """The four numbers of one row of the benchmark table."""

    spearman: float
    top10: float
    top20: float
    auc: float

    def beats(self, other: Metrics) -> bool:
        """Strictly better on all four metrics."""
        return (
            self.spearman > other.spearman
            and self.top10 > other.top10
            and self.top20 > other.top20
            and self.auc > other.auc
        )


def tie_broken_order(score: np.ndarray, seed: int) -> np.ndarray:
    """Positions of the customers from the highest score down, ties in random order."""
    noise = np.random.default_rng(seed).random(len(score))
    return np.lexsort((noise, -score))


def spearman_random_ties(
    score: np.ndarray, target: np.ndarray, seeds: tuple[int, ...] = SEEDS
) -> float:
    """Spearman's rho with ties in the score broken at random, mean over seeds.

    Ties in the target (the many customers who spend nothing) keep their
    average rank: they are real ties, not an artefact of the grading.
    """
    target_rank = pd.Series(target).rank(method="average").to_numpy()
    values = []
    for seed in seeds:
        score_rank = np.empty(len(score))
        score_rank[tie_broken_order(score, seed)] = np.arange(len(score), 0, -1)
        values.append(np.corrcoef(score_rank, target_rank)[0, 1])
    return float(np.mean(values))


def top_share(
    score: np.ndarray, target: np.ndarray, fraction: float, seeds: tuple[int, ...] = SEEDS
) -> float:
    """Share of the total target held by the top ``fraction`` of customers by score."""
    k = round(fraction * len(score))
    total = float(target.sum())
    shares = [target[tie_broken_order(score, seed)[:k]].sum() / total for seed in seeds]
    return float(np.mean(shares))


def auc(score: np.ndarray, positive: np.ndarray) -> float:
    """Area under the ROC curve: the chance a positive outscores a negative, ties half.

    Counting a tie as one half is exactly the mean over random tie-breaks,
    so no seeds are needed (Mann-Whitney U with average ranks).
    """
    ranks = pd.Series(score).rank(method="average").to_numpy()
    n_pos = int(positive.sum())
    n_neg = len(score) - n_pos
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def metrics_of(s: np.ndarray, y: np.ndarray, seeds: tuple[int, ...] = SEEDS) -> Metrics:
    """The four metrics of scores ``s`` against holdout spend ``y`` (same order)."""
    return Metrics(
        spearman=spearman_random_ties(s, y, seeds),
        top10=top_share(s, y, 0.10, seeds),
        top20=top_share(s, y, 0.20, seeds),
        auc=auc(s, y > 0),
    )


def evaluate(score: pd.Series, holdout_spend: pd.Series) -> Metrics:
    """The four metrics of one score against holdout spend (aligned by index)."""
    s = score.reindex(holdout_spend.index).to_numpy(dtype=float)
    return metrics_of(s, holdout_spend.to_numpy(dtype=float))


def bootstrap_wins(
    score: pd.Series, other: pd.Series, holdout_spend: pd.Series, resamples: int, seed: int = 0
) -> Metrics:
    """How often ``score`` beats ``other`` on each metric over customers drawn with replacement.

    The tables compare rankings on one set of 23,570 customers; a margin
    that a resample of those customers reverses half the time is noise.
    """
    s = score.reindex(holdout_spend.index).to_numpy(dtype=float)
    o = other.reindex(holdout_spend.index).to_numpy(dtype=float)
    y = holdout_spend.to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    wins = np.zeros(4)
    for i in range(resamples):
        pick = rng.integers(0, len(y), len(y))
        a, b = metrics_of(s[pick], y[pick], (i,)), metrics_of(o[pick], y[pick], (i,))
        wins += np.array(
            [a.spearman > b.spearman, a.top10 > b.top10, a.top20 > b.top20, a.auc > b.auc]
        )
    share = wins / resamples
    return Metrics(spearman=share[0], top10=share[1], top20=share[2], auc=share[3])


def tier_table(tiers: pd.Series, holdout_spend: pd.Series, order: list[str]) -> pd.DataFrame:
    """Customers' share and mean holdout spend per tier, top tier first."""
    frame = pd.DataFrame({"tier": tiers.reindex(holdout_spend.index), "spend": holdout_spend})
    grouped = frame.groupby("tier")["spend"]
    table = pd.DataFrame({"share": grouped.size() / len(frame), "mean_spend": grouped.mean()})
    return table.reindex([t for t in order if t in table.index])


def falls_strictly(values: pd.Series) -> bool:
    """True when each value is below the one before it."""
    return bool((values.diff().dropna() < 0).all())
