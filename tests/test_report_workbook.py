"""The output workbook, read back with openpyxl: sheets, headers, types, colours, ledger."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from custgrade.errors import CELL, MERGED, NOTE, REJECTED, OutputError
from custgrade.report import workbook as report_workbook
from custgrade.report import write_workbook
from custgrade.result import ColumnMapping, Ledger, Note, RunResult
from custgrade.rules.model import Rules

ZH_SHEETS = [
    "概览",
    "基本信息",
    "等级信息",
    "评分信息",
    "分析报告",
    "问题数据",
    "评级规则",
    "运行信息",
]
EN_SHEETS = ["Overview", "Customers", "Tiers", "Scores", "Analysis", "Problems", "Rules"]
EN_SHEETS.append("Run info")
TIERS = {t.name: t for t in Rules().tiers}


def make_result(tmp_path: Path, lang: str = "zh") -> RunResult:
    """Four graded customers, one issue of each kind, the default rules."""
    tiers = [TIERS[name] for name in ("VIP", "金牌会员", "银牌会员", "铜牌会员")]
    customers = pd.DataFrame(
        {
            "customer_id": ["C001", "C002", "=1+1", 1004.0],
            "name": ["张伟", "王芳", "=1+1", "刘洋"],
            "gender": ["男", "女", None, "男"],
            "phone": ["13800138000", "13900139000", None, 13600136000],
            "email": ["zhangwei@example.com", None, None, "liuyang@example.com"],
            "registered_at": pd.to_datetime(["2023-03-01", "2024-12-20", None, "2021-01-09"]),
            "industry": [None, None, None, None],
            "客户经理": ["李娜", "李娜", "@赵强", None],
            "purchase_count": [15, 8, 3, 1],
            "net_amount": [28500.0, 9600.5, 1200.0, -50.0],
            "avg_amount": [1900.0, 1200.06, 400.0, float("nan")],
            "last_purchase_at": pd.to_datetime(["2025-06-01", "2025-05-12", "2025-01-03", None]),
            "last_activity_at": pd.to_datetime(["2025-06-20", "2025-05-12", "2025-02-01", None]),
            "recency_days": [10.0, 49.0, 149.0, float("nan")],
            "campaign_count": [4, 2, 0, 0],
            "contact_count": [6, 3, 1, 0],
            "satisfaction": [92.0, 80.0, float("nan"), 40.0],
            "frequency_score": [95.0, 75.0, 50.0, 12.5],
            "amount_score": [100.0, 75.0, 50.0, 0.0],
            "activity_score": [90.0, 60.0, 60.0, 0.0],
            "interaction_score": [85.0, 70.0, 50.0, 10.0],
            # 30/40/15/15 of the four scores, rounded half up (5.25 -> 5.3)
            "total_score": [94.8, 72.0, 51.5, 5.3],
            "tier_name": [t.name for t in tiers],
            "tier_color": [t.color for t in tiers],
            "tier_icon": [t.icon for t in tiers],
            "tier_rank": [0, 1, 2, 3],
            "lifecycle": ["活跃", "活跃", "休眠", "流失"],
            "churn_risk": ["低", "低", "中", "高"],
            "labels": ["高消费、忠实客户", "潜在客户", "", "净消费非正"],
            "analysis": ["近一年购买 15 次，消费 ¥28,500。", "", "", ""],
            "suggestion": ["保持专属服务。", "再消费 ¥3,200 可升至 VIP。", "", ""],
            "source_rows": ["客户信息!4; 客户信息!10", "客户信息!5", "客户信息!6", "客户信息!7"],
        }
    )
    issues = pd.DataFrame(
        {
            "sheet": ["客户信息"] * 4,
            "row": [11, 5, 10, 7],
            "column": ["", "邮箱", "", ""],
            "letter": ["", "F", "", ""],
            "value": ["", "abc@", "", ""],
            "code": ["no-id-or-name", "invalid-email", "merged-duplicate", "not-a-known-code"],
            "kind": [REJECTED, CELL, MERGED, NOTE],
            "target": ["", "", "C001", ""],
        },
        dtype=object,
    )
    return RunResult(
        input_path=tmp_path / "客户导出.xlsx",
        input_sha256="0" * 64,
        output_path=None,
        lang=lang,
        as_of=dt.date(2025, 6, 30),
        window_start=dt.date(2024, 7, 1),
        rules=Rules(),
        rules_source="默认规则",
        customers=customers,
        extra_columns=["客户经理"],
        issues=issues,
        ledger=Ledger(input_rows=6, graded=4, merged=1, rejected=1),
        mapping=[
            ColumnMapping("客户信息", "客户编号", "A", "customer_id"),
            ColumnMapping("客户信息", "客户经理", "H", None),
        ],
        cutoffs=pd.DataFrame(
            {
                "dimension": ["amount"],
                "measure": ["net_amount"],
                "method": ["bands"],
                "cutoffs": ["1200 / 9600 / 28500"],
                "note": [""],
            }
        ),
        effective_weights=dict(frequency=30.0, amount=40.0, activity=15.0, interaction=15.0),
        notes=[Note("note.dimensions-no-data", {"dimensions": "互动情况"}), Note("note.unknown")],
        started_at=dt.datetime(2025, 7, 1, 9, 30),
        version="0.1.0",
        duration_seconds=2.5,
    )


@pytest.fixture
def written(tmp_path: Path) -> openpyxl.Workbook:
    path = tmp_path / "客户导出_评级.xlsx"
    write_workbook(make_result(tmp_path), path)
    return openpyxl.load_workbook(path)


def header(ws: Worksheet) -> list[Any]:
    return [cell.value for cell in ws[1]]


def column(ws: Worksheet, title: str) -> list[Any]:
    """The cells below a header, by header text."""
    index = header(ws).index(title)
    return [row[index] for row in ws.iter_rows(min_row=2)]


@pytest.mark.parametrize(
    ("lang", "names"), [("zh", ZH_SHEETS), ("en", EN_SHEETS)], ids=["zh", "en"]
)
def test_sheets_are_in_order_and_localised(tmp_path: Path, lang: str, names: list[str]) -> None:
    path = tmp_path / "out.xlsx"
    write_workbook(make_result(tmp_path, lang), path)
    assert openpyxl.load_workbook(path).sheetnames == names


def test_headers_of_per_customer_sheets(written: openpyxl.Workbook) -> None:
    assert header(written["基本信息"]) == [
        "客户ID", "客户姓名", "联系电话", "电子邮箱", "注册日期", "性别", "客户经理",
        "合并的客户ID", "来源行",
    ]  # fmt: skip
    assert header(written["等级信息"]) == [
        "客户ID", "客户姓名", "等级名称", "等级颜色", "等级图标", "总评分",
        "购买频率评分", "消费金额评分", "活跃程度评分", "互动情况评分", "净消费额",
    ]  # fmt: skip
    assert header(written["评分信息"]) == [
        "客户ID", "客户姓名", "购买频率评分", "消费金额评分", "活跃程度评分", "互动情况评分",
        "总评分",
        "购买次数", "近期加权购买次数", "净消费额", "近期加权消费额", "平均消费额",
        "最近购买日期", "距上次购买天数", "活动参与次数", "互动次数", "投诉次数",
        "满意度（原分制）", "满意度分制", "最近互动日期",
    ]  # fmt: skip
    assert header(written["分析报告"]) == [
        "客户ID", "客户姓名", "等级名称", "生命周期", "流失风险", "客户标签",
        "分析结果", "改进建议",
    ]  # fmt: skip
    assert header(written["问题数据"]) == [
        "工作表", "行号", "列", "列号", "原始值", "问题类型", "处理方式", "说明", "所属客户",
    ]  # fmt: skip


def test_english_headers(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_workbook(make_result(tmp_path, "en"), path)
    tiers = openpyxl.load_workbook(path)["Tiers"]
    assert header(tiers)[:6] == [
        "Customer ID", "Name", "Tier", "Tier colour", "Tier icon", "Total score",
    ]  # fmt: skip


def test_text_that_looks_like_a_formula_stays_text(written: openpyxl.Workbook) -> None:
    customers = written["基本信息"]
    name, manager = column(customers, "客户姓名")[2], column(customers, "客户经理")[2]
    assert (name.data_type, name.value) == ("s", "=1+1")
    assert (manager.data_type, manager.value) == ("s", "@赵强")
    assert column(written["等级信息"], "客户ID")[2].value == "=1+1"


def test_ids_and_phones_are_text_without_decimals(written: openpyxl.Workbook) -> None:
    customers = written["基本信息"]
    assert [c.value for c in column(customers, "客户ID")] == ["C001", "C002", "=1+1", "1004"]
    phones = column(customers, "联系电话")
    assert [(c.data_type, c.value) for c in phones] == [
        ("s", "13800138000"), ("s", "13900139000"), ("n", None), ("s", "13600136000"),
    ]  # fmt: skip


def test_dates_are_real_dates_with_a_date_format(written: openpyxl.Workbook) -> None:
    registered = column(written["基本信息"], "注册日期")
    assert registered[0].value == dt.datetime(2023, 3, 1)
    assert registered[0].number_format == "yyyy-mm-dd"
    assert registered[2].value is None
    last = column(written["评分信息"], "最近购买日期")
    assert [c.value for c in last] == [
        dt.datetime(2025, 6, 1), dt.datetime(2025, 5, 12), dt.datetime(2025, 1, 3), None,
    ]  # fmt: skip


def test_numbers_have_number_formats_and_nan_is_blank(written: openpyxl.Workbook) -> None:
    scores = written["评分信息"]
    spend = column(scores, "净消费额")
    assert (spend[1].value, spend[1].number_format) == (9600.5, '"¥"#,##0.00')
    assert column(scores, "总评分")[0].number_format == "0.0"
    assert column(scores, "平均消费额")[3].value is None
    assert scores.conditional_formatting  # colour scale on the scores


def test_tier_cells_of_the_analysis_have_the_tier_colour(written: openpyxl.Workbook) -> None:
    fills = [c.fill.fgColor.rgb for c in column(written["分析报告"], "等级名称")]
    assert fills == ["FFB4C7E7", "FFFFD700", "FFC0C0C0", "FFCD7F32"]
    fonts = [c.font.color.rgb for c in column(written["分析报告"], "等级名称")]
    # the lighter fill each gets dark text: diamond blue, gold, silver, and bronze too
    # (WCAG contrast 5.2 with #1F1F1F against 3.1 with white)
    assert fonts == ["FF1F1F1F"] * 4


def test_tier_colours_are_named_not_hex_codes(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_workbook(make_result(tmp_path), path)
    tiers = openpyxl.load_workbook(path, data_only=True)["等级信息"]
    # diamond blue, gold, silver, bronze: a ranking at a glance
    assert [c.value for c in column(tiers, "等级颜色")] == ["钻石蓝", "金色", "银色", "古铜色"]


@pytest.mark.parametrize("sheet", ZH_SHEETS[1:6], ids=lambda s: s)
def test_per_customer_sheets_are_tables_with_frozen_header_and_bold_header(
    written: openpyxl.Workbook, sheet: str
) -> None:
    ws = written[sheet]
    assert ws.freeze_panes == ("A2" if sheet == "问题数据" else "C2")  # ID and name stay
    (table,) = ws.tables.values()
    assert table.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
    assert table.autoFilter is not None
    assert ws["A1"].font.b
    assert ws.column_dimensions["A"].width >= 6


def test_columns_are_wide_enough_for_chinese_text(written: openpyxl.Workbook) -> None:
    widths = written["基本信息"].column_dimensions
    # 来源行 "客户信息!4; 客户信息!10": 8 wide characters count 2, 7 narrow count 1, +2 margin
    assert widths["I"].width >= 8 * 2 + 7 + 2


def test_problems_sheet_localises_action_and_reason(written: openpyxl.Workbook) -> None:
    problems = written["问题数据"]
    rows = [[c.value for c in row] for row in problems.iter_rows(min_row=2)]
    assert [r[1] for r in rows] == [11, 5, 10, 7]
    titles = ["缺少客户ID和姓名", "无效邮箱", "重复客户已合并", "not-a-known-code"]
    assert [r[5] for r in rows] == titles  # no title in the catalogue: the code itself
    assert [r[6] for r in rows] == ["已拒绝", "已清空该单元格", "已合并", "提示"]
    assert "C001" in rows[2][7] and "{target}" not in rows[2][7]  # placeholders filled
    assert rows[3][7] == "not-a-known-code"  # no text in the catalogue: the code itself
    assert [r[8] for r in rows] == [None, "C002", "C001", "1004"]


def test_run_info_has_the_ledger_and_the_mapping(written: openpyxl.Workbook) -> None:
    values = {row[0]: row[1] for row in written["运行信息"].iter_rows(values_only=True) if row[0]}
    ledger = [values[k] for k in ("输入行数", "已评级", "已合并", "已拒绝")]
    assert ledger == [6, 4, 1, 1]
    assert values["核对"].endswith("平衡 ✓")
    assert values["分析基准日"] == dt.datetime(2025, 6, 30)
    assert values["分析窗口"] == "2024-07-01 – 2025-06-30"
    rows = list(written["运行信息"].iter_rows(values_only=True))
    assert ("客户信息", "客户经理", "H", "（保留原列）") in rows
    assert ("客户信息", "客户编号", "A", "客户ID") in rows


def test_rules_sheet_has_cutoffs_weights_and_notes(written: openpyxl.Workbook) -> None:
    cells = [v for row in written["评级规则"].iter_rows(values_only=True) for v in row if v]
    assert "本次实际使用的分界值" in cells
    assert "> ¥1,200：50 分；> ¥9,600：75 分；> ¥28,500：100 分" in cells
    assert "净消费额" in cells and "五档分位" in cells  # measure and method localised
    assert any(str(v).startswith("数据中没有可用于以下维度的信息：互动情况") for v in cells)
    assert "note.unknown" in cells  # a note without text shows its key


def test_overview_has_tier_table_and_charts(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_workbook(make_result(tmp_path), path)
    overview = openpyxl.load_workbook(path, data_only=True)["概览"]
    rows = [row for row in overview.iter_rows() if row[0].value in TIERS]
    assert [(r[0].value, r[1].value, r[2].value) for r in rows[:4]] == [
        (name, 1, 0.25) for name in TIERS
    ]
    assert rows[0][0].fill.fgColor.rgb == "FFB4C7E7"  # VIP: diamond blue
    with zipfile.ZipFile(path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 3


def test_progress_is_reported_per_sheet_up_to_one(tmp_path: Path) -> None:
    calls: list[tuple[str, float]] = []
    write_workbook(
        make_result(tmp_path), tmp_path / "out.xlsx", on_progress=lambda *a: calls.append(a)
    )
    fractions = [f for _, f in calls]
    assert {s for s, _ in calls} == {"write"} and len(calls) == len(ZH_SHEETS) + 1
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


# --- atomic writing -------------------------------------------------------------------------


def _fail_on_scores(exc: BaseException) -> Any:
    def write_scores(*args: Any) -> None:
        raise exc

    return write_scores


@pytest.mark.parametrize(
    ("exc", "raised"),
    [(PermissionError(13, "Permission denied"), OutputError), (RuntimeError("bug"), RuntimeError)],
    ids=["os-error-becomes-output-error", "bug-is-re-raised"],
)
def test_failure_midway_leaves_no_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException, raised: type
) -> None:
    monkeypatch.setattr(report_workbook, "write_scores", _fail_on_scores(exc))
    with pytest.raises(raised):
        write_workbook(make_result(tmp_path), tmp_path / "out.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_failure_leaves_an_existing_result_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"previous result")
    monkeypatch.setattr(report_workbook, "write_scores", _fail_on_scores(OSError("disk full")))
    with pytest.raises(OutputError) as info:
        write_workbook(make_result(tmp_path), path)
    assert info.value.key == "output-not-writable"
    assert "请在 Excel 中关闭它后重试" in info.value.render("zh")
    assert path.read_bytes() == b"previous result"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_an_existing_result_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"previous result")
    write_workbook(make_result(tmp_path), path)
    assert openpyxl.load_workbook(path).sheetnames == ZH_SHEETS
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_missing_output_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as info:
        write_workbook(make_result(tmp_path), tmp_path / "missing" / "out.xlsx")
    assert info.value.key == "output-not-writable"


def test_writing_over_the_input_is_refused(tmp_path: Path) -> None:
    result = make_result(tmp_path)
    result.input_path.write_bytes(b"the user's data")
    with pytest.raises(OutputError) as info:
        write_workbook(result, tmp_path / "sub" / ".." / "客户导出.xlsx")
    assert info.value.key == "output-is-input"
    assert result.input_path.read_bytes() == b"the user's data"
