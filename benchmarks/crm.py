"""A CRM export workbook: 客户信息, 购买记录 and 互动记录, with planted problems.

`make_crm` returns the three sheets and a record of every planted problem
with its Excel row, so the pipeline's 问题数据 and ledger can be checked
against it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks import vocab
from benchmarks.customer_sheet import (
    FORMATS,
    HEADERS,
    WIDTHS,
    CustomerRows,
    build_customer_rows,
)
from benchmarks.customers import END_SERIAL, make_customers
from benchmarks.formats import format_amount_text, format_time_text
from benchmarks.orders import STATUSES, Interactions, Orders, make_interactions, make_orders
from benchmarks.sheets import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    MONEY_FORMAT,
    Cell,
    Sheet,
    serial_to_date,
)

EXPORT_TITLE = f"客户信息导出 {serial_to_date(END_SERIAL).isoformat()}"
ORDER_HEADERS = ["订单号", "客户编号", "下单时间", "商品名称", "实付金额", "支付方式", "订单状态"]
NETTING_RULE = "已完成 and 退款 rows count (退款 rows are negative); 已退款 and 已取消 count 0"
INTERACTION_HEADERS = ["客户编号", "互动日期", "互动类型", "渠道", "满意度", "内容"]


def make_crm(
    seed: int,
    customers: int,
    orders: int,
    interactions: int,
    numeric_ids: bool = False,
    title: str | None = EXPORT_TITLE,
) -> tuple[list[Sheet], dict[str, Any]]:
    """The three sheets of a CRM export and the record of what was planted.

    ``title`` is the merged title row above the customer header (a blank
    row follows it); None for a CSV export, which has neither.
    """
    rng = np.random.default_rng(seed)
    cust = make_customers(rng, customers, numeric_ids)
    rows = build_customer_rows(rng, cust, numeric_ids)
    order_data = make_orders(rng, cust, orders, unknown=max(3, orders // 1000))
    _reassign_to_aliases(rng, order_data, rows)
    ids = cust.ids + rows.alias_ids
    unknown_ids = make_ids_unknown(numeric_ids, max(1, orders // 3000))
    customer_sheet = Sheet("客户信息", HEADERS, _columns(rows.rows), FORMATS, WIDTHS, title)
    order_sheet, order_record = _order_sheet(rng, order_data, ids, unknown_ids)
    talk = make_interactions(rng, cust, interactions)
    talk_sheet, talk_record = _interaction_sheet(rng, talk, ids)
    record = {
        "customers": _customer_record(customer_sheet, rows, customers),
        "orders": order_record,
        "interactions": talk_record,
    }
    return [customer_sheet, order_sheet, talk_sheet], record


def make_ids_unknown(numeric: bool, count: int) -> list[str | int]:
    """IDs of customers deleted from the CRM whose orders are still exported."""
    return [990001 + j if numeric else f"C9{j + 1:05d}" for j in range(count)]


def _columns(rows: list[list[Cell]]) -> list[list[Cell]]:
    return [list(c) for c in zip(*rows, strict=True)]


def _reassign_to_aliases(rng: np.random.Generator, o: Orders, rows: CustomerRows) -> None:
    """Half the orders of a duplicated customer were placed under the duplicate's ID."""
    alias_of = np.full(len(rows.rows) + len(rows.aliases) + 1, -1)
    for alias, source in rows.aliases.items():
        alias_of[source] = alias
    target = np.where(o.customer >= 0, alias_of[np.maximum(o.customer, 0)], -1)
    flip = (target >= 0) & (rng.random(len(o.customer)) < 0.5)
    o.customer[flip] = target[flip]


