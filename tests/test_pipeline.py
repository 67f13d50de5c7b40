"""End to end through grade_workbook(): nothing lost, input untouched, text stays text."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
import pytest

from custgrade import grade_workbook
from custgrade.errors import OutputError
from custgrade.messages import CATALOGUE, text
from custgrade.pipeline import sheet_limit_notes


def issue_keys(result):
    return [
        (r.sheet, r.row, r.code)
        for r in result.issues.sort_values(["sheet", "row", "code"]).itertuples()
    ]


@pytest.fixture
def graded(crm_workbook: Path):
    return grade_workbook(crm_workbook)


def test_ledger_balances_and_accounts_for_every_row(graded):
    ledger = graded.ledger
    assert (ledger.input_rows, ledger.graded, ledger.merged, ledger.rejected) == (7, 5, 1, 1)
    assert (ledger.order_rows, ledger.orders_used, ledger.orders_rejected) == (8, 7, 1)
    assert (ledger.interaction_rows, ledger.interactions_used) == (3, 3)
    assert ledger.balanced


def test_every_problem_points_at_the_excel_row(graded):
    assert issue_keys(graded) == [
        ("客户信息", 5, "invalid-email"),
        ("客户信息", 5, "out-of-range"),
        ("客户信息", 9, "merged-same-id"),
        ("客户信息", 10, "no-id-or-name"),
        ("购买记录", 9, "order-unknown-customer"),
        ("购买记录", 10, "total-row"),
    ]
    bad_age = graded.issues[graded.issues["code"] == "out-of-range"].iloc[0]
    assert (bad_age["column"], bad_age["letter"], bad_age["value"]) == ("年龄", "D", "250")


def test_as_of_defaults_to_the_last_date_in_the_data(graded):
    assert graded.as_of == dt.date(2025, 6, 30)
    assert graded.window_start == dt.date(2024, 7, 1)


def test_a_refunded_order_counts_zero_and_is_not_subtracted(graded):
    # C004: O6 ¥800 已退款 (counts 0), O7 ¥600 已完成 → one purchase, net ¥600
    c004 = graded.customers.set_index("customer_id").loc["C004"]
    assert c004["net_amount"] == pytest.approx(600.0)
    assert c004["purchase_count"] == 1
    assert "净消费非正" not in c004["labels"]


def test_amount_text_and_duplicates_are_understood(graded):
    customers = graded.customers.set_index("customer_id")
    assert customers.loc["C003", "net_amount"] == pytest.approx(12000.0)
    assert customers.loc["C001", "purchase_count"] == 3
    assert customers.loc["C001", "net_amount"] == pytest.approx(1750.0)
    assert customers.loc["C002", "phone"] == "13900139000"
    assert customers.loc["C004", "email"] == "liuyang@example.com"


def test_the_best_customer_gets_the_top_tier_present(graded):
    customers = graded.customers.set_index("customer_id")
    assert customers["total_score"].idxmax() == "C001"
    assert customers.loc["C001", "tier_rank"] == customers["tier_rank"].min()


def test_input_file_is_left_byte_identical(crm_workbook: Path):
    before = (
        hashlib.sha256(crm_workbook.read_bytes()).hexdigest(),
        crm_workbook.stat().st_mtime_ns,
    )
    result = grade_workbook(crm_workbook)
    after = (hashlib.sha256(crm_workbook.read_bytes()).hexdigest(), crm_workbook.stat().st_mtime_ns)
    assert before == after
    assert result.input_sha256 == before[0]


def test_output_is_written_beside_the_input_with_the_chinese_suffix(crm_workbook: Path):
    result = grade_workbook(crm_workbook)
    assert result.output_path == crm_workbook.with_name("客户导出_评级.xlsx").resolve()
    assert result.output_path.exists()


def test_english_output_name_and_labels(crm_workbook: Path):
    result = grade_workbook(crm_workbook, lang="en")
    assert result.output_path.name == "客户导出_graded.xlsx"
    english_states = {v[1] for k, v in CATALOGUE.items() if k.startswith("lifecycle.")}
    assert set(result.customers["lifecycle"]) <= english_states


def test_formula_probe_stays_a_text_cell(crm_workbook: Path):
    result = grade_workbook(crm_workbook)
    book = openpyxl.load_workbook(result.output_path)
    cells = [c for row in book.worksheets[1].iter_rows() for c in row if c.value == "=1+1"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_output_never_overwrites_the_input(crm_workbook: Path):
    with pytest.raises(OutputError):
        grade_workbook(crm_workbook, crm_workbook)


def test_as_of_can_be_set_and_moves_the_window(crm_workbook: Path):
    result = grade_workbook(crm_workbook, as_of=dt.date(2024, 12, 31), write=False)
    customers = result.customers.set_index("customer_id")
    assert result.as_of == dt.date(2024, 12, 31)
    assert customers.loc["C001", "purchase_count"] == 0
    assert customers.loc["C003", "purchase_count"] == 1


def test_tables_longer_than_an_excel_sheet_are_announced() -> None:
    """A CSV can outgrow a sheet: 1,048,575 rows fit below the header, one more does not."""
    assert sheet_limit_notes(1_048_575, 1_048_575, "zh") == []
    customers, problems = sheet_limit_notes(2_000_000, 1_048_576, "zh")
    assert customers.params == {
        "customers": "2,000,000",
        "limit": "1,048,575",
        "parts": 2,
        "sheet": "基本信息 (2)",
        "sheets": "基本信息、等级信息、评分信息、分析报告",
        "overview": "概览",
    }
    assert problems.params["parts"] == 2 and problems.params["sheet"] == "问题数据 (2)"
    shown = text(customers.key, "zh", **customers.params)
    assert "2,000,000" in shown and "1,048,575" in shown and "基本信息 (2)" in shown
    (english,) = sheet_limit_notes(3_000_000, 0, "en")
    assert english.params["parts"] == 3 and english.params["sheet"] == "Customers (2)"
    shown = text(english.key, "en", **english.params)
    assert "Customers (2)" in shown and "Customers, Tiers, Scores, Analysis each" in shown
