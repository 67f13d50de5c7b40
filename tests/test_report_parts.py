"""Tables longer than a sheet continue on sheets of their own: 基本信息 (2) and on.

Excel's million rows cannot be written in a test, so a sheet of a few rows
stands in for it (``SHEET_DATA_ROWS`` patched).  The same input is graded
twice, with one sheet a table and with parts, and read back with openpyxl:
the parts hold the one sheet's rows in order, each under the same header;
every link leads to its customer's row; every formula stays in its own row;
概览's formulas count every part; the next run reads a parted result back.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from custgrade import grade_workbook, sheet_parts
from custgrade.history import read_previous_result
from custgrade.messages import text
from custgrade.report import workbook as report_workbook
from custgrade.result import RunResult
from tests.conftest import CUSTOMERS, INTERACTIONS, ORDERS, write_xlsx
from tests.test_history import grade_june, grade_may, make_shop

LIMIT = 2
PER_CUSTOMER = ("基本信息", "等级信息", "评分信息", "分析报告")


def test_a_sheet_holds_the_rows_below_excels_header_and_the_rest_go_on() -> None:
    assert sheet_parts.SHEET_DATA_ROWS + 1 == 2**20  # Excel's rows, one of them the header
    full = 2**20 - 1
    assert [sheet_parts.part_count(n) for n in (0, 1, full, full + 1)] == [1, 1, 1, 2]
    assert sheet_parts.part_slices(2_100_000) == [
        slice(0, full),
        slice(full, 2 * full),
        slice(2 * full, 2_100_000),
    ]
    assert sheet_parts.part_names("基本信息", 2_100_000, "zh") == [
        "基本信息",
        "基本信息 (2)",
        "基本信息 (3)",
    ]
    part, row = sheet_parts.locate(pd.Series([0, full - 1, full, 2 * full + 7, None]))
    assert part.tolist()[:4] == [0, 0, 1, 2] and row.tolist()[:4] == [2, 2**20, 2, 9]
    assert part.isna().tolist() == [False] * 4 + [True]


def grade(
    source: Path, output: Path, *, limit: int | None, streamed: bool = False, lang: str = "zh"
) -> RunResult:
    with pytest.MonkeyPatch.context() as patch:
        if limit is not None:
            patch.setattr(sheet_parts, "SHEET_DATA_ROWS", limit)
        if streamed:
            patch.setattr(report_workbook, "TABLE_LIMIT", 0)
        return grade_workbook(source, output, lang=lang)


@pytest.fixture(scope="module", params=["tables", "streamed"])
def graded(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> dict[str, Any]:
    """The CRM export graded onto one sheet per table, and onto sheets of LIMIT rows."""
    folder = tmp_path_factory.mktemp("parts")
    source = write_xlsx(
        folder / "客户导出.xlsx",
        {"客户信息": CUSTOMERS, "购买记录": ORDERS, "互动记录": INTERACTIONS},
    )
    streamed = request.param == "streamed"
    whole, parted = folder / "whole.xlsx", folder / "parted.xlsx"
    result = grade(source, whole, limit=None, streamed=streamed)
    grade(source, parted, limit=LIMIT, streamed=streamed)
    return {"result": result, "whole": whole, "parted": parted}


@pytest.fixture(scope="module")
def pair(graded: dict[str, Any]) -> tuple[RunResult, openpyxl.Workbook, openpyxl.Workbook]:
    """The result and both workbooks with their formulas."""
    whole, parted = (openpyxl.load_workbook(graded[k]) for k in ("whole", "parted"))
    return graded["result"], whole, parted


def parts_of(book: openpyxl.Workbook, sheet: str) -> list[str]:
    """``sheet`` and its continuation sheets, as the user finds them in the workbook."""
    names = [sheet]
    while f"{sheet} ({len(names) + 1})" in book.sheetnames:
        names.append(f"{sheet} ({len(names) + 1})")
    return names


def rows(ws: Any) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(values_only=True))


def test_each_long_table_takes_as_many_sheets_as_its_rows_need(pair) -> None:
    result, whole, parted = pair
    customers = math.ceil(len(result.customers) / LIMIT)
    problems = math.ceil(len(result.issues) / LIMIT)
    assert customers > 1 and problems > 1  # the input makes both tables long
    expected: list[str] = []
    for name in whole.sheetnames:
        count = customers if name in PER_CUSTOMER else problems if name == "问题数据" else 1
        expected += [name] + [f"{name} ({n})" for n in range(2, count + 1)]
    assert parted.sheetnames == expected


@pytest.mark.parametrize("sheet", [*PER_CUSTOMER, "问题数据"])
def test_the_parts_hold_the_rows_of_the_one_sheet_in_order(graded, sheet: str) -> None:
    """The values, formulas' results included (the formulas themselves are checked below)."""
    whole, parted = (openpyxl.load_workbook(graded[k], data_only=True) for k in ("whole", "parted"))
    header, *expected = rows(whole[sheet])
    found: list[tuple[Any, ...]] = []
    for name in parts_of(parted, sheet):
        part = rows(parted[name])
        assert part[0] == header
        assert 1 <= len(part) - 1 <= LIMIT
        found += part[1:]
    assert found == expected


def test_every_customer_link_leads_to_the_row_of_that_customer(pair) -> None:
    _, _, parted = pair
    reached: set[str] = set()
    for name in ["概览", *parts_of(parted, "问题数据")]:
        for row in parted[name].iter_rows():
            for cell in row:
                if cell.hyperlink is None or not cell.hyperlink.location:
                    continue
                sheet, ref = cell.hyperlink.location.rsplit("!", 1)
                sheet = sheet.strip("'").replace("''", "'")
                if sheet.startswith("基本信息"):
                    assert parted[sheet][ref].value == cell.value, (name, cell.coordinate)
                    reached.add(sheet)
    # 概览's list of the top customers reaches into every part
    assert reached == set(parts_of(parted, "基本信息"))


