"""Packing a streamed workbook: ISA-L's deflate in a standard zip, zlib where isal is missing."""

from __future__ import annotations

import random
import re
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


SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "客户导出_CRM.xlsx"


def streamed_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, int]:
    """The sample's result written as a streamed workbook, its temporary files kept in tmp."""
    import tempfile

    from custgrade import grade_workbook
    from custgrade.report import workbook

    result = grade_workbook(SAMPLE, write=False)
    monkeypatch.setattr(workbook, "TABLE_LIMIT", 0)
    (tmp_path / "temp").mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    target = tmp_path / "streamed.xlsx"
    workbook.write_workbook(result, target)
    return target, len(result.customers)


@pytest.mark.parametrize("isal", [True, False], ids=["isal", "zlib"])
def test_the_rows_of_a_streamed_sheet_are_packed_at_their_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isal: bool
) -> None:
    if not isal:
        monkeypatch.setattr(streamed, "ISAL", None)
    target, customers = streamed_workbook(tmp_path, monkeypatch)
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        xml = archive.read("xl/worksheets/sheet2.xml")
    # the rows sit inside <sheetData>, before what XlsxWriter writes after it
    head, rows, tail = re.split(rb"</?sheetData>", xml)
    assert rows.count(b"<row ") == customers + 1  # and the header
    assert b"<row " not in head + tail and b"<autoFilter" in tail
    assert list((tmp_path / "temp").iterdir()) == []  # no row file left behind


def test_a_workbook_that_fails_while_packed_leaves_no_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from custgrade.errors import OutputError

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(streamed.FastZipFile, "write", fail)
    with pytest.raises(OutputError):
        streamed_workbook(tmp_path, monkeypatch)
    assert not streamed._SPLICES
    assert [p for p in (tmp_path / "temp").iterdir()] == []
    assert [p.name for p in tmp_path.iterdir()] == ["temp"]


def customer_sheets(path: Path) -> dict[str, bytes]:
    """The per-customer sheets' XML (sheet2 … sheet5), inflated."""
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None  # every CRC checks, the combined ones too
        return {f"sheet{n}": archive.read(f"xl/worksheets/sheet{n}.xml") for n in range(2, 6)}


def test_rows_deflated_as_they_are_written_pack_the_same_sheets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("isal", reason="isal is not installed on this platform")
    appended: list[tuple[int, int]] = []
    append = streamed._append_deflated

    def spy(target: object, rows: str, deflated: streamed.DeflatedRows, level: int) -> None:
        appended.append((Path(rows).stat().st_size, deflated.size))
        append(target, rows, deflated, level)  # type: ignore[arg-type]

    monkeypatch.setattr(streamed, "_append_deflated", spy)
    as_written, _ = streamed_workbook(tmp_path / "a", monkeypatch)
    # every sheet's rows (概览 … 运行信息) were deflated while they were written
    assert len(appended) == 8
    assert all(on_disk < size / 3 for on_disk, size in appended)

    monkeypatch.setattr(streamed, "can_deflate_rows", lambda: False)
    at_close, _ = streamed_workbook(tmp_path / "b", monkeypatch)
    assert customer_sheets(as_written) == customer_sheets(at_close)


def test_deflated_rows_are_inflated_into_a_member_zipfile_writes_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("isal", reason="isal is not installed on this platform")
    plain, _ = streamed_workbook(tmp_path / "a", monkeypatch)
    # a zipfile whose member writer has changed: the rows go through its own write
    monkeypatch.setattr(streamed, "_WRITER_PARTS", ("_no_such_part",))
    inflated, _ = streamed_workbook(tmp_path / "b", monkeypatch)
    assert customer_sheets(inflated) == customer_sheets(plain)
    assert list((tmp_path / "b" / "temp").iterdir()) == []


def test_a_row_file_that_cannot_be_closed_does_not_hide_why_writing_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("isal", reason="isal is not installed on this platform")
    from custgrade.report import workbook

    def full_disk(self: streamed.DeflatedRows) -> None:
        raise OSError(28, "No space left on device")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("分析报告 failed")

    monkeypatch.setattr(streamed.DeflatedRows, "close", full_disk)
    monkeypatch.setattr(workbook, "write_analysis", broken)
    with pytest.raises(RuntimeError, match="分析报告 failed"):
        streamed_workbook(tmp_path, monkeypatch)
    assert [p.name for p in tmp_path.iterdir()] == ["temp"]
