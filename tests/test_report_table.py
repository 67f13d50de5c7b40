"""Column conversion and sizing helpers of the report writer."""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from xlsxwriter.workbook import Workbook

from custgrade.report import sheet_rows, table
from custgrade.report.styles import (
    MAX_WIDTH,
    Styles,
    column_width,
    display_width,
    readable_font_color,
)
from custgrade.report.table import (
    date_column,
    formula_column,
    formula_writer,
    mixed_column,
    number_column,
    text_values,
    write_table,
)
from custgrade.rules.model import Rules


@pytest.mark.parametrize(
    ("text", "width"),
    [("abc", 3), ("张伟", 4), ("北京市朝阳区", 12), ("Ｃ００１", 8), ("客户ID", 6), ("", 0)],
    ids=["ascii", "chinese-name", "address", "full-width", "mixed", "empty"],
)
def test_display_width_counts_wide_characters_twice(text: str, width: int) -> None:
    assert display_width(pd.Series([text])).tolist() == [width]


def test_column_width_fits_header_and_values_and_is_capped() -> None:
    assert column_width("客户姓名", pd.Series(["张伟", "欧阳娜娜"])) == 10
    assert column_width("备注", pd.Series(["很长的备注" * 40])) == MAX_WIDTH


@pytest.mark.parametrize(
    ("background", "font"),
    [
        ("#FFD700", "#1F1F1F"),
        ("#D9D9D9", "#1F1F1F"),
        ("#C65911", "#FFFFFF"),
        ("#1F4E79", "#FFFFFF"),
    ],
    ids=["gold", "silver", "bronze", "navy"],
)
def test_font_colour_is_readable_on_the_tier_colour(background: str, font: str) -> None:
    assert readable_font_color(background) == font


def test_text_values_keep_ids_and_phones_as_digits() -> None:
    series = pd.Series(["C001", 1004.0, 13600136000, None, float("nan"), "", " 0012"], dtype=object)
    assert text_values(series) == ["C001", "1004", "13600136000", None, None, None, " 0012"]


def test_a_number_column_as_text_keeps_decimals_where_there_are_any() -> None:
    series = pd.Series([1004.0, 2.5, float("nan"), 13600136000.0, -3.25, 7.0])
    assert text_values(series) == ["1004", "2.5", None, "13600136000", "-3.25", "7"]


def _write_one(tmp_path: Path, series: pd.Series, kind: str) -> list[object]:
    """Write one column through write_table and read its cells back."""
    path = tmp_path / "t.xlsx"
    workbook = Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    styles = Styles(workbook, Rules().tiers)
    build = {"date": date_column, "mixed": mixed_column}[kind]
    write_table(workbook.add_worksheet("t"), [build("h", series, styles)], styles)
    workbook.close()
    sheet = openpyxl.load_workbook(path)["t"]
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_date_column_accepts_dates_timestamps_and_blanks(tmp_path: Path) -> None:
    series = pd.Series([dt.date(2024, 10, 4), None, pd.Timestamp("2024-01-02 13:00")], dtype=object)
    assert _write_one(tmp_path, series, "date") == [
        dt.datetime(2024, 10, 4), None, dt.datetime(2024, 1, 2, 13, 0),
    ]  # fmt: skip


def test_date_before_1900_march_is_kept_as_text(tmp_path: Path) -> None:
    # Excel's 1900 leap-year bug makes serials before 1900-03-01 wrong by a day
    series = pd.Series(pd.to_datetime(["1900-01-15", "1990-01-15"]))
    assert _write_one(tmp_path, series, "date") == ["1900-01-15", dt.datetime(1990, 1, 15)]


def test_carried_through_column_keeps_each_value_type(tmp_path: Path) -> None:
    values = ["=SUM(A1)", 3, 2.5, dt.date(2024, 5, 1), True, None, "+86 138"]
    series = pd.Series(values, dtype=object)
    assert _write_one(tmp_path, series, "mixed") == [
        "=SUM(A1)", 3, 2.5, dt.datetime(2024, 5, 1), True, None, "+86 138",
    ]  # fmt: skip


@pytest.mark.parametrize("constant_memory", [True, False], ids=["streamed", "in-memory"])
def test_fast_formula_writer_writes_what_write_formula_writes(
    tmp_path: Path, constant_memory: bool
) -> None:
    formula = "=IF(B{row}>=最低分_1,等级_1,等级_2)"

    def sheet_xml(name: str, fast: bool) -> bytes:
        path = tmp_path / f"{name}.xlsx"
        book = Workbook(str(path), {"constant_memory": constant_memory})
        ws = book.add_worksheet()
        book.define_name("最低分_1", "=Sheet1!$Z$1")
        book.define_name("等级_1", "=Sheet1!$Z$2")
        book.define_name("等级_2", "=Sheet1!$Z$3")
        write = formula_writer(ws, formula)
        for r in range(1, 4):
            ws.write_number(r, 1, r * 40.0)
            if fast:
                write(r, 0, "VIP" if r > 2 else "铜牌会员", None)
            else:
                cached = "VIP" if r > 2 else "铜牌会员"
                ws.write_formula(r, 0, formula.format(row=r + 1), None, cached)
        book.close()
        with zipfile.ZipFile(path) as archive:
            return archive.read("xl/worksheets/sheet1.xml")

    assert sheet_xml("fast", True) == sheet_xml("slow", False)


