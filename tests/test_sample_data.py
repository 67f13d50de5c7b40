"""The committed sample files are what the generator makes, and plant what they claim.

sample_data/ is what users and CI try the tool on, and planted.json is
what its output is checked against, so both must stay reproducible from
benchmarks/make_data.py.  Refresh them on purpose with
``python -m benchmarks.make_data --sample-data sample_data``.
"""

from __future__ import annotations

import csv
import importlib
import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from custgrade.fields import alias_table, normalize_header

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_data"
XLSX_FILES = ["客户导出_CRM.xlsx", "手工客户台账.xlsx"]


def load_make_data() -> ModuleType:
    """benchmarks/ is a folder of scripts beside the package, not installed with it."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("benchmarks.make_data")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("sample_data")
    planted = load_make_data().write_sample_data(out)
    return out, planted


def calamine_cells(path: Path) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="gb18030", newline="") as handle:
        return list(csv.reader(handle))


def committed_planted() -> dict[str, Any]:
    planted: dict[str, Any] = json.loads((SAMPLES / "planted.json").read_text(encoding="utf-8"))
    return planted


@pytest.mark.parametrize("name", XLSX_FILES, ids=["crm", "aggregated"])
def test_committed_workbook_has_the_generated_cells(
    fresh: tuple[Path, dict[str, Any]], name: str
) -> None:
    assert calamine_cells(SAMPLES / name) == calamine_cells(fresh[0] / name)


def test_committed_csv_has_the_generated_cells(fresh: tuple[Path, dict[str, Any]]) -> None:
    name = "客户导出_GBK.csv"
    assert csv_rows(SAMPLES / name) == csv_rows(fresh[0] / name)


def test_planted_json_matches_the_generator(fresh: tuple[Path, dict[str, Any]]) -> None:
    assert committed_planted() == json.loads(json.dumps(fresh[1]))


@pytest.mark.parametrize(
    "name", [*XLSX_FILES, "客户导出_GBK.csv"], ids=["crm", "aggregated", "csv"]
)
def test_sample_file_stays_small(name: str) -> None:
    assert (SAMPLES / name).stat().st_size < 500_000


def test_csv_needs_gb18030_not_gbk() -> None:
    raw = (SAMPLES / "客户导出_GBK.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("gbk")
    line = committed_planted()["客户导出_GBK.csv"]["gb18030_only_name_rows"][0]
    assert raw.decode("gb18030").split("\r\n")[line - 1].split(",")[1] == "刘䶮"


def test_crm_headers_map_to_fields_except_the_custom_column() -> None:
    book = openpyxl.load_workbook(SAMPLES / "客户导出_CRM.xlsx", read_only=True)
    header_rows = {"客户信息": 3, "购买记录": 1, "互动记录": 1}
    kinds = {"客户信息": "customers", "购买记录": "orders", "互动记录": "interactions"}
    unmapped = []
    for sheet, row in header_rows.items():
        aliases = alias_table(kinds[sheet])  # type: ignore[arg-type]
        headers = next(book[sheet].iter_rows(min_row=row, max_row=row, values_only=True))
        unmapped += [h for h in headers if normalize_header(h) not in aliases]
    book.close()
    assert unmapped == ["客户经理"]


def crm_customer_rows() -> tuple[list[tuple[Any, ...]], dict[str, Any]]:
    record = committed_planted()["客户导出_CRM.xlsx"]["customers"]
    book = openpyxl.load_workbook(SAMPLES / "客户导出_CRM.xlsx", read_only=True)
    rows = list(book["客户信息"].iter_rows(min_row=1, values_only=True))
    book.close()
    return rows, record


def test_crm_planted_rows_hold_the_planted_problems() -> None:
    rows, record = crm_customer_rows()
    at = record["rows_by_problem"]
    cell = {h: i for i, h in enumerate(rows[record["header_row"] - 1])}
    assert rows[0][0] == "客户信息导出 2025-06-30" and not any(rows[1])
    assert all(
        "@" not in v or v.count("@") > 1 or v.endswith("@")
        for v in (rows[r - 1][cell["邮箱"]] for r in at["bad_email"])
    )
    assert {rows[r - 1][cell["年龄"]] for r in at["bad_age"]} <= {250, -3, 999, 0}
    assert all(
        len(str(rows[r - 1][cell["手机号"]])) < 8 or not str(rows[r - 1][cell["手机号"]]).isdigit()
        for r in at["bad_phone"]
    )
    no_identity = rows[at["no_id_no_name"][0] - 1]
    assert no_identity[cell["客户编号"]] is None and no_identity[cell["客户名称"]] is None
    assert len(rows) - record["header_row"] == record["expected_ledger"]["input_rows"]


def test_crm_formula_probe_is_written_as_text() -> None:
    record = committed_planted()["客户导出_CRM.xlsx"]["customers"]
    (row,) = record["rows_by_problem"]["formula_probe"]
    book = openpyxl.load_workbook(SAMPLES / "客户导出_CRM.xlsx")
    probe = book["客户信息"].cell(row=row, column=13)
    assert (probe.value, probe.data_type) == ("=1+1", "s")


def _digits(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value))
    digits = "".join(ch for ch in text if ch.isdigit())
    return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits


def test_crm_has_no_duplicates_but_the_planted_ones() -> None:
    rows, record = crm_customer_rows()
    ids_by_phone: dict[str, set[Any]] = defaultdict(set)
    ids_by_email: dict[str, set[Any]] = defaultdict(set)
    for row in rows[record["header_row"] :]:
        if row[0] is not None and row[4] is not None:
            ids_by_phone[_digits(row[4])].add(row[0])
        if row[0] is not None and row[5] and "@" in str(row[5]):
            ids_by_email[str(row[5]).strip().lower()].add(row[0])
    shared_phone = sum(len(ids) - 1 for ids in ids_by_phone.values())
    shared_email = sum(len(ids) - 1 for ids in ids_by_email.values())
    duplicates = record["duplicates"]
    assert shared_phone == duplicates["same_phone_other_format"]
    assert shared_email == duplicates["same_email_other_case"]
    assert record["expected_ledger"]["merged"] == sum(duplicates.values())


def test_orders_sheet_ends_with_a_total_row() -> None:
    orders = committed_planted()["客户导出_CRM.xlsx"]["orders"]
    book = openpyxl.load_workbook(SAMPLES / "客户导出_CRM.xlsx", read_only=True)
    rows = list(book["购买记录"].iter_rows(min_row=orders["total_row"] - 1, values_only=True))
    book.close()
    assert not any(rows[0]) and rows[1][0] == "合计" and len(rows) == 2
