"""分析报告: lifecycle, churn risk, tags, why this tier and a concrete next action.

What the analysis knows lives in a decision table (custgrade/vocab/analysis.toml,
explained for users in docs/analysis.md): rows of named facts about a
customer, read top to bottom.  This module computes each fact once as a whole
column, evaluates every table with ``np.select`` over its rows, and assembles
the sentences with `fill_template`, which splits a catalogue template into
literal text and placeholders once and concatenates whole columns.  So
writing the analysis of 100k customers costs one pass per table row and per
placeholder, never one Python call per customer.

Only facts the measures beside it support are said: a customer without
data is "数据不足", not lost; an unknown last purchase date is said to be
unknown; the lowest tier is never warned of a downgrade.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, partial
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from custgrade.messages import text
from custgrade.parallel import side_by_side
from custgrade.rules.model import Rules
from custgrade.rules.units import format_money

#: Each table of the decision table and the key that names its rows.
TABLES: dict[str, str] = {
    "lifecycle": "state",
    "risk": "risk",
    "tags": "tag",
    "history": "name",
    "care": "action",
    "action": "action",
}
#: Tables where the first row that holds wins (their last row is the default).
SINGLE_CHOICE: tuple[str, ...] = ("lifecycle", "risk", "history", "action")
#: Catalogue prefix of the text of each table's rows.
TEXT_PREFIX: dict[str, str] = {
    "lifecycle": "lifecycle.",
    "risk": "risk.",
    "tags": "label.",
    "history": "analysis.history.",
    "care": "action.",
    "action": "action.",
}


@dataclass(frozen=True)
class Row:
    """One row of a decision table: its name and the facts that must hold."""

    name: str
    when: tuple[str, ...] = ()
    any: tuple[str, ...] = ()


@dataclass(frozen=True)
class DecisionTable:
    """The analysis decision table: thresholds and one tuple of rows per table."""

    thresholds: dict[str, float]
    tables: dict[str, tuple[Row, ...]]

    def names(self, table: str) -> list[str]:
        """The distinct row names of one table, in table order."""
        return list(dict.fromkeys(row.name for row in self.tables[table]))


def load_decision_table(path: Path | None = None) -> DecisionTable:
    """Read the decision table (the packaged one unless ``path`` is given).

    Raises:
        ValueError: a single-choice table does not end with a default row.
    """
    if path is None:
        return _packaged_table()
    return _parse_table(tomllib.loads(path.read_text(encoding="utf-8")))


@cache
def _packaged_table() -> DecisionTable:
    source = resources.files("custgrade").joinpath("vocab", "analysis.toml")
    return _parse_table(tomllib.loads(source.read_text(encoding="utf-8")))


def _parse_table(data: dict[str, Any]) -> DecisionTable:
    tables = {
        table: tuple(
            Row(str(row[key]), tuple(row.get("when", ())), tuple(row.get("any", ())))
            for row in data.get(table, [])
        )
        for table, key in TABLES.items()
    }
    for table in SINGLE_CHOICE:
        rows = tables[table]
        if not rows or rows[-1].when or rows[-1].any:
            raise ValueError(f"analysis table [[{table}]] must end with a row without conditions")
    return DecisionTable({k: float(v) for k, v in data["thresholds"].items()}, tables)


#: Text columns are Arrow strings while sentences are built: joining them is one pass
#: in Arrow per template, where Python objects cost a string copy per row and piece.
TEXT = pa.large_string()


def fill_template(template: str, columns: Mapping[str, Any], size: int) -> Any:
    """Fill a ``str.format`` template from whole text columns at once (no per-row formatting).

    The literal pieces and the placeholders' columns (Arrow strings, or
    Series turned to text) are joined in one Arrow pass, so a template
    costs one copy of its sentences however many pieces it has.
    """
    parts: list[Any] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            parts.append(pa.scalar(literal, TEXT))
        if name:
            parts.append(_as_text(columns[name]))
    if not any(isinstance(p, pa.Array) for p in parts):
        return _repeat("".join(p.as_py() for p in parts), size)
    return pc.binary_join_element_wise(*parts, pa.scalar("", TEXT))


def _repeat(value: str, size: int) -> Any:
    return pa.array([value], TEXT).take(np.zeros(size, dtype=np.int64))


def _pick(strings: list[str], codes: np.ndarray) -> Any:
    """The text column ``strings[codes]``, built in Arrow."""
    return pa.array(strings, TEXT).take(pa.array(np.asarray(codes, dtype=np.int64)))


def _as_text(values: Any, missing: str = "") -> Any:
    """A column as Arrow text: each distinct value turned to ``str`` once (NaN: ``missing``)."""
    if isinstance(values, pa.Array):
        return values
    codes, uniques = pd.factorize(pd.Series(values), use_na_sentinel=True)
    strings = [str(u) for u in uniques] + [missing]
    return _pick(strings, np.where(codes < 0, len(uniques), codes))


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column of ``frame``, or all-unknown (NaN) when the data does not provide it."""
    if name in frame:
        return frame[name]
    return pd.Series(np.nan, index=frame.index)