def test_formula_column_cells_carry_their_computed_values(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    book = Workbook(str(path))
    ws = book.add_worksheet()
    styles = Styles(book, Rules().tiers)
    column = formula_column("两倍", "=B{row}*2", pd.Series([2.0, float("nan")]), None)
    write_table(ws, [column, number_column("值", pd.Series([1.0, 0.0]), None)], styles)
    book.close()
    formulas = openpyxl.load_workbook(path)["Sheet1"]
    cached = openpyxl.load_workbook(path, data_only=True)["Sheet1"]
    assert [formulas["A2"].value, formulas["A3"].value] == ["=B2*2", "=B3*2"]
    assert [cached["A2"].value, cached["A3"].value] == [2, 0]  # NaN is cached as 0


@pytest.mark.parametrize("constant_memory", [True, False], ids=["streamed", "in-memory"])
def test_direct_cell_records_are_what_the_public_writers_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, constant_memory: bool
) -> None:
    def sheet_xml(name: str) -> bytes:
        path = tmp_path / f"{name}.xlsx"
        book = Workbook(str(path), {"constant_memory": constant_memory})
        ws = book.add_worksheet()
        styles = Styles(book, Rules().tiers)
        columns = [
            table.text_column("客户ID", pd.Series(["C1", None, "=1+1"])),
            number_column("金额", pd.Series([1.5, float("nan"), 3.0]), styles["money"]),
            formula_column("两倍", "=B{row}*2", pd.Series([3.0, 0.0, 6.0]), styles["score"]),
            date_column(
                "日期", pd.Series(pd.to_datetime(["2024-01-02", None, "1899-01-01"])), styles
            ),
            mixed_column("备注", pd.Series(["x", 2, None], dtype=object), styles),
        ]
        write_table(ws, columns, styles, name="Data")
        book.close()
        with zipfile.ZipFile(path) as archive:
            return archive.read("xl/worksheets/sheet1.xml")

    # the cell loop (tables with links); whole columns are tests/test_report_sheet_rows.py's
    monkeypatch.setattr(sheet_rows, "can_write", lambda ws, columns: False)
    direct = sheet_xml("direct")
    monkeypatch.setattr(table, "_FAST_KINDS", {})
    assert same_numbers(direct) == same_numbers(sheet_xml("public"))


def same_numbers(xml: bytes) -> bytes:
    """Sheet XML with every cached number spelled one way: 3.0 and 3 are the same double."""
    return re.sub(rb"<v>(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)</v>", _shortest, xml)


def _shortest(match: re.Match[bytes]) -> bytes:
    return b"<v>" + repr(float(match.group(1))).encode() + b"</v>"


def test_wrapped_rows_are_as_tall_as_their_longest_text_needs() -> None:
    width = 21.5  # 20 display columns of text a line
    short, long_cjk, two_paragraphs = "一句话", "长" * 50, "第一段\n" + "x" * 45
    wrapped = table.text_column("分析", pd.Series([short, long_cjk, two_paragraphs, None]))
    wrapped.width, wrapped.wrap = width, True
    other = table.text_column("备注", pd.Series(["y" * 200] * 4))  # not wrapped: no say
    heights = table.row_heights([other, wrapped])
    # 50 CJK characters are 100 columns: 5 lines; "第一段" one line, 45 letters three
    assert heights is not None
    # NaN: the default height of a one-line row
    shown = [None if h != h else h for h in heights.tolist()]
    assert shown == [None, 5 * 15.0 + 3, 4 * 15.0 + 3, None]


def test_no_row_heights_when_every_wrapped_text_fits_one_line() -> None:
    wrapped = table.text_column("分析", pd.Series(["短", None, "ok"]))
    wrapped.wrap = True
    assert table.row_heights([wrapped]) is None


def test_links_beyond_excels_limit_keep_their_text(tmp_path: Path) -> None:
    """Excel keeps 65,530 links a sheet; the cells after them keep their text, unlinked."""
    count = table.MAX_LINKS + 5
    path = tmp_path / "links.xlsx"
    workbook = Workbook(str(path), {"constant_memory": True})
    styles = Styles(workbook, Rules().tiers)
    names = pd.Series([f"C{i:06d}" for i in range(count)], dtype=object)
    links: list[str | None] = [f"internal:'t'!A{i + 2}" for i in range(count)]
    column = table.link_column("客户", names, links, styles["link"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # XlsxWriter warns for each link it drops
        write_table(workbook.add_worksheet("t"), [column], styles)
        workbook.close()
    sheet = openpyxl.load_workbook(path)["t"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == names.tolist()
    linked = [c.hyperlink is not None for c in cells]
    assert linked == [True] * 65_530 + [False] * 5
