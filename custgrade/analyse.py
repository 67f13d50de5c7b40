"""分析报告: lifecycle, churn risk, tags, why this tier and a concrete next action.

All texts come from the message catalogue and are assembled column-wise:
`fill_template` splits a catalogue template into literal text and
placeholders once and concatenates whole columns, so writing a sentence
for 100k customers costs one pass per placeholder, not one format per row.
"""

from __future__ import annotations

import string

import numpy as np
import pandas as pd

from custgrade.messages import text
from custgrade.rules.model import Rules

LIFECYCLES = ("new", "active", "dormant", "lost")
LABELS = (
    "high_spend",
    "loyal",
    "potential",
    "churn_risk",
    "one_time",
    "non_positive",
    "low_satisfaction",
    "no_purchase",
)


def fill_template(template: str, columns: dict[str, pd.Series], index: pd.Index) -> pd.Series:
    """Fill a ``str.format`` template from whole columns at once (no per-row formatting)."""
    out = pd.Series("", index=index, dtype=object)
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        out = out + literal
        if name:
            out = out + columns[name].astype(str)
    return out


def lifecycle_states(
    measures: pd.DataFrame, customers: pd.DataFrame, rules: Rules, as_of: pd.Timestamp
) -> pd.Series:
    """新客户 / 活跃 / 休眠 / 流失 as codes ("new", "active", "dormant", "lost").

    New: first seen (registered or first purchase) within ``new_days``.
    Otherwise by days since the last purchase or interaction; a customer
    never active in the data counts as lost.  One-time buyers fall out of
    this naturally: they are classed by how long ago their one purchase was.
    """
    life = rules.lifecycle
    first_seen = measures["first_purchase_at"]
    if "registered_at" in customers:
        first_seen = pd.concat([first_seen, customers["registered_at"]], axis=1).min(axis=1)
    is_new = (as_of - first_seen).dt.days.le(life.new_days).fillna(False).astype(bool)
    days = measures["recency_days"]
    state = np.select(
        [is_new, days.le(life.active_days), days.le(life.churn_days)],
        ["new", "active", "dormant"],
        default="lost",
    )
    return pd.Series(state, index=measures.index)


def customer_labels(
    state: pd.Series,
    measures: pd.DataFrame,
    scores: pd.DataFrame,
    tiers: pd.DataFrame,
    has_orders: bool,
) -> pd.DataFrame:
    """One boolean column per tag (高消费, 忠实客户, 潜在客户, 流失风险 ...)."""
    purchases = measures["purchase_count"]
    fading = state.isin(["dormant", "lost"])
    net = measures["net_amount"]
    return (
        pd.DataFrame(
            {
                "high_spend": scores["amount_score"].ge(80),
                "loyal": scores["frequency_score"].ge(80) & state.isin(["active", "new"]),
                "potential": (scores["activity_score"].ge(60) | scores["interaction_score"].ge(60))
                & scores["amount_score"].fillna(0).lt(50),
                "churn_risk": fading & (purchases.ge(2) | tiers["tier_rank"].le(1)),
                "one_time": purchases.eq(1),
                "non_positive": has_orders & net.le(0) & (purchases.gt(0) | net.lt(0)),
                "low_satisfaction": measures["satisfaction"].lt(60),
                "no_purchase": purchases.eq(0),
            },
            index=measures.index,
        )
        .fillna(False)
        .astype(bool)
    )


def analyse_customers(
    customers: pd.DataFrame,
    measures: pd.DataFrame,
    scores: pd.DataFrame,
    tiers: pd.DataFrame,
    gaps: pd.DataFrame,
    rules: Rules,
    as_of: pd.Timestamp,
    lang: str,
    has_orders: bool,
) -> pd.DataFrame:
    """The 分析报告 columns: lifecycle, churn_risk, labels, analysis, suggestion."""
    state = lifecycle_states(measures, customers, rules, as_of)
    labels = customer_labels(state, measures, scores, tiers, has_orders)
    risk = state.map({"new": "low", "active": "low", "dormant": "medium", "lost": "high"})
    risk = risk.mask(labels["churn_risk"] & risk.eq("medium"), "high")
    localised_state = state.map({s: text(f"lifecycle.{s}", lang) for s in LIFECYCLES})
    sep = text("label.separator", lang)
    label_text = pd.Series("", index=state.index, dtype=object)
    for name in LABELS:
        piece = text(f"label.{name}", lang)
        add = labels[name]
        label_text = label_text.mask(add & label_text.ne(""), label_text + sep + piece)
        label_text = label_text.mask(add & label_text.eq(""), piece)
    return pd.DataFrame(
        {
            "lifecycle": localised_state,
            "churn_risk": risk.map({r: text(f"risk.{r}", lang) for r in ("low", "medium", "high")}),
            "labels": label_text,
            "analysis": _analysis_text(
                localised_state, label_text, measures, scores, tiers, rules, lang
            ),
            "suggestion": _suggestion_text(state, labels, tiers, gaps, lang),
        },
        index=state.index,
    )