def _days_since(dates: pd.Series, as_of: pd.Timestamp) -> pd.Series:
    """Whole days from each date to the as-of date (NaN where the date is unknown)."""
    values = pd.to_datetime(dates, errors="coerce")
    return (as_of - values).dt.days.astype(float)


def customer_facts(
    customers: pd.DataFrame,
    measures: pd.DataFrame,
    scores: pd.DataFrame,
    tiers: pd.DataFrame,
    rules: Rules,
    as_of: pd.Timestamp,
    table: DecisionTable,
    *,
    has_orders: bool,
    has_interactions: bool,
) -> pd.DataFrame:
    """One boolean column per fact the decision table may name (see docs/analysis.md).

    Every comparison with an unknown value is false, so a missing measure
    never makes a fact true: no purchase count is not "no purchases".
    """
    th, life, index = table.thresholds, rules.lifecycle, measures.index
    count, net = _column(measures, "purchase_count"), _column(measures, "net_amount")
    bought_days = _days_since(_column(measures, "last_purchase_at"), as_of)
    first_days = _days_since(_column(measures, "first_purchase_at"), as_of)
    registered = _column(customers, "registered_at").to_numpy()
    registered_days = _days_since(pd.Series(registered, index=index), as_of)
    last_known = bought_days.notna()
    amount, rank = _column(scores, "amount_score"), tiers["tier_rank"]
    facts = {
        "purchases_known": count.notna(),
        "window_purchases": count.gt(0),
        "has_purchases": count.gt(0) | last_known | (count.isna() & net.gt(0)),
        "no_purchases": count.eq(0) & ~last_known,
        "last_purchase_known": last_known,
        "one_purchase": count.eq(1),
        "repeat_buyer": count.ge(2),
        "first_purchase_known": first_days.notna(),
        "first_purchase_recent": first_days.le(life.new_days),
        "registered_recent": registered_days.le(life.new_days),
        "bought_within_active": bought_days.le(life.active_days),
        "bought_within_churn": bought_days.le(life.churn_days),
        "activity_known": _column(measures, "contact_count").gt(0)
        | _column(measures, "campaign_count").gt(0)
        | _column(measures, "last_contact_at").notna(),
        "high_spend": amount.ge(th["high_spend_score"]) & net.gt(0),
        "frequent": _column(scores, "frequency_score").ge(th["loyal_frequency_score"]),
        "engaged": _column(scores, "activity_score").ge(th["engaged_score"])
        | _column(scores, "interaction_score").ge(th["engaged_score"]),
        "low_spend": ~amount.ge(th["low_spend_score"]),
        "net_non_positive": net.le(0) & (count.gt(0) | net.lt(0)) & has_orders,
        "has_complaint": _column(measures, "complaint_count").gt(0),
        "low_satisfaction": _column(measures, "satisfaction").lt(th["low_satisfaction"]),
        "valuable": count.ge(2) | rank.le(th["valuable_tier_rank"]),
        "top_tier": rank.eq(0),
        "lowest_tier": rank.eq(len(rules.tiers) - 1),
        "file_has_orders": pd.Series(has_orders, index=index),
        "file_has_interactions": pd.Series(has_interactions, index=index),
    }
    return pd.DataFrame({k: v.to_numpy(dtype=bool) for k, v in facts.items()}, index=index)


