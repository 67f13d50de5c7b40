"""Rules files (TOML/YAML): what is accepted, and the exact message for what is not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from custgrade.errors import RulesError
from custgrade.rules import DEFAULT_RULES, DimensionRule, Rules, TierRule, load_rules
from custgrade.rules.explain import explain_error
from custgrade.rules.files import key_path_locator
from custgrade.rules.values import format_number

TWO_TIERS = """
[[tiers]]
name = "A"
min_score = 50
color = "#FFFFFF"

[[tiers]]
name = "B"
min_score = {low}
color = "#000000"
"""


def write(tmp_path: Path, source: str, name: str = "rules.toml") -> Path:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return path


def error_of(path: Path) -> RulesError:
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    return caught.value


def test_empty_toml_gives_the_default_rules(tmp_path: Path) -> None:
    assert load_rules(write(tmp_path, "")) == DEFAULT_RULES


def test_file_with_only_tiers_keeps_the_default_dimensions(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, TWO_TIERS.format(low=0)))
    assert [(t.name, t.min_score) for t in rules.tiers] == [("A", 50), ("B", 0)]
    assert rules.dimensions == DEFAULT_RULES.dimensions
    assert rules.window_days == 365


def test_one_changed_setting_keeps_the_rest_of_its_dimension(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, '[dimensions.amount]\nmethod = "bands"\n'))
    assert rules.dimensions["amount"].method == "bands"
    assert rules.dimensions["amount"].weight == 40


@pytest.mark.parametrize(
    "weights",
    [
        pytest.param("30, 40, 15, 15", id="percent-numbers"),
        pytest.param('"30%", "40%", "15%", "15%"', id="percent-text"),
        pytest.param("0.3, 0.4, 0.15, 0.15", id="fractions"),
    ],
)
def test_weights_may_be_written_as_percent_or_fraction(tmp_path: Path, weights: str) -> None:
    values = weights.split(", ")
    names = ("frequency", "amount", "activity", "interaction")
    source = "\n".join(f"dimensions.{n}.weight = {v}" for n, v in zip(names, values, strict=True))
    rules = load_rules(write(tmp_path, source))
    assert [rules.dimensions[n].weight for n in names] == [30, 40, 15, 15]


def test_tiers_out_of_order_are_refused_not_re_sorted(tmp_path: Path) -> None:
    """Re-sorting made the tier typed second the top tier; the user meant the order listed."""
    source = TWO_TIERS.replace("min_score = 50", "min_score = 0").format(low=60)
    error = error_of(write(tmp_path, source))
    assert error.render("zh") == (
        "rules.toml › tiers[1].min_score：等级“B”的最低总评分 60 高于排在它上面的“A”（0），"
        "等级没有按从高到低排列\n"
        "请按最低总评分从高到低排列等级（最高的等级写在最上面），或改正这个分数"
    )
    assert error.render("en") == (
        "rules.toml › tiers[1].min_score: the minimum score 60 of the tier 'B' is above that of "
        "'A' (0), listed before it: the tiers are not in order\n"
        "List the tiers from the highest minimum score down (the top tier first), "
        "or correct this score"
    )


def test_yaml_file_with_thresholds_and_date(tmp_path: Path) -> None:
    source = """
as_of: 2024-10-04
dimensions:
  frequency: {method: thresholds, thresholds: {purchase_count: [2, 4, 8, 12]}}
  activity: {method: thresholds, thresholds: {recency_days: [180, 90, 30]}}