def _num(values: pd.Series, fmt: str = "{:.1f}") -> pd.Series:
    """Numbers as text; formatted once per distinct value (scores repeat a lot)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = np.array([fmt.format(v) for v in uniques] + ["—"], dtype=object)
    return pd.Series(texts[np.where(codes < 0, len(uniques), codes)], index=values.index)


def _analysis_text(
    state: pd.Series,
    labels: pd.Series,
    measures: pd.DataFrame,
    scores: pd.DataFrame,
    tiers: pd.DataFrame,
    rules: Rules,
    lang: str,
) -> pd.Series:
    cut = pd.Series([t.min_score for t in rules.tiers])
    names = pd.Series([t.name for t in rules.tiers])
    days = measures["recency_days"]
    recency = fill_template(
        text("analysis.recency", lang), {"days": _num(days, "{:.0f}")}, days.index
    )
    recency = recency.where(days.notna(), text("analysis.never-active", lang))
    columns = {
        "state": state,
        "recency": recency,
        "labels": labels.where(labels.ne(""), text("label.none", lang)),
        "tier": tiers["tier_name"],
        "total": _num(scores["total_score"]),
        "frequency": _num(scores["frequency_score"]),
        "amount": _num(scores["amount_score"]),
        "activity": _num(scores["activity_score"]),
        "interaction": _num(scores["interaction_score"]),
        "min_score": _num(tiers["tier_rank"].map(cut), "{:g}"),
        "next_tier": tiers["tier_rank"].sub(1).clip(lower=0).map(names),
        "next_min": _num(tiers["tier_rank"].sub(1).clip(lower=0).map(cut), "{:g}"),
    }
    index = state.index
    reached = fill_template(text("analysis.tier-reached", lang), columns, index)
    lowest = tiers["tier_rank"].eq(len(rules.tiers) - 1) & (len(rules.tiers) > 1)
    columns["tier_reason"] = reached.mask(
        lowest, fill_template(text("analysis.tier-lowest", lang), columns, index)
    )
    return fill_template(text("analysis.template", lang), columns, index)


def _suggestion_text(
    state: pd.Series, labels: pd.DataFrame, tiers: pd.DataFrame, gaps: pd.DataFrame, lang: str
) -> pd.Series:
    action_key = np.select(
        [
            labels["low_satisfaction"],
            state.eq("lost"),
            state.eq("dormant"),
            state.eq("new"),
            tiers["tier_rank"].eq(0),
            labels["potential"],
            labels["non_positive"],
        ],
        ["low_satisfaction", "lost", "dormant", "new", "top", "potential", "non_positive"],
        default="active",
    )
    action = pd.Series(action_key, index=state.index).map(
        {k: text(f"action.{k}", lang) for k in np.unique(action_key)}
    )
    return action + _gap_text(gaps, lang)


def _gap_text(gaps: pd.DataFrame, lang: str) -> pd.Series:
    """“再消费 ¥3,200 或再购买 2 次可升至金牌会员” — or the points, when neither alone suffices."""
    index = gaps.index
    spend = _num(gaps["extra_spend"], "{:,.0f}")
    buys = _num(gaps["extra_purchases"].apply(np.ceil), "{:.0f}")
    columns = {
        "spend": spend,
        "purchases": buys,
        "tier": gaps["next_tier"].astype(str),
        "points": _num(gaps["points_up"]),
        "margin": _num(gaps["points_down"]),
    }
    has_spend, has_buys = gaps["extra_spend"].notna(), gaps["extra_purchases"].notna()
    options = {
        "both": has_spend & has_buys,
        "spend": has_spend & ~has_buys,
        "purchases": ~has_spend & has_buys,
        "points": gaps["next_tier"].notna() & ~has_spend & ~has_buys,
    }
    out = pd.Series(text("gap.top", lang), index=index, dtype=object)
    for key, mask in options.items():
        if mask.any():
            out = out.mask(mask, fill_template(text(f"gap.{key}", lang), columns, index))
    near = gaps["points_down"].lt(3) & gaps["points_down"].notna()
    return out + fill_template(text("gap.margin", lang), columns, index).where(near, "")
