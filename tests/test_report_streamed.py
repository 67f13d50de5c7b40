"""Packing a streamed workbook: ISA-L's deflate in a standard zip, zlib where isal is missing."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from custgrade.report import streamed


def sheet_like(path: Path, rows: int = 60_000) -> bytes:
    """Bytes like a sheet's XML, more than one copy chunk of them."""
    draw = random.Random(7)
    data = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>C{draw.randrange(10**6):06d}</t></is></c>'
        f'<c r="B{r}"><v>{draw.random() * 1000:.2f}</v></c></row>'
        for r in range(1, rows + 1)
    ).encode()
    assert len(data) > streamed.CHUNK
    path.write_bytes(data)
    return data


def pack(source: Path, target: Path) -> zipfile.ZipInfo:
    with streamed.FastZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.write(source, "xl/worksheets/sheet1.xml")
        archive.writestr("[Content_Types].xml", "<Types/>")
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None  # every CRC checks
        return archive.getinfo("xl/worksheets/sheet1.xml")


def test_a_packed_sheet_reads_back_byte_for_byte(tmp_path: Path) -> None:
    data = sheet_like(tmp_path / "sheet1.xml")
    member = pack(tmp_path / "sheet1.xml", tmp_path / "book.xlsx")
    assert member.compress_type == zipfile.ZIP_DEFLATED
    assert member.file_size == len(data) and member.compress_size < len(data) / 3
    with zipfile.ZipFile(tmp_path / "book.xlsx") as archive:
        assert archive.read("xl/worksheets/sheet1.xml") == data


def test_isal_does_the_deflating_when_installed(tmp_path: Path) -> None:
    pytest.importorskip("isal", reason="isal is not installed on this platform")
    data = sheet_like(tmp_path / "sheet1.xml")
    member = pack(tmp_path / "sheet1.xml", tmp_path / "book.xlsx")
    with zipfile.ZipFile(tmp_path / "zlib.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("sheet1.xml", data)
        by_zlib = z.getinfo("sheet1.xml").compress_size
    assert member.compress_size != by_zlib  # another encoder made this stream


def test_without_isal_zlib_packs_the_same_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streamed, "ISAL", None)
    data = sheet_like(tmp_path / "sheet1.xml")
    member = pack(tmp_path / "sheet1.xml", tmp_path / "book.xlsx")
    with zipfile.ZipFile(tmp_path / "zlib.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("sheet1.xml", data)
        assert member.compress_size == z.getinfo("sheet1.xml").compress_size
    with zipfile.ZipFile(tmp_path / "book.xlsx") as archive:
        assert archive.read("xl/worksheets/sheet1.xml") == data
