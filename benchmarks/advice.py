"""Time scoring and the next-tier advice on a large synthetic file of customer measures.

Run from the repository root::

    python -m benchmarks.advice                      # 100,000 customers
    python -m benchmarks.advice --customers 10000 --check 200

The measures are generated directly (no workbook), so the figures are
what `score_customers` and `next_tier_gaps` cost on their own.  With
``--check N``, N randomly chosen customers with advice get the suggested
order (and half of it) added and the whole file is re-scored, to report
how often the advice is right.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from custgrade.rules.model import Rules
from custgrade.score import score_customers
from custgrade.tiers import assign_tiers, next_tier_gaps


def make_measures(customers: int, seed: int = 0) -> pd.DataFrame:
    """Measures shaped like a shop's: most bought once, spend long-tailed, half rated."""
    rng = np.random.default_rng(seed)
    count = rng.geometric(0.5, customers) - (rng.random(customers) < 0.1)
    frame = pd.DataFrame(
        {
            "purchase_count": count.astype(float),
            "net_amount": np.round(count * rng.lognormal(5.0, 1.0, customers), 2),
            "recency_days": rng.integers(0, 365, customers).astype(float),
            "campaign_count": rng.poisson(0.8, customers).astype(float),
            "contact_count": rng.poisson(1.2, customers).astype(float),
            "satisfaction": np.where(
                rng.random(customers) < 0.5, np.nan, rng.integers(20, 101, customers)
            ),
            "complaint_count": (rng.random(customers) < 0.05).astype(float),
        }
    )
    frame.loc[frame["purchase_count"] == 0, "recency_days"] = np.nan
    weight = np.power(0.5, frame["recency_days"].fillna(0) / 75)  # decayed by the last order
    frame["decayed_count"] = frame["purchase_count"] * weight
    frame["decayed_amount"] = frame["net_amount"] * weight
    return frame


def main() -> None:
    """Generate, score, advise, and print the timings (and the accuracy with --check)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--check", type=int, default=0, help="re-score this many customers")
    args = parser.parse_args()
    frame = make_measures(args.customers)
    available = {c: True for c in frame.columns}
    rules = Rules()

    start = time.perf_counter()
    scored = score_customers(frame, available, rules)
    tiers = assign_tiers(scored.scores["total_score"], rules)
    scoring = time.perf_counter() - start
    start = time.perf_counter()
    gaps = next_tier_gaps(frame, scored.scores, tiers, rules, scored.weights, available=available)
    advice = time.perf_counter() - start

    print(f"customers            {args.customers:,}")
    print(f"score_customers      {scoring:.2f} s")
    print(f"next_tier_gaps       {advice:.2f} s")
    print(f"with extra_spend     {gaps['extra_spend'].notna().mean():.1%}")
    print(f"with extra_purchases {gaps['extra_purchases'].notna().mean():.1%}")
    if args.check:
        _check(frame, available, rules, tiers, gaps, args.check)


def _check(
    frame: pd.DataFrame,
    available: dict[str, bool],
    rules: Rules,
    tiers: pd.DataFrame,
    gaps: pd.DataFrame,
    sample: int,
) -> None:
    cuts = [t.min_score for t in rules.tiers]
    advised = gaps.index[gaps["extra_spend"].notna()].to_numpy()
    picked = np.random.default_rng(1).choice(advised, min(sample, len(advised)), replace=False)
    full = half = 0
    for i in picked:
        target = cuts[int(tiers.loc[i, "tier_rank"]) - 1]
        spend = float(gaps.loc[i, "extra_spend"])
        full += _total_after(frame, available, rules, i, spend) >= target
        half += _total_after(frame, available, rules, i, spend / 2) >= target
    print(f"advice re-scored     {len(picked)} customers")
    print(f"  order reaches      {full / len(picked):.1%}")
    print(f"  half of it reaches {half / len(picked):.1%}")


def _total_after(
    frame: pd.DataFrame, available: dict[str, bool], rules: Rules, i: int, amount: float
) -> float:
    changed = frame.copy()
    changed.loc[i, "purchase_count"] += 1
    changed.loc[i, "net_amount"] += amount
    changed.loc[i, "recency_days"] = 0.0
    changed.loc[i, "decayed_count"] += 1  # an order placed today weighs in full
    changed.loc[i, "decayed_amount"] += amount
    return float(score_customers(changed, available, rules).scores["total_score"][i])


if __name__ == "__main__":
    main()
