"""Shared fixtures: small realistic workbooks built in the test, so each case is visible."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest
import xlsxwriter

Rows = Sequence[Sequence[object]]


@pytest.fixture(autouse=True)
def _neutral_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in a language-neutral environment (the command's default: Chinese).

    The command follows the environment's language; a developer's
    ``LANG=en_US.UTF-8`` must not change what the tests see.  Tests of that
    behaviour set the variables themselves.
    """
    for variable in ("CUSTGRADE_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def write_xlsx(
    path: Path, sheets: dict[str, Rows], *, first_row: int = 0, hidden: str = ""
) -> Path:
    """Write sheets of rows (row 0 = Excel row 1 + first_row); dates get a date format.

    Text is always written as text, so a probe such as "=1+1" reaches the
    reader as the string a user typed; None and "" leave a cell empty.
    """
    workbook = xlsxwriter.Workbook(path)
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows, start=first_row):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, value, date)
                elif isinstance(value, str):
                    if value != "":
                        sheet.write_string(r, c, value)
                elif value is not None:
                    sheet.write(r, c, value)
        if name == hidden:
            sheet.hide()
    workbook.close()
    return path


D = dt.datetime

CUSTOMERS: Rows = [
    ["客户信息导出（截至 2025-06-30）"],
    [],
    ["客户编号", "客户名称", "性别", "年龄", "手机号", "邮箱", "注册日期", "客户经理"],
    ["C001", "张伟", "男", 35, "138-0013-8000", "zhangwei@example.com", D(2023, 3, 1), "李娜"],
    ["C002", "王芳", "F", 250, "+86 139 0013 9000", "abc@", D(2024, 12, 20), "李娜"],
    ["C003", "=1+1", "女", 41, "13700137000", "", D(2022, 5, 6), "赵强"],
    ["C004", "刘洋", "男", 29, "13600136000", "LIUYANG@EXAMPLE.COM", D(2021, 1, 9), ""],
    ["C005", "陈静", "女", 52, "13500135000", "", D(2020, 7, 7), "赵强"],
    ["C001", "张伟", "", "", "", "", "", "王磊"],
    ["", "", "女", 30, "", "", "", ""],
]

ORDERS: Rows = [
    ["订单号", "客户编号", "下单时间", "商品名称", "实付金额", "订单状态"],
    ["O1", "C001", D(2025, 6, 1), "羽绒服", 1280, "已完成"],
    ["O2", "C001", D(2025, 5, 2), "围巾", "¥320.00", "已完成"],
    ["O3", "C001", D(2025, 3, 9), "手套", 150, "已完成"],
    ["O4", "C002", D(2025, 6, 30), "羽绒服", 1280, "已完成"],
    ["O5", "C003", D(2024, 9, 1), "帽子", "1.2万", "已完成"],
    ["O6", "C004", D(2025, 1, 15), "外套", 800, "已退款"],
    ["O7", "C004", D(2025, 2, 15), "外套", 600, "已完成"],
    ["O8", "C999", D(2025, 2, 15), "外套", 600, "已完成"],
    ["合计", "", "", "", 16030, ""],
]

INTERACTIONS: Rows = [
    ["客户编号", "互动日期", "互动类型", "满意度"],
    ["C001", D(2025, 6, 10), "咨询", 5],
    ["C002", D(2025, 6, 11), "活动参与", 4],
    ["C005", D(2023, 1, 1), "投诉", 1],
]


@pytest.fixture
def crm_workbook(tmp_path: Path) -> Path:
    """A small CRM export: title rows, a duplicate, bad cells, a refund, an unknown customer."""
    return write_xlsx(
        tmp_path / "客户导出.xlsx",
        {"客户信息": CUSTOMERS, "购买记录": ORDERS, "互动记录": INTERACTIONS},
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*.json from the current output (review the diff!)",
    )
