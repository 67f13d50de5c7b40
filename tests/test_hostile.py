"""No file takes the process down: hostile and odd files, each built here in tmp_path.

Each case runs the real command in a child process (``python -m custgrade
run``), so a native reader that aborts fails the test instead of the test
run, and the child's own peak memory and time are measured with wait4.
The bounds are bounds of safety (60 s, 2 GB), not benchmarks.  Each case
also checks the outcome, the message, that the input is untouched and that
nothing but the graded workbook appears beside it.
"""

from __future__ import annotations

import hashlib
import os
import resource
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
import xlsxwriter

from custgrade.errors import InputFileError
from custgrade.ingest import guard, package, read_workbook
from tests.conftest import CUSTOMERS, write_xlsx

SECONDS = 60.0
MEMORY = 2 << 30
_SAFETY_NET = 6 << 30  # the child may not map more: a runaway never takes the machine

HEADER = ["客户编号", "客户名称", "手机号"]
ROWS = [[f"C{i:03d}", f"客户{i}", f"1380013{i:04d}"] for i in range(1, 21)]


@dataclass
class Run:
    """What one child run of ``custgrade run`` did."""

    code: int
    output: str
    seconds: float
    peak_bytes: int


def run_child(path: Path, *args: str) -> Run:
    """``python -m custgrade run path`` in a child; its own peak RSS from wait4."""
    out = path.parent.parent / f"{path.name}.out"
    start = time.perf_counter()
    with out.open("wb") as sink:
        child = subprocess.Popen(
            [sys.executable, "-m", "custgrade", "run", str(path), *args],
            stdout=sink,
            stderr=subprocess.STDOUT,
            preexec_fn=_safety_net,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        killer = threading.Timer(SECONDS * 2, child.kill)
        killer.start()
        _, status, usage = os.wait4(child.pid, 0)
        killer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    text = out.read_bytes().decode("utf-8", "replace")
    out.unlink()
    return Run(child.returncode, text, seconds, usage.ru_maxrss * 1024)


def _safety_net() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_SAFETY_NET, _SAFETY_NET))


def fingerprint(path: Path) -> tuple[int, str]:
    if path.is_dir():
        return path.stat().st_mtime_ns, "folder"
    return path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()


def check_run(path: Path, *, graded: bool, message: str = "") -> Run:
    """Run the command on ``path`` and assert the safety properties of every case."""
    before = fingerprint(path)
    folder = path.parent
    result = run_child(path)
    assert result.code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert result.seconds < SECONDS and result.peak_bytes < MEMORY
    assert fingerprint(path) == before
    output = folder / f"{path.stem}_评级.xlsx"
    if graded:
        assert result.code == 0, result.output
        assert sorted(folder.iterdir()) == sorted([path, output])
    else:
        assert result.code == 1
        assert sorted(folder.iterdir()) == [path]
        assert result.output.startswith("错误: ")
        assert message in result.output
    return result


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


# -- raw zip packages, written byte by byte so their headers can lie -----------------


@dataclass
class Member:
    name: str
    data: bytes  # raw deflate stream
    crc: int
    size: int  # the uncompressed size the headers declare


def deflated(name: str, content: bytes) -> Member:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    data = compressor.compress(content) + compressor.flush()
    return Member(name, data, zlib.crc32(content), len(content))


CELLS = b'<row r="1"><c r="A1"><v>1</v></c></row>'
PADDING = b" "


def bomb(name: str, gigabytes: float, unit: bytes = CELLS) -> Member:
    """A member inflating to ``gigabytes`` of ``unit``: one 1 MiB block, deflated once.

    After a full flush the compressor starts afresh, so every copy of the
    block deflates to the same 3 kB and the member costs nothing to build.
    """
    block = (unit * (1 << 20))[: 1 << 20]
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    piece = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    copies = int(gigabytes * 1024)
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = start + piece * copies + compressor.flush()
    return Member(name, data, 0, (len(head) + copies * len(block)) & 0xFFFFFFFF)


