"""What a run produces: the data the report writer and the CLI render.

The pipeline fills a `RunResult`; the report writer turns it into sheets,
the CLI into a summary.  Keeping it plain data (DataFrames and dataclasses)
lets each output sheet be tested without running the whole pipeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from custgrade.rules.model import Rules

if TYPE_CHECKING:
    from custgrade.history import TierHistory


@dataclass(frozen=True)
class ColumnMapping:
    """One input column and what it became: a canonical field or carried through."""

    sheet: str
    header: str
    letter: str
    field: str | None  # None: unknown column, carried through to 基本信息


@dataclass(frozen=True)
class SheetReport:
    """What became of one input sheet: used (as what, by which layout) or why not.

    ``reason`` is the key of a ``sheet.<reason>`` message explaining why the
    sheet was not used (None when it was); ``params`` fill that message.
    """

    sheet: str
    used_as: str | None  # "customers" / "orders" / "interactions" / "rules", None when unused
    reason: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    header_row: int | None = None  # Excel row of the header, when one was found
    rows: int = 0  # data rows below the header
    layout: str | None = None  # name of the recognised export layout


@dataclass
class Ledger:
    """Where every input row went; ``balanced`` must always be true.

    Customers: input rows = graded + merged + rejected.  Orders and
    interactions: rows = used + rejected (a row for an unknown customer is
    rejected, never silently dropped).
    """

    input_rows: int = 0
    graded: int = 0
    merged: int = 0
    rejected: int = 0
    order_rows: int = 0
    orders_used: int = 0
    orders_rejected: int = 0
    interaction_rows: int = 0
    interactions_used: int = 0
    interactions_rejected: int = 0
    customers_derived: bool = False  # True: the customers were derived from an order export

    def record_counts(self, kind: Literal["orders", "interactions"]) -> dict[str, int]:
        """``rows``, ``used`` and ``rejected`` of the "orders" or "interactions" sheet.

        The terms of its ledger line, as the summary and 概览 both print it.
        """
        if kind not in ("orders", "interactions"):
            raise ValueError(f"no ledger line for {kind!r}")
        if kind == "orders":
            return {
                "rows": self.order_rows,
                "used": self.orders_used,
                "rejected": self.orders_rejected,
            }
        return {
            "rows": self.interaction_rows,
            "used": self.interactions_used,
            "rejected": self.interactions_rejected,
        }

    @property
    def balanced(self) -> bool:
        """True when every row of every sheet is accounted for."""
        return (
            self.input_rows == self.graded + self.merged + self.rejected
            and self.order_rows == self.orders_used + self.orders_rejected
            and self.interaction_rows == self.interactions_used + self.interactions_rejected
        )


@dataclass(frozen=True)
class Note:
    """A remark about the run as a whole (message key + parameters).

    E.g. weights renormalised because no interaction data exists, or
    quantile bands that collapsed and fell back to bands over distinct values.
    """

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunResult:
    """Everything one grading run produced.

    ``customers`` has one row per graded customer, in output order, with
    the canonical customer fields, the carried-through columns named in
    ``extra_columns``, the raw measures, the four dimension scores and the
    total, the tier and the analysis; see `custgrade.pipeline` for the list.
    """

    input_path: Path
    input_sha256: str
    output_path: Path | None
    lang: str
    as_of: dt.date
    window_start: dt.date
    rules: Rules
    rules_source: str
    customers: pd.DataFrame
    extra_columns: list[str]
    issues: pd.DataFrame
    ledger: Ledger
    mapping: list[ColumnMapping]
    cutoffs: pd.DataFrame
    effective_weights: dict[str, float]
    notes: list[Note]
    started_at: dt.datetime
    version: str
    duration_seconds: float = 0.0
    derived_from_orders: bool = False  # no customer sheet: customers derived from the orders
    sheets: list[SheetReport] = field(default_factory=list)  # every input sheet, used or not
    currency: str = "¥"  # the currency of every amount shown
    history: TierHistory | None = None  # compared with a previous result, when one is known

    @property
    def tier_counts(self) -> dict[str, int]:
        """Number of graded customers per tier, in tier order (highest first)."""
        counts = self.customers["tier_name"].value_counts()
        return {t.name: int(counts.get(t.name, 0)) for t in self.rules.tiers}


# Columns of RunResult.customers besides the canonical customer fields
# (fields.CUSTOMER_FIELDS) and the carried-through columns.
#: The measures behind the scores: custgrade.measures.MEASURES, defined in docs/measures.md
#: (purchase_count, net_amount, avg_amount, decayed_amount, decayed_count,
#: last_purchase_at, first_purchase_at, recency_days, campaign_count, contact_count,
#: complaint_count, satisfaction (0–100), satisfaction_raw, satisfaction_scale,
#: last_contact_at, favourite_product, favourite_channel).
SCORE_COLUMNS: tuple[str, ...] = (
    "frequency_score",
    "amount_score",
    "activity_score",
    "interaction_score",
    "total_score",
)  # floats 0–100, rounded to 1 decimal
TIER_COLUMNS: tuple[str, ...] = ("tier_name", "tier_color", "tier_icon", "tier_rank")
ANALYSIS_COLUMNS: tuple[str, ...] = (
    "lifecycle",  # 新客户 / 活跃 / 休眠 / 流失 (localised text)
    "churn_risk",  # 低 / 中 / 高 (localised text)
    "labels",  # tags such as 高消费、忠实客户 (localised, joined with "、" or ", ")
    "analysis",  # 分析结果: lifecycle, tags, why this tier (localised text)
    "suggestion",  # 改进建议: concrete next action and the gap to the next tier
)
PROVENANCE_COLUMNS: tuple[str, ...] = (
    "source_rows",  # "客户信息!5; 客户信息!9": the input rows merged into this customer
    "merged_ids",  # every original customer ID merged into this customer, joined with "、"
)
