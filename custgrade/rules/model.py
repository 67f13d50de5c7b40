"""The Rules model: everything a user may adjust about scoring and tiers.

The same model is filled from the 评级规则 sheet, a TOML/YAML file or the
defaults; its field descriptions feed the 评级规则 sheet and the docs, so
they are written for the people who edit the rules, not for programmers.
The consistency checks (weights add up, tiers rank in the order listed
and cover 0–100, names unique) are run by the validators here, so every
source of rules gets them; they are written in `custgrade.rules.checks`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from custgrade.fields import SheetKind, normalize_header
from custgrade.rules.checks import (
    Loc,
    Problem,
    RuleProblem,
    check_color,
    check_dimensions,
    check_lifecycle,
    check_thresholds,
    check_tiers,
    check_weight_given,
    check_weight_total,
    normalise_color,
)
from custgrade.rules.columns import read_columns

DimensionName = Literal["frequency", "amount", "activity", "interaction"]
ScoringMethod = Literal["percentile", "bands", "thresholds"]

DIMENSIONS: tuple[DimensionName, ...] = ("frequency", "amount", "activity", "interaction")

#: The measures behind each dimension; a dimension's score is the mean of
#: the scores of its measures that the data can provide.
DIMENSION_MEASURES: dict[DimensionName, tuple[str, ...]] = {
    # the decayed measures weigh each order by 2^(−age / 75 days): recent buying
    # predicts the next half-year best (benchmarks/README.md, CDNOW)
    "frequency": ("purchase_count", "decayed_count"),
    "amount": ("net_amount", "decayed_amount"),
    "activity": ("recency_days", "campaign_count"),
    "interaction": ("contact_count", "satisfaction"),
}

#: Measures where less is better (fewer days since the last activity).
LOWER_IS_BETTER: frozenset[str] = frozenset({"recency_days"})


def _raise(problem: Problem | None, base: Loc = ()) -> None:
    if problem is not None:
        raise RuleProblem(problem, base)


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

    @field_validator("weight", mode="before")
    @classmethod
    def _weight_given(cls, value: object) -> object:
        _raise(check_weight_given(value))
        return value

    @field_validator("thresholds")
    @classmethod
    def _thresholds_ordered(cls, value: dict[str, list[float]]) -> dict[str, list[float]]:
        known = {m for measures in DIMENSION_MEASURES.values() for m in measures}
        for measure, cuts in value.items():
            if measure in known:  # an unknown one is named by `build.check_measures`
                _raise(check_thresholds(measure, cuts, lower_is_better=measure in LOWER_IS_BETTER))
        return value


class TierRule(_Strict):
    """One tier: customers whose total score is at least ``min_score``."""

    name: str = Field(min_length=1, max_length=30, description="等级名称")
    min_score: float = Field(ge=0, le=100, description="最低总评分（含）")
    color: str = Field(description="等级颜色，#RRGGBB")
    icon: str = Field(default="", max_length=4, description="等级图标")

    @field_validator("color")
    @classmethod
    def _hex_color(cls, value: str, info: ValidationInfo) -> str:
        _raise(check_color(value, str(info.data.get("name", ""))))
        return normalise_color(value) or value


class LifecycleRule(_Strict):
    """Day limits that decide 新客户 / 活跃 / 休眠 / 流失 in 分析报告."""

    new_days: int = Field(default=90, ge=1, description="注册或首次购买不超过此天数为新客户")
    active_days: int = Field(default=90, ge=1, description="最近活动不超过此天数为活跃")
    churn_days: int = Field(default=180, ge=1, description="超过此天数无活动为流失，之间为休眠")

    @model_validator(mode="after")
    def _ordered(self) -> LifecycleRule:
        _raise(check_lifecycle(self.active_days, self.churn_days), ("lifecycle",))
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
        # diamond, gold, silver, bronze: colours that read as a ranking (vocab/colors.toml)
        (85, "#B4C7E7", "👑"),
        (70, "#FFD700", "🥇"),
        (50, "#C0C0C0", "🥈"),
        (0, "#CD7F32", "🥉"),
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
        default_factory=_default_tiers, description="等级，按最低总评分从高到低排列"
    )
    window_days: int = Field(default=365, ge=1, le=36500, description="分析窗口（天）")
    as_of: dt.date | None = Field(default=None, description="分析基准日；留空则取数据中的最后日期")
    lifecycle: LifecycleRule = Field(default_factory=LifecycleRule, description="生命周期")
    columns: dict[SheetKind, dict[str, str]] = Field(
        default_factory=dict,
        description="列对应：按工作表类型，把文件中的列名对应到字段（识别不了的列）",
    )

    @field_validator("dimensions")
    @classmethod
    def _all_dimensions(
        cls, value: dict[DimensionName, DimensionRule]
    ) -> dict[DimensionName, DimensionRule]:
        _raise(check_dimensions(list(value), DIMENSIONS), ("dimensions",))
        _raise(check_weight_total([r.weight for r in value.values()]), ("dimensions",))
        return {d: value[d] for d in DIMENSIONS}

    @field_validator("tiers")
    @classmethod
    def _tiers_rank(cls, value: list[TierRule]) -> list[TierRule]:
        _raise(check_tiers([t.name for t in value], [t.min_score for t in value]), ("tiers",))
        return value

    @field_validator("columns", mode="before")
    @classmethod
    def _columns_mapped(cls, value: Any) -> dict[SheetKind, dict[str, str]]:
        return read_columns(value)

    def column_overrides(self, kind: SheetKind) -> dict[str, str]:
        """The columns mapped by hand for one sheet kind: normalised header -> field.

        Keys are `custgrade.fields.normalize_header` of the header the user
        wrote, so the reader can look its own normalised headers up directly.
        """
        return {normalize_header(h): f for h, f in self.columns.get(kind, {}).items()}


DEFAULT_RULES = Rules()


def default_rules(lang: str = "zh") -> Rules:
    """The default rules, with tier names in the output language."""
    return DEFAULT_RULES if lang != "en" else Rules(tiers=_default_tiers("en"))