def write_zip(path: Path, members: list[Member]) -> Path:
    local, central = bytearray(), bytearray()
    for m in members:
        name = m.name.encode()
        fields = (20, 0, 8, 0, 0x21, m.crc, len(m.data), m.size, len(name), 0)
        central += struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, len(local))
        central += name
        local += struct.pack("<4s5H3I2H", b"PK\x03\x04", *fields) + name + m.data
    end = struct.pack(
        "<4s4H2IH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(local), 0
    )
    path.write_bytes(bytes(local + central + end))
    return path


def minimal_xlsx(folder: Path, sheet: Member, extra: list[Member] | None = None) -> list[Member]:
    """The members of a small XlsxWriter workbook, its sheet replaced by ``sheet``."""
    source = write_xlsx(folder.parent / "template.xlsx", {"客户": [HEADER, *ROWS]})
    with zipfile.ZipFile(source) as archive:
        parts = [
            deflated(i.filename, archive.read(i))
            for i in archive.infolist()
            if i.filename != "xl/worksheets/sheet1.xml"
        ]
    source.unlink()
    return [*parts, sheet, *(extra or [])]


# -- the cases ----------------------------------------------------------------------


def test_stray_cell_at_xfd1048576_is_trimmed_and_graded(inbox: Path) -> None:
    path = inbox / "远处单元格.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("客户")
    for r, row in enumerate([HEADER, *ROWS]):
        sheet.write_row(r, 0, row)
    sheet.write(1048575, 16383, "x")
    book.close()
    check_run(path, graded=True)
    book_read = read_workbook(path)
    assert book_read.customers.frame.shape == (20, 3)
    notes = book_read.issues[book_read.issues["code"] == "stray-cells"]
    assert notes[["sheet", "row", "value"]].values.tolist() == [["客户", 1048576, "XFD1048576"]]


def test_many_far_cells_are_refused_naming_a_cell(inbox: Path) -> None:
    path = inbox / "很宽.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("客户")
    for r, row in enumerate([HEADER, *ROWS]):
        sheet.write_row(r, 0, row)
    for r in range(200):  # too many to be strays: somebody's data lives out there
        sheet.write(1048375 + r, 16383, r)
    book.close()
    result = check_run(path, graded=False, message="单元格 XFD1048376 远离数据区域")
    assert "请在 Excel 中选中数据区域右侧和下方多余的行和列" in result.output


def test_declared_dimension_alone_does_not_matter(inbox: Path) -> None:
    xml = _sheet_xml(b'<dimension ref="A1:XFD1048576"/>')
    check_run(
        write_zip(inbox / "假尺寸.xlsx", minimal_xlsx(inbox, deflated(_SHEET, xml))), graded=True
    )


def test_sheet_inflating_to_gigabytes_of_cells_is_refused_while_inflating(inbox: Path) -> None:
    path = write_zip(inbox / "炸弹.xlsx", minimal_xlsx(inbox, bomb(_SHEET, 3)))
    assert path.stat().st_size < 20_000_000
    check_run(path, graded=False, message="超过可处理的上限 17,000,000：炸弹.xlsx")


def test_sheet_inflating_to_gigabytes_of_padding_is_refused(inbox: Path) -> None:
    path = write_zip(inbox / "填充.xlsx", minimal_xlsx(inbox, bomb(_SHEET, 3, PADDING)))
    check_run(path, graded=False, message="文件解压后超过 1 GB")


def test_zip_headers_that_understate_the_size_are_measured(inbox: Path) -> None:
    member = bomb(_SHEET, 1.5, PADDING)
    member.size = 4096  # the headers claim 4 kB
    path = write_zip(inbox / "谎报.xlsx", minimal_xlsx(inbox, member))
    check_run(path, graded=False, message="文件解压后超过 1 GB")