def _holds(facts: pd.DataFrame, name: str) -> np.ndarray:
    values = facts[name.removeprefix("!")].to_numpy(dtype=bool)
    return ~values if name.startswith("!") else values


def row_mask(facts: pd.DataFrame, row: Row) -> np.ndarray:
    """Where a decision-table row holds: all of ``when`` and at least one of ``any``."""
    mask = np.ones(len(facts), dtype=bool)
    for name in row.when:
        mask &= _holds(facts, name)
    if row.any:
        mask &= np.logical_or.reduce([_holds(facts, name) for name in row.any])
    return mask


def choose(facts: pd.DataFrame, rows: tuple[Row, ...], default: str = "") -> pd.Series:
    """The name of the first row that holds, per customer (``default`` where none does)."""
    names = np.array([row.name for row in rows] + [default], dtype=object)
    return pd.Series(names[_first_holding(facts, rows)], index=facts.index, dtype=object)


def _first_holding(facts: pd.DataFrame, rows: tuple[Row, ...]) -> np.ndarray:
    """Per customer, the position of the first row that holds (``len(rows)`` where none does)."""
    return np.select([row_mask(facts, row) for row in rows], list(range(len(rows))), len(rows))


def evaluate_table(facts: pd.DataFrame, table: DecisionTable) -> dict[str, pd.Series]:
    """Lifecycle state, risk, history and action names per customer, plus the care action.

    The lifecycle is decided first; its states then become facts
    (``state_new`` ...) that the other tables may name.
    """
    rows = table.tables["lifecycle"]
    first = _first_holding(facts, rows)
    for name in table.names("lifecycle"):
        facts[f"state_{name}"] = np.array([row.name == name for row in rows] + [name == ""])[first]
    picked = {name: choose(facts, table.tables[name]) for name in SINGLE_CHOICE}
    picked["care"] = choose(facts, table.tables["care"])
    return picked


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
    *,
    has_interactions: bool = False,
    currency: str = "¥",
) -> pd.DataFrame:
    """The 分析报告 columns: lifecycle, churn_risk, labels, analysis, suggestion.

    Args:
        has_orders: the file has purchase data (an orders sheet or purchase
            columns); only then is a net spend ≤ 0 flagged.
        has_interactions: the file has interaction data; with neither, a
            customer without data is told the file holds none.
        currency: the symbol money is shown with ("¥", "$" ...).
    """
    table = load_decision_table()
    facts = customer_facts(
        customers,
        measures,
        scores,
        tiers,
        rules,
        as_of,
        table,
        has_orders=has_orders,
        has_interactions=has_interactions,
    )
    picked = evaluate_table(facts, table)
    values = _template_values(measures, as_of, currency, lang)
    labels, shown_labels = _label_text(facts, table, lang)
    state = _localise(picked["lifecycle"], "lifecycle.", lang)
    shown = _shown_fragments(measures, facts)
    index = measures.index
    # the two sentences read the same facts and nothing else: they are built side by side
    said, suggestion = side_by_side(
        partial(
            _in_blocks,
            partial(_analysis_text, rules=rules, lang=lang),
            _as_text(state),
            shown_labels,
            picked["history"],
            values,
            shown,
            scores,
            tiers,
        ),
        partial(
            _in_blocks,
            partial(_suggestion_text, rules=rules, table=table, lang=lang, currency=currency),
            picked,
            values,
            gaps,
            tiers,
        ),
    )
    # a view of the sentences' Arrow text: Python strings of them would be as large
    # again once the report asks each for its UTF-8 (CPython keeps that beside the string)
    analysis = _str_series(said, index)
    del said
    del values
    out = pd.DataFrame(
        {
            "lifecycle": state,
            "churn_risk": _localise(picked["risk"], "risk.", lang),
            "labels": labels,
            "analysis": analysis,
            "suggestion": _str_series(suggestion, index),
        },
        index=index,
    )
    _release_text()
    return out


#: Customers whose sentences are built at once: the pieces of a sentence (a dozen texts
#: per customer) then take some tens of megabytes, not a gigabyte at a million customers.
BLOCK = 131_072


