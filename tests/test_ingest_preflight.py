"""Files refused before (or by) the reader, each with its own message."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from custgrade.errors import InputFileError
from custgrade.ingest import read_workbook

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def refusal(path: Path) -> InputFileError:
    with pytest.raises(InputFileError) as caught:
        read_workbook(path)
    return caught.value


def test_missing_file(tmp_path: Path) -> None:
    error = refusal(tmp_path / "无此文件.xlsx")
    assert error.key == "file-not-found"
    assert error.render("zh") == (
        "找不到输入文件：无此文件.xlsx\n请检查文件名和所在文件夹是否正确（文件夹不能作为输入）。"
    )


def test_directory_is_named_a_folder_not_missing(tmp_path: Path) -> None:
    folder = tmp_path / "data.xlsx"
    folder.mkdir()
    assert refusal(folder).key == "input-is-folder"


@pytest.mark.parametrize("name", ["a.xlsx", "a.csv", "a.ods"])
def test_zero_bytes_is_empty_file(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    error = refusal(tmp_path / name)
    assert error.key == "empty-file"
    assert name in error.render("en")


@pytest.mark.parametrize("name", ["a.xltx", "a.txt", "a.numbers", "noext"])
def test_unsupported_extension_lists_accepted_formats(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"id,name\n1,a\n")
    error = refusal(tmp_path / name)
    assert error.key == "unsupported-format"
    assert ".xlsx .xlsm .xls .ods .xlsb .csv" in error.render("zh")


@pytest.mark.parametrize("name", ["~$客户.xlsx", ".~lock.客户.xlsx#"])
def test_lock_files_are_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"owner")
    assert refusal(tmp_path / name).key == "lock-file"


def test_encrypted_ooxml_says_password_not_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "加密.xlsx"
    path.write_bytes(OLE_MAGIC + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64)
    error = refusal(path)
    assert error.key == "encrypted"
    zh, en = error.render("zh"), error.render("en")
    assert zh == (
        "工作簿设有打开密码（已加密），无法读取：加密.xlsx\n"
        "请在 Excel 中打开它，点击 文件 → 信息 → 保护工作簿 → 用密码进行加密，"
        "清空密码并保存，然后再试。"
    )
    assert "损坏" not in zh and "corrupt" not in en.lower() and "zip" not in en.lower()


def test_text_named_xls_is_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "t.xls"
    path.write_bytes(b"Attachment: this is a text file, not a workbook")
    assert refusal(path).key == "text-not-workbook"


def test_binary_named_xls_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "t.xls"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(32)) * 8)
    assert refusal(path).key == "not-a-spreadsheet"


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"<!DOCTYPE html><html><body><table></table></body></html>", "html-as-xls"),
        ("\ufeff<html><table><tr><td>客户</td></tr></table>".encode(), "html-as-xls"),
        (b'<?xml version="1.0"?>\n<table border="1"><tr><td>1</td></tr></table>', "html-as-xls"),
        (
            b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
            "xml-spreadsheet",
        ),
    ],
    ids=["doctype", "bom-html", "xml-declared-table", "excel-2003-xml"],
)
def test_web_pages_and_xml_saved_as_xls(tmp_path: Path, content: bytes, key: str) -> None:
    path = tmp_path / "导出.xls"
    path.write_bytes(content)
    assert refusal(path).key == key


def test_bare_biff4_is_too_old(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\x09\x04\x06\x00\x00\x00\x10\x00" + b"\0" * 100)
    assert refusal(path).key == "too-old-format"


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01\x02binary pretending", b"PK\x03\x04broken zip"],
    ids=["not-a-zip", "truncated-zip"],
)
def test_broken_xlsx_is_damaged(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "坏.xlsx"
    path.write_bytes(content)
    error = refusal(path)
    assert error.key == "damaged"
    assert "坏.xlsx" in error.render("zh")


def test_zip_without_workbook_parts_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "null.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("null_file.xlsx", b"")
    assert refusal(path).key == "damaged"


def test_xlsx_saved_with_xls_name_is_read_by_content(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["客户ID", "客户姓名"])
    sheet.write_row(1, 0, ["C1", "甲"])
    book.close()
    assert read_workbook(path).customers.frame["name"].tolist() == ["甲"]
