"""Tier history in the workbook: 等级信息 columns, the migration matrix, gone customers.

The writers run on a worksheet of their own (the sheet writers place them
in the real workbook) and the cells are read back with openpyxl.  The
runs are the shop of `tests.test_history`: K1 rose from 铜牌 to VIP, K2
fell from VIP to 银牌, K3 and K5 (now K5B) stayed, K6 is new, K4 is gone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from xlsxwriter.workbook import Workbook

from custgrade import grade_workbook
from custgrade.report.history import (
    gone_sheet_name,
    history_columns,
    write_gone,
    write_migration,
)
from custgrade.report.styles import Styles
from custgrade.report.table import text_column, write_table
from custgrade.result import RunResult
from tests.test_history import JUNE, MAY, make_shop


def june_result(tmp_path: Path, lang: str = "zh") -> RunResult:
    shop = make_shop(tmp_path)
    may = grade_workbook(
        shop["may"], tmp_path / "五月_评级.xlsx", as_of=MAY, rules_file=shop["rules"]
    )
    return grade_workbook(
        shop["june"],
        as_of=JUNE,
        rules_file=shop["rules"],
        previous=may.output_path,
        lang=lang,
        write=False,
    )


def render(tmp_path: Path, result: RunResult) -> openpyxl.Workbook:
    """等级信息-like columns, a 概览-like sheet with the matrix at row 5, and the gone sheet."""
    path = tmp_path / "history.xlsx"
    workbook = Workbook(str(path), {"constant_memory": True})
    styles = Styles(workbook, result.rules.tiers)
    tiers, overview = workbook.add_worksheet("tiers"), workbook.add_worksheet("overview")
    ids = text_column("客户ID", result.customers["customer_id"])
    write_table(tiers, [ids, *history_columns(result, styles)], styles)
    overview.write_string(0, 0, "above")
    next_row = write_migration(overview, 4, result, styles)
    overview.write_string(next_row, 0, "below")
    write_gone(workbook.add_worksheet(gone_sheet_name(result.lang)), result, styles)
    workbook.close()
    return openpyxl.load_workbook(path)


def values(sheet: Any) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def book(tmp_path: Path) -> openpyxl.Workbook:
    return render(tmp_path, june_result(tmp_path))


def test_tier_sheet_columns_are_aligned_with_the_customers(book: openpyxl.Workbook) -> None:
    assert values(book["tiers"]) == [
        ["客户ID", "上次等级", "等级变化", "变化原因"],
        ["K1", "铜牌会员", "升级", "消费金额评分 +100.0（0.0 → 100.0）"],
        ["K2", "VIP", "降级", "购买频率评分 -37.5（87.5 → 50.0）"],
        ["K3", "银牌会员", "不变", None],
        ["K5B", "铜牌会员", "不变", None],
        ["K6", None, "新增", "上次结果中没有该客户"],
    ]


def test_previous_tier_cells_wear_the_tier_colour(book: openpyxl.Workbook) -> None:
    sheet = book["tiers"]
    assert sheet["B3"].fill.fgColor.rgb == "FFB4C7E7"  # VIP's colour in the default rules
    assert sheet["B2"].fill.fgColor.rgb == "FFCD7F32"  # 铜牌会员


def test_migration_matrix_section(book: openpyxl.Workbook) -> None:
    rows = values(book["overview"])
    assert rows[0][0] == "above"
    assert rows[4][0] == "等级迁移（上次 → 本次）"
    assert rows[5][0] == "上次结果：五月_评级.xlsx，分析基准日 2025-05-31"
    table = [row[:7] for row in rows[6:13]]
    assert table == [
        ["上次等级 ＼ 本次等级", "VIP", "金牌会员", "银牌会员", "铜牌会员", "已消失", "合计"],
        ["VIP", 0, 0, 1, 0, 0, 1],
        ["金牌会员", 0, 0, 0, 0, 0, 0],
        ["银牌会员", 0, 0, 1, 0, 0, 1],
        ["铜牌会员", 1, 0, 0, 1, 1, 3],
        ["新增客户", 0, 0, 1, 0, None, 1],
        ["合计", 1, 0, 3, 1, 1, 6],
    ]
    assert rows[13][0] == "已消失的客户（上次有、本次数据中没有）列在“已消失客户”工作表"
    assert rows[14][0] == "below"


def test_gone_sheet_lists_who_is_no_longer_in_the_data(book: openpyxl.Workbook) -> None:
    sheet = book["已消失客户"]
    assert values(sheet) == [
        ["客户ID", "客户姓名", "上次等级", "上次总评分", "上次合并的客户ID"],
        ["K4", "陈静", "铜牌会员", 17.6, "K4"],
    ]
    assert sheet.auto_filter.ref == "A1:E2"
    assert sheet.freeze_panes == "A2"


def test_english_labels(tmp_path: Path) -> None:
    book = render(tmp_path, june_result(tmp_path, lang="en"))
    assert values(book["tiers"])[:3] == [
        ["客户ID", "Previous tier", "Tier change", "Reason for the change"],
        ["K1", "铜牌会员", "Up", "Spending score +100.0 (0.0 → 100.0)"],
        ["K2", "VIP", "Down", "Purchase frequency score -37.5 (87.5 → 50.0)"],
    ]
    overview = values(book["overview"])
    assert overview[6][:2] == ["Previous tier \\ current tier", "VIP"]
    assert [row[0] for row in overview[7:12]] == [
        "VIP",
        "银牌会员",
        "铜牌会员",
        "New customers",
        "Total",
    ]
    assert values(book["Gone customers"])[0][:3] == ["Customer ID", "Name", "Previous tier"]


def test_nothing_is_written_without_a_previous_result(tmp_path: Path) -> None:
    shop = make_shop(tmp_path)
    result = grade_workbook(shop["may"], as_of=MAY, rules_file=shop["rules"], write=False)
    assert result.history is None
    workbook = Workbook(str(tmp_path / "empty.xlsx"))
    styles = Styles(workbook, result.rules.tiers)
    sheet = workbook.add_worksheet()
    assert history_columns(result, styles) == []
    assert write_migration(sheet, 7, result, styles) == 7
    workbook.close()


def test_moves_up_are_green_and_moves_down_red(book: openpyxl.Workbook) -> None:
    """等级变化 reads at a glance: Excel's good (green) and bad (red) cell colours."""
    sheet = book["tiers"]
    assert (sheet["C2"].value, sheet["C2"].fill.fgColor.rgb) == ("升级", "FFC6EFCE")
    assert (sheet["C3"].value, sheet["C3"].fill.fgColor.rgb) == ("降级", "FFFFC7CE")
    assert sheet["C4"].fill.fill_type is None  # 不变 stays plain