def _in_blocks(build: Callable[..., Any], *parts: Any) -> Any:
    """``build(*parts)`` over BLOCK customers at a time, the text of all of them as one column.

    ``parts`` are aligned per customer: Arrow arrays, Series and frames (by
    position) and dicts of them; each block's pieces are freed before the next.
    """
    size = len(parts[-1])
    if size <= BLOCK:
        return build(*parts)
    blocks = []
    for start in range(0, size, BLOCK):
        blocks.append(build(*(_rows(part, start, BLOCK) for part in parts)))
        _release_text()
    return pa.chunked_array(blocks, TEXT)


def _rows(part: Any, start: int, length: int) -> Any:
    if isinstance(part, dict):
        return {name: _rows(value, start, length) for name, value in part.items()}
    if isinstance(part, pa.Array | pa.ChunkedArray):
        return part.slice(start, length)
    return part.iloc[start : start + length]


def _suggestion_text(
    picked: dict[str, pd.Series],
    values: dict[str, Any],
    gaps: pd.DataFrame,
    tiers: pd.DataFrame,
    rules: Rules,
    table: DecisionTable,
    lang: str,
    currency: str,
) -> Any:
    """The care action, the main action and the gap to the next tier, one after the other."""
    care = _by_name(picked["care"], "action.", values, lang)
    action = _by_name(picked["action"], "action.", values, lang)
    gap = gap_text(gaps, tiers, rules, table, lang, currency)
    _release_text()
    return pc.binary_join_element_wise(care, action, gap, pa.scalar("", TEXT))


def _release_text() -> None:
    """Hand freed Arrow text back to the system: Arrow's allocator keeps freed blocks for
    itself, where Python strings and numpy columns cannot reuse them."""
    pa.default_memory_pool().release_unused()


def _localise(names: pd.Series, prefix: str, lang: str) -> pd.Series:
    codes, uniques = pd.factorize(names)
    return _str_series(_pick([text(prefix + n, lang) for n in uniques], codes), names.index)


def _str_series(values: Any, index: pd.Index) -> pd.Series:
    """An Arrow text column as a pandas ``str`` column (a view, no Python strings)."""
    return pd.Series(pd.array(values, dtype="str"), index=index)


def _by_name(names: pd.Series, prefix: str, values: Mapping[str, Any], lang: str) -> Any:
    """Per customer, the template of its row name filled from ``values`` ("" for no name).

    Each name's template is filled over its own customers only; the pieces
    are then put back in customer order with one take.
    """
    codes, uniques = pd.factorize(names)
    order = np.argsort(codes, kind="stable")
    ends = np.cumsum(np.bincount(codes + 1, minlength=len(uniques) + 1))
    pieces = [_repeat("", int(ends[0]))]  # rows without a name (code -1) sort first
    for code, name in enumerate(uniques):
        rows = order[ends[code] : ends[code + 1]]
        template = text(prefix + str(name), lang) if name else ""
        used = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        part = {k: values[k].take(pa.array(rows)) for k in used}
        pieces.append(fill_template(template, part, len(rows)))
    back = np.empty(len(order), dtype=np.int64)
    back[order] = np.arange(len(order))
    joined = pa.concat_arrays(pieces)
    del pieces  # one copy of the text at a time
    return joined.take(pa.array(back))


def _label_text(facts: pd.DataFrame, table: DecisionTable, lang: str) -> tuple[pd.Series, Any]:
    """Every tag that holds, joined in table order: as written ("" when none) and as said.

    Customers share few combinations of tags, so each distinct combination
    is joined once.  The text said in the analysis names "no special tags".
    """
    rows = table.tables["tags"]
    sep, pieces = text("label.separator", lang), [text(f"label.{r.name}", lang) for r in rows]
    holds = np.column_stack([row_mask(facts, row) for row in rows] or [np.zeros(len(facts), bool)])
    codes, combos = _combinations(holds)
    joined = [sep.join(p for p, hit in zip(pieces, combo, strict=False) if hit) for combo in combos]
    said = [j or text("label.none", lang) for j in joined]
    return _str_series(_pick(joined, codes), facts.index), _pick(said, codes)


