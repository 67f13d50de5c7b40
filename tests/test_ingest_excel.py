"""Reading workbooks: header detection, sheet recognition, provenance of rows and columns."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest

from custgrade.errors import NOTE, InputFileError, IssueCode, NoCustomerSheetError
from custgrade.ingest import read_workbook
from tests.conftest import write_xlsx

Rows = list[list[Any]]


CUSTOMERS: Rows = [
    ["客户ID", "客户姓名", "联系电话"],
    ["C001", "张三", "13800000001"],
    ["C002", "李四", None],
]


def test_plain_customer_sheet_maps_headers_to_fields(tmp_path: Path) -> None:
    book = read_workbook(write_xlsx(tmp_path / "a.xlsx", {"Sheet1": CUSTOMERS}))
    table = book.customers
    assert list(table.frame.columns) == ["customer_id", "name", "phone"]
    assert table.frame.to_numpy().tolist() == [
        ["C001", "张三", "13800000001"],
        ["C002", "李四", None],
    ]
    assert table.excel_rows.tolist() == [2, 3]
    assert table.header_row == 1
    assert table.headers == {"customer_id": "客户ID", "name": "客户姓名", "phone": "联系电话"}
    assert table.letters == {"customer_id": "A", "name": "B", "phone": "C"}
    assert [(m.header, m.letter, m.field) for m in table.mapping] == [
        ("客户ID", "A", "customer_id"),
        ("客户姓名", "B", "name"),
        ("联系电话", "C", "phone"),
    ]


def test_frame_has_object_dtype_and_keeps_cell_types(tmp_path: Path) -> None:
    rows: Rows = [
        ["Customer ID", "Name", "Age", "Registered"],
        ["7", "Ann", 30, dt.date(2024, 1, 2)],
    ]
    frame = read_workbook(write_xlsx(tmp_path / "t.xlsx", {"x": rows})).customers.frame
    assert all(str(t) == "object" for t in frame.dtypes)
    assert frame.iloc[0].tolist() == ["7", "Ann", 30.0, dt.date(2024, 1, 2)]


def test_title_rows_and_blank_rows_above_header_are_not_data(tmp_path: Path) -> None:
    rows: Rows = [["2024 年客户名单"], [None], ["导出时间：2024-10-01"], *CUSTOMERS]
    table = read_workbook(write_xlsx(tmp_path / "t.xlsx", {"Sheet1": rows})).customers
    assert table.header_row == 4
    assert table.frame["customer_id"].tolist() == ["C001", "C002"]
    assert table.excel_rows.tolist() == [5, 6]


def test_sheet_starting_at_row_3_column_c_keeps_excel_positions(tmp_path: Path) -> None:
    rows = [[None, None, *row] for row in CUSTOMERS]
    table = read_workbook(write_xlsx(tmp_path / "t.xlsx", {"S": rows}, first_row=2)).customers
    assert table.header_row == 3
    assert table.excel_rows.tolist() == [4, 5]
    assert table.letters == {"customer_id": "C", "name": "D", "phone": "E"}


def test_blank_rows_between_data_rows_are_dropped(tmp_path: Path) -> None:
    rows = [CUSTOMERS[0], CUSTOMERS[1], [None], [None], CUSTOMERS[2]]
    table = read_workbook(write_xlsx(tmp_path / "t.xlsx", {"S": rows})).customers
    assert table.excel_rows.tolist() == [2, 5]


@pytest.mark.parametrize("label", ["合计", "总计：", "小计", "Total", "Grand Total", "North Total"])
def test_total_row_is_dropped_and_reported(tmp_path: Path, label: str) -> None:
    rows: Rows = [
        ["客户ID", "客户姓名", "消费总额"],
        ["C1", "甲", 10],
        ["C2", "乙", 20],
        [None, label, 30],
    ]
    book = read_workbook(write_xlsx(tmp_path / "t.xlsx", {"S": rows}))
    assert book.customers.frame["customer_id"].tolist() == ["C1", "C2"]
    assert book.issues is not None
    assert book.issues[["row", "column", "letter", "value", "code", "kind"]].values.tolist() == [
        [4, "客户姓名", "B", label, IssueCode.TOTAL_ROW.value, NOTE]
    ]


def test_subtotal_rows_between_customers_are_dropped_and_the_rows_keep_their_numbers(
    tmp_path: Path,
) -> None:
    rows: Rows = [
        ["客户ID", "客户姓名", "消费总额"],
        ["C1", "甲", 10],
        [None, "小计", 10],
        ["C2", "乙", 20],
        [None, "合计", 30],
    ]
    book = read_workbook(write_xlsx(tmp_path / "t.xlsx", {"S": rows}))
    assert book.customers.frame["customer_id"].tolist() == ["C1", "C2"]
    assert book.customers.frame.index.tolist() == [0, 1]
    assert book.customers.excel_rows.tolist() == [2, 4]
    assert book.issues is not None
    assert book.issues["row"].tolist() == [3, 5]


def test_a_total_label_is_recognised_in_any_case_python_folds() -> None:
    """The fast look for total words misses no label the pattern itself accepts."""
    import pandas as pd

    from custgrade.ingest.build import TOTAL_LABEL, _total_labels

    variants = [
        word[:i] + chr(c) + word[i + 1 :]
        for word in ("Total", "sum", "合计")
        for i in range(len(word))
        for c in range(0x3000)
    ]
    cells = pd.Series([*variants, 42.0, None], dtype=object)
    expected = [isinstance(v, str) and TOTAL_LABEL.match(v) is not None for v in cells]
    found = {v for v, hit in zip(cells, expected, strict=True) if hit}
    assert {"total", "TOtal", "TotAl", "ſum", "sUm"} <= found  # the cases Python folds
    assert _total_labels(cells).tolist() == expected


def test_customer_named_like_a_total_with_an_id_is_kept(tmp_path: Path) -> None:
    rows: Rows = [["客户ID", "客户姓名"], ["C1", "Total"]]
    assert len(read_workbook(write_xlsx(tmp_path / "t.xlsx", {"S": rows})).customers.frame) == 1


def test_total_row_on_orders_sheet_is_dropped(tmp_path: Path) -> None:
    orders: Rows = [
        ["订单号", "客户ID", "购买日期", "金额"],
        ["O1", "C001", dt.date(2024, 5, 1), 100],
        ["合计", None, None, 100],
    ]
    book = read_workbook(write_xlsx(tmp_path / "t.xlsx", {"客户": CUSTOMERS, "订单": orders}))
    assert book.orders is not None
    assert book.orders.frame["order_id"].tolist() == ["O1"]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("客户编号", "customer_id"),
        ("会员号", "customer_id"),
        ("Customer ID", "customer_id"),
        ("客户 ID：", "customer_id"),
        ("客户\nID", "customer_id"),
        ("ＣＵＳＴＯＭＥＲ　ＩＤ", "customer_id"),
        ("姓名", "name"),
        ("Full Name", "name"),
    ],
)
def test_header_aliases_in_chinese_and_english(tmp_path: Path, header: str, field: str) -> None:
    rows: Rows = [[header, "备注"], ["x", "y"]]
    table = read_workbook(write_xlsx(tmp_path / "t.xlsx", {"S": rows})).customers
    assert table.mapping[0].field == field
    assert table.headers[field] == header


def test_unnamed_column_with_data_is_carried_and_empty_column_dropped(tmp_path: Path) -> None:
    rows: Rows = [
        ["客户ID", None, "客户姓名", None],
        ["C1", "x", "甲", None],
        ["C2", None, "乙", None],
    ]
    path = write_xlsx(tmp_path / "t.xlsx", {"S": rows})
    assert list(read_workbook(path).customers.frame.columns) == ["customer_id", "列B", "name"]
    table = read_workbook(path, lang="en").customers
    assert table.headers["Column B"] == "Column B"
    assert [m.field for m in table.mapping] == ["customer_id", None, "name"]


def test_duplicate_headers_are_all_kept_and_noted(tmp_path: Path) -> None:
    rows: Rows = [["id", "name", "id", "id"], ["1", "a", "x", "y"]]
    book = read_workbook(write_xlsx(tmp_path / "t.xlsx", {"S": rows}))
    assert list(book.customers.frame.columns) == ["customer_id", "name", "id (2)", "id (3)"]
    assert book.issues is not None
    assert book.issues[["row", "column", "letter", "code"]].values.tolist() == [
        [1, "id", "C", "duplicate-header"],
        [1, "id", "D", "duplicate-header"],
    ]


ORDERS: Rows = [
    ["单号", "会员号", "下单时间", "实付金额"],
    ["O1", "C001", dt.date(2024, 5, 1), 99.5],
]
CONTACTS: Rows = [["会员号", "日期", "类型", "满意度"], ["C001", dt.date(2024, 6, 1), "回访", 5]]


@pytest.mark.parametrize(
    "order",
    [("c", "o", "i"), ("o", "i", "c"), ("i", "c", "o")],
    ids=["customers-first", "customers-last", "customers-middle"],
)
def test_sheets_recognised_by_columns_in_any_order(tmp_path: Path, order: tuple[str, ...]) -> None:
    content = {"c": CUSTOMERS, "o": ORDERS, "i": CONTACTS}
    sheets = {f"Sheet{n}": content[key] for n, key in enumerate(order, start=1)}
    book = read_workbook(write_xlsx(tmp_path / "t.xlsx", sheets))
    assert book.orders is not None and book.interactions is not None
    names = {key: f"Sheet{n}" for n, key in enumerate(order, start=1)}
    assert book.customers.sheet_name == names["c"]
    assert book.orders.sheet_name == names["o"]
    assert book.interactions.sheet_name == names["i"]
    assert list(book.orders.frame.columns) == ["order_id", "customer_id", "date", "amount"]
    assert list(book.interactions.frame.columns) == ["customer_id", "date", "type", "satisfaction"]


def test_hidden_customer_sheet_is_read(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "t.xlsx", {"封面": [["说明"]], "数据": CUSTOMERS}, hidden="数据")
    assert read_workbook(path).customers.sheet_name == "数据"


def test_rules_sheet_is_kept_raw_not_read_as_data(tmp_path: Path) -> None:
    rules: Rows = [["项目", "值"], ["客户ID", "权重"], [None, 30]]
    book = read_workbook(write_xlsx(tmp_path / "t.xlsx", {"客户": CUSTOMERS, "评级规则": rules}))
    assert book.rules_sheet_name == "评级规则"
    assert book.rules_rows == [["项目", "值"], ["客户ID", "权重"], [None, 30.0]]
    assert book.sheets_seen == ["客户", "评级规则"]


def test_no_customer_sheet_message_zh(tmp_path: Path) -> None:
    sheets = {"Sheet1": [["Region", "Sales"], ["East", 1]], "Sheet2": []}
    with pytest.raises(NoCustomerSheetError) as caught:
        read_workbook(write_xlsx(tmp_path / "销售.xlsx", sheets))
    assert caught.value.key == "no-customer-sheet"
    assert caught.value.render("zh") == (
        "销售.xlsx 中没有找到客户表：没有哪个工作表有客户ID列或客户姓名列。"
        "看到的工作表和表头：Sheet1 [Region | Sales]; Sheet2 [—]\n"
        "请把客户ID列的表头改为 客户ID / Customer ID / 客户编号 / 客户编码 / 客户代码 / 会员号 / "
        "会员编号 / 会员ID 之一，或把姓名列的表头改为 客户姓名 / Name / 姓名 / 客户名称 / 客户名 / "
        "名称 / 会员姓名 / 联系人 之一，然后再试。"
    )


def test_no_customer_sheet_message_en(tmp_path: Path) -> None:
    with pytest.raises(NoCustomerSheetError) as caught:
        read_workbook(write_xlsx(tmp_path / "sales.xlsx", {"S": [["Region"], ["East"]]}))
    assert caught.value.render("en") == (
        "No customer sheet found in sales.xlsx: no sheet has a customer ID or customer name "
        "column. Sheets and headers seen: S [Region]\n"
        "Rename the ID column's header to one of 客户ID / Customer ID / 客户编号 / 客户编码 / "
        "客户代码 / 会员号 / 会员编号 / 会员ID, or the name column's header to one of 客户姓名 / "
        "Name / 姓名 / 客户名称 / 客户名 / 名称 / 会员姓名 / 联系人, and try again."
    )


def test_empty_workbook_is_no_data(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as caught:
        read_workbook(write_xlsx(tmp_path / "e.xlsx", {"Sheet1": []}))
    assert caught.value.key == "no-data"
    assert caught.value.render("zh") == (
        "文件里没有任何数据：e.xlsx\n请确认选对了文件，并且客户数据已经填写在工作表中。"
    )


def test_header_without_rows_is_no_customer_rows(tmp_path: Path) -> None:
    with pytest.raises(NoCustomerSheetError) as caught:
        read_workbook(write_xlsx(tmp_path / "h.xlsx", {"客户": [CUSTOMERS[0]]}))
    assert caught.value.key == "no-customer-rows"
    assert caught.value.render("en") == (
        'The customer sheet "客户" of h.xlsx has a header but no customer rows.\n'
        "Fill in the customer data below the header and try again."
    )


def test_sha256_progress_and_file_left_unchanged(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "t.xlsx", {"S": CUSTOMERS})
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    calls: list[tuple[str, float]] = []
    book = read_workbook(path, on_progress=lambda stage, f: calls.append((stage, f)))
    assert book.sha256 == hashlib.sha256(before).hexdigest()
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert calls[0] == ("read", 0.0) and calls[-1] == ("read", 1.0)
    assert [f for _, f in calls] == sorted(f for _, f in calls)
