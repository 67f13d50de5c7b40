"""Known export layouts: the data files load, headers are recognised, statuses classified."""

from __future__ import annotations

import pandas as pd
import pytest
from pydantic import ValidationError

from custgrade.fields import FIELDS_BY_SHEET
from custgrade.ingest.layouts import (
    classify_statuses,
    load_layouts,
    match_layout,
    parse_layout,
    status_vocabulary,
)


def test_every_layout_file_loads_and_is_valid() -> None:
    layouts = load_layouts()
    assert layouts, "custgrade/layouts/ holds no layout"
    for layout in layouts:
        assert layout.source == f"{layout.name}.toml"
        assert set(layout.columns.values()) <= {s.name for s in FIELDS_BY_SHEET[layout.kind]}
        assert layout.min_match <= len(layout.signature)


def test_status_words_belong_to_one_treatment_only() -> None:
    vocab = status_vocabulary()
    assert set(vocab) == {"counted", "cancelled", "unpaid", "refunded"}


_VALID = """
name = "demo"
label = { zh = "示例", en = "Demo" }
kind = "orders"
level = "order"
min_match = 2
signature = ["单号", "金额"]
[columns]
"单号" = "order_id"
"金额" = "amount"
"""


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (('"金额" = "amount"', '"金额" = "money"'), "unknown orders fields: money"),
        (('kind = "orders"', 'kind = "products"'), "kind"),
        (("min_match = 2", "min_match = 3"), "min_match 3 > 2"),
        (('level = "order"\n', ""), "level is required"),
        (("[columns]", 'colour = "red"\n[columns]'), "colour"),
    ],
    ids=["unknown-field", "unknown-kind", "min-match-too-high", "no-level", "unknown-key"],
)
def test_a_malformed_layout_file_is_rejected(change: tuple[str, str], reason: str) -> None:
    assert parse_layout(_VALID, "demo.toml").name == "demo"
    with pytest.raises(ValidationError, match=reason):
        parse_layout(_VALID.replace(*change), "demo.toml")


@pytest.mark.parametrize(
    ("status", "treatment"),
    [
        ("交易成功", "counted"),
        ("卖家已发货，等待买家确认", "counted"),
        ("卖家已发货,等待买家确认", "counted"),
        ("已完成", "counted"),
        ("买家已付款", "counted"),
        ("paid", "counted"),
        ("Paid", "counted"),
        ("partially_refunded", "counted"),
        ("fulfilled", "counted"),
        ("processing", "counted"),
        ("交易关闭", "cancelled"),
        ("已取消", "cancelled"),
        ("voided", "cancelled"),
        ("Cancelled", "cancelled"),
        ("canceled", "cancelled"),
        ("failed", "cancelled"),
        ("等待买家付款", "unpaid"),
        ("未付款", "unpaid"),
        ("pending", "unpaid"),
        ("on-hold", "unpaid"),
        ("authorized", "unpaid"),
        ("退款成功", "refunded"),
        ("已退款", "refunded"),
        ("全额退款", "refunded"),
        ("refunded", "refunded"),
        (" 交易 成功 ", "counted"),
        ("ＰＡＩＤ", "counted"),
        ("神秘状态", "unknown"),
        ("", ""),
        ("   ", ""),
        (None, ""),
        (float("nan"), ""),
    ],
    ids=repr,
)
def test_classify_statuses(status: object, treatment: str) -> None:
    column = pd.Series([status, "交易成功", status], index=[10, 11, 12], dtype=object)
    classified = classify_statuses(column)
    assert classified.tolist() == [treatment, "counted", treatment]
    assert classified.index.tolist() == [10, 11, 12]


def test_classify_statuses_of_an_empty_column() -> None:
    assert classify_statuses(pd.Series([], dtype=object)).tolist() == []


def test_unrelated_headers_match_no_layout() -> None:
    ours = ["订单号", "客户编号", "下单时间", "商品名称", "实付金额", "订单状态"]
    assert match_layout(ours) is None
    assert match_layout([]) is None