def test_zip_sizes_that_disagree_with_the_data_are_damaged(inbox: Path) -> None:
    member = deflated(_SHEET, _sheet_xml())
    member.size += 10
    path = write_zip(inbox / "尺寸不符.xlsx", minimal_xlsx(inbox, member))
    check_run(path, graded=False, message="文件已损坏或不完整")


def test_shared_string_count_that_lies_is_damaged(inbox: Path) -> None:
    sst = deflated(
        "xl/sharedStrings.xml",
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'count="1" uniqueCount="999999999999"><si><t>x</t></si></sst>',
    )
    members = [
        m for m in minimal_xlsx(inbox, deflated(_SHEET, _sheet_xml())) if "shared" not in m.name
    ]
    check_run(write_zip(inbox / "共享字符串.xlsx", [*members, sst]), graded=False, message="已损坏")


def test_cell_beyond_excel_rows_is_damaged(inbox: Path) -> None:
    xml = _sheet_xml(rows=b'<row r="2"><c r="A99999999" t="inlineStr"><is><t>x</t></is></c></row>')
    path = write_zip(inbox / "超出行数.xlsx", minimal_xlsx(inbox, deflated(_SHEET, xml)))
    check_run(path, graded=False, message="文件已损坏或不完整")


def test_text_file_named_xlsx(inbox: Path) -> None:
    path = inbox / "客户.xlsx"
    path.write_text("客户编号,客户名称\nC1,张三\n", encoding="utf-8")
    check_run(path, graded=False, message="这是一个文本文件，不是 Excel 工作簿：客户.xlsx")


def test_web_page_saved_as_xls(inbox: Path) -> None:
    path = inbox / "导出.xls"
    page = '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="gbk">'
    path.write_bytes((page + "<table><tr><td>客户编号</td></tr></table></html>").encode("gbk"))
    check_run(path, graded=False, message="这是保存成 .xls 的网页（HTML），不是 Excel 工作簿")


def test_folder_given_as_input(inbox: Path) -> None:
    folder = inbox / "客户资料"
    folder.mkdir()
    result = run_child(folder)
    assert result.code == 1
    assert result.output.startswith("错误: 输入的是一个文件夹，不是文件：客户资料")
    assert sorted(inbox.iterdir()) == [folder] and not any(folder.iterdir())


def test_csv_with_a_2_mb_cell_is_read(inbox: Path) -> None:
    path = inbox / "长备注.csv"
    note = "很长的备注" * 420_000  # 2.1 million characters
    path.write_text(f"客户编号,客户名称,备注\nC1,张三,{note}\nC2,李四,短\n", encoding="utf-8")
    check_run(path, graded=True)