def _order_sheet(
    rng: np.random.Generator, o: Orders, ids: list[str | int], unknown: list[str | int]
) -> tuple[Sheet, dict[str, Any]]:
    m = len(o.customer)
    who: list[Cell] = [
        ids[c] if c >= 0 else unknown[j % len(unknown)] for j, c in enumerate(o.customer.tolist())
    ]
    times: list[Cell] = o.time.tolist()
    amounts: list[Cell] = o.amount.tolist()
    text_times = np.flatnonzero(rng.random(m) < 0.015)
    for j in text_times:
        times[j] = format_time_text(o.time[j], chinese=bool(j % 3 == 0))
    text_amounts = _text_amounts(rng, o, amounts)
    product = [p[0] for p in vocab.PRODUCTS]
    payment = [p[0] for p in vocab.PAYMENT_METHODS]
    columns: list[list[Cell]] = [
        list(o.order_no),
        who,
        times,
        [product[p] for p in o.product.tolist()],
        amounts,
        [payment[p] for p in o.payment.tolist()],
        [STATUSES[s] for s in o.status.tolist()],
    ]
    total = round(float(o.amount.sum()), 2)
    footer: list[list[Cell]] = [[None] * 7, ["合计", None, None, None, total, None, None]]
    sheet = Sheet(
        "购买记录",
        ORDER_HEADERS,
        columns,
        [None, None, DATETIME_FORMAT, None, MONEY_FORMAT, None, None],
        [20, 11, 20, 18, 12, 10, 10],
        footer=footer,
    )
    known = o.customer >= 0
    counted = np.isin(o.status, [0, 3]) & known
    record = {
        "sheet": sheet.name,
        "header_row": 1,
        "data_rows": m,
        "blank_rows": [m + 2],
        "total_row": m + 3,
        "unknown_customer_rows": int((~known).sum()),
        "unknown_customer_ids": unknown,
        "status_counts": {s: int((o.status == i).sum()) for i, s in enumerate(STATUSES)},
        "negative_refund_rows": int((o.amount < 0).sum()),
        "text_amounts": text_amounts,
        "text_times": len(text_times),
        "net_spend_known_customers": round(float(o.amount[counted].sum()), 2),
        "netting_rule": NETTING_RULE,
        "buyers": len(np.unique(o.customer[counted])),
    }
    return sheet, record


def _text_amounts(rng: np.random.Generator, o: Orders, amounts: list[Cell]) -> dict[str, int]:
    """A few amounts typed as text; a "万" amount is rounded so text and number agree."""
    counts = {"yuan sign": 0, "wan": 0, "yuan suffix": 0}
    u = rng.random(len(amounts))
    typed = (u < 0.02) | ((o.amount >= 10000) & (u < 0.3))
    for j in np.flatnonzero(typed & (o.amount > 0)):
        style = "wan" if o.amount[j] >= 10000 else ("yuan sign" if u[j] < 0.014 else "yuan suffix")
        if style == "wan":
            o.amount[j] = round(o.amount[j] / 100) * 100
        amounts[j] = format_amount_text(float(o.amount[j]), style)
        counts[style] += 1
    return counts


def _interaction_sheet(
    rng: np.random.Generator, t: Interactions, ids: list[str | int]
) -> tuple[Sheet, dict[str, Any]]:
    days: list[Cell] = t.day.tolist()
    text_days = np.flatnonzero(rng.random(len(days)) < 0.02)
    for j in text_days:
        d = serial_to_date(t.day[j])
        days[j] = f"{d.year}/{d.month}/{d.day}"
    kinds = [k[0] for k in vocab.INTERACTION_TYPES]
    channels = [k[0] for k in vocab.INTERACTION_CHANNELS]
    columns: list[list[Cell]] = [
        [ids[c] for c in t.customer.tolist()],
        days,
        [kinds[k] for k in t.kind.tolist()],
        [channels[k] for k in t.channel.tolist()],
        [s if s else None for s in t.satisfaction.tolist()],
        list(t.content),
    ]
    sheet = Sheet(
        "互动记录",
        INTERACTION_HEADERS,
        columns,
        [None, DATE_FORMAT] + [None] * 4,
        [11, 12, 10, 10, 8, 28],
    )
    record = {
        "sheet": sheet.name,
        "header_row": 1,
        "data_rows": len(days),
        "text_dates": len(text_days),
        "type_counts": {k: int((t.kind == i).sum()) for i, k in enumerate(kinds)},
    }
    return sheet, record


def _customer_record(sheet: Sheet, rows: CustomerRows, customers: int) -> dict[str, Any]:
    """Counts and Excel positions of every planted customer problem."""
    marked: dict[str, list[int]] = {}
    for i, mark in sorted(rows.marks.items()):
        marked.setdefault(mark, []).append(sheet.excel_row(i))
    merged = sum(rows.planted["duplicates"].values())
    data_rows = len(rows.rows)
    return {
        "sheet": sheet.name,
        "title_row": 1 if sheet.title else None,
        "blank_rows": [2] if sheet.title else [],
        "header_row": sheet.header_row,
        "data_rows": data_rows,
        "distinct_customers": customers,
        **rows.planted,
        "duplicate_rows": merged,
        "rows_by_problem": marked,
        "unknown_column": "客户经理",
        "expected_ledger": {
            "input_rows": data_rows,
            "graded": customers,
            "merged": merged,
            "rejected": data_rows - customers - merged,
        },
    }
