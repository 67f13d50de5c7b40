"""The same checks, whichever way the rules arrive, each naming the place to fix.

A cut-off out of order and a blank weight are written into a TOML file, a
YAML file, a rules workbook, a 评级规则 sheet inside the input and a result
handed back as rules; every source refuses them with the same message,
naming its key or its cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from custgrade import grade_workbook
from custgrade.errors import RulesError
from custgrade.report.rules_sheet import rule_cells
from custgrade.rules import DEFAULT_RULES, load_rules, rules_to_rows
from custgrade.rules.checks import normalise_color
from custgrade.rules.colors import color_from_name, color_name, palette
from tests.conftest import write_xlsx

D = dt.datetime
CUSTOMERS = [
    ["客户编号", "客户名称", "购买次数", "消费总额", "最近购买日期"],
    *[[f"K{i}", f"客户{i}", i, 500 * i, D(2025, 6, 30 - i)] for i in range(1, 6)],
]
#: Two mistakes: 金牌会员's cut-off above VIP's, and 消费金额's weight left blank.
TIER_ORDER = "tier-order"
BLANK_WEIGHT = "blank-weight"
TOML = {
    TIER_ORDER: "[[tiers]]\nname = 'VIP'\nmin_score = 85\ncolor = '金色'\n"
    "[[tiers]]\nname = '金牌会员'\nmin_score = 90\ncolor = '#F4B183'\n"
    "[[tiers]]\nname = '铜牌会员'\nmin_score = 0\ncolor = '#C65911'\n",
    BLANK_WEIGHT: "[dimensions.amount]\nweight = ''\n",
}
YAML = {
    TIER_ORDER: "tiers:\n  - {name: VIP, min_score: 85, color: '金色'}\n"
    "  - {name: 金牌会员, min_score: 90, color: '#F4B183'}\n"
    "  - {name: 铜牌会员, min_score: 0, color: '#C65911'}\n",
    BLANK_WEIGHT: "dimensions:\n  amount:\n    weight:\n",
}
#: The same mistakes as cell edits of the default 评级规则 sheet (Excel rows).
SHEET_EDITS: dict[str, dict[str, object]] = {TIER_ORDER: {"B13": 90}, BLANK_WEIGHT: {"B7": None}}
TIER_ORDER_TEXT = (
    "：等级“金牌会员”的最低总评分 90 高于排在它上面的“VIP”（85），等级没有按从高到低排列\n"
    "请按最低总评分从高到低排列等级（最高的等级写在最上面），或改正这个分数"
)
BLANK_WEIGHT_TEXT = "：权重没有填写\n请填写 0 到 100 之间的权重；不计入总评分的维度请填 0"
MESSAGES = {TIER_ORDER: TIER_ORDER_TEXT, BLANK_WEIGHT: BLANK_WEIGHT_TEXT}


def from_toml(tmp_path: Path, mistake: str) -> tuple[Path | None, Path]:
    path = tmp_path / "rules.toml"
    path.write_text(TOML[mistake], encoding="utf-8")
    return path, customers(tmp_path)


def from_yaml(tmp_path: Path, mistake: str) -> tuple[Path | None, Path]:
    path = tmp_path / "rules.yaml"
    path.write_text(YAML[mistake], encoding="utf-8")
    return path, customers(tmp_path)


def sheet_rows(mistake: str) -> list[list[object]]:
    rows = [[("" if v is None else v) for v in row] for row in rules_to_rows(DEFAULT_RULES, "zh")]
    for cell, value in SHEET_EDITS[mistake].items():
        rows[int(cell[1:]) - 1][ord(cell[0]) - 65] = "" if value is None else value
    return rows


def from_rules_workbook(tmp_path: Path, mistake: str) -> tuple[Path | None, Path]:
    path = write_xlsx(tmp_path / "评级规则.xlsx", {"评级规则": sheet_rows(mistake)})
    return path, customers(tmp_path)


def from_input_sheet(tmp_path: Path, mistake: str) -> tuple[Path | None, Path]:
    return None, customers(tmp_path, {"评级规则": sheet_rows(mistake)})


def from_result(tmp_path: Path, mistake: str) -> tuple[Path | None, Path]:
    source = customers(tmp_path)
    result = grade_workbook(source, tmp_path / "上次结果.xlsx")
    book = openpyxl.load_workbook(tmp_path / "上次结果.xlsx")
    cells = rule_cells(result.rules, "zh")
    assert SHEET_EDITS[TIER_ORDER].keys() == {cells.tier_cutoffs[1]}
    assert SHEET_EDITS[BLANK_WEIGHT].keys() == {cells.weights["amount"]}
    for cell, value in SHEET_EDITS[mistake].items():
        book[cells.sheet][cell] = value
    book.save(tmp_path / "改过的结果.xlsx")
    return tmp_path / "改过的结果.xlsx", source


def customers(tmp_path: Path, extra: dict[str, list[list[object]]] | None = None) -> Path:
    return write_xlsx(tmp_path / "客户.xlsx", {"客户信息": CUSTOMERS, **(extra or {})})


def keys(name: str) -> dict[str, str]:
    """The key paths of both mistakes in a rules file, as messages name them."""
    return {
        TIER_ORDER: f"{name} › tiers[1].min_score",
        BLANK_WEIGHT: f"{name} › dimensions.amount.weight",
    }


Source = Callable[[Path, str], tuple[Path | None, Path]]
PLACES: list[tuple[Source, dict[str, str]]] = [
    (
        from_toml,
        {
            TIER_ORDER: "rules.toml › tiers[1].min_score",
            BLANK_WEIGHT: "rules.toml › dimensions.amount.weight",
        },
    ),
    (
        from_yaml,
        {
            TIER_ORDER: "rules.yaml › tiers[1].min_score",
            BLANK_WEIGHT: "rules.yaml › dimensions.amount.weight",
        },
    ),
    (from_rules_workbook, {TIER_ORDER: "评级规则!B13", BLANK_WEIGHT: "评级规则!B7"}),
    (from_input_sheet, {TIER_ORDER: "评级规则!B13", BLANK_WEIGHT: "评级规则!B7"}),
    (from_result, {TIER_ORDER: "评级规则!B13", BLANK_WEIGHT: "评级规则!B7"}),
]


@pytest.mark.parametrize("mistake", [TIER_ORDER, BLANK_WEIGHT])
@pytest.mark.parametrize(
    ("source", "places"), PLACES, ids=["toml", "yaml", "rules-workbook", "input-sheet", "result"]
)
def test_every_source_refuses_the_same_mistake_naming_its_place(
    tmp_path: Path, source: Source, places: dict[str, str], mistake: str
) -> None:
    rules_file, workbook = source(tmp_path, mistake)
    with pytest.raises(RulesError) as caught:
        grade_workbook(workbook, tmp_path / "out.xlsx", rules_file=rules_file)
    assert caught.value.render("zh") == places[mistake] + MESSAGES[mistake]
    assert not (tmp_path / "out.xlsx").exists()


def test_a_result_with_a_cut_off_out_of_order_is_refused_as_a_rules_file(tmp_path: Path) -> None:
    rules_file, _ = from_result(tmp_path, TIER_ORDER)
    assert rules_file is not None
    with pytest.raises(RulesError) as caught:
        load_rules(rules_file)
    assert caught.value.params["where"] == "评级规则!B13"


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("金色", "#FFD700"),
        ("Gold", "#FFD700"),
        (" 银色 ", "#C0C0C0"),
        ("ffd700", "#FFD700"),
        ("#b4c7e7", "#B4C7E7"),
        ("银", None),
        ("#GGGGGG", None),
    ],
)
def test_tier_colours_may_be_named_or_coded(written: str, code: str | None) -> None:
    assert normalise_color(written) == code


def test_every_named_colour_reads_back_as_its_code() -> None:
    for colour in palette():
        for lang in ("zh", "en"):
            name = color_name(colour.hex, lang)
            assert name is not None and color_from_name(name) == colour.hex
    assert color_name("#123456", "zh") is None


def test_a_colour_outside_the_palette_is_named_after_the_nearest_one():
    from custgrade.rules.colors import nearest_color_name

    assert nearest_color_name("#F4B183", "zh") == "浅橙色"  # in the palette: its own name
    assert nearest_color_name("#FFD800", "zh") == "金色"  # one step from gold
    assert nearest_color_name("#C1C1C1", "en") == "Silver"
    assert nearest_color_name("#6F2FA1", "zh") == "紫色"