def test_csv_with_nul_bytes_is_read(inbox: Path) -> None:
    path = inbox / "空字节.csv"
    path.write_bytes("客户编号,客户名称\nC1,张\x00三\nC2,李四\n".encode())
    check_run(path, graded=True)
    assert read_workbook(path).customers.frame["name"].tolist() == ["张三", "李四"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_csv_with_or_without_bom(inbox: Path, encoding: str) -> None:
    path = inbox / f"{encoding}.csv"
    path.write_bytes("客户编号\t客户名称\nC1\t张三\nC2\t李四\n".encode(encoding))
    check_run(path, graded=True)
    assert read_workbook(path).customers.frame["name"].tolist() == ["张三", "李四"]


def test_binary_named_csv(inbox: Path) -> None:
    path = inbox / "图片.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    check_run(path, graded=False, message="这个 .csv 文件里不是文本，而是二进制数据：图片.csv")


def test_workbook_renamed_csv_is_read_by_content(inbox: Path) -> None:
    path = write_xlsx(inbox / "其实是表格.csv", {"客户": [HEADER, *ROWS]})
    check_run(path, graded=True)


def test_graded_result_fed_back(inbox: Path, tmp_path: Path) -> None:
    from custgrade import __version__, grade_workbook

    source = write_xlsx(tmp_path / "原始.xlsx", {"客户信息": CUSTOMERS})
    result = grade_workbook(source, inbox / "原始_评级.xlsx")
    message = f"这是 custgrade 生成的评级结果（版本 {__version__}），不是客户表：原始_评级.xlsx"
    check_run(result.output_path, graded=False, message=message)


# -- exact texts, in process ------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "params", "zh", "en"),
    [
        (
            "text-not-workbook",
            {"file": "a.xlsx"},
            "这是一个文本文件，不是 Excel 工作簿：a.xlsx\n"
            "如果它是 CSV，请把扩展名改为 .csv 后再试。",
            "This is a text file, not an Excel workbook: a.xlsx\n"
            "If it is CSV, rename it to .csv and try again.",
        ),
        (
            "html-as-xls",
            {"file": "a.xls", "ext": ".xls"},
            "这是保存成 .xls 的网页（HTML），不是 Excel 工作簿：a.xls\n"
            "请在 Excel 中打开它，另存为 .xlsx 后再试。",
            "This is a web page (HTML) saved as .xls, not an Excel workbook: a.xls\n"
            "Open it in Excel, save it as .xlsx, and try again.",
        ),
        (
            "graded-result",
            {"file": "a_评级.xlsx", "version": "0.1.0"},
            "这是 custgrade 生成的评级结果（版本 0.1.0），不是客户表：a_评级.xlsx\n"
            "请对原始客户表运行，不要把评级结果再次评级。",
            "This is a graded result made by custgrade (version 0.1.0), not a customer list: "
            "a_评级.xlsx\nRun it on the original customer spreadsheet, not on a graded result.",
        ),
        (
            "input-is-folder",
            {"file": "资料"},
            "输入的是一个文件夹，不是文件：资料\n"
            "请指定文件夹里的一个工作簿（例如 资料/客户导出.xlsx）；"
            "要自动处理整个文件夹，请使用 custgrade watch。",
            "The input is a folder, not a file: 资料\n"
            "Name one workbook inside it (for example 资料/customers.xlsx); "
            "to process a whole folder, use custgrade watch.",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 20 else "",
)
def test_messages_in_both_languages(key: str, params: dict[str, str], zh: str, en: str) -> None:
    error = InputFileError(key, **params)
    assert (error.render("zh"), error.render("en")) == (zh, en)


def test_too_many_cells_names_the_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package, "CELL_LIMIT", 50)
    path = write_xlsx(tmp_path / "多.xlsx", {"客户": [HEADER, *ROWS]})
    with pytest.raises(InputFileError) as caught:
        read_workbook(path)
    assert caught.value.render("en") == (
        'Sheet "客户" holds > 50 cells, more than the 50 that can be processed: 多.xlsx\n'
        "Delete the columns you do not need, or split the data into several files."
    )


@pytest.mark.parametrize(
    ("child", "key"),
    [
        ("import os; os.abort()", "reader-out-of-memory"),
        ("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)", "reader-crashed"),
        ("import time; time.sleep(5)", "reader-timeout"),
    ],
)
def test_a_dying_binary_reader_becomes_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child: str, key: str
) -> None:
    monkeypatch.setattr(guard, "CHILD", child)
    monkeypatch.setattr(guard, "TIMEOUT_SECONDS", 1.0)
    path = tmp_path / "旧.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(InputFileError) as caught:
        read_workbook(path)
    assert caught.value.key == key
    assert "旧.xls" in caught.value.render("zh")


_SHEET = "xl/worksheets/sheet1.xml"


def _sheet_xml(head: bytes = b"", rows: bytes = b"") -> bytes:
    cells = b"".join(
        b'<row r="%d">' % (r + 1)
        + b"".join(
            b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>'
            % (b"ABC"[c : c + 1], r + 1, str(v).encode())
            for c, v in enumerate(row)
        )
        + b"</row>"
        for r, row in enumerate([HEADER, *ROWS])
    )
    return (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + head
        + b"<sheetData>"
        + cells
        + rows
        + b"</sheetData></worksheet>"
    )
