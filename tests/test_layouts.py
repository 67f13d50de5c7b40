"""Known export layouts: the data files load, headers are recognised, statuses classified."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pydantic import ValidationError

from custgrade import grade_workbook
from custgrade.fields import FIELDS_BY_SHEET, normalize_header
from custgrade.ingest.layouts import (
    Layout,
    classify_statuses,
    load_layouts,
    match_layout,
    parse_layout,
    status_vocabulary,
)
from tests.conftest import CUSTOMERS, INTERACTIONS, ORDERS
from tests.layout_fixtures import FIXTURES, measures_by_key

SAMPLE_DATA = Path(__file__).resolve().parent.parent / "sample_data"


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


# --- recognising the fixtures built from the published header lists ---------------------


def _hits(layout: Layout, header: list[str]) -> int:
    present = {normalize_header(h) for h in header}
    return sum(1 for s in layout.signature if s in present)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_each_export_header_is_recognised_as_its_layout(name: str) -> None:
    header = FIXTURES[name]().header
    layout = match_layout(header)
    assert layout is not None and layout.name == name
    others = [x.name for x in load_layouts() if x.name != name and _hits(x, header) >= x.min_match]
    assert others == [], f"{name}'s header also reaches the signature of {others}"


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_a_reordered_header_with_extra_columns_and_one_missing_still_matches(name: str) -> None:
    header = FIXTURES[name]().header
    layout = match_layout(header)
    assert layout is not None
    dropped = next(h for h in header if normalize_header(h) in layout.signature)
    changed = [h for h in reversed(header) if h != dropped] + ["备注（自定义）", "Custom field"]
    again = match_layout(changed)
    assert again is not None and again.name == name


def test_every_layout_has_a_fixture() -> None:
    assert {x.name for x in load_layouts()} == set(FIXTURES)


def _sample_header_rows() -> list[list[str]]:
    rows = [list(map(str, sheet[0])) for sheet in (ORDERS, INTERACTIONS)]
    rows.append([str(c) for c in CUSTOMERS[2]])
    for path in sorted(SAMPLE_DATA.glob("*.xlsx")):
        workbook = openpyxl.load_workbook(path, read_only=True)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(max_row=6, values_only=True):
                rows.append([str(c) for c in row if c is not None])
        workbook.close()
    return rows


def test_our_own_sample_headers_match_no_layout() -> None:
    rows = _sample_header_rows()
    assert len(rows) > 5
    matched = {tuple(r): m.name for r in rows if (m := match_layout(r)) is not None}
    assert matched == {}


@pytest.mark.parametrize("name", sorted(n for n in FIXTURES if FIXTURES[n]().orders))
def test_the_status_words_of_each_fixture_are_classified_as_meant(name: str) -> None:
    # a closed order whose after-sale status says refunded counts 0 either way
    def counts_zero(treatment: str) -> str:
        return "counts 0" if treatment in {"cancelled", "refunded"} else treatment

    orders = FIXTURES[name]().orders
    statuses = pd.Series([o.status for o in orders], dtype=object)
    assert list(map(counts_zero, classify_statuses(statuses))) == [
        counts_zero(o.treatment) if o.status else "" for o in orders
    ]


# --- end to end: the measures of each fixture, computed from its facts --------------------


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_grading_an_export_gives_the_measures_of_its_orders(name: str, tmp_path: Path) -> None:
    fixture = FIXTURES[name]()
    result = grade_workbook(fixture.write(tmp_path / f"{name}.xlsx"), write=False)
    assert result.ledger.balanced
    if not fixture.expected:  # contacts without purchases: every contact graded
        assert len(result.customers) == len(fixture.rows)
        return
    got = measures_by_key(result.customers, fixture.key)
    assert {k: got.get(k) for k in fixture.expected} == fixture.expected
