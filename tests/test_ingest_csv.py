"""Reading CSV files: encodings, delimiters, line endings, ragged records."""

from __future__ import annotations

from pathlib import Path

import pytest

from custgrade.errors import NOTE, InputFileError, IssueCode
from custgrade.ingest import read_workbook

TEXT = "客户ID,客户姓名,备注\r\n0123,张三,老客户\r\n0456,李四,\r\n"


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"], ids=lambda e: e
)
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "客户.csv"
    path.write_bytes(TEXT.encode(encoding))
    table = read_workbook(path).customers
    assert table.sheet_name == "客户"
    assert table.headers["customer_id"] == "客户ID"
    assert table.frame.to_numpy().tolist() == [["0123", "张三", "老客户"], ["0456", "李四", None]]


def test_undecodable_bytes_give_unknown_encoding(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"id,name\n1,caf\xe9\xff\n")
    with pytest.raises(InputFileError) as caught:
        read_workbook(path)
    assert caught.value.key == "unknown-encoding"
    assert caught.value.render("en") == (
        "The text encoding of the CSV file is not recognised (neither UTF-8 nor GBK/GB18030): "
        'x.csv\nSave it in Excel as "CSV UTF-8 (Comma delimited)" or as .xlsx, and try again.'
    )


@pytest.mark.parametrize(
    "delimiter", [",", ";", "\t", "|"], ids=["comma", "semicolon", "tab", "pipe"]
)
def test_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "d.csv"
    lines = ["id|name|address", '007|王五|"北京市, 朝阳区"', '008|赵六|"上海市; 浦东"']
    path.write_text("\n".join(line.replace("|", delimiter) for line in lines), encoding="utf-8")
    frame = read_workbook(path).customers.frame
    assert frame.to_numpy().tolist() == [
        ["007", "王五", "北京市, 朝阳区"],
        ["008", "赵六", "上海市; 浦东"],
    ]


def test_classic_mac_line_endings_and_quoted_newlines(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(b'id,name,notes\r1,a,"Once upon\ra time"\r2,b,"x\r\ny"\r')
    table = read_workbook(path).customers
    assert table.frame["notes"].tolist() == ["Once upon\ra time", "x\r\ny"]
    assert table.excel_rows.tolist() == [2, 3]


def test_nul_bytes_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    path.write_bytes(b"id,name\n1\x00,a\x00b\n")
    assert read_workbook(path).customers.frame.to_numpy().tolist() == [["1", "ab"]]


def test_ragged_rows_are_kept_padded_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id,name,city\n1,a,x\n2,b,y,extra\n3\n", encoding="utf-8")
    book = read_workbook(path)
    frame = book.customers.frame
    assert list(frame.columns) == ["customer_id", "name", "region", "列D"]
    assert frame.to_numpy().tolist() == [
        ["1", "a", "x", None],
        ["2", "b", "y", "extra"],
        ["3", None, None, None],
    ]
    assert book.issues is not None
    assert book.issues[["row", "value", "code", "kind"]].values.tolist() == [
        [3, "2, b, y, extra", IssueCode.RAGGED_ROW.value, NOTE],
        [4, "3", IssueCode.RAGGED_ROW.value, NOTE],
    ]


def test_comment_line_and_blank_lines_above_header(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("# exported from shop\n\nid,name\n1,a\n\n2,b\n", encoding="utf-8")
    table = read_workbook(path).customers
    assert table.header_row == 3
    assert table.excel_rows.tolist() == [4, 6]


def test_total_row_in_csv_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("客户ID,客户姓名,消费总额\nC1,甲,10\n,合计,10\n", encoding="utf-8")
    book = read_workbook(path)
    assert book.customers.frame["customer_id"].tolist() == ["C1"]
    assert book.issues is not None
    assert book.issues["code"].tolist() == ["total-row"]
