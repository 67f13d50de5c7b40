"""Comparing this run's tiers with a previous result: who moved, why, who is gone.

Everything is whole-column pandas/numpy: a million customers are matched
by one merge of ID keys, not by a loop.  A customer is matched by ID, its
own first, then any ID merged into it (合并的客户ID) on either side, so a
customer whose duplicate record was merged away, or whose surviving ID
changed when duplicates were merged, keeps its history.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from custgrade.history.keys import id_entries, pair_ids
from custgrade.history.read import DIMENSIONS, PreviousResult
from custgrade.messages import text
from custgrade.rules.model import TierRule

#: Change codes, localised as history.change.<code> (升级 / 降级 / 新增 / 不变).
CHANGES: tuple[str, ...] = ("up", "down", "new", "same")
GONE_COLUMNS: tuple[str, ...] = ("customer_id", "name", "tier_name", "total_score", "merged_ids")


@dataclass
class TierHistory:
    """This run compared with a previous result.

    ``customers`` is aligned with ``RunResult.customers`` (same index):
    ``previous_id`` (the ID of the previous customer matched, None when
    new), ``previous_tier``, ``change`` (a code of CHANGES),
    ``reason_dimension`` (the dimension whose score moved the total most in
    the direction of the move, None when no dimension did) and ``reason``
    (the localised text of 变化原因, None when unchanged).  ``gone`` lists
    the previous customers none of whose IDs is in this run.  ``matrix``
    counts customers by previous tier (rows) × current tier (columns);
    ``new_by_tier`` and ``gone_by_tier`` complete it.
    """

    previous_path: Path
    previous_as_of: dt.date | None
    previous_version: str
    automatic: bool
    customers: pd.DataFrame
    gone: pd.DataFrame
    matrix: pd.DataFrame
    new_by_tier: pd.Series
    gone_by_tier: pd.Series

    @property
    def counts(self) -> dict[str, int]:
        """Customers per change code, and ``gone``."""
        found = self.customers["change"].value_counts()
        counts = {code: int(found.get(code, 0)) for code in CHANGES}
        return {**counts, "gone": len(self.gone)}


def compare_tiers(
    previous: PreviousResult,
    customers: pd.DataFrame,
    tiers: list[TierRule],
    weights: dict[str, float],
    lang: str,
    *,
    automatic: bool = False,
) -> TierHistory:
    """Match this run's customers with the previous result and explain each move.

    Args:
        previous: what `read_previous_result` read.
        customers: ``RunResult.customers`` (customer_id, merged_ids, name,
            tier_name, tier_rank and the dimension scores).
        tiers: this run's tiers, highest first.
        weights: this run's effective weights; the reason for a move is the
            dimension whose weighted score change pushed the total most in
            the direction of the move, so a dimension that weighs nothing
            never explains one.
        lang: the language of the reasons.
        automatic: True when the previous result was the output file found
            in place (recorded for the summary).
    """
    before = previous.customers
    pairs = _pairs(customers, before)
    match = _best_match(pairs, len(customers))
    change = _changes(match, _previous_ranks(previous, tiers), customers["tier_rank"])
    frame = _history_frame(customers, before, match, change, weights, lang)
    # gone: no ID of theirs is anywhere in this run (one merged into another customer is not)
    gone = ~np.isin(np.arange(len(before)), pairs["pos_prev"].to_numpy())
    matrix, new_by_tier, gone_by_tier = _migration(
        previous, frame, customers["tier_name"], tiers, gone
    )
    return TierHistory(
        previous_path=previous.path,
        previous_as_of=previous.as_of,
        previous_version=previous.version,
        automatic=automatic,
        customers=frame,
        gone=before.loc[gone, list(GONE_COLUMNS)].reset_index(drop=True),
        matrix=matrix,
        new_by_tier=new_by_tier,
        gone_by_tier=gone_by_tier,
    )


def _changes(match: np.ndarray, previous_ranks: np.ndarray, tier_rank: pd.Series) -> np.ndarray:
    """up / down / new / same per current customer (rank 0 is the highest tier)."""
    matched = match >= 0
    if not len(previous_ranks):  # an empty previous result: everyone is new
        return np.full(len(match), "new", dtype=object)
    before = np.where(matched, previous_ranks[np.where(matched, match, 0)], np.nan)
    now = pd.to_numeric(tier_rank).to_numpy(dtype="float64")
    return np.select([~matched, before > now, before < now], ["new", "up", "down"], "same")


def _history_frame(
    customers: pd.DataFrame,
    before: pd.DataFrame,
    match: np.ndarray,
    change: np.ndarray,
    weights: dict[str, float],
    lang: str,
) -> pd.DataFrame:
    """TierHistory.customers: the previous ID and tier, the change and its reason."""
    matched = match >= 0
    take = np.where(matched, match, 0)
    dimension, reason = _reasons(customers, before, take, change, weights, lang)
    columns = {
        "previous_id": _picked(before["customer_id"], take, matched),
        "previous_tier": _picked(before["tier_name"], take, matched),
        "change": change,
        "reason_dimension": dimension,
        "reason": reason,
    }
    # object columns: pandas would otherwise copy every text into its string type
    return pd.DataFrame(
        {
            name: pd.Series(values, index=customers.index, dtype=object)
            for name, values in columns.items()
        }
    )


def _picked(values: pd.Series, take: np.ndarray, matched: np.ndarray) -> np.ndarray:
    """``values`` of the matched previous customers, None for the new ones."""
    out = np.full(len(take), None, dtype=object)
    out[matched] = values.to_numpy(dtype=object)[take[matched]]
    return out


def _pairs(customers: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """Every (current position, previous position) that share an ID key, with priorities."""
    now = id_entries(customers["customer_id"], customers.get("merged_ids"))
    then = id_entries(before["customer_id"], before.get("merged_ids"))
    return pair_ids(now, then)


def _best_match(pairs: pd.DataFrame, size: int) -> np.ndarray:
    """For each current customer the position of its previous customer, -1 when none.

    Own ID to own ID wins over a merged ID; among equals, the first previous row.
    """
    rank = pairs["priority"] + pairs["priority_prev"]
    ordered = pairs.assign(rank=rank).sort_values(["pos", "rank", "pos_prev"], kind="stable")
    best = ordered.drop_duplicates("pos")
    match = np.full(size, -1, dtype="int64")
    match[best["pos"].to_numpy()] = best["pos_prev"].to_numpy()
    return match


def _previous_ranks(previous: PreviousResult, tiers: list[TierRule]) -> np.ndarray:
    """Each previous customer's tier as a rank of this run's tiers (0 = highest).

    A tier of the same name is the same tier.  A name this run does not
    know (a run in the other language, a renamed tier) is placed by the
    customer's previous total score among this run's cut-offs: with the
    default rules "金牌会员" and "Gold" are then the same tier.  Tier order
    cannot be taken by position: a tier nobody was in leaves no trace in
    the per-customer sheets.
    """
    by_name = {tier.name: float(i) for i, tier in enumerate(tiers)}
    before = previous.customers
    ranks = before["tier_name"].map(by_name).to_numpy(dtype="float64", copy=True)
    unknown = np.isnan(ranks)
    if unknown.any():
        ascending = np.array([tier.min_score for tier in reversed(tiers)])
        total = before["total_score"].to_numpy(dtype="float64")
        position = np.searchsorted(ascending, np.nan_to_num(total), side="right") - 1
        by_score = len(tiers) - 1 - np.clip(position, 0, len(tiers) - 1)
        ranks[unknown] = np.where(np.isnan(total), np.nan, by_score)[unknown]
    return ranks


def _reasons(
    customers: pd.DataFrame,
    before: pd.DataFrame,
    take: np.ndarray,
    change: np.ndarray,
    weights: dict[str, float],
    lang: str,
) -> tuple[np.ndarray, np.ndarray]:
    """The dimension that moved the total most in the direction of each move, and the text."""
    names = [f"{d}_score" for d in DIMENSIONS]
    after = _scores(customers, names)
    previous = _scores(before, names)[take]
    delta = after - previous
    weight = np.array([weights.get(d, 0.0) for d in DIMENSIONS])
    direction = np.select([change == "up", change == "down"], [1.0, -1.0], 0.0)
    pull = np.nan_to_num(delta * weight * direction[:, None], nan=-np.inf)
    best = pull.argmax(axis=1)
    explained = pull.max(axis=1) > 0
    rows = np.arange(len(change))
    dimension = np.full(len(change), None, dtype=object)
    dimension[explained] = np.array(DIMENSIONS, dtype=object)[best[explained]]
    reason = np.full(len(change), None, dtype=object)
    reason[change == "new"] = text("history.reason.new", lang)
    if explained.any():
        labels = {d: text(f"report.dim.{d}", lang) for d in DIMENSIONS}
        reason[explained] = fill_template(
            text("history.reason.dimension", lang),
            dimension=np.array([labels[d] for d in DIMENSIONS], dtype=object)[best[explained]],
            delta=score_texts(delta[rows, best][explained], lang, signed=True),
            before=score_texts(previous[rows, best][explained], lang),
            after=score_texts(after[rows, best][explained], lang),
        )
    by_total = np.isin(change, ("up", "down")) & ~explained
    if by_total.any():
        totals = _scores(customers, ["total_score"])[:, 0]
        previous_totals = _scores(before, ["total_score"])[take, 0]
        reason[by_total] = fill_template(
            text("history.reason.total", lang),
            before=score_texts(previous_totals[by_total], lang),
            after=score_texts(totals[by_total], lang),
        )
    return dimension, reason


def _scores(frame: pd.DataFrame, names: list[str]) -> np.ndarray:
    """The score columns as a float matrix (NaN where a column or a value is absent)."""
    columns = [
        pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype="float64")
        if name in frame
        else np.full(len(frame), np.nan)
        for name in names
    ]
    return np.column_stack(columns) if columns else np.empty((len(frame), 0))


#: "-100.0" … "100.0": every score and score change with one decimal, looked up by
#: tenths rather than formatted one by one (a million reasons in a fraction of a second).
_TENTHS = np.arange(-1000, 1001)
_PLAIN = np.array([f"{t / 10:.1f}" for t in _TENTHS], dtype=object)
_SIGNED = np.array([f"{t / 10:+.1f}" if t else "0.0" for t in _TENTHS], dtype=object)


def score_texts(values: np.ndarray, lang: str, *, signed: bool = False) -> np.ndarray:
    """Scores (0–100) or score changes as written in the sheets: one decimal, "+" on a rise.

    A missing score reads "（未知）" / "(unknown)".
    """
    tenths = np.round(np.asarray(values, dtype="float64") * 10)
    known = np.isfinite(tenths) & (np.abs(tenths) <= 1000)
    out = np.full(len(tenths), text("history.unknown", lang), dtype=object)
    table = _SIGNED if signed else _PLAIN
    out[known] = table[tenths[known].astype("int64") + 1000]
    return out


def fill_template(template: str, **values: np.ndarray) -> np.ndarray:
    """A message template filled column-wise: literal parts and whole arrays, concatenated.

    The placeholders take no format spec: the values come as text.
    """
    length = len(next(iter(values.values()))) if values else 1
    out = np.full(length, "", dtype=object)
    for literal, field, _, _ in string.Formatter().parse(template):
        if literal:
            out = out + literal
        if field:
            out = out + values[field]
    return out


def _migration(
    previous: PreviousResult,
    frame: pd.DataFrame,
    current_tier: pd.Series,
    tiers: list[TierRule],
    gone: np.ndarray,
) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Counts by previous tier × current tier, new customers per tier, gone per previous tier."""
    names = [tier.name for tier in tiers]
    rows = names if set(previous.tier_order) <= set(names) else previous.tier_order
    known = frame["change"].ne("new").to_numpy()
    pairs = pd.DataFrame(
        {
            "previous": frame["previous_tier"].to_numpy()[known],
            "current": current_tier.to_numpy()[known],
        }
    )
    matrix = (
        pairs.groupby(["previous", "current"]).size().unstack(fill_value=0)
        if len(pairs)
        else pd.DataFrame()
    )
    matrix = matrix.reindex(index=rows, columns=names, fill_value=0).fillna(0).astype("int64")
    new = pd.Series(current_tier.to_numpy()[~known]).value_counts()
    new = new.reindex(names, fill_value=0).astype("int64")
    gone_tiers = previous.customers.loc[gone, "tier_name"].value_counts()
    return matrix, new, gone_tiers.reindex(rows, fill_value=0).astype("int64")
