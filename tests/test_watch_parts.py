"""The pieces of the watched folder one at a time: names, ignoring, stability, log, moves, CLI."""

from __future__ import annotations

import io
import zipfile

import pytest
from click.testing import CliRunner

from custgrade.watch.cli import watch_command
from custgrade.watch.folders import explanation_name, name_key, numbered, result_name
from custgrade.watch.ignore import is_ignored, is_open_in_editor
from custgrade.watch.log import NotepadRotatingHandler
from custgrade.watch.moves import move_no_clobber, move_to_free_name
from custgrade.watch.stable import Readiness, StabilityTracker
from tests.test_watch import drop, names

# --- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "lang", "number", "expected"),
    [
        ("客户导出.xlsx", "zh", 1, "客户导出_评级.xlsx"),
        ("客户导出.csv", "zh", 2, "客户导出_评级 (2).xlsx"),
        ("customers.xlsx", "en", 1, "customers_graded.xlsx"),
        ("customers.ods", "en", 3, "customers_graded (3).xlsx"),
    ],
)
def test_result_names(name, lang, number, expected):
    assert result_name(name, lang, number) == expected


def test_numbered_explanation_and_key():
    assert numbered("客户.xlsx", 1) == "客户.xlsx"
    assert numbered("客户.xlsx", 2) == "客户 (2).xlsx"
    assert explanation_name("客户 (2).xlsx", "zh") == "客户 (2).错误说明.txt"
    assert explanation_name("customers.csv", "en") == "customers.error.txt"
    assert name_key("Kunden.XLSX") == name_key("kunden.csv") == "kunden"


# --- what is ignored -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "~$客户导出.xlsx",  # Excel owner file
        ".~lock.客户导出.xlsx#",  # LibreOffice lock
        ".DS_Store",
        "._客户导出.xlsx",  # macOS resource fork on a share
        "~WRL0001.tmp",
        "客户导出.xlsx.crdownload",
        "客户导出.xlsx.part",
        "Thumbs.db",
        "desktop.ini",
        "3A8F21C0",  # Excel's temporary file while saving
        "客户导出.xlsx~",
    ],
)
def test_lock_hidden_and_temporary_files_are_ignored(tmp_path, name):
    assert is_ignored(tmp_path / name)


@pytest.mark.parametrize(
    "name", ["客户导出.xlsx", "华东🎉客户.csv", "README.txt", "2025 销售.xls", "说明.pdf"]
)
def test_files_people_drop_are_not_ignored(tmp_path, name):
    assert not is_ignored(tmp_path / name)


def test_a_workbook_open_in_excel_or_libreoffice_is_seen(tmp_path):
    book = tmp_path / "客户导出.xlsx"
    book.write_bytes(b"PK")
    assert not is_open_in_editor(book)
    (tmp_path / "~$客户导出.xlsx").write_bytes(b"owner")
    assert is_open_in_editor(book)
    (tmp_path / "~$客户导出.xlsx").unlink()
    (tmp_path / ".~lock.客户导出.xlsx#").write_text("lock")
    assert is_open_in_editor(book)


# --- when a file is complete -----------------------------------------------------------------


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def whole_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook/>" * 200)
    return buffer.getvalue()


def test_a_file_is_ready_once_unchanged_for_the_settle_time(tmp_path):
    clock, path = Clock(), tmp_path / "客户.xlsx"
    tracker = StabilityTracker(settle=2.0, patience=60.0, clock=clock)
    data = whole_zip()
    path.write_bytes(data[:100])
    assert tracker.check(path) == Readiness.CHANGING
    clock.now += 5
    path.write_bytes(data)  # grew: the clock starts again
    assert tracker.check(path) == Readiness.CHANGING
    clock.now += 1.9
    assert tracker.check(path) == Readiness.CHANGING
    clock.now += 0.2
    assert tracker.check(path) == Readiness.READY


def test_an_unchanged_but_truncated_zip_waits_until_the_patience_runs_out(tmp_path):
    clock, path = Clock(), tmp_path / "客户.xlsx"
    tracker = StabilityTracker(settle=2.0, patience=60.0, clock=clock)
    path.write_bytes(whole_zip()[:-30])  # the central directory has not arrived
    tracker.check(path)
    clock.now += 10
    assert tracker.check(path) == Readiness.CHANGING
    clock.now += 60
    assert tracker.check(path) == Readiness.READY  # then it fails as damaged


@pytest.mark.parametrize(
    ("name", "content"),
    [("空.csv", b""), ("预留.xlsx", b"\0" * 4096)],
    ids=["empty", "space reserved by the copier"],
)
def test_empty_or_reserved_files_wait(tmp_path, name, content):
    clock, path = Clock(), tmp_path / name
    tracker = StabilityTracker(settle=1.0, patience=60.0, clock=clock)
    path.write_bytes(content)
    tracker.check(path)
    clock.now += 5
    assert tracker.check(path) == Readiness.CHANGING