lifecycle: {churn_days: 365}
"""
    rules = load_rules(write(tmp_path, source, "rules.yaml"))
    assert rules.as_of == dt.date(2024, 10, 4)
    assert rules.dimensions["frequency"].thresholds == {"purchase_count": [2, 4, 8, 12]}
    assert rules.dimensions["activity"].thresholds == {"recency_days": [180, 90, 30]}
    assert rules.lifecycle.churn_days == 365


INVALID = [
    pytest.param(
        'dimensions.amount.weight = ""',
        "rules.toml › dimensions.amount.weight：权重没有填写\n"
        "请填写 0 到 100 之间的权重；不计入总评分的维度请填 0",
        "rules.toml › dimensions.amount.weight: the weight is empty\n"
        "Enter a weight from 0 to 100; enter 0 for a dimension that should not count",
        id="blank-weight",
    ),
    pytest.param(
        "dimensions.frequency.thresholds.satisfaction = [3, 4]",
        "rules.toml › dimensions.frequency.thresholds.satisfaction："
        "这个维度没有指标“satisfaction”\n"
        "这个维度的指标有：购买次数 (purchase_count), 近期加权购买次数 (decayed_count)",
        "rules.toml › dimensions.frequency.thresholds.satisfaction: this dimension has no measure "
        "'satisfaction'\nIts measures are: Purchases (purchase_count), Recency-weighted purchases "
        "(decayed_count)",
        id="measure-of-another-dimension",
    ),
    pytest.param(
        "dimensions.amount.weight = 50",
        "rules.toml › dimensions：四个维度的权重合计为 110%，而不是 100%\n"
        "请修改权重，使四个维度合计为 100（例如 30、40、15、15）",
        "rules.toml › dimensions: the weights of the four dimensions add up to 110%, not 100%\n"
        "Change the weights so that the four dimensions add up to 100 (e.g. 30, 40, 15, 15)",
        id="weights-not-100",
    ),
    pytest.param(
        TWO_TIERS.format(low=10),
        "rules.toml › tiers：最低的等级“B”从 10 分开始，低于 10 分的客户将没有等级\n"
        "请把最低一级的最低总评分改为 0",
        "rules.toml › tiers: the lowest tier 'B' starts at 10, so customers scoring below 10 "
        "would have no tier\nSet the minimum score of the lowest tier to 0",
        id="gap-below-lowest-tier",
    ),
    pytest.param(
        TWO_TIERS.replace("min_score = 50", "min_score = 0").format(low=0),
        "rules.toml › tiers：等级“A”和“B”的最低总评分都是 0，两个等级重叠\n"
        "请为每个等级设置不同的最低总评分",
        "rules.toml › tiers: the tiers 'A' and 'B' both start at 0, so they overlap\n"
        "Give every tier a different minimum score",
        id="overlapping-tiers",
    ),
    pytest.param(
        TWO_TIERS.replace('"B"', '"A"').format(low=0),
        "rules.toml › tiers[1].name：等级名称“A”出现了不止一次\n请给每个等级起不同的名称",
        "rules.toml › tiers[1].name: the tier name 'A' is used more than once\n"
        "Give every tier its own name",
        id="duplicate-tier-names",
    ),
    pytest.param(
        TWO_TIERS.replace('"#000000"', '"golden"').format(low=0),
        "rules.toml › tiers[1].color：等级“B”的颜色“golden”无法识别\n"
        "请从下拉列表选择颜色（如 金色、银色），或按 #RRGGBB 的形式填写，例如 #FFD700",
        "rules.toml › tiers[1].color: the colour 'golden' of the tier 'B' is not a colour\n"
        "Pick a colour from the dropdown (e.g. Gold, Silver), or write it as #RRGGBB, "
        "e.g. #FFD700",
        id="bad-colour",
    ),
    pytest.param(
        TWO_TIERS.format(low=0).replace("min_score = 50", "min_score = 120"),
        "rules.toml › tiers[0].min_score：等级“A”的最低总评分 120 超出 0–100 的范围\n"
        "请填写 0 到 100 之间的分数",
        "rules.toml › tiers[0].min_score: the minimum score 120 of the tier 'A' is outside the "
        "range 0–100\nEnter a score between 0 and 100",
        id="tier-score-above-100",
    ),
    pytest.param(
        'dimensions.amount.method = "rfm"',
        "rules.toml › dimensions.amount.method：未知的评分方法“rfm”\n"
        "请选择 百分位排名、五档分位 或 固定阈值（percentile、bands、thresholds）",
        "rules.toml › dimensions.amount.method: unknown scoring method 'rfm'\n"
        "Choose Percentile rank, Five bands or Fixed thresholds (percentile, bands, thresholds)",
        id="unknown-method",
    ),
    pytest.param(
        "window_days = -30",
        "rules.toml › window_days：天数 -30 超出 1–36500 的范围\n请填写 1 到 36500 之间的整数天数",
        "rules.toml › window_days: -30 days is outside the range 1–36500\n"
        "Enter a whole number of days from 1 to 36500",
        id="negative-window",
    ),
    pytest.param(
        "dimensions.frequency.thresholds.purchase_count = [5, 3, 8]",
        "rules.toml › dimensions.frequency.thresholds.purchase_count："
        "阈值 5, 3, 8 没有从小到大排列\n"
        "请按从小到大的顺序填写，且不要重复，例如 2, 4, 8, 12",
        "rules.toml › dimensions.frequency.thresholds.purchase_count: the thresholds 5, 3, 8 are "
        "not in ascending order\nList them from smallest to largest without repeats, "
        "e.g. 2, 4, 8, 12",
        id="thresholds-not-ascending",
    ),
    pytest.param(
        "dimensions.amount.weigth = 40",
        "rules.toml › dimensions.amount.weigth：无法识别的设置项“weigth”，是不是想写“weight”？\n"
        "请改正拼写；这里可用的设置项有：weight, method, thresholds",
        "rules.toml › dimensions.amount.weigth: unknown setting 'weigth', did you mean 'weight'?\n"
        "Correct the spelling; the settings allowed here are: weight, method, thresholds",
        id="typo-weigth",
    ),
    pytest.param(
        "dimensions.amout.weight = 40",
        "rules.toml › dimensions.amout：未知的评分维度“amout”\n"
        "维度只能是 购买频率、消费金额、活跃程度、互动情况（frequency、"
        "amount、activity、interaction）",
        "rules.toml › dimensions.amout: unknown scoring dimension 'amout'\n"
        "The dimensions are frequency, amount, activity and interaction "
        "(购买频率、消费金额、活跃程度、互动情况)",
        id="unknown-dimension",
    ),
    pytest.param(
        "lifecycle.churn_days = 30",
        "rules.toml › lifecycle.churn_days：流失天数 30 必须大于活跃天数 90\n"
        "请把流失天数改得比活跃天数大（默认活跃 90 天、流失 180 天）",
        "rules.toml › lifecycle.churn_days: the churn days (30) must be greater than the active "
        "days (90)\nMake the churn days larger than the "
        "active days (defaults: active 90, churn 180)",
        id="churn-before-active",
    ),
    pytest.param(
        'dimensions.frequency.method = "thresholds"',
        "rules.toml › dimensions.frequency.method：评分方法是“固定阈值”，但没有填写阈值\n"
        "请在“固定阈值”中填写阈值，例如“购买次数: 2, 4, 8, 12”，或改用其他评分方法",
        "rules.toml › dimensions.frequency.method: the scoring method is fixed thresholds, but no "
        "thresholds are given\nEnter thresholds, e.g. 'Purchases: 2, 4, 8, 12', or choose another "
        "scoring method",
        id="thresholds-method-without-thresholds",
    ),
    pytest.param(
        "window_days = = 3",
        "规则文件 rules.toml 第 1 行格式有误（Invalid value (column 15)）\n"
        "请检查这一行的引号、等号、冒号和括号是否成对、是否完整",
        "The rules file rules.toml has a syntax error on line 1 (Invalid value (column 15))\n"
        "Check the quotes, equals signs, colons and brackets on that line",
        id="toml-syntax",
    ),
]


@pytest.mark.parametrize(("source", "zh", "en"), INVALID)
def test_invalid_rules_file_names_the_key(tmp_path: Path, source: str, zh: str, en: str) -> None:
    error = error_of(write(tmp_path, source))
    assert error.render("zh") == zh
    assert error.render("en") == en


YAML_TIERS = """
tiers:
  - {name: VIP, min_score: 85, color: "#FFD700"}
  - {name: 金牌会员, min_score: 90, color: "#C9A227"}
  - {name: 铜牌会员, min_score: 0, color: "#B87333"}