def test_every_formula_of_a_part_refers_to_its_own_row(pair) -> None:
    _, _, parted = pair
    formulas = 0
    for sheet in ("等级信息", "评分信息"):
        for name in parts_of(parted, sheet)[1:]:
            for row in parted[name].iter_rows(min_row=2):
                for cell in row:
                    if cell.data_type == "f":  # a name such as "=1+1" is text
                        refs = re.findall(r"(?<![A-Za-z_$])[A-Z]{1,2}(\d+)\b", cell.value)
                        assert refs and {int(r) for r in refs} == {cell.row}, cell.value
                        formulas += 1
    assert formulas


def test_overview_counts_and_sums_over_every_part_of_the_tier_sheet(pair) -> None:
    _, _, parted = pair
    names = parts_of(parted, "等级信息")
    ws = parted["概览"]
    table = next(r for r in ws.iter_rows() if r[0].value == "等级名称" and r[1].value == "客户数")
    first = ws.cell(table[0].row + 1, 2).value  # 客户数 of the top tier
    for name in names:
        last = parted[name].max_row
        assert f"COUNTIF('{name}'!$C$2:$C${last}," in first
    assert first.count("COUNTIF(") == len(names)
    # 客户数, 净消费额 and the six averages refer to 等级信息; each to every part of it
    over = [f for c in range(2, 12) if "等级信息" in (f := ws.cell(table[0].row + 1, c).value)]
    assert len(over) == 8
    assert all(f"'{name}'!" in f for f in over for name in names)


def test_conditional_formats_of_a_part_cover_its_own_rows(pair) -> None:
    _, _, parted = pair
    for name in parts_of(parted, "等级信息"):
        ws = parted[name]
        for area in ws.conditional_formatting:
            for cells in area.sqref.ranges:
                assert cells.max_row == ws.max_row, (name, str(cells))


def test_excel_table_names_stay_unique_across_the_parts(pair) -> None:
    _, _, parted = pair
    tables = [name for ws in parted.worksheets for name in ws.tables]
    assert len(tables) == len(set(tables))
    if tables:  # the small workbook: every part of every table is an Excel Table
        long = [*PER_CUSTOMER, "问题数据"]
        assert len(tables) == sum(len(parts_of(parted, s)) for s in long)


def test_the_notes_say_where_the_tables_continue(graded) -> None:
    result = graded["result"]
    assert not [n for n in result.notes if "beyond" in n.key]  # one sheet each: no note
    result = grade(result.input_path, graded["parted"].with_name("noted.xlsx"), limit=LIMIT)
    notes = {n.key: n.params for n in result.notes}
    customers = notes["note.beyond-sheet-rows"]
    assert customers["parts"] == math.ceil(len(result.customers) / LIMIT)
    assert customers["sheet"] == "基本信息 (2)"
    problems = notes["note.problems-beyond-sheet-rows"]
    assert problems["rows"] == f"{len(result.issues):,}"
    assert problems["sheet"] == "问题数据 (2)"
    overview = [c for r in openpyxl.load_workbook(result.output_path)["概览"].values for c in r]
    for key, params in notes.items():  # shown in 概览 as the catalogue words them
        if "beyond" in key:
            shown = text(key, "zh", **params)
            assert any(isinstance(c, str) and shown in c for c in overview), shown


def test_a_result_on_parts_is_read_back_whole_by_the_next_run(tmp_path: Path) -> None:
    shop = make_shop(tmp_path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sheet_parts, "SHEET_DATA_ROWS", LIMIT)
        parted = grade_may(shop, tmp_path / "五月_分表.xlsx")
    whole = grade_may(shop, tmp_path / "五月.xlsx")
    assert len(parts_of(openpyxl.load_workbook(parted.output_path), "等级信息")) > 1
    from_parts = read_previous_result(parted.output_path).customers
    assert from_parts.equals(read_previous_result(whole.output_path).customers)
    june = grade_june(shop, tmp_path / "六月.xlsx", previous=parted.output_path)
    expected = grade_june(shop, tmp_path / "六月_对照.xlsx", previous=whole.output_path)
    assert june.history is not None and expected.history is not None
    assert june.history.customers.equals(expected.history.customers)
    assert june.history.gone.equals(expected.history.gone)


def test_an_english_result_continues_on_sheets_named_the_english_way(graded) -> None:
    result = grade(
        graded["result"].input_path, graded["parted"].with_name("en.xlsx"), limit=LIMIT, lang="en"
    )
    book = openpyxl.load_workbook(result.output_path)
    customers = parts_of(book, "Customers")
    assert len(customers) == math.ceil(len(result.customers) / LIMIT)
    assert len(parts_of(book, "Problems")) == math.ceil(len(result.issues) / LIMIT)
    for name in customers:
        assert book[name]["A1"].value == "Customer ID"
    links = [
        c.hyperlink.location
        for row in book["Overview"].iter_rows()
        for c in row
        if c.hyperlink is not None and c.hyperlink.location
    ]
    assert {link.rsplit("!", 1)[0].strip("'") for link in links} >= set(customers)
    formulas = [c.value for row in book["Overview"].iter_rows() for c in row if c.data_type == "f"]
    assert any("'Tiers (2)'!" in f for f in formulas)
    assert len(read_previous_result(result.output_path).customers) == len(result.customers)
