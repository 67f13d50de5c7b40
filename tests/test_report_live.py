"""The live result read back with openpyxl: names, formulas, cached values, formats, print setup.

The four customers of `make_result` have these dimension scores (frequency,
amount, activity, interaction) and, with the default weights 30/40/15/15,
these totals, rounded half up as Excel does:

    C001  95 100 90 85   (2850 + 4000 + 1350 + 1275) / 100 = 94.75 -> 94.8  VIP
    C002  75  75 60 70   (2250 + 3000 +  900 + 1050) / 100 = 72.0          金牌会员
    =1+1  50  50 60 50   (1500 + 2000 +  900 +  750) / 100 = 51.5          银牌会员
    1004  12.5 0  0 10   ( 375 +    0 +    0 +  150) / 100 = 5.25  -> 5.3   铜牌会员
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from custgrade.report import write_workbook
from custgrade.rules.model import DIMENSIONS
from tests.test_report_workbook import ZH_SHEETS, column, header, make_result

TOTALS = [94.8, 72.0, 51.5, 5.3]
TIER_NAMES = ["VIP", "金牌会员", "银牌会员", "铜牌会员"]
TIER_FILLS = ["FFB4C7E7", "FFFFD700", "FFC0C0C0", "FFCD7F32"]


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("live")
    out = folder / "out.xlsx"
    write_workbook(make_result(folder), out)
    return out


@pytest.fixture(scope="module")
def book(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def cached(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path, data_only=True)


def destination(book: openpyxl.Workbook, name: str) -> object:
    sheet, ref = next(iter(book.defined_names[name].destinations))
    return book[sheet][ref.replace("$", "")].value


def test_defined_names_point_at_the_rules_the_sheet_shows(book: openpyxl.Workbook) -> None:
    """Fails when the 评级规则 layout moves away from the cells the names point at."""
    weights = {"购买频率": 30, "消费金额": 40, "活跃程度": 15, "互动情况": 15}
    assert {d: destination(book, f"权重_{d}") for d in weights} == weights
    assert [destination(book, f"等级_{i}") for i in range(1, 5)] == TIER_NAMES
    assert [destination(book, f"最低分_{i}") for i in range(1, 5)] == [85, 70, 50, 0]


def test_english_names_point_at_the_english_rules_sheet(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    write_workbook(make_result(tmp_path, "en"), out)
    book = openpyxl.load_workbook(out)
    assert [destination(book, f"Weight_{d}") for d in DIMENSIONS] == [30, 40, 15, 15]
    assert destination(book, "MinScore_2") == 70


@pytest.mark.parametrize(
    ("sheet", "score_columns", "total_column"),
    [("评分信息", "CDEF", "G"), ("等级信息", "GHIJ", "F")],
    ids=["scores", "tiers"],
)
def test_total_is_a_formula_over_the_row_and_the_weights(
    book: openpyxl.Workbook,
    cached: openpyxl.Workbook,
    sheet: str,
    score_columns: str,
    total_column: str,
) -> None:
    f, a, c, i = score_columns
    ws = book[sheet]
    assert ws[f"{total_column}1"].value == "总评分"
    assert ws[f"{total_column}3"].value == (
        f"=IFERROR(ROUND(({f}3*权重_购买频率+{a}3*权重_消费金额+{c}3*权重_活跃程度"
        f"+{i}3*权重_互动情况)/(ISNUMBER({f}3)*权重_购买频率+ISNUMBER({a}3)*权重_消费金额"
        f"+ISNUMBER({c}3)*权重_活跃程度+ISNUMBER({i}3)*权重_互动情况),1),0)"
    )
    assert [cached[sheet][f"{total_column}{r}"].value for r in range(2, 6)] == TOTALS


def test_tier_level_is_a_formula_over_the_total_and_the_cutoffs_name_and_colour_follow(
    book: openpyxl.Workbook, cached: openpyxl.Workbook
) -> None:
    ws = book["等级信息"]
    assert ws["E2"].value == "=IF(F2>=最低分_1,4,IF(F2>=最低分_2,3,IF(F2>=最低分_3,2,1)))"
    assert ws["C2"].value == "=CHOOSE(E2,等级_4,等级_3,等级_2,等级_1)"
    assert ws["D2"].value == '=CHOOSE(E2,"古铜色","银色","金色","钻石蓝")'
    values = cached["等级信息"]
    assert [values[f"C{r}"].value for r in range(2, 6)] == TIER_NAMES
    assert [values[f"E{r}"].value for r in range(2, 6)] == [4, 3, 2, 1]


def test_tier_fills_are_conditional_formats_driven_by_the_tier_cell(
    book: openpyxl.Workbook,
) -> None:
    rules = {
        str(cf.sqref): [
            (r.type, r.formula, r.dxf.fill.bgColor.rgb if r.dxf else None) for r in cf.rules
        ]
        for cf in book["等级信息"].conditional_formatting
    }
    expected = [("expression", [f"$C2=等级_{i}"], fill) for i, fill in enumerate(TIER_FILLS, 1)]
    assert rules["C2:C5"] == expected
    assert rules["D2:D5"] == expected


def test_tier_icons_are_an_icon_set_showing_icons_only(book: openpyxl.Workbook) -> None:
    (icons,) = [
        r for cf in book["等级信息"].conditional_formatting for r in cf.rules if r.type == "iconSet"
    ]
    assert icons.iconSet.iconSet == "4Rating" and icons.iconSet.showValue is False
    assert [(v.type, v.val) for v in icons.iconSet.cfvo[1:]] == [
        ("num", 2.0),
        ("num", 3.0),
        ("num", 4.0),
    ]


def test_scores_have_a_colour_scale(book: openpyxl.Workbook) -> None:
    scales = [
        str(cf.sqref)
        for cf in book["评分信息"].conditional_formatting
        for r in cf.rules
        if r.type == "colorScale"
    ]
    assert scales == ["C2:G5"]


@pytest.mark.parametrize(
    ("sheet", "table"),
    [
        (sheet, f"{sheet}表")
        for sheet in ("基本信息", "等级信息", "评分信息", "分析报告", "问题数据")
    ],
)
def test_per_customer_sheets_are_named_tables(
    book: openpyxl.Workbook, sheet: str, table: str
) -> None:
    ws = book[sheet]
    assert list(ws.tables) == [table]
    assert [c.name for c in ws.tables[table].tableColumns] == header(ws)


@pytest.mark.parametrize("sheet", ZH_SHEETS)
def test_every_sheet_prints_landscape_one_page_wide_with_the_header(
    book: openpyxl.Workbook, sheet: str
) -> None:
    ws = book[sheet]
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default, left out of the XML
    assert ws.page_setup.fitToHeight == 0  # as many pages long as needed
    if sheet in ZH_SHEETS[1:6]:
        assert ws.print_title_rows == "$1:$1"


@pytest.mark.parametrize("sheet", ZH_SHEETS)
def test_one_cjk_font_throughout(book: openpyxl.Workbook, sheet: str) -> None:
    fonts = {c.font.name for row in book[sheet].iter_rows() for c in row if c.value is not None}
    assert fonts == {"Microsoft YaHei"}


def test_problems_link_to_the_customer_row(book: openpyxl.Workbook) -> None:
    links = [
        c.hyperlink.location if c.hyperlink else None for c in column(book["问题数据"], "所属客户")
    ]
    # C002 is row 3 of 基本信息, C001 row 2, 1004 (客户信息!7) row 5; a rejected row has none
    assert links == [None, "'基本信息'!A3", "'基本信息'!A2", "'基本信息'!A5"]


def test_analysis_text_wraps_with_rows_tall_enough(tmp_path: Path) -> None:
    result = make_result(tmp_path)
    long = "近一年购买 15 次，消费 ¥28,500。" * 8
    result.customers.loc[0, "analysis"] = long
    out = tmp_path / "out.xlsx"
    write_workbook(result, out)
    ws = openpyxl.load_workbook(out)["分析报告"]
    cell = column(ws, "分析结果")[0]
    assert cell.alignment.wrap_text
    width = ws.column_dimensions[cell.column_letter].width
    lines = -(-sum(2 if ord(ch) > 0x2E80 else 1 for ch in long) // (width - 1.5))
    assert ws.row_dimensions[2].height >= 15 * lines


@pytest.mark.parametrize("sample", ["客户导出_CRM.xlsx", "手工客户台账.xlsx"])
def test_the_total_the_grading_uses_is_the_total_the_sheet_formula_computes(sample: str):
    """Tiers are decided on 总评分; a recalculating spreadsheet must find the same number."""
    from custgrade import grade_workbook
    from custgrade.report.live import kept_dimensions, live_totals

    root = Path(__file__).resolve().parents[1]
    result = grade_workbook(root / "sample_data" / sample, write=False)
    totals = live_totals(result, kept_dimensions(result))
    differ = totals.ne(result.customers["total_score"])
    assert not differ.any(), result.customers.loc[differ, ["customer_id", "total_score"]]
