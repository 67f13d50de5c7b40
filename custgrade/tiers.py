"""Tiers from the total score, and what it would take to reach the next one."""

from __future__ import annotations

import numpy as np
import pandas as pd

from custgrade.rules.model import Rules
from custgrade.score import measure_for_score


def assign_tiers(total: pd.Series, rules: Rules) -> pd.DataFrame:
    """Tier name, colour, icon and rank (0 = highest) for each total score.

    The rules guarantee the tiers cover 0–100 without overlap, so every
    score lands in exactly one tier; a score equal to a cut-off belongs to
    the higher tier.
    """
    tiers = rules.tiers  # highest first
    ascending = np.array([t.min_score for t in reversed(tiers)])
    position = np.searchsorted(ascending, total.fillna(0).to_numpy(), side="right") - 1
    rank = len(tiers) - 1 - np.clip(position, 0, len(tiers) - 1)
    pick = np.array([[t.name, t.color, t.icon] for t in tiers], dtype=object)[rank]
    return pd.DataFrame(
        {
            "tier_name": pick[:, 0],
            "tier_color": pick[:, 1],
            "tier_icon": pick[:, 2],
            "tier_rank": rank,
        },
        index=total.index,
    )


def next_tier_gaps(
    measures: pd.DataFrame,
    scores: pd.DataFrame,
    tiers: pd.DataFrame,
    rules: Rules,
    weights: dict[str, float],
) -> pd.DataFrame:
    """Points to the next tier up, and the extra spend or purchases that alone would close the gap.

    The extra spend is the smallest net spend among this file's customers
    whose amount score would lift the total past the next cut-off, minus
    the customer's own; likewise for purchases.  NaN where one dimension
    alone cannot close the gap (or the customer is already at the top).
    """
    cut = pd.Series([t.min_score for t in rules.tiers])
    rank = tiers["tier_rank"]
    has_next = rank > 0
    next_min = rank.sub(1).clip(lower=0).map(cut).where(has_next)
    points_up = (next_min - scores["total_score"]).clip(lower=0.05).where(has_next)
    points_down = scores["total_score"] - rank.map(cut)
    out = pd.DataFrame(
        {
            "next_tier": rank.sub(1)
            .clip(lower=0)
            .map(pd.Series([t.name for t in rules.tiers]))
            .where(has_next),
            "points_up": points_up,
            "points_down": points_down,
        },
        index=scores.index,
    )
    for dim, measure, column in (
        ("amount", "net_amount", "extra_spend"),
        ("frequency", "purchase_count", "extra_purchases"),
    ):
        out[column] = _extra_needed(measures, scores, dim, measure, points_up, weights)
    return out


def _extra_needed(
    measures: pd.DataFrame,
    scores: pd.DataFrame,
    dim: str,
    measure: str,
    points_up: pd.Series,
    weights: dict[str, float],
) -> pd.Series:
    weight = weights.get(dim, 0.0)
    if weight <= 0 or measures[measure].isna().all():
        return pd.Series(np.nan, index=scores.index)
    target = scores[f"{dim}_score"].fillna(0) + points_up * 100 / weight
    needed = measure_for_score(
        measures[measure], scores[f"{dim}_score"], target.where(target <= 100)
    )
    extra = needed - measures[measure].fillna(0)
    return extra.where(extra > 0)