def test_a_file_that_is_not_a_zip_at_all_is_taken_so_the_reader_can_say_what_it_is(tmp_path):
    clock, path = Clock(), tmp_path / "网页.xlsx"
    tracker = StabilityTracker(settle=1.0, patience=60.0, clock=clock)
    path.write_text("<html>saved from a website</html>")
    tracker.check(path)
    clock.now += 1.5
    assert tracker.check(path) == Readiness.READY


def test_a_file_open_in_excel_waits_but_a_stale_lock_does_not_block_it_forever(tmp_path):
    clock, path = Clock(), tmp_path / "客户.xlsx"
    tracker = StabilityTracker(settle=1.0, patience=30.0, clock=clock)
    path.write_bytes(whole_zip())
    (tmp_path / "~$客户.xlsx").write_bytes(b"owner")
    tracker.check(path)
    clock.now += 5
    assert tracker.check(path) == Readiness.CHANGING
    clock.now += 30
    assert tracker.check(path) == Readiness.READY


def test_a_vanished_file_is_gone(tmp_path):
    assert StabilityTracker().check(tmp_path / "不在了.xlsx") == Readiness.GONE


# --- custgrade.log ---------------------------------------------------------------------------


def test_the_log_starts_with_one_bom_across_restarts_and_rotations(tmp_path):
    import logging

    path = tmp_path / "custgrade.log"
    logger = logging.getLogger("test.watch.log")
    logger.setLevel(logging.INFO)
    for round_ in range(2):  # two watcher runs append to the same file
        handler = NotepadRotatingHandler(path, max_bytes=400, backups=2)
        logger.addHandler(handler)
        logger.info("第 %d 次启动：成功 客户导出.xlsx", round_)
        logger.removeHandler(handler)
        handler.close()
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    assert raw.count(b"\r\n") == 2

    handler = NotepadRotatingHandler(path, max_bytes=400, backups=2)
    logger.addHandler(handler)
    for i in range(40):
        logger.info("一行很长的日志 %d：成功 客户导出.xlsx → 评级结果/客户导出_评级.xlsx", i)
    logger.removeHandler(handler)
    handler.close()
    files = sorted(tmp_path.glob("custgrade.log*"))
    assert [p.name for p in files] == ["custgrade.log", "custgrade.log.1", "custgrade.log.2"]
    for file in files:
        data = file.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
        assert len(data) <= 400 + 200


# --- moves -----------------------------------------------------------------------------------


def test_a_move_never_replaces_a_file_already_there(tmp_path):
    source, target = tmp_path / "新.xlsx", tmp_path / "旧.xlsx"
    source.write_bytes(b"new")
    target.write_bytes(b"old")
    assert move_no_clobber(source, target) is False
    assert target.read_bytes() == b"old" and source.read_bytes() == b"new"
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "客户.xlsx").write_bytes(b"first")
    moved = move_to_free_name(source, folder, lambda n: numbered("客户.xlsx", n))
    assert moved.name == "客户 (2).xlsx" and moved.read_bytes() == b"new"


# --- the command -----------------------------------------------------------------------------


def test_watch_once_prints_where_to_drop_files_and_exits_0(tmp_path):
    folder = tmp_path / "评级"
    folder.mkdir()
    (folder / "待评级").mkdir()
    drop(folder / "待评级", "客户.xlsx")
    result = CliRunner().invoke(watch_command, [str(folder), "--once", "--settle", "0.1"])
    assert result.exit_code == 0, result.output
    assert f"把要评级的工作簿放进：{folder.resolve() / '待评级'}" in result.output
    assert f"评级结果在：{folder.resolve() / '评级结果'}" in result.output
    assert names(folder / "评级结果") == ["客户_评级.xlsx"]


def test_watch_on_a_missing_folder_gives_two_lines_and_exit_1(tmp_path):
    missing = tmp_path / "missing"
    result = CliRunner().invoke(watch_command, [str(missing), "--once", "--lang", "en"])
    assert result.exit_code == 1
    assert f"The folder to watch does not exist: {missing}" in result.output
    assert "check that the drive is connected" in result.output


def test_watch_once_with_broken_rules_exits_1_with_the_rules_message(tmp_path):
    (tmp_path / "rules.toml").write_text("[[tiers]\nname = 1\n", encoding="utf-8")
    result = CliRunner().invoke(watch_command, [str(tmp_path), "--once", "--settle", "0.1"])
    assert result.exit_code == 1
    assert "规则文件 rules.toml 第 1 行格式有误" in result.output


def test_every_watch_option_has_help_text():
    for param in watch_command.params:
        if param.param_type_name == "option":
            assert getattr(param, "help", None), param.name
    assert watch_command.help
