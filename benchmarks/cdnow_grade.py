"""Grade the CDNOW calibration year with the real custgrade pipeline.

The input is written in the plainest form a user has — a customer sheet
with only 客户ID and an orders sheet (客户ID / 订单号 / 购买日期 / 金额 / 数量)
— so the benchmark keeps measuring what `grade_workbook` does however its
stages are arranged.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
import xlsxwriter

import custgrade

CUSTOMER_HEADER = ["客户ID"]
ORDER_HEADER = ["客户ID", "订单号", "购买日期", "金额", "数量"]


def write_input(path: Path, orders: pd.DataFrame, customers: pd.Index) -> Path:
    """The calibration orders as a 客户信息 + 购买记录 workbook; IDs stay text (leading zeros)."""
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet = workbook.add_worksheet("客户信息")
    sheet.write_row(0, 0, CUSTOMER_HEADER)
    sheet.write_column(1, 0, [str(c) for c in customers])
    sheet = workbook.add_worksheet("购买记录")
    sheet.write_row(0, 0, ORDER_HEADER)
    ids = orders["customer_id"].astype(str)
    order_ids = ids + "-" + orders["date"].dt.strftime("%Y%m%d")
    # constant_memory mode streams rows, so they are written in order, one by one
    rows = zip(
        ids,
        order_ids,
        orders["date"].dt.to_pydatetime(),
        orders["amount"].astype(float),
        orders["quantity"].astype(int),
        strict=True,
    )
    for r, (cid, oid, day, amount, quantity) in enumerate(rows, start=1):
        sheet.write_string(r, 0, cid)
        sheet.write_string(r, 1, oid)
        sheet.write_datetime(r, 2, day, date)
        sheet.write_number(r, 3, amount)
        sheet.write_number(r, 4, quantity)
    workbook.close()
    return path


def grade_calibration(orders: pd.DataFrame, customers: pd.Index, as_of: dt.date) -> pd.DataFrame:
    """custgrade's graded customers (indexed by customer ID) for the calibration orders."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write_input(Path(tmp) / "cdnow.xlsx", orders, customers)
        result = custgrade.grade_workbook(path, write=False, as_of=as_of)
    graded = result.customers.copy()
    graded["customer_id"] = graded["customer_id"].astype(str)
    return graded.set_index("customer_id")
