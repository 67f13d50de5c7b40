"""Does the default grading rank customers by what they spend next?  Measured on CDNOW.

Run from the repository root (downloads the lifetimes wheel on first use)::

    python -m benchmarks.cdnow

Calibrate on 1997, hold out 1998-01-01..1998-06-30.  custgrade grades the
calibration year through `grade_workbook`; the anchors (RFM quintiles,
past frequency, past spend, BG/NBD × Gamma-Gamma) and the candidate
measure sets are scored on the same customers, and every row gets the same
four metrics against holdout spend.  Prints Markdown for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from benchmarks.cdnow_data import (
    AS_OF,
    CALIBRATION_END,
    HOLDOUT_END,
    load_transactions,
    split_periods,
)
from benchmarks.cdnow_experiments import (
    RECOMMENDED,
    anchors,
    band_shares,
    calibration_measures,
    candidate_total,
    candidates,
    sequential_band_edges,
)
from benchmarks.cdnow_grade import grade_calibration
from benchmarks.cdnow_metrics import (
    Metrics,
    bootstrap_wins,
    evaluate,
    falls_strictly,
    tier_table,
)
from benchmarks.cdnow_models import expected_value
from custgrade.rules.model import Rules

HEADER = "| grading | Spearman ρ | top-10 % revenue | top-20 % revenue | AUC (buys again) |"


def tiers_of(total: pd.Series, rules: Rules) -> pd.Series:
    """The default tier of each total score (the highest tier whose cut-off it reaches)."""
    tiers = sorted(rules.tiers, key=lambda t: t.min_score)
    out = pd.Series(tiers[0].name, index=total.index)
    for tier in tiers[1:]:
        out = out.mask(total >= tier.min_score, tier.name)
    return out


def metric_row(name: str, m: Metrics, best: Metrics | None = None) -> str:
    """One Markdown row; with ``best``, a ✓ marks a row that beats every anchor on all four."""
    mark = " ✓" if best is not None and m.beats(best) else ""
    return f"| {name}{mark} | {m.spearman:.4f} | {m.top10:.2%} | {m.top20:.2%} | {m.auc:.4f} |"


def best_of(rows: list[Metrics]) -> Metrics:
    """The best value of each metric over the anchors: what a winner must beat."""
    return Metrics(
        spearman=max(r.spearman for r in rows),
        top10=max(r.top10 for r in rows),
        top20=max(r.top20 for r in rows),
        auc=max(r.auc for r in rows),
    )


def tier_lines(title: str, tiers: pd.Series, spend: pd.Series, rules: Rules) -> list[str]:
    """The per-tier share and mean holdout spend as a Markdown table."""
    table = tier_table(
        tiers, spend, [t.name for t in sorted(rules.tiers, key=lambda t: -t.min_score)]
    )
    falls = "falls strictly" if falls_strictly(table["mean_spend"]) else "does NOT fall strictly"
    lines = [f"{title} (mean holdout spend {falls} from the top tier down):", ""]
    lines += ["| tier | share of customers | mean holdout spend |", "|---|---:|---:|"]
    lines += [f"| {t} | {r.share:.1%} | ${r.mean_spend:.2f} |" for t, r in table.iterrows()]
    return [*lines, ""]


def run(resamples: int) -> list[str]:
    """Every table of the benchmark, as Markdown lines."""
    split = split_periods(load_transactions())
    spend = split.holdout_spend
    graded = grade_calibration(split.orders, split.customers, AS_OF)
    measures = calibration_measures(split.orders, split.customers, CALIBRATION_END)
    clv = expected_value(
        split.orders, split.customers, CALIBRATION_END, (HOLDOUT_END - CALIBRATION_END).days
    )
    anchor_scores = anchors(measures, clv)
    anchor_metrics = {name: evaluate(score, spend) for name, score in anchor_scores.items()}
    best = best_of(list(anchor_metrics.values()))
    default = evaluate(graded["total_score"], spend)
    lines = [HEADER, "|---|---:|---:|---:|---:|"]
    lines += [metric_row("**custgrade default (pipeline)**", default, best)]
    lines += [metric_row(name, m) for name, m in anchor_metrics.items()]
    totals = {c.name: candidate_total(measures, c) for c in candidates()}
    lines += [metric_row(name, evaluate(total, spend), best) for name, total in totals.items()]
    lines += ["", "✓ beats every anchor on all four metrics.", ""]
    chosen = totals[RECOMMENDED]
    rivals = {**anchor_scores, "custgrade default": graded["total_score"]}
    lines += bootstrap_lines(chosen, rivals, spend, resamples)
    rules = Rules()
    lines += tier_lines("custgrade default tiers", graded["tier_name"], spend, rules)
    lines += tier_lines(f"{RECOMMENDED}, default cut-offs", tiers_of(chosen, rules), spend, rules)
    lines += band_lines(measures["purchase_count"])
    return lines


def bootstrap_lines(
    chosen: pd.Series, rivals: dict[str, pd.Series], spend: pd.Series, resamples: int
) -> list[str]:
    """How often the recommended set beats each rival over resampled customers."""
    if resamples <= 0:
        return []
    lines = [
        f"{RECOMMENDED}: share of {resamples} bootstrap resamples of the customers "
        "in which it beats each rival:",
        "",
        "| rival | Spearman ρ | top-10 % | top-20 % | AUC |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, score in rivals.items():
        w = bootstrap_wins(chosen, score, spend, resamples)
        lines.append(f"| {name} | {w.spearman:.0%} | {w.top10:.0%} | {w.top20:.0%} | {w.auc:.0%} |")
    return [*lines, ""]


def band_lines(counts: pd.Series) -> list[str]:
    """Band shares of purchase_count under `bands` today and with sequential edges."""
    now = band_shares(counts, "purchase_count")
    proposed = band_shares(counts, "purchase_count", sequential_band_edges)
    lines = ["`bands` on purchase_count, share of customers per band (1 = lowest):", ""]
    lines += ["| band | custgrade today | sequential edges |", "|---|---:|---:|"]
    for band in range(1, 6):
        lines.append(f"| {band} | {now.get(band, 0.0):.1%} | {proposed.get(band, 0.0):.1%} |")
    return [*lines, ""]


def main() -> None:
    """Print the benchmark tables (Markdown) and how long it took."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--bootstrap", type=int, default=100, help="resamples for the significance table (0: skip)"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    print("\n".join(run(args.bootstrap)))
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
