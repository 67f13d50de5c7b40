"""概览 read back with openpyxl: facts, warnings, the live tier table, counts, lists, charts.

The four customers of `make_result` (see tests/test_report_live.py for their
totals) are one per tier: VIP C001 ¥28,500, 金牌会员 C002 ¥9,600.50, 银牌会员
"=1+1" ¥1,200, 铜牌会员 1004 −¥50; net spend in all ¥39,250.50.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from custgrade.report import write_workbook
from custgrade.report.styles import Styles
from custgrade.result import Ledger, RunResult
from tests.test_report_workbook import make_result

SPEND = [28500.0, 9600.5, 1200.0, -50.0]
REVENUE = sum(SPEND)


def overview(tmp_path: Path, result: RunResult | None = None, **kwargs: Any) -> Worksheet:
    out = tmp_path / "out.xlsx"
    write_workbook(result or make_result(tmp_path), out, **kwargs)
    return openpyxl.load_workbook(out, data_only=True)["概览"]


def rows(ws: Worksheet) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(values_only=True))


def row_after(ws: Worksheet, first: str, second: str) -> int:
    """Index (0-based) of the row whose first two cells are ``first`` and ``second``."""
    return next(i for i, r in enumerate(rows(ws)) if r[0] == first and r[1] == second)


@pytest.fixture
def ws(tmp_path: Path) -> Worksheet:
    result = make_result(tmp_path)
    result.ledger = Ledger(
        input_rows=6,
        graded=4,
        merged=1,
        rejected=1,
        order_rows=30,
        orders_used=28,
        orders_rejected=2,
        interaction_rows=9,
        interactions_used=9,
    )
    result.customers.loc[1, "churn_risk"] = "高"  # C002, 金牌会员: valuable and at risk
    return overview(tmp_path, result)


def test_facts_give_date_window_ledgers_problems_and_spend(ws: Worksheet) -> None:
    facts = {r[0]: r[1] for r in rows(ws)[2:12] if r[0]}
    assert facts["分析基准日"] == dt.datetime(2025, 6, 30)
    assert facts["分析窗口"] == "2024-07-01 至 2025-06-30（365 天）"
    assert facts["客户台账"] == "输入 6 行 = 已评级 4 + 已合并 1 + 已拒绝 1  平衡 ✓"
    assert facts["订单台账"] == "30 行 = 已使用 28 + 已拒绝 2"
    assert facts["互动记录台账"] == "9 行 = 已使用 9 + 已拒绝 0"
    assert facts["问题数据"] == "4 条（已拒绝 1，已清空该单元格 1，已合并 1，提示 1）"
    assert facts["净消费总额"] == pytest.approx(REVENUE)


def test_every_data_warning_is_listed(ws: Worksheet) -> None:
    start = next(i for i, r in enumerate(rows(ws)) if r[0] == "数据提示")
    warnings = [r[0] for r in rows(ws)[start + 1 : start + 3]]
    assert warnings[0].startswith("• 数据中没有可用于以下维度的信息：互动情况")
    assert warnings[1] == "• note.unknown"  # a note without text shows its key


def test_tier_table_counts_shares_revenue_and_averages(ws: Worksheet) -> None:
    start = row_after(ws, "等级名称", "客户数")
    table = rows(ws)[start : start + 6]
    assert table[0][:6] == ("等级名称", "客户数", "占比", "净消费额", "消费占比", "平均总评分")
    body = table[1:5]
    assert [r[0] for r in body] == ["VIP", "金牌会员", "银牌会员", "铜牌会员"]
    assert [r[1] for r in body] == [1, 1, 1, 1]
    assert [r[2] for r in body] == [0.25] * 4
    assert [r[3] for r in body] == SPEND
    assert [r[4] for r in body] == pytest.approx([s / REVENUE for s in SPEND])
    assert [r[5] for r in body] == [94.8, 72.0, 51.5, 5.3]
    assert [r[6] for r in body] == [95.0, 75.0, 50.0, 12.5]  # average frequency score
    assert table[5][:5] == ("合计", 4, 1.0, pytest.approx(REVENUE), pytest.approx(1.0))


def test_tier_table_is_live_over_the_tier_sheet(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    write_workbook(make_result(tmp_path), out)
    ws = openpyxl.load_workbook(out)["概览"]
    start = row_after(ws, "等级名称", "客户数") + 2  # Excel row of VIP
    assert ws[f"A{start}"].value == "=等级_1"
    assert ws[f"B{start}"].value == f"=COUNTIF('等级信息'!$C$2:$C$5,$A{start})"
    assert ws[f"D{start}"].value == f"=SUMIF('等级信息'!$C$2:$C$5,$A{start},'等级信息'!$K$2:$K$5)"


def test_score_bands_lifecycle_and_churn_risk(ws: Worksheet) -> None:
    start = row_after(ws, "总评分区间", "客户数")
    table = rows(ws)[start : start + 11]
    bands = {r[0]: r[1] for r in table[1:]}
    assert bands == {
        "0–10": 1, "10–20": 0, "20–30": 0, "30–40": 0, "40–50": 0,
        "50–60": 1, "60–70": 0, "70–80": 1, "80–90": 0, "90–100": 1,
    }  # fmt: skip
    assert table[0][3:6] == ("生命周期", "客户数", "占比")
    assert [r[3:5] for r in table[1:4]] == [("活跃", 2), ("休眠", 1), ("流失", 1)]
    assert table[0][7:10] == ("流失风险", "客户数", "占比")
    assert [r[7:9] for r in table[1:4]] == [("高", 2), ("中", 1), ("低", 1)]


def test_top_customers_and_valuable_customers_at_risk(ws: Worksheet) -> None:
    titles = [r[0] for r in rows(ws)]
    top = titles.index("总评分最高的客户")
    assert [r[0] for r in rows(ws)[top + 2 : top + 6]] == ["C001", "C002", "=1+1", "1004"]
    risk = next(i for i, t in enumerate(titles) if str(t).startswith("有流失风险的高价值客户"))
    listed = rows(ws)[risk + 2]
    assert listed[:5] == ("C002", "王芳", "金牌会员", 72.0, 9600.5)
    assert ws.cell(risk + 3, 1).hyperlink.location == "'基本信息'!A3"


def test_three_native_charts_drawn_from_the_tables(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    write_workbook(make_result(tmp_path), out)
    ws = openpyxl.load_workbook(out)["概览"]
    tiers = row_after(ws, "等级名称", "客户数") + 2
    bands = row_after(ws, "总评分区间", "客户数") + 2
    charts = [(c.tagname, c.series[0].cat.strRef.f, c.series[0].val.numRef.f) for c in ws._charts]
    assert charts == [
        ("barChart", f"概览!$A${tiers}:$A${tiers + 3}", f"概览!$B${tiers}:$B${tiers + 3}"),
        ("barChart", f"概览!$A${tiers}:$A${tiers + 3}", f"概览!$D${tiers}:$D${tiers + 3}"),
        ("barChart", f"概览!$A${bands}:$A${bands + 9}", f"概览!$B${bands}:$B${bands + 9}"),
    ]


def test_extra_sections_are_written_below(tmp_path: Path) -> None:
    def write_migration(ws: Any, row: int, result: RunResult, styles: Styles) -> int:
        ws.write_string(row, 0, "等级变动", styles["section"])
        return row + 1

    ws = overview(tmp_path, overview_sections=[write_migration])
    assert rows(ws)[-1][0] == "等级变动"
