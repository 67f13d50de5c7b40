"""Order exports graded as they come: derived customers, line level, statuses, every sheet used.

Each test states its orders and the purchases and net spend a person would
count from them by hand; the pipeline must agree.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from custgrade import grade_workbook
from custgrade.messages import text
from custgrade.sheet_text import describe_sheet
from tests.conftest import write_xlsx

D = dt.date
Rows = list[list[Any]]


def graded(tmp_path: Path, sheets: dict[str, Rows], **kwargs: Any) -> Any:
    return grade_workbook(write_xlsx(tmp_path / "导出.xlsx", sheets), write=False, **kwargs)


def by_id(result: Any) -> Any:
    return result.customers.set_index("customer_id")


def test_order_export_without_customer_sheet_derives_one_customer_per_buyer(tmp_path):
    orders = [
        ["订单编号", "买家会员名", "实付金额", "订单状态", "下单时间", "收货人", "联系手机"],
        ["1", "tb_alice", 450, "交易成功", D(2024, 3, 1), "王小明", "13800000001"],
        ["2", "tb_alice", 120, "交易成功", D(2024, 5, 1), "王晓明", "13800000009"],
        ["3", "tb_bob", 99, "交易成功", D(2024, 4, 2), "李四", "13900000002"],
    ]
    result = graded(tmp_path, {"订单": orders})
    customers = by_id(result)
    assert sorted(customers.index) == ["tb_alice", "tb_bob"]
    # name and phone come from the buyer's most recent order
    assert customers.loc["tb_alice", ["name", "phone"]].tolist() == ["王晓明", "13800000009"]
    assert customers.loc["tb_alice", "purchase_count"] == 2
    assert customers.loc["tb_alice", "net_amount"] == pytest.approx(570.0)
    ledger = result.ledger
    assert ledger.customers_derived
    assert (ledger.input_rows, ledger.graded, ledger.order_rows, ledger.orders_used) == (2, 2, 3, 3)
    assert result.notes[1].key == "sheet.derived"


def test_buyer_key_falls_back_to_phone_then_name_and_address(tmp_path):
    orders = [
        ["订单号", "收货人", "手机号", "收货地址", "金额", "下单日期"],
        ["A1", "张三", "13800000001", "杭州", 100, D(2024, 1, 1)],
        ["A2", "张三", "13800000001", "上海", 50, D(2024, 2, 1)],
        ["A3", "李四", None, "北京", 80, D(2024, 3, 1)],
        ["A4", "李四", None, "北京", 20, D(2024, 3, 2)],
        ["A5", None, None, None, 10, D(2024, 3, 3)],
    ]
    result = graded(tmp_path, {"订单": orders})
    customers = by_id(result)
    assert customers.loc["13800000001", "net_amount"] == pytest.approx(150.0)
    assert customers.loc["李四 · 北京", "purchase_count"] == 2
    assert result.ledger.orders_rejected == 1
    assert result.issues["code"].tolist() == ["order-no-customer"]


def test_line_level_order_with_repeated_total_counts_once(tmp_path):
    # 京东: every item row repeats the order's 应付金额
    orders = [
        ["订单号", "下单帐号", "商品名称", "订购数量", "单价", "订单总额", "订单状态", "下单时间"],
        ["J1", "jd_u1", "耳机", 1, 199, 259, "完成", D(2024, 6, 1)],
        ["J1", "jd_u1", "充电器", 1, 60, 259, "完成", D(2024, 6, 1)],
        ["J2", "jd_u1", "手机壳", 2, 15, 30, "完成", D(2024, 6, 5)],
    ]
    customer = by_id(graded(tmp_path, {"订单": orders})).loc["jd_u1"]
    assert customer["purchase_count"] == 2
    assert customer["net_amount"] == pytest.approx(259 + 30)


def test_lines_without_total_sum_quantity_times_price_and_returns_net_out(tmp_path):
    orders = [
        ["InvoiceNo", "CustomerID", "Description", "Quantity", "UnitPrice", "InvoiceDate"],
        ["536365", "17850", "LANTERN", 6, 3.39, D(2010, 12, 1)],
        ["536365", "17850", "HOLDER", 6, 2.55, D(2010, 12, 1)],
        ["C536379", "17850", "LANTERN", -2, 3.39, D(2010, 12, 4)],
    ]
    customer = by_id(graded(tmp_path, {"Sheet1": orders})).loc["17850"]
    assert customer["purchase_count"] == 1  # the return is not a purchase
    assert customer["net_amount"] == pytest.approx(6 * 3.39 + 6 * 2.55 - 2 * 3.39)


@pytest.mark.parametrize(
    ("status", "purchases", "net"),
    [
        ("交易成功", 2, 500 + 300),
        ("已退款", 1, 500),  # counts 0, never subtracted
        ("交易关闭", 1, 500),
        ("等待买家付款", 1, 500),  # not yet a purchase
        ("refunded", 1, 500),
        ("paid", 2, 800),
    ],
)
def test_status_of_the_second_order_decides_whether_it_counts(tmp_path, status, purchases, net):
    orders = [
        ["订单号", "客户ID", "金额", "订单状态", "日期"],
        ["O1", "K1", 500, "已完成", D(2024, 1, 1)],
        ["O2", "K1", 300, status, D(2024, 2, 1)],
    ]
    customer = by_id(graded(tmp_path, {"订单": orders})).loc["K1"]
    assert (customer["purchase_count"], customer["net_amount"]) == (purchases, net)


def test_partial_refund_and_refund_row_net_out(tmp_path):
    orders = [
        ["订单号", "客户ID", "金额", "退款金额", "订单状态", "日期"],
        ["O1", "K1", 500, 199, "交易成功", D(2024, 1, 1)],
        ["R1", "K1", -50, None, "退款成功", D(2024, 1, 9)],
    ]
    customer = by_id(graded(tmp_path, {"订单": orders})).loc["K1"]
    assert customer["purchase_count"] == 1
    assert customer["net_amount"] == pytest.approx(500 - 199 - 50)


def test_cancelled_at_cancels_every_line_of_the_order(tmp_path):
    # Shopify: status and Cancelled at only on the first line of an order
    orders = [
        ["Order ID", "Customer ID", "Quantity", "Unit price", "Cancelled at", "Date"],
        ["#1001", "a@x.com", 1, 40.0, D(2024, 3, 6), D(2024, 3, 5)],
        ["#1001", "a@x.com", 2, 10.0, None, D(2024, 3, 5)],
        ["#1002", "a@x.com", 1, 25.0, None, D(2024, 3, 9)],
    ]
    customer = by_id(graded(tmp_path, {"orders": orders})).loc["a@x.com"]
    assert (customer["purchase_count"], customer["net_amount"]) == (1, 25.0)


def test_unknown_status_is_counted_and_listed_once(tmp_path):
    orders = [
        ["订单号", "客户ID", "金额", "订单状态", "日期"],
        ["O1", "K1", 100, "神秘状态", D(2024, 1, 1)],
        ["O2", "K2", 100, "神秘状态", D(2024, 1, 2)],
        ["O3", "K2", 100, "已完成", D(2024, 1, 3)],
    ]
    result = graded(tmp_path, {"订单": orders})
    assert by_id(result).loc["K1", "purchase_count"] == 1
    notes = result.issues[result.issues["code"] == "unknown-status"]
    assert notes[["row", "value", "target"]].values.tolist() == [[2, "神秘状态", "2"]]


@pytest.mark.parametrize(
    "header", ["购买金额", "金额（元）", "金额(元)", "用户实付金额(元)", "Amount"]
)
def test_amount_headers_as_real_exports_name_them(tmp_path, header):
    sheets = {
        "客户": [["客户ID", "客户姓名"], ["K1", "张三"]],
        "购买记录": [["客户ID", "购买日期", header], ["K1", D(2024, 1, 1), 88]],
    }
    result = graded(tmp_path, sheets)
    assert by_id(result).loc["K1", "net_amount"] == pytest.approx(88.0)
    assert [s.used_as for s in result.sheets] == ["customers", "orders"]


def test_paid_amount_wins_over_amount_due(tmp_path):
    orders = [
        ["订单号", "客户ID", "应付金额", "实付金额", "日期"],
        ["O1", "K1", 500, 450, D(2024, 1, 1)],
    ]
    result = graded(tmp_path, {"订单": orders})
    assert by_id(result).loc["K1", "net_amount"] == pytest.approx(450.0)
    mapped = {m.header: m.field for m in result.mapping}
    assert (mapped["实付金额"], mapped["应付金额"]) == ("amount", None)


def test_orders_sheet_naming_the_buyer_is_not_taken_for_the_customer_sheet(tmp_path):
    sheets = {
        "orders": [
            ["Order ID", "Customer ID", "Name", "Email", "Date", "Amount"],
            ["#1", "7", "Ann Lee", "ann@x.com", D(2024, 1, 1), 30],
            ["#2", "7", "Ann Lee", "ann@x.com", D(2024, 2, 1), 20],
        ],
        "customers": [
            ["Customer ID", "First Name", "Last Name", "Email"],
            ["7", "Ann", "Lee", "ann@x.com"],
            ["8", "Bo", "Chen", "bo@x.com"],
        ],
    }
    result = graded(tmp_path, sheets)
    assert [(s.sheet, s.used_as) for s in result.sheets] == [
        ("orders", "orders"),
        ("customers", "customers"),
    ]
    customers = by_id(result)
    assert customers.loc["7", "name"] == "Ann Lee"
    assert customers.loc["7", "net_amount"] == pytest.approx(50.0)
    assert customers.loc["8", "purchase_count"] == 0


def test_orders_linked_by_email_when_the_export_has_no_customer_id(tmp_path):
    sheets = {
        "customers": [["客户ID", "客户姓名", "电子邮箱"], ["C1", "张三", "zs@x.com"]],
        "orders": [["订单号", "邮箱", "日期", "金额"], ["O1", "ZS@x.com", D(2024, 1, 1), 60]],
    }
    result = graded(tmp_path, sheets)
    assert by_id(result).loc["C1", "net_amount"] == pytest.approx(60.0)
    assert result.ledger.orders_used == 1


def unused_report(tmp_path: Path, sheets: dict[str, Rows], sheet: str) -> Any:
    result = graded(tmp_path, sheets)
    return next(s for s in result.sheets if s.sheet == sheet)


CUSTOMERS: Rows = [["客户ID", "客户姓名"], ["K1", "张三"]]


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ([["客户ID", "订单号", "日期", "钱"], ["K1", "O1", D(2024, 1, 1), 5]], "orders-no-amount"),
        ([["订单号", "日期", "金额"], ["O1", D(2024, 1, 1), 5]], "orders-no-buyer"),
        ([["客户ID", "日期", "备注"], ["K1", D(2024, 1, 1), "x"]], "interactions-no-type"),
        ([["项目", "说明"], ["a", "b"]], "unrecognised"),
        ([["客户ID", "客户姓名"], ["K9", "李四"]], "same-kind"),
    ],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_unused_sheet_says_why_and_what_to_do(tmp_path, rows, reason, lang):
    report = unused_report(tmp_path, {"客户": CUSTOMERS, "其他": rows}, "其他")
    assert (report.used_as, report.reason) == (None, reason)
    line = describe_sheet(report, lang)
    columns = " | ".join(c for c in rows[0])
    expected_reason = text(f"sheet.{reason}", lang, columns=columns, other="客户",
                           kind=text("sheet.used.customers", lang))  # fmt: skip
    assert line == text("sheet.unused-line", lang, sheet="其他", reason=expected_reason)


def test_an_empty_sheet_is_reported(tmp_path):
    report = unused_report(tmp_path, {"客户": CUSTOMERS, "空白": []}, "空白")
    assert (report.used_as, report.reason) == (None, "empty")
    assert describe_sheet(report, "zh") == "工作表“空白”未使用：这个工作表是空的。"


def test_a_date_far_beyond_the_rest_does_not_become_the_as_of_date(tmp_path):
    orders = [["订单号", "客户ID", "金额", "日期"]]
    orders += [[f"O{i}", "K1", 10, D(2024, 1, 1 + i)] for i in range(12)]
    orders.append(["O99", "K1", 10, D(2099, 1, 1)])
    result = graded(tmp_path, {"客户": CUSTOMERS, "订单": orders})
    assert result.as_of == dt.date(2024, 1, 12)
    flagged = result.issues[result.issues["code"] == "implausible-date"]
    assert flagged[["row", "value"]].values.tolist() == [[14, "2099-01-01"]]
    assert by_id(result).loc["K1", "purchase_count"] == 12


def test_a_column_mapped_by_hand_in_the_rules_is_used(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[columns.orders]\n"钱" = "amount"\n', encoding="utf-8")
    sheets = {
        "客户": CUSTOMERS,
        "购买记录": [["客户ID", "订单号", "日期", "钱"], ["K1", "O1", D(2024, 1, 1), 77]],
    }
    result = graded(tmp_path, sheets, rules_file=rules)
    assert by_id(result).loc["K1", "net_amount"] == pytest.approx(77.0)
    assert ("购买记录", "钱", "amount") in [(m.sheet, m.header, m.field) for m in result.mapping]


def test_currency_written_in_the_amounts_is_the_runs_currency(tmp_path):
    orders = [["订单号", "客户ID", "金额", "日期"], ["O1", "K1", "$12.50", D(2024, 1, 1)]]
    result = graded(tmp_path, {"客户": CUSTOMERS, "订单": orders})
    assert result.currency == "$"
    assert by_id(result).loc["K1", "net_amount"] == pytest.approx(12.5)


def test_masked_phones_are_counted_once_and_never_a_buyer_key(tmp_path):
    orders = [
        ["订单号", "收货人", "手机号", "收货地址", "金额", "下单日期"],
        ["A1", "张三", "138****1234", "杭州", 100, D(2024, 1, 1)],
        ["A2", "李四", "138****1234", "北京", 50, D(2024, 2, 1)],
    ]
    result = graded(tmp_path, {"订单": orders})
    assert sorted(by_id(result).index) == ["张三 · 杭州", "李四 · 北京"]
    notes = result.issues[result.issues["code"] == "masked-phones"]
    assert notes[["row", "value", "target"]].values.tolist() == [[2, "138****1234", "2"]]


def test_rows_after_an_analysis_date_that_was_set_are_left_out_and_counted(tmp_path):
    orders = [
        ["订单号", "客户ID", "金额", "日期"],
        ["O1", "K1", 100, D(2024, 1, 1)],
        ["O2", "K1", 200, D(2024, 3, 1)],
        ["O3", "K1", 300, D(2024, 4, 1)],
    ]
    result = graded(tmp_path, {"客户": CUSTOMERS, "订单": orders}, as_of=D(2024, 2, 1))
    assert by_id(result).loc["K1", "net_amount"] == pytest.approx(100.0)
    notes = result.issues[result.issues["code"] == "after-as-of"]
    assert notes[["sheet", "row", "value", "target"]].values.tolist() == [
        ["订单", 3, "2024-02-01", "2"]
    ]


def test_a_hand_kept_refund_row_nets_out_and_is_a_known_status(tmp_path):
    # sample_data's 购买记录: a separate 退款 row with a negative amount
    orders = [
        ["订单号", "客户ID", "金额", "订单状态", "日期"],
        ["O1", "K1", 500, "已完成", D(2024, 1, 1)],
        ["R1", "K1", -120, "退款", D(2024, 1, 5)],
    ]
    result = graded(tmp_path, {"客户": CUSTOMERS, "订单": orders})
    customer = by_id(result).loc["K1"]
    assert (customer["purchase_count"], customer["net_amount"]) == (1, 380.0)
    assert "unknown-status" not in set(result.issues["code"])


def test_a_douyin_line_refunded_after_the_sale_gives_its_amount_back(tmp_path):
    # 抖店 keeps 订单状态 "已完成" on a delivered order and records the refund in 售后状态
    # (layout: custgrade/layouts/douyin-orders.toml); 订单应付金额 is the order's total
    header = [
        "主订单编号", "子订单编号", "选购商品", "商品数量", "商品金额", "订单应付金额",
        "订单提交时间", "订单状态", "售后状态", "收件人", "收件人手机号", "详细地址",
    ]  # fmt: skip
    buyer = ["张晓明", "138****1234", "上海市浦东新区世纪大道1号"]
    rows = [
        header,
        # whole order refunded after delivery: not a purchase, spends nothing
        ["A1", "A11", "保温杯", 1, 89.0, 89.0, "2024-05-01 10:00:00", "已完成", "退款成功", *buyer],
        # two lines, one refunded: the order counts 59.9 × 2 = 119.8
        ["B1", "B11", "零食", 2, 59.9, 159.7, "2024-05-10 10:00:00", "已完成", "", *buyer],
        ["B1", "B12", "坚果", 1, 39.9, 159.7, "2024-05-10 10:00:00", "已完成", "退款成功", *buyer],
        # an after-sale that was withdrawn keeps the purchase
        ["C1", "C11", "面膜", 3, 29.9, 89.7, "2024-06-01 10:00:00", "已完成", "售后关闭", *buyer],
    ]
    customer = by_id(graded(tmp_path, {"订单": rows})).iloc[0]
    assert customer["purchase_count"] == 2
    assert customer["net_amount"] == pytest.approx(159.7 - 39.9 + 89.7)
