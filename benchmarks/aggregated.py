"""A hand-kept customer ledger (手工客户台账): one sheet of per-customer totals.

Office staff who have no orders export keep a table like this in Excel,
updating counts and totals by hand.  The totals here are computed from
simulated orders and interactions, so they are consistent, and then a
few cells are typed the way people type them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks.customers import Customers, make_customers
from benchmarks.formats import format_amount_text, format_date, format_phone
from benchmarks.orders import COUNTED_STATUS, make_interactions, make_orders
from benchmarks.sheets import DATE_FORMAT, MONEY_FORMAT, Cell, Sheet

HEADERS = [
    "客户ID",
    "客户姓名",
    "联系电话",
    "电子邮箱",
    "注册日期",
    "购买次数",
    "消费总额",
    "平均消费额",
    "最近购买日期",
    "活动参与次数",
    "互动次数",
    "满意度评分",
    "推荐人数",
]
FORMATS: list[str | None] = [
    None,
    None,
    None,
    None,
    DATE_FORMAT,
    None,
    MONEY_FORMAT,
    MONEY_FORMAT,
    DATE_FORMAT,
    None,
    None,
    None,
    None,
]
WIDTHS = [9, 22, 15, 28, 12, 9, 12, 11, 13, 12, 9, 10, 9]
TITLE = "2025年客户台账（截至6月30日）"


def make_aggregated(seed: int, customers: int) -> tuple[list[Sheet], dict[str, Any]]:
    """The ledger sheet and the record of its planted problems."""
    rng = np.random.default_rng(seed)
    cust = make_customers(rng, customers, numeric_ids=False)
    cust.ids = [f"KH{i + 1:04d}" for i in range(customers)]
    rows = _ledger_rows(rng, cust)
    record = _plant(rng, rows, cust)
    total_count = sum(r[5] for r in rows if isinstance(r[5], int))
    total_amount = round(sum(r[6] for r in rows if isinstance(r[6], float)), 2)
    footer: list[list[Cell]] = [
        ["合计", None, None, None, None, total_count, total_amount] + [None] * 6
    ]
    columns = [list(c) for c in zip(*rows, strict=True)]
    sheet = Sheet("客户台账", HEADERS, columns, FORMATS, WIDTHS, TITLE, footer)
    record.update(
        {
            "sheet": sheet.name,
            "title_row": 1,
            "blank_rows": [2],
            "header_row": sheet.header_row,
            "data_rows": len(rows),
            "total_row": sheet.excel_row(len(rows)),
            "distinct_customers": customers,
            "expected_ledger": {
                "input_rows": len(rows),
                "graded": customers,
                "merged": len(rows) - customers,
                "rejected": 0,
            },
        }
    )
    return [sheet], record


def _ledger_rows(rng: np.random.Generator, c: Customers) -> list[list[Cell]]:
    """Per-customer totals from simulated orders and interactions."""
    n = len(c)
    o = make_orders(rng, c, n * 6, unknown=0)
    t = make_interactions(rng, c, n * 4)
    counted = np.array(COUNTED_STATUS)[o.status]
    buys = np.bincount(o.customer[counted & (o.amount > 0)], minlength=n)
    spend = np.round(np.bincount(o.customer[counted], weights=o.amount[counted], minlength=n), 2)
    last = np.full(n, -1.0)
    np.maximum.at(last, o.customer[counted], np.floor(o.time[counted]))
    campaign = np.bincount(t.customer[t.kind == 2], minlength=n)
    talks = np.bincount(t.customer, minlength=n)
    asked = t.satisfaction > 0
    sat_sum = np.bincount(t.customer[asked], weights=t.satisfaction[asked], minlength=n)
    sat_n = np.bincount(t.customer[asked], minlength=n)
    shares = np.bincount(t.customer[t.kind == 5], minlength=n) + rng.poisson(0.2, n)
    return [
        [
            c.ids[i],
            str(c.name[i]),
            str(c.phone[i]),
            str(c.email[i]) or None,
            float(c.registered[i]),
            int(buys[i]),
            float(spend[i]),
            round(float(spend[i]) / int(buys[i]), 2) if buys[i] else None,
            float(last[i]) if last[i] > 0 else None,
            int(campaign[i]),
            int(talks[i]),
            round(float(sat_sum[i] / sat_n[i]), 1) if sat_n[i] else None,
            int(shares[i]),
        ]
        for i in range(n)
    ]


def _number(cell: Cell) -> float:
    """A numeric cell's value; text and empty cells count as 0."""
    return float(cell) if isinstance(cell, int | float) else 0.0


def _plant(rng: np.random.Generator, rows: list[list[Cell]], c: Customers) -> dict[str, Any]:
    """Type a few cells by hand and enter two customers twice; record where."""
    order = [int(i) for i in rng.permutation(len(rows))]
    marks: dict[str, list[int]] = {}
    spent = [i for i in order if _number(rows[i][6]) > 0]
    big = [i for i in spent if _number(rows[i][6]) >= 10000][:1]
    typed = [("wan", i) for i in big] + list(
        zip(("yuan sign", "yuan suffix"), [i for i in spent if i not in big][:2], strict=False)
    )
    for style, i in typed:
        value = _number(rows[i][6])
        value = round(value / 100) * 100 if style == "wan" else value
        rows[i][6] = format_amount_text(value, style)
        marks.setdefault("text_amount", []).append(i)
    for style, i in zip(("chinese text", "slash text", "yyyymmdd number"), order[2:5], strict=True):
        rows[i][4] = format_date(_number(rows[i][4]), style)
        marks.setdefault("text_date", []).append(i)
    for col, placeholder, i in ((3, "无", order[5]), (3, "无", order[6]), (11, "-", order[7])):
        rows[i][col] = placeholder
        marks.setdefault("placeholder", []).append(i)
    rows[order[8]][2] = "123"
    rows[order[9]][1] = f"\u3000{rows[order[9]][1]}"
    rows[order[10]][1] = f"{rows[order[10]][1]} "
    marks.update({"bad_phone": [order[8]], "padded_name": [order[9], order[10]]})
    copy, same_phone = order[11], order[12]
    twin = list(rows[same_phone])
    twin[0] = f"KH{len(rows) + 1:04d}"
    twin[2] = format_phone(str(c.phone[same_phone]), "dashed")
    twin[4] = float(c.registered[same_phone]) + 200
    at = copy + 1 + int(rng.integers(0, 5))
    rows.insert(at, list(rows[copy]))
    rows.append(twin)
    first = 4  # title, blank row and header come first
    excel = {k: sorted(first + i + (i >= at) for i in v) for k, v in sorted(marks.items())}
    excel["exact_copy"] = [first + at]
    excel["same_phone_other_format"] = [first + len(rows) - 1]
    return {"rows_by_problem": excel, "duplicates": {"exact_copy": 1, "same_phone_other_format": 1}}
