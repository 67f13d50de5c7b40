"""Large streamed tables are written as whole-column XML: the same sheet as the cell loop.

Each case writes the same columns twice into a constant_memory workbook,
once through `custgrade.report.sheet_rows` and once through the cell loop
(XlsxWriter's own cell records and writers), and compares the sheet XML.
Cached numbers are compared as numbers (XlsxWriter spells 3.0 "3.0" in a
formula and "3" in a cell; the value is the same double).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsxwriter.workbook import Workbook

from custgrade.report import sheet_rows
from custgrade.report.styles import Styles
from custgrade.report.table import (
    Column,
    date_column,
    formula_column,
    mixed_column,
    number_column,
    text_column,
    write_table,
)
from custgrade.rules.model import Rules

Build = Callable[[Styles], Sequence[Column]]


def sheet_xml(path: Path, build: Build, *, whole_columns: bool) -> bytes:
    """The sheet XML of a streamed workbook holding the table ``build`` makes."""
    book = Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    styles = Styles(book, Rules().tiers)
    ws = book.add_worksheet("表")
    original = sheet_rows.can_write
    try:
        if not whole_columns:
            sheet_rows.can_write = lambda ws, columns: False  # type: ignore[assignment]
        write_table(ws, build(styles), styles, freeze=2)
        ws.write_string(len(build(styles)[0].values) + 3, 0, "表下的说明")
    finally:
        sheet_rows.can_write = original  # type: ignore[assignment]
    book.close()
    with zipfile.ZipFile(path) as archive:
        return same_numbers(archive.read("xl/worksheets/sheet1.xml"))


def same_numbers(xml: bytes) -> bytes:
    """Every cached number to XlsxWriter's 16 significant digits, spelled one way.

    The whole-column writer keeps all 17 where a double needs them
    (`test_numbers_dates_and_blanks` reads 0.1 + 0.2 back exactly).
    """
    return re.sub(
        rb"<v>(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)</v>",
        lambda m: b"<v>%.16G</v>" % float(m.group(1)),
        xml,
    )


def without_formulas(xml: bytes) -> bytes:
    """The XML with its <f> elements taken out (compared through openpyxl instead)."""
    return re.sub(rb"<f[^>]*/>|<f[^>]*>.*?</f>", b"", xml)


def formulas(path: Path) -> dict[str, str]:
    """Every formula of the sheet per cell, shared formulas expanded by openpyxl."""
    ws = openpyxl.load_workbook(path)["表"]
    return {
        c.coordinate: c.value
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    }


def assert_same_sheet(tmp_path: Path, build: Build) -> bytes:
    """The same XML as the cell loop; formulas the same in every cell (shared or not)."""
    fast = sheet_xml(tmp_path / "columns.xlsx", build, whole_columns=True)
    slow = sheet_xml(tmp_path / "cells.xlsx", build, whole_columns=False)
    assert without_formulas(fast) == without_formulas(slow)
    assert formulas(tmp_path / "columns.xlsx") == formulas(tmp_path / "cells.xlsx")
    return fast


AWKWARD_TEXT = [
    "张伟",
    "A&B <公司> \"引号\" 'single'",
    " 前后有空格 ",
    "\u3000全角空格开头",
    "结尾是制表符\t",
    "第一行\n第二行",
    "控制字符\x01与\x1f",
    "已转义的_x0041_文本",
    "\x1c开头的分隔符",
    "\xa0不换行空格开头",
    "结尾是段落分隔符\u2029",
    "\x85下一行",
    "结尾是全角空格\u3000",
    "中间\u2003有空格",
    "é",
    "_",
    "非字符\ufffe",
    "😀 emoji 与 𠮷",
    "x" * 40_000,
    "",
    None,
]


def test_text_is_escaped_and_preserved_as_the_cell_writer_does(tmp_path: Path) -> None:
    def build(styles: Styles) -> list[Column]:
        return [text_column("文本", pd.Series(AWKWARD_TEXT, dtype=object))]

    xml = assert_same_sheet(tmp_path, build)
    cells = openpyxl.load_workbook(tmp_path / "columns.xlsx")["表"]
    assert cells["A3"].value == AWKWARD_TEXT[1]
    longest = AWKWARD_TEXT.index("x" * 40_000) + 2
    assert cells[f"A{longest}"].value == "x" * 32_767  # Excel's limit a cell
    assert b'<t xml:space="preserve"> \xe5\x89\x8d' in xml


#: Every character Python's str.isspace() calls white space (what XlsxWriter tests).
WHITE_SPACE = [chr(c) for c in range(0x3100) if chr(c).isspace()]


def test_white_space_is_the_same_to_python_arrow_and_the_quick_scan() -> None:
    every = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    cells = pa.array(every)
    python = {c for c in every if c.isspace()}
    arrow = {c for c, v in zip(every, pc.utf8_is_space(cells).to_pylist(), strict=True) if v}
    matched = pc.match_substring_regex(cells, "^" + sheet_rows._SPACE).to_pylist()
    quick = {c for c, v in zip(every, matched, strict=True) if v}
    assert python == arrow == quick == set(WHITE_SPACE)


@pytest.mark.parametrize("space", WHITE_SPACE, ids=[f"U+{ord(c):04X}" for c in WHITE_SPACE])
def test_white_space_at_either_end_is_kept_where_nothing_else_needs_escaping(
    tmp_path: Path, space: str
) -> None:
    """A column whose only oddity is white space at an end still marks those cells preserved."""

    def build(styles: Styles) -> list[Column]:
        texts = [f"{space}开头", f"结尾{space}", "普通", f"中间{space}有"]
        return [text_column("文本", pd.Series(texts, dtype=object))]

    assert_same_sheet(tmp_path, build)


def test_numbers_dates_and_blanks(tmp_path: Path) -> None:
    amounts = [1.5, float("nan"), 0.1 + 0.2, -0.0, 1e20, float("inf"), 1234567.891, 3.0]
    stamps = ["2024-01-02", None, "1899-01-01", "2024-02-29 13:30", "1900-03-01", "2025-06-30"]
    days = pd.to_datetime([*stamps, None, None], format="mixed")

    def build(styles: Styles) -> list[Column]:
        return [
            number_column("金额", pd.Series(amounts), styles["money"]),
            date_column("日期", pd.Series(days), styles),
        ]

    assert_same_sheet(tmp_path, build)
    cells = openpyxl.load_workbook(tmp_path / "columns.xlsx")["表"]
    assert cells["A4"].value == 0.1 + 0.2  # exactly, all seventeen digits
    assert cells["A3"].value is None and cells["A7"].value is None  # NaN, inf: blank
    assert cells["B4"].value == "1899-01-01"


def test_formulas_carry_their_values_and_row_numbers(tmp_path: Path) -> None:
    def build(styles: Styles) -> list[Column]:
        scores = pd.Series([80.0, 55.5, float("nan")])
        return [
            number_column("分", scores, styles["score"]),
            formula_column("两倍", "=ROUND(A{row}*2,1)", scores * 2, styles["score"]),
            formula_column(
                "等级",
                '=IF(A{row}>=60,"合格 & 优",IF(A{row}<50,"<差>",""))',
                pd.Series(["合格 & 优", "<差>", ""], dtype=object),
                None,
            ),
        ]

    assert_same_sheet(tmp_path, build)
    formulas = openpyxl.load_workbook(tmp_path / "columns.xlsx")["表"]
    values = openpyxl.load_workbook(tmp_path / "columns.xlsx", data_only=True)["表"]
    assert formulas["B3"].value == "=ROUND(A3*2,1)"
    assert formulas["C2"].value == '=IF(A2>=60,"合格 & 优",IF(A2<50,"<差>",""))'
    assert [values["B2"].value, values["C3"].value] == [160, "<差>"]


def test_per_row_formats_and_row_heights(tmp_path: Path) -> None:
    # the last row has no cell at all: left out, or kept for its height, as the cell loop does
    names = ["VIP会员", "金牌会员", "铜牌会员", "金牌会员", None, None]

    def build(styles: Styles) -> list[Column]:
        tier = text_column("等级", pd.Series(names, dtype=object))
        tier.formats = styles.tier_formats(pd.Series(names, dtype=object))
        advice = text_column(
            "建议", pd.Series(["短", "很长的建议" * 30, None, "a\nb\nc", "x", None])
        )
        advice.wrap, advice.width = True, 20
        return [tier, advice]

    assert_same_sheet(tmp_path, build)
    sheet = openpyxl.load_workbook(tmp_path / "columns.xlsx")["表"]
    assert sheet.row_dimensions[3].height > 15
    assert sheet["A2"].fill.fgColor.rgb != sheet["A4"].fill.fgColor.rgb


def test_carried_columns_keep_every_value_type(tmp_path: Path) -> None:
    values = [
        "=SUM(A1)", 3, 2.5, dt.date(2024, 5, 1), True, False, None,
        dt.datetime(2024, 5, 1, 8, 30), pd.Timestamp("2024-05-02", tz="Asia/Shanghai"),
        Decimal("1.25"), dt.time(9, 0), "",
    ]  # fmt: skip

    def build(styles: Styles) -> list[Column]:
        return [
            mixed_column("备注", pd.Series(values, dtype=object), styles),
            mixed_column("纯文本", pd.Series(["a", None, "b"] * 4, dtype=object), styles),
            mixed_column("纯数字", pd.Series([1, None, 2.5] * 4, dtype=object), styles),
        ]

    assert_same_sheet(tmp_path, build)
    cells = openpyxl.load_workbook(tmp_path / "columns.xlsx")["表"]
    assert [cells[f"A{r}"].value for r in (2, 6, 7, 9)] == [
        "=SUM(A1)", True, False, dt.datetime(2024, 5, 1, 8, 30),
    ]  # fmt: skip


def test_rows_are_written_in_chunks_without_seams(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheet_rows, "CHUNK_ROWS", 3)
    ids = [f"C{i:05d}" for i in range(10)]

    def build(styles: Styles) -> list[Column]:
        scores = pd.Series([float(i) for i in range(10)])
        return [
            text_column("客户ID", pd.Series(ids)),
            formula_column("两倍", "=B{row}*2", scores * 2, None),
            number_column("分", scores, None),
        ]

    assert_same_sheet(tmp_path, build)
    sheet = openpyxl.load_workbook(tmp_path / "columns.xlsx")["表"]
    assert [sheet[f"A{r}"].value for r in range(2, 12)] == ids
    assert sheet["B11"].value == "=B11*2"


@pytest.mark.parametrize("limit", [65_530, 2], ids=["all linked", "beyond the link limit"])
def test_link_cells_and_their_hyperlinks_are_written_as_the_cell_loop_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """Text cells, the link format where a cell links, and the same <hyperlinks> element."""
    from custgrade.report import table

    monkeypatch.setattr(table, "MAX_LINKS", limit)
    names = ["C1", None, "A&B <客户>", "C4", " 前后空格 ", "C6"]
    targets = ["internal:'基本信息'!A2", "internal:'基本信息'!A3", None, "internal:'基本信息'!A5",
               "internal:'基本信息'!A6", ""]  # fmt: skip

    def build(styles: Styles) -> list[Column]:
        ids = text_column("编号", pd.Series(["1", "2", "3", "4", "5", "6"]))
        link = table.link_column("客户", pd.Series(names, dtype=object), targets, styles["link"])
        return [ids, link]

    xml = assert_same_sheet(tmp_path, build)
    assert xml.count(b"<hyperlink ") == min(limit, 3)  # C1, C4 and the spaced name have both
    cells = openpyxl.load_workbook(tmp_path / "columns.xlsx")["表"]["B"][1:7]
    assert [c.value for c in cells] == names
    assert [c.hyperlink.location if c.hyperlink else None for c in cells] == [
        "'基本信息'!A2",
        None,
        None,
        "'基本信息'!A5",
        "'基本信息'!A6" if limit > 2 else None,  # the third link is beyond a limit of two
        None,
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.one_of(st.none(), st.text(max_size=12)), min_size=1, max_size=8))
def test_any_text_is_written_as_the_cell_writer_writes_it(
    tmp_path: Path, texts: list[str | None]
) -> None:
    def build(styles: Styles) -> list[Column]:
        return [text_column("文本", pd.Series(texts, dtype=object))]

    assert_same_sheet(tmp_path, build)


def test_a_streamed_workbook_holds_the_cells_of_the_table_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the Table limit the sheets are streamed: every cell is still the same."""
    from custgrade import grade_workbook
    from custgrade.report import workbook as report_workbook

    sample = Path(__file__).resolve().parents[1] / "sample_data" / "客户导出_CRM.xlsx"
    result = grade_workbook(sample, write=False)
    tables, streamed = tmp_path / "tables.xlsx", tmp_path / "streamed.xlsx"
    report_workbook.write_workbook(result, tables)
    monkeypatch.setattr(report_workbook, "TABLE_LIMIT", 0)
    report_workbook.write_workbook(result, streamed)

    def cells(path: Path, sheet: str) -> dict[str, object]:
        """Every non-empty cell; numbers to the 16 digits the Table writer keeps."""
        ws = openpyxl.load_workbook(path)[sheet]
        return {
            c.coordinate: float(f"{c.value:.16G}") if type(c.value) is float else c.value
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        }

    names = openpyxl.load_workbook(tables).sheetnames
    for sheet in ("基本信息", "等级信息", "评分信息", "分析报告", "问题数据"):
        assert sheet in names
        expected, got = cells(tables, sheet), cells(streamed, sheet)
        assert len(got) > (len(result.customers) if sheet != "问题数据" else len(result.issues))
        assert got == expected, sheet


def test_a_link_column_without_rows_writes_only_its_header(tmp_path: Path) -> None:
    """问题数据 of a clean input: the streamed sheet holds the header and no links."""
    from custgrade.report import table

    def build(styles: Styles) -> list[Column]:
        ids = text_column("编号", pd.Series([], dtype=object))
        return [ids, table.link_column("客户", pd.Series([], dtype=object), [], styles["link"])]

    xml = assert_same_sheet(tmp_path, build)
    assert b"<hyperlink " not in xml