"""


def test_yaml_tiers_out_of_order_name_the_key(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, YAML_TIERS, "rules.yaml"))
    assert error.render("zh") == (
        "rules.yaml › tiers[1].min_score："
        "等级“金牌会员”的最低总评分 90 高于排在它上面的“VIP”（85），"
        "等级没有按从高到低排列\n"
        "请按最低总评分从高到低排列等级（最高的等级写在最上面），或改正这个分数"
    )


def test_yaml_blank_weight_names_the_key(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "dimensions:\n  activity:\n    weight:\n", "rules.yml"))
    assert error.render("en") == (
        "rules.yml › dimensions.activity.weight: the weight is empty\n"
        "Enter a weight from 0 to 100; enter 0 for a dimension that should not count"
    )


def test_rules_built_in_python_get_the_same_checks_and_text() -> None:
    """The checks live in the model: code that builds Rules is refused like a file is."""
    with pytest.raises(ValidationError) as caught:
        Rules(
            tiers=[
                TierRule(name="VIP", min_score=85, color="#FFD700"),
                TierRule(name="金牌", min_score=90, color="#C9A227"),
                TierRule(name="铜牌", min_score=0, color="#B87333"),
            ]
        )
    assert "tiers[1].min_score: the minimum score 90 of the tier '金牌' is above" in str(
        caught.value
    )
    with pytest.raises(ValidationError) as caught:
        Rules(dimensions={"frequency": DimensionRule(weight=100)})
    error = explain_error(caught.value, {}, key_path_locator("rules.toml"))
    assert error.render("zh") == (
        "rules.toml › dimensions：缺少评分维度 amount, activity, interaction\n"
        "请把四个维度（frequency、amount、activity、interaction）都写上权重"
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [(35.294117647058826, "35.29"), (30.0, "30"), (12.5, "12.5"), (99.999, "100")],
)
def test_shown_numbers_have_at_most_two_decimals(value: float, shown: str) -> None:
    assert format_number(value, max_decimals=2) == shown


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, 'window_days = 365\n\n[tiers\nname = "A"\n'))
    assert error.key == "rules-syntax"
    assert error.params["line"] == "3"


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "window_days: 365\ntiers: [\n  {name: A\n", "rules.yml"))
    assert error.key == "rules-syntax"
    assert error.params["line"] == 4


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "{}", "rules.json"))
    assert error.render("zh") == (
        "无法识别规则文件 rules.json 的类型\n请使用 .toml、.yaml、.yml 或 .xlsx 格式的规则文件"
    )


def test_yaml_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    assert error_of(write(tmp_path, "- 1\n- 2\n", "rules.yaml")).key == "rules-not-a-table"


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    assert error_of(tmp_path / "absent.toml").key == "rules-file-unreadable"
