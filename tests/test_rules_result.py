"""The 评级规则 sheet of a result: a rules input like the template, and a round trip.

A result is graded, its 评级规则 sheet edited with openpyxl as a person
would in Excel, and the edited result handed back as the rules; the new
grading is checked against totals and tiers computed here, by hand, from
the dimension scores (which no weight or cut-off changes).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from custgrade import grade_workbook
from custgrade.cli import main
from custgrade.errors import ExitCode
from custgrade.report.rules_sheet import RuleCells, rule_cells
from custgrade.result import RunResult
from custgrade.rules import DEFAULT_RULES, Rules, TierRule, load_rules, rules_to_rows
from custgrade.rules.model import DIMENSIONS
from tests.conftest import write_xlsx

D = dt.datetime
HEADER = ["客户编号", "客户名称", "购买次数", "消费总额", "最近购买日期", "互动次数"]
#: Eight customers with distinct purchases, spend, recency and contacts.
CUSTOMERS = [
    HEADER,
    *[
        [f"K{i}", f"客户{i}", i, 800 * i + 150 * (i % 3), D(2025, 6, 30 - 3 * i), (i * 5) % 8]
        for i in range(1, 9)
    ],
]
SCORES = ["frequency_score", "amount_score", "activity_score", "interaction_score"]


def input_workbook(tmp_path: Path, extra: dict[str, list[list[object]]] | None = None) -> Path:
    return write_xlsx(tmp_path / "客户.xlsx", {"客户信息": CUSTOMERS, **(extra or {})})


def graded(tmp_path: Path, lang: str = "zh", **options: object) -> tuple[RunResult, Path]:
    out = tmp_path / f"结果_{lang}.xlsx"
    return grade_workbook(input_workbook(tmp_path), out, lang=lang, **options), out  # type: ignore[arg-type]


def expected_tiers(scores: pd.DataFrame, weights: dict[str, float], cuts: list[tuple[str, float]]):
    """Totals and tiers by hand: the weighted mean of the scores, the first tier reached."""
    total = sum(scores[f"{d}_score"] * w for d, w in weights.items()) / sum(weights.values())
    rounded = total.round(1)
    return rounded.map(lambda t: next(name for name, cut in cuts if t >= cut))


def edit(path: Path, target: Path, cells: dict[str, object]) -> Path:
    """Change cells of the 评级规则 sheet with openpyxl and save under a new name."""
    book = openpyxl.load_workbook(path)
    sheet = book["评级规则"] if "评级规则" in book.sheetnames else book["Rules"]
    for cell, value in cells.items():
        sheet[cell] = value
    book.save(target)
    return target


# --- the sheet is a rules input --------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_result_sheet_reads_back_as_the_rules_it_was_graded_with(tmp_path: Path, lang: str) -> None:
    result, out = graded(tmp_path, lang)
    assert load_rules(out) == result.rules


def test_rule_cells_point_at_the_weights_and_tiers(tmp_path: Path) -> None:
    result, out = graded(tmp_path)
    cells = rule_cells(result.rules, "zh")
    sheet = openpyxl.load_workbook(out)[cells.sheet]
    assert {d: sheet[c].value for d, c in cells.weights.items()} == {
        "frequency": 30,
        "amount": 40,
        "activity": 15,
        "interaction": 15,
    }
    assert [sheet[c].value for c in cells.tier_names] == ["VIP", "金牌会员", "银牌会员", "铜牌会员"]
    assert [sheet[c].value for c in cells.tier_cutoffs] == [85, 70, 50, 0]
    assert sheet[cells.effective_weights["amount"]].value.startswith("=IF(")
    assert cells.ref(cells.weights["amount"]) == "'评级规则'!$B$7"
    assert cells.range_ref(cells.tier_cutoffs) == "'评级规则'!$B$12:$B$15"


def test_rule_cells_follow_more_tiers_and_column_mappings() -> None:
    five = [TierRule(name="钻石", min_score=90, color="#B4C7E7"), *DEFAULT_RULES.tiers]
    rules = Rules(tiers=five, columns={"orders": {"钱": "amount", "日子": "date"}})
    cells = rule_cells(rules, "en")
    rows = rules_to_rows(rules, "en")
    at = {f"{chr(65 + c)}{r + 1}": v for r, row in enumerate(rows) for c, v in enumerate(row)}
    assert [at[c] for c in cells.tier_names] == [t.name for t in rules.tiers]
    assert [at[c] for c in cells.tier_cutoffs] == [t.min_score for t in rules.tiers]
    assert [at[cells.weights[d]] for d in DIMENSIONS] == [30, 40, 15, 15]
    assert cells.sheet == "Rules" and isinstance(cells, RuleCells)


def test_every_editable_cell_has_a_check_and_an_input_message(tmp_path: Path) -> None:
    _, out = graded(tmp_path)
    sheet = openpyxl.load_workbook(out)["评级规则"]
    covered: dict[str, object] = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            for row in sheet.iter_rows(
                min_row=cell_range.min_row,
                max_row=cell_range.max_row,
                min_col=cell_range.min_col,
                max_col=cell_range.max_col,
            ):
                for cell in row:
                    covered[cell.coordinate] = validation
    editable = [
        *(f"{c}{r}" for r in range(6, 10) for c in "BCD"),  # weight, method, thresholds
        *(f"{c}{r}" for r in range(12, 16) for c in "ABCD"),  # tier, cut-off, colour, icon
        *(f"B{r}" for r in range(18, 23)),  # settings
        *(f"{c}{r}" for r in range(26, 29) for c in "ABC"),  # spare 列对应 rows
    ]
    missing = [c for c in editable if c not in covered or not covered[c].prompt]
    assert missing == []
    by_kind = {c: (covered[c].type, covered[c].formula1) for c in ("B6", "C6", "B12", "C12", "B18")}
    assert by_kind == {
        "B6": ("decimal", "0"),
        "C6": ("list", '"百分位排名,五档分位,固定阈值"'),
        "B12": ("decimal", "0"),
        "C12": ("list", '"' + ",".join(_palette_zh()) + '"'),
        "B18": ("whole", "1"),
    }
    assert covered["B12"].formula2 == "100" and covered["B12"].errorStyle in (None, "stop")
    assert covered["C12"].errorStyle == "information"  # a #RRGGBB of one's own is fine too
    assert "合计须为 100" in covered["B6"].prompt
    assert not any(c.startswith("A") and c[1:] in ("29", "30") for c in covered)  # run tables


def _palette_zh() -> list[str]:
    from custgrade.rules.colors import color_names

    return color_names("zh")


def test_sheet_is_styled_like_the_rules_template(tmp_path: Path) -> None:
    _, out = graded(tmp_path)
    sheet = openpyxl.load_workbook(out)["评级规则"]
    template = openpyxl.load_workbook(Path(__file__).parents[1] / "templates" / "评级规则.xlsx")
    same = template["评级规则"]
    for cell in ("A1", "A5", "B6", "E6", "A12", "C12", "B18"):
        mine, theirs = sheet[cell], same[cell]
        assert (mine.value, mine.fill.fgColor.rgb, mine.font.b, mine.font.name) == (
            theirs.value,
            theirs.fill.fgColor.rgb,
            theirs.font.b,
            theirs.font.name,
        ), cell
    assert sheet["C12"].value == "钻石蓝" and sheet["C12"].fill.fgColor.rgb == "FFB4C7E7"
    assert "--rules" in sheet["A2"].value  # says how to grade again with the edited rules
    rules = [r for cf in sheet.conditional_formatting for r in cf.rules]
    assert any(r.formula == ['"银色"'] for r in rules)  # picking a colour recolours the cell


def test_effective_weights_are_live_and_shown_rounded(tmp_path: Path) -> None:
    # no contacts column: 互动情况 cannot be measured, the others share its weight
    book = write_xlsx(tmp_path / "无互动.xlsx", {"客户信息": [row[:5] for row in CUSTOMERS]})
    result = grade_workbook(book, tmp_path / "out.xlsx")
    cells = rule_cells(result.rules, "zh")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["评级规则"]
    values = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True)["评级规则"]
    amount = cells.effective_weights["amount"]
    assert sheet[amount].value == "=IF((B6+B7+B8)>0,B7*100/(B6+B7+B8),100/3)"
    assert sheet[amount].number_format == "0.00"  # 47.06, not 47.05882352941177
    assert values[amount].value == pytest.approx(40 * 100 / 85)
    assert sheet[cells.effective_weights["interaction"]].value == "=0"


def test_cut_offs_are_written_in_the_data_units(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        "[dimensions.frequency]\nweight = 30\nmethod = 'thresholds'\n"
        "thresholds = { purchase_count = [2, 6] }\n"
        "[dimensions.amount]\nweight = 40\nmethod = 'thresholds'\n"
        "thresholds = { net_amount = [1000, 12000] }\n"
        "[dimensions.activity]\nweight = 15\nmethod = 'bands'\n",
        encoding="utf-8",
    )
    _, out = graded(tmp_path, rules_file=rules)
    rows = list(openpyxl.load_workbook(out)["评级规则"].iter_rows(values_only=True))
    shown = {(row[0], row[1]): row[3] for row in rows if row[1] and row[3]}
    assert shown[("购买频率", "购买次数")] == "≥ 2 次：50 分；≥ 6 次：100 分"
    assert shown[("消费金额", "净消费额")] == "≥ ¥1,000：50 分；≥ ¥12,000：100 分"
    assert shown[("活跃程度", "距上次购买天数")].startswith("< ")
    assert shown[("活跃程度", "距上次购买天数")].split("：")[0].endswith(" 天")
    assert shown[("互动情况", "互动次数")].startswith("前 80%：≥ ")


# --- the round trip ----------------------------------------------------------------


def test_edited_result_as_rules_regrades_as_computed_by_hand(tmp_path: Path) -> None:
    first, out = graded(tmp_path)
    cells = rule_cells(first.rules, "zh")
    edited = edit(
        out,
        tmp_path / "改过的结果.xlsx",
        {cells.weights["frequency"]: 10, cells.weights["amount"]: 60, cells.tier_cutoffs[1]: 55},
    )
    again = grade_workbook(input_workbook(tmp_path), tmp_path / "再评.xlsx", rules_file=edited)
    weights = {"frequency": 10.0, "amount": 60.0, "activity": 15.0, "interaction": 15.0}
    cuts = [("VIP", 85.0), ("金牌会员", 55.0), ("银牌会员", 50.0), ("铜牌会员", 0.0)]
    expected = expected_tiers(first.customers[SCORES], weights, cuts)
    assert again.customers[SCORES].equals(first.customers[SCORES])  # scores do not move
    assert again.customers["tier_name"].tolist() == expected.tolist()
    assert again.customers["tier_name"].tolist() != first.customers["tier_name"].tolist()
    assert again.rules_source == "规则文件 改过的结果.xlsx"


def test_the_command_line_takes_a_result_as_rules(tmp_path: Path) -> None:
    first, out = graded(tmp_path)
    cells = rule_cells(first.rules, "zh")
    edited = edit(out, tmp_path / "规则.xlsx", {cells.tier_cutoffs[0]: 90})
    target = tmp_path / "cli.xlsx"
    source = input_workbook(tmp_path)
    outcome = CliRunner().invoke(
        main, ["run", str(source), "--rules", str(edited), "-o", str(target)]
    )
    assert outcome.exit_code == ExitCode.OK, outcome.output
    assert load_rules(target).tiers[0].min_score == 90


def test_a_rules_sheet_inside_the_input_wins_over_a_result_given_as_rules(tmp_path: Path) -> None:
    first, out = graded(tmp_path)
    edited = edit(out, tmp_path / "规则.xlsx", {rule_cells(first.rules, "zh").tier_cutoffs[0]: 90})
    own = Rules(tiers=[TierRule(name="A类", min_score=50, color="金色"), DEFAULT_RULES.tiers[-1]])
    sheet = [["" if v is None else v for v in row] for row in rules_to_rows(own, "zh")]
    source = input_workbook(tmp_path, {"评级规则": sheet})
    result = grade_workbook(source, tmp_path / "带规则_评级.xlsx", rules_file=edited)
    assert [t.name for t in result.rules.tiers] == ["A类", "铜牌会员"]
    weights = {d: DEFAULT_RULES.dimensions[d].weight for d in DIMENSIONS}
    expected = expected_tiers(first.customers[SCORES], weights, [("A类", 50), ("铜牌会员", 0)])
    assert result.customers["tier_name"].tolist() == expected.tolist()


def test_a_dimension_weighted_0_stays_in_play_so_a_weight_given_in_the_sheet_counts(
    tmp_path: Path,
) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        "dimensions.frequency.weight = 30\ndimensions.amount.weight = 55\n"
        "dimensions.activity.weight = 15\ndimensions.interaction.weight = 0\n",
        encoding="utf-8",
    )
    result, out = graded(tmp_path, rules_file=rules)
    cells = rule_cells(result.rules, "zh")
    sheet = openpyxl.load_workbook(out)["评级规则"]
    assert result.effective_weights["interaction"] == 0
    assert sheet[cells.effective_weights["interaction"]].value == (
        "=IF((B6+B7+B8+B9)>0,B9*100/(B6+B7+B8+B9),100/4)"
    )


def test_english_result_sheet_has_english_dropdowns_and_messages(tmp_path: Path) -> None:
    result, out = graded(tmp_path, "en")
    cells = rule_cells(result.rules, "en")
    sheet = openpyxl.load_workbook(out)[cells.sheet]
    checks = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert checks["C6"].formula1 == '"Percentile rank,Five bands,Fixed thresholds"'
    assert checks["B6"].prompt.startswith("A number from 0 to 100")
    assert [sheet[c].value for c in cells.tier_names] == ["VIP", "Gold", "Silver", "Bronze"]
    # VIP's colour, by name
    assert sheet[cells.tier_names[0].replace("A", "C")].value == "Diamond blue"


def test_tier_explanations_follow_an_edited_cut_off(tmp_path: Path) -> None:
    _, out = graded(tmp_path)
    sheet = openpyxl.load_workbook(out)["评级规则"]
    cached = openpyxl.load_workbook(out, data_only=True)["评级规则"]
    assert sheet["E12"].value == '="总评分达到 "&B12&" 分及以上"'
    assert sheet["E13"].value == '="总评分 "&B13&" 分及以上、不到 "&B12&" 分"'
    assert cached["E13"].value == "总评分 70 分及以上、不到 85 分"  # seen without recalculating
