"""Every problem planted in sample_data/ is found where planted.json says it is.

planted.json is written by the generator that made the samples
(``benchmarks/make_data.py``), so it is an account of the mess that does
not come from the code under test: each planted bad cell must be listed
in 问题数据 at its Excel row with the matching reason, each planted
duplicate must be merged (with the key that matched), and the ledger must
be the one the generator expects.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from custgrade import grade_workbook
from custgrade.result import RunResult

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
PLANTED: dict[str, Any] = json.loads((SAMPLES / "planted.json").read_text(encoding="utf-8"))

#: The reason 问题数据 must give for each kind of planted problem.
EXPECTED_CODES: dict[str, set[str]] = {
    "bad_email": {"invalid-email"},
    "bad_phone": {"invalid-phone"},
    "bad_age": {"out-of-range"},
    "no_id_no_name": {"no-id-or-name"},
    # a copy of a row; the GBK sample gives its original a rare-character name afterwards
    # (gb18030_only_name_rows), which makes the copy a same-ID duplicate
    "exact_copy": {"exact-duplicate", "merged-same-id"},
    "same_id_newer_value": {"merged-same-id"},
    "same_phone_other_format": {"merged-same-phone"},
    "same_email_other_case": {"merged-same-email"},
    "company_suffix_variant": {"merged-same-name-address"},
}


@cache
def graded(sample: str) -> RunResult:
    return grade_workbook(SAMPLES / sample, write=False)


def planted_customers(sample: str) -> dict[str, Any]:
    record = PLANTED[sample]
    return record.get("customers", record)  # the CRM export nests its customer sheet


def codes_by_row(result: RunResult, sheet: str | None = None) -> dict[int, set[str]]:
    issues = result.issues
    if sheet is not None:
        issues = issues[issues["sheet"] == sheet]
    found: dict[int, set[str]] = {}
    for row, code in zip(issues["row"], issues["code"], strict=True):
        found.setdefault(int(row), set()).add(str(code))
    return found


CASES = [
    (sample, kind, row)
    for sample in PLANTED
    for kind, rows in planted_customers(sample)["rows_by_problem"].items()
    if kind in EXPECTED_CODES
    for row in rows
]


@pytest.mark.parametrize(
    ("sample", "kind", "row"), CASES, ids=[f"{s}-{k}-{r}" for s, k, r in CASES]
)
def test_each_planted_problem_is_reported_at_its_row(sample: str, kind: str, row: int):
    result = graded(sample)
    sheet = planted_customers(sample).get("sheet")
    found = codes_by_row(result, sheet if sample.endswith(".xlsx") else None).get(row, set())
    assert found & EXPECTED_CODES[kind], f"{sample} row {row} ({kind}): found {found or 'nothing'}"


@pytest.mark.parametrize("sample", list(PLANTED))
def test_the_ledger_is_the_one_the_generator_expects(sample: str):
    ledger = graded(sample).ledger
    expected = planted_customers(sample)["expected_ledger"]
    assert [ledger.input_rows, ledger.graded, ledger.merged, ledger.rejected] == [
        expected["input_rows"],
        expected["graded"],
        expected["merged"],
        expected["rejected"],
    ]


@pytest.mark.parametrize("sample", [s for s in PLANTED if "unknown_column" in planted_customers(s)])
def test_the_unknown_column_is_carried_through(sample: str):
    column = planted_customers(sample)["unknown_column"]
    assert column in graded(sample).customers.columns


@pytest.mark.parametrize(
    "sample", [s for s in PLANTED if "formula_probe" in planted_customers(s)["rows_by_problem"]]
)
def test_the_formula_probe_stays_text(sample: str):
    (row,) = planted_customers(sample)["rows_by_problem"]["formula_probe"]
    customers = graded(sample).customers
    probe = customers[customers["row"] == row]
    assert len(probe) == 1
    assert "=1+1" in probe.iloc[0].astype(str).tolist()


def test_orders_of_unknown_customers_and_the_total_row_are_listed():
    orders = PLANTED["客户导出_CRM.xlsx"]["orders"]
    found = codes_by_row(graded("客户导出_CRM.xlsx"), orders["sheet"])
    unknown = [row for row, codes in found.items() if "order-unknown-customer" in codes]
    assert len(unknown) == orders["unknown_customer_rows"]
    assert "total-row" in found.get(orders["total_row"], set())


def test_hand_kept_ledger_totals_row_is_not_a_customer():
    record = PLANTED["手工客户台账.xlsx"]
    found = codes_by_row(graded("手工客户台账.xlsx"))
    assert "total-row" in found.get(record["total_row"], set())


def test_hand_kept_padded_names_are_trimmed_and_text_amounts_read():
    record = PLANTED["手工客户台账.xlsx"]
    customers = graded("手工客户台账.xlsx").customers.set_index("row")
    for row in record["rows_by_problem"]["padded_name"]:
        name = customers.loc[row, "name"]
        assert name == name.strip() and name
    for row in record["rows_by_problem"]["text_amount"]:
        assert customers.loc[row, "net_amount"] > 0