def _combinations(holds: np.ndarray) -> tuple[np.ndarray, list[tuple[bool, ...]]]:
    """Per row, the number of its distinct combination of true columns, and the combinations."""
    if holds.shape[1] < 63:
        bits = holds.astype(np.int64) << np.arange(holds.shape[1], dtype=np.int64)
        codes, uniques = pd.factorize(bits.sum(axis=1))
        combos = [tuple(bool(c >> i & 1) for i in range(holds.shape[1])) for c in uniques]
        return codes, combos
    distinct, inverse = np.unique(holds, axis=0, return_inverse=True)
    return inverse.ravel(), [tuple(bool(v) for v in row) for row in distinct]


def _num(values: pd.Series, fmt: str = "{:.1f}") -> Any:
    """Numbers as text; formatted once per distinct value (scores repeat a lot)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = [fmt.format(v) for v in uniques] + ["—"]
    return _pick(texts, np.where(codes < 0, len(uniques), codes))


def _money(values: pd.Series, currency: str) -> Any:
    """Whole amounts as `format_money` writes them (¥1,280, -¥200); once per distinct amount."""
    rounded = values.astype(float).round(0)
    codes, uniques = pd.factorize(rounded, use_na_sentinel=True)
    texts = [format_money(v, currency) for v in uniques] + ["—"]
    return _pick(texts, np.where(codes < 0, len(uniques), codes))


def _template_values(
    measures: pd.DataFrame, as_of: pd.Timestamp, currency: str, lang: str
) -> dict[str, Any]:
    """Every placeholder an analysis or action template may use, as text columns."""
    count = _column(measures, "purchase_count")
    raw, scale = _column(measures, "satisfaction_raw"), _column(measures, "satisfaction_scale")
    slash, hundred, none = pa.scalar("/", TEXT), pa.scalar("/100", TEXT), pa.scalar("", TEXT)
    on_own_scale = pc.binary_join_element_wise(
        _num(raw.astype(float).round(1), "{:g}"), slash, _num(scale, "{:g}"), none
    )
    as_hundred = pc.binary_join_element_wise(
        _num(_column(measures, "satisfaction").astype(float).round(1), "{:g}"), hundred, none
    )
    own = (raw.notna() & scale.notna()).to_numpy()
    return {
        "days": _num(_days_since(_column(measures, "last_purchase_at"), as_of), "{:.0f}"),
        "purchases": _num(count, "{:.0f}"),
        "net": _money(_column(measures, "net_amount"), currency),
        "satisfaction": pc.if_else(own, on_own_scale, as_hundred),
        "complaints": _num(_column(measures, "complaint_count"), "{:.0f}"),
        "favourite": _favourite_text(measures, lang),
    }


def _known_text(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), "").astype(str).str.strip()


def _favourite_text(measures: pd.DataFrame, lang: str) -> Any:
    """“（常购“羽绒服”，常用渠道“天猫”）” where the data knows them, else ""."""
    product = _known_text(_column(measures, "favourite_product"))
    channel = _known_text(_column(measures, "favourite_channel"))
    has_p, has_c = product.ne(""), channel.ne("")
    kind = pd.Series(
        np.select([has_p & has_c, has_p, has_c], ["both", "product", "channel"], default=""),
        index=measures.index,
        dtype=object,
    )
    values = {"product": _as_text(product), "channel": _as_text(channel)}
    return _by_name(kind, "analysis.favourite.", values, lang)


def _shown_fragments(measures: pd.DataFrame, facts: pd.DataFrame) -> dict[str, pd.Series]:
    """Where the analysis adds net spend, satisfaction and complaints: only where known."""
    net = _column(measures, "net_amount")
    rated = _column(measures, "satisfaction").notna()
    rated |= _column(measures, "satisfaction_raw").notna()
    return {
        "net": net.notna() & (facts["has_purchases"] | net.ne(0)),
        "satisfaction": rated,
        "complaints": _column(measures, "complaint_count").gt(0),
    }


def _analysis_text(
    state: Any,
    labels: Any,
    history: pd.Series,
    values: dict[str, Any],
    shown: dict[str, pd.Series],
    scores: pd.DataFrame,
    tiers: pd.DataFrame,
    rules: Rules,
    lang: str,
) -> Any:
    size, none = len(history), pa.scalar("", TEXT)
    cut = np.array([t.min_score for t in rules.tiers], dtype=float)
    names = [t.name for t in rules.tiers]
    rank = tiers["tier_rank"].to_numpy()
    above = np.clip(rank - 1, 0, None)
    columns = {
        "state": state,
        "history": _by_name(history, "analysis.history.", values, lang),
        "labels": labels,
        "tier": _as_text(tiers["tier_name"]),
        "total": _num(scores["total_score"]),
        "frequency": _num(_column(scores, "frequency_score")),
        "amount": _num(_column(scores, "amount_score")),
        "activity": _num(_column(scores, "activity_score")),
        "interaction": _num(_column(scores, "interaction_score")),
        "min_score": _num(pd.Series(cut[rank]), "{:g}"),
        "next_tier": _pick(names, above),
        "next_min": _num(pd.Series(cut[above]), "{:g}"),
    }
    for name, mask in shown.items():
        filled = fill_template(text(f"analysis.{name}", lang), values, size)
        columns[name] = pc.if_else(mask.to_numpy(dtype=bool), filled, none)
    reached = fill_template(text("analysis.tier-reached", lang), columns, size)
    lowest = tiers["tier_rank"].eq(len(rules.tiers) - 1) & (len(rules.tiers) > 1)
    below = fill_template(text("analysis.tier-lowest", lang), columns, size)
    columns["tier_reason"] = pc.if_else(lowest.to_numpy(dtype=bool), below, reached)
    return fill_template(text("analysis.template", lang), columns, size)


def _round_up(values: pd.Series) -> pd.Series:
    """Round up: an extra spend or purchase count that suffices, never one just short."""
    return pd.Series(np.ceil(values.to_numpy(dtype=float)), index=values.index)


def gap_text(
    gaps: pd.DataFrame,
    tiers: pd.DataFrame,
    rules: Rules,
    table: DecisionTable,
    lang: str,
    currency: str = "¥",
) -> Any:
    """“再消费 ¥3,200 或再购买 2 次可升至“金牌会员”” — or the points, when neither alone suffices.

    The top tier is told how far it stands above its cut-off; a margin
    warning names the tier below and is given only when there is one.  With
    a single tier there is neither a tier to reach nor one to fall to, so
    nothing is said.
    Returns an Arrow text column aligned with ``gaps``.
    """
    index = gaps.index
    spend, buys = _column(gaps, "extra_spend"), _column(gaps, "extra_purchases")
    margin, points = _column(gaps, "points_down"), _column(gaps, "points_up")
    rank = tiers["tier_rank"].to_numpy()
    has_lower = pd.Series(rank < len(rules.tiers) - 1, index=index)
    lower = [t.name for t in rules.tiers] + [""]
    columns = {
        "spend": _money(_round_up(spend), currency),
        "purchases": _num(_round_up(buys), "{:.0f}"),
        "tier": _as_text(gaps["next_tier"]),
        "points": _num(points),
        "margin": _num(margin),
        "lower_tier": _pick(lower, np.minimum(rank + 1, len(rules.tiers))),
    }
    top = (pd.Series(rank == 0, index=index) | gaps["next_tier"].isna()) & has_lower
    near = margin.lt(table.thresholds["margin_warning_points"]) & has_lower
    has_spend, has_buys = spend.notna(), buys.notna()
    # the smallest order that lifts them is ¥1: the amount does not matter, one more order does
    any_order = has_spend & spend.le(1)
    kind = pd.Series(
        np.select(
            [top & near, top, any_order, has_spend & has_buys, has_spend, has_buys, points.notna()],
            ["top-near", "top", "any-order", "both", "spend", "purchases", "points"],
            default="",
        ),
        index=index,
        dtype=object,
    )
    out = _by_name(kind, "gap.", columns, lang)
    warning = fill_template(text("gap.margin", lang), columns, len(index))
    warned = pc.if_else((near & ~top).to_numpy(dtype=bool), warning, pa.scalar("", TEXT))
    return pc.binary_join_element_wise(out, warned, pa.scalar("", TEXT))
