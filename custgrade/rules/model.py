"""The Rules model: everything a user may adjust about scoring and tiers.

The same model is filled from the 评级规则 sheet, a TOML/YAML file or the
defaults; its field descriptions feed the 评级规则 sheet and the docs, so
they are written for the people who edit the rules, not for programmers.
Consistency checks (weights add up, tiers cover 0–100, names unique) live
here so that every source of rules gets them.
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DimensionName = Literal["frequency", "amount", "activity", "interaction"]
ScoringMethod = Literal["percentile", "bands", "thresholds"]

DIMENSIONS: tuple[DimensionName, ...] = ("frequency", "amount", "activity", "interaction")

#: The measures behind each dimension; a dimension's score is the mean of
#: the scores of its measures that the data can provide.
DIMENSION_MEASURES: dict[DimensionName, tuple[str, ...]] = {
    "frequency": ("purchase_count",),
    "amount": ("net_amount",),
    "activity": ("recency_days", "campaign_count"),
    "interaction": ("contact_count", "satisfaction"),
}

#: Measures where less is better (fewer days since the last activity).
LOWER_IS_BETTER: frozenset[str] = frozenset({"recency_days"})

_HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DimensionRule(_Strict):
    """How one dimension is scored and how much it weighs in the total."""

    weight: float = Field(ge=0, le=100, description="权重（%），四个维度合计 100")
    method: ScoringMethod = Field(
        default="percentile",
        description="评分方法：percentile 百分位排名 / bands 五档分位 / thresholds 固定阈值",
    )
    thresholds: dict[str, list[float]] = Field(
        default_factory=dict,
        description="固定阈值：每个指标达到第 k 个阈值得 100×k/阈值个数 分",
    )

    @field_validator("thresholds")
    @classmethod
    def _thresholds_ordered(cls, value: dict[str, list[float]]) -> dict[str, list[float]]:
        for measure, cuts in value.items():
            if not cuts:
                raise ValueError(f"{measure}: at least one threshold is needed")
            ascending = all(a < b for a, b in pairwise(cuts))
            descending = all(a > b for a, b in pairwise(cuts))
            if not (ascending if measure not in LOWER_IS_BETTER else descending):
                order = "descending" if measure in LOWER_IS_BETTER else "ascending"
                raise ValueError(f"{measure}: thresholds must be strictly {order}")
        return value


class TierRule(_Strict):
    """One tier: customers whose total score is at least ``min_score``."""

    name: str = Field(min_length=1, max_length=30, description="等级名称")
    min_score: float = Field(ge=0, le=100, description="最低总评分（含）")
    color: str = Field(description="等级颜色，#RRGGBB")
    icon: str = Field(default="", max_length=4, description="等级图标")

    @field_validator("color")
    @classmethod
    def _hex_color(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith("#"):
            value = "#" + value
        if not _HEX_COLOR.match(value):
            raise ValueError("colour must look like #FFD700")
        return value.upper()


class LifecycleRule(_Strict):
    """Day limits that decide 新客户 / 活跃 / 休眠 / 流失 in 分析报告."""

    new_days: int = Field(default=90, ge=1, description="注册或首次购买不超过此天数为新客户")
    active_days: int = Field(default=90, ge=1, description="最近活动不超过此天数为活跃")
    churn_days: int = Field(default=180, ge=1, description="超过此天数无活动为流失，之间为休眠")

    @model_validator(mode="after")
    def _ordered(self) -> LifecycleRule:
        if self.churn_days <= self.active_days:
            raise ValueError("churn_days must be greater than active_days")
        return self


def _default_dimensions() -> dict[DimensionName, DimensionRule]:
    return {
        "frequency": DimensionRule(weight=30),
        "amount": DimensionRule(weight=40),
        "activity": DimensionRule(weight=15),
        "interaction": DimensionRule(weight=15),
    }


#: Default tier names per language; the cut-offs, colours and icons are shared.
DEFAULT_TIER_NAMES: dict[str, tuple[str, str, str, str]] = {
    "zh": ("VIP", "金牌会员", "银牌会员", "铜牌会员"),
    "en": ("VIP", "Gold", "Silver", "Bronze"),
}


def _default_tiers(lang: str = "zh") -> list[TierRule]:
    names = DEFAULT_TIER_NAMES.get(lang, DEFAULT_TIER_NAMES["zh"])
    looks = (
        (85, "#FFD700", "👑"),
        (70, "#F4B183", "🥇"),
        (50, "#D9D9D9", "🥈"),
        (0, "#C65911", "🥉"),
    )
    return [
        TierRule(name=name, min_score=cut, color=color, icon=icon)
        for name, (cut, color, icon) in zip(names, looks, strict=True)
    ]


class Rules(_Strict):
    """The complete grading rules, with the defaults PRODUCT.md describes."""

    dimensions: dict[DimensionName, DimensionRule] = Field(
        default_factory=_default_dimensions, description="四个评分维度"
    )
    tiers: list[TierRule] = Field(
        default_factory=_default_tiers, description="等级，按最低分从高到低"
    )
    window_days: int = Field(default=365, ge=1, le=36500, description="分析窗口（天）")
    as_of: dt.date | None = Field(default=None, description="分析基准日；留空则取数据中的最后日期")
    lifecycle: LifecycleRule = Field(default_factory=LifecycleRule, description="生命周期")

    @field_validator("dimensions")
    @classmethod
    def _all_dimensions(
        cls, value: dict[DimensionName, DimensionRule]
    ) -> dict[DimensionName, DimensionRule]:
        missing = [d for d in DIMENSIONS if d not in value]
        if missing:
            raise ValueError(f"missing dimensions: {', '.join(missing)}")
        total = sum(rule.weight for rule in value.values())
        if abs(total - 100) > 0.01:
            raise ValueError(f"weights add up to {total:g} %, they must add up to 100 %")
        return {d: value[d] for d in DIMENSIONS}

    @field_validator("tiers")
    @classmethod
    def _tiers_cover_range(cls, value: list[TierRule]) -> list[TierRule]:
        if not value:
            raise ValueError("at least one tier is needed")
        names = [t.name for t in value]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"tier names must be unique: {', '.join(duplicates)}")
        cuts = [t.min_score for t in value]
        if len(set(cuts)) != len(cuts):
            raise ValueError("two tiers have the same minimum score: their ranges overlap")
        ordered = sorted(value, key=lambda t: t.min_score, reverse=True)
        if ordered[-1].min_score != 0:
            raise ValueError(
                f"the lowest tier starts at {ordered[-1].min_score:g}: scores below it "
                "would have no tier; the lowest tier must start at 0"
            )
        return ordered


DEFAULT_RULES = Rules()


def default_rules(lang: str = "zh") -> Rules:
    """The default rules, with tier names in the output language."""
    return DEFAULT_RULES if lang != "en" else Rules(tiers=_default_tiers("en"))
