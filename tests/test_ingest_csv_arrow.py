"""CSV records parsed by Arrow are exactly the records the csv module reads.

Arrow parses a regular CSV file into text columns; a file it would read
differently (ragged records, a CR inside an unquoted field, one field per
record) goes to the csv module.  Each case is compared with the csv
module's own records of the same text, so the two readers can never drift.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from custgrade.ingest import csvfile, read_workbook
from custgrade.ingest.csvfile import read_csv_sheet
from custgrade.ingest.raw import TextColumns


def csv_module_records(text: str, delimiter: str = ",") -> list[list[str]]:
    """What Python's csv module reads from the text, short records padded with empty cells."""
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    width = max(len(r) for r in records)
    return [r + [""] * (width - len(r)) for r in records]


REGULAR = {
    "quote inside unquoted field": 'a,b\nx"y,z\n',
    "text after closing quote": 'a,b\n"ab"c,d\n',
    "doubled quote": 'a,b\n"a""b",c\n',
    "LF inside quotes": 'a,b\n"l1\nl2",c\n',
    "CRLF inside quotes": 'a,b\r\n"l1\r\nl2",c\r\n',
    "CR line ends": "a,b\rx,y\r",
    "no final line break": "a,b\nx,y",
    "spaces kept": "a,b\n  x , y \n",
    "space before quote": 'a,b\n "x",y\n',
    "empty quoted field": 'a,b\n"",y\n',
    "empty last field": "a,b\nx,\n",
    "blank line": "a,b\n\nx,y\n",
    "unterminated quote at the end": 'a,b\nx,"y\nz,w\n',
    "backslash": "a,b\nx\\,y\n",
    "semicolons": "a;b\n1,5;2\n",
}

TO_CSV_MODULE = {
    "ragged record": "a,b,c\nx,y\nx,y,z,w\n",
    "CR inside an unquoted field": "a,b\nx\ry,z\n",
    "one field per record": "a\n\nx\n",
    "unterminated quote in the first field": 'a,b\n"x,y\n',
}


@pytest.mark.parametrize("text", REGULAR.values(), ids=REGULAR.keys())
def test_regular_records_are_parsed_by_arrow_as_the_csv_module_reads_them(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "客户.csv"
    path.write_text(text, encoding="utf-8", newline="")
    sheet = read_csv_sheet(path)
    assert isinstance(sheet.rows, TextColumns)
    assert sheet.field_counts is None
    delimiter = ";" if ";" in text.splitlines()[0] else ","
    assert list(sheet.rows) == csv_module_records(text, delimiter)


@pytest.mark.parametrize("text", TO_CSV_MODULE.values(), ids=TO_CSV_MODULE.keys())
def test_records_arrow_reads_otherwise_go_to_the_csv_module(tmp_path: Path, text: str) -> None:
    path = tmp_path / "客户.csv"
    path.write_text(text, encoding="utf-8", newline="")
    sheet = read_csv_sheet(path)
    assert isinstance(sheet.rows, list)
    assert sheet.rows == csv_module_records(text)
    counts = [len(r) for r in csv.reader(io.StringIO(text, newline=""))]
    assert sheet.field_counts == counts


def test_a_record_larger_than_a_block_goes_to_the_csv_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csvfile, "_BLOCK", 4096)
    text = "客户ID,备注\nC1,短\nC2," + "长" * 5000 + "\nC3,短\n"
    path = tmp_path / "客户.csv"
    path.write_text(text, encoding="utf-8")
    sheet = read_csv_sheet(path)
    assert isinstance(sheet.rows, list)
    assert sheet.rows == csv_module_records(text)
    assert sheet.rows[2][1] == "长" * 5000


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_text_is_made_utf8_for_arrow_without_bom_or_nul(tmp_path: Path, encoding: str) -> None:
    text = "客户ID,姓名\r\nC1,張三\x00丰\r\nC2,𠀀李\r\n"
    path = tmp_path / "客户.csv"
    path.write_bytes(text.encode(encoding))
    sheet = read_csv_sheet(path)
    assert isinstance(sheet.rows, TextColumns)
    assert list(sheet.rows) == [["客户ID", "姓名"], ["C1", "張三丰"], ["C2", "𠀀李"]]


def _customers_csv(rows: int) -> str:
    """A customer list with repeated and distinct columns, blank rows and an empty column."""
    lines = ["客户ID,客户姓名,城市,,备注,注册日期"]
    for i in range(rows):
        if i % 97 == 5:
            lines.append(",,,,,")  # a blank row: dropped, its row number skipped
            continue
        city = ["北京", "上海", "", "广州"][i % 4]
        note = f'"备注,{i}"' if i % 11 == 0 else ""
        lines.append(f"C{i:05d},客户{i},{city},,{note},2024-0{1 + i % 9}-1{i % 10}")
    return "\n".join(lines) + "\n"


def test_table_from_arrow_columns_equals_table_from_csv_module_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "客户.csv"
    path.write_text(_customers_csv(3000), encoding="gb18030")
    # small blocks: the columns arrive in many chunks, as a large file's do
    monkeypatch.setattr(csvfile, "_BLOCK", 4096)
    via_arrow = read_workbook(path)
    assert isinstance(read_csv_sheet(path).rows, TextColumns)
    monkeypatch.setattr(csvfile, "_arrow_records", lambda data: None)
    via_csv = read_workbook(path)
    assert via_arrow.customers is not None and via_csv.customers is not None
    pd.testing.assert_frame_equal(via_arrow.customers.frame, via_csv.customers.frame)
    pd.testing.assert_series_equal(via_arrow.customers.excel_rows, via_csv.customers.excel_rows)
    assert via_arrow.customers.mapping == via_csv.customers.mapping
    frame = via_arrow.customers.frame
    assert all(dtype == "object" for dtype in frame.dtypes)
    assert len(frame.columns) == 5  # the column with neither header nor data is dropped
    assert frame["region"].tolist()[:4] == ["北京", "上海", None, "广州"]
    assert frame["notes"].iloc[0] == "备注,0" and frame["notes"].iloc[1] is None
    assert 7 not in via_arrow.customers.excel_rows.tolist()  # the blank record at row 7
