"""custgrade watch: the watched folder, driven by a stop event and bounded polling.

Each test builds its folder in tmp_path, runs the watcher in a thread (or
with ``once=True``), drops files as a user would, and waits — with a
deadline, never a fixed sleep — for them to land where PRODUCT.md says.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from custgrade.messages import error_text
from custgrade.watch import FolderLayout, WatchSummary, run_watch
from custgrade.watch.folders import prepare_folder
from tests.conftest import write_xlsx

SETTLE = 0.1  # seconds a file must stay unchanged; small, so tests are quick
SAMPLE = Path(__file__).parent.parent / "sample_data" / "客户导出_CRM.xlsx"
D = dt.datetime


def customers(marker: str) -> list[list[object]]:
    """A tiny customer list; ``marker`` names the first customer, so every file is distinct."""
    return [
        ["客户编号", "客户名称", "手机号", "购买次数", "消费总额", "最近购买日期"],
        ["K1", marker, "13800138000", 12, 52000, D(2025, 6, 1)],
        ["K2", "王芳", "13900139000", 3, 4200, D(2025, 3, 2)],
        ["K3", "刘洋", "13700137000", 1, 300, D(2024, 7, 9)],
    ]


def make_workbook(path: Path, marker: str = "张伟") -> Path:
    """Write a small valid customer workbook (built aside, so a drop is one rename)."""
    return write_xlsx(path, {"客户信息": customers(marker)})


def drop(inbox: Path, name: str, marker: str = "张伟", aside: Path | None = None) -> Path:
    """Put a complete workbook into the inbox in one step, as a finished copy appears."""
    staging = (aside or inbox.parent) / f"staging-{time.time_ns()}.xlsx"
    make_workbook(staging, marker)
    target = inbox / name
    os.replace(staging, target)
    return target


def wait_until(condition: Callable[[], Any], what: str, timeout: float = 60.0) -> Any:
    """Poll ``condition`` until it is truthy; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout:g} s waiting for: {what}")


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def first_cell(path: Path, sheet: str, header: str) -> object:
    """The first value under ``header`` in a sheet of a result workbook."""
    # the values a spreadsheet shows: 等级名称 is a formula written with its value
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    book.close()
    for i, row in enumerate(rows):
        if header in row:
            return rows[i + 1][row.index(header)]
    raise AssertionError(f"{header} not in {sheet}")


@contextmanager
def watching(folder: Path, **options: Any) -> Iterator[FolderLayout]:
    """Run a watcher on ``folder`` in a thread until the block ends (then stop it)."""
    stop, started = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}
    layouts: list[FolderLayout] = []

    def on_start(layout: FolderLayout) -> None:
        layouts.append(layout)
        started.set()

    def target() -> None:
        try:
            outcome["summary"] = run_watch(
                folder, stop_event=stop, settle=SETTLE, on_start=on_start, **options
            )
        except BaseException as exc:
            outcome["error"] = exc
            started.set()

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    assert started.wait(60), "the watcher did not start"
    if "error" in outcome:
        raise outcome["error"]
    try:
        yield layouts[0]
    finally:
        stop.set()
        thread.join(30)
        assert not thread.is_alive(), "the watcher did not stop within 30 s of the stop event"
    if "error" in outcome:
        raise outcome["error"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "共享评级"
    path.mkdir()
    return path


def once(folder: Path, **options: Any) -> WatchSummary:
    return run_watch(folder, once=True, settle=SETTLE, **options)


# --- the layout --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", ["处理失败", "已处理原件", "待评级", "评级结果"]),
        ("en", ["failed", "inbox", "processed", "results"]),
    ],
)
def test_the_subfolders_are_created_in_the_language_asked_for(folder, lang, expected):
    once(folder, lang=lang)
    assert [n for n in names(folder) if not n.startswith(".") and "." not in n] == expected
    assert (folder / "custgrade.log").read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_missing_folder_is_refused_with_what_to_do(tmp_path):
    missing = tmp_path / "没有这个文件夹"
    with pytest.raises(Exception) as caught:
        once(missing)
    assert caught.value.render("zh") == (
        f"要监视的文件夹不存在：{missing}\n"
        "请先创建这个文件夹；如果它在网络驱动器上，请检查驱动器是否已连接。"
    )
    assert not missing.exists()


# --- files already waiting, good and bad --------------------------------------------------------


def test_files_waiting_at_start_are_graded_and_filed(folder):
    layout = prepare_folder(folder, "zh")
    drop(layout.inbox, "客户导出.xlsx")
    (layout.inbox / "坏文件.xlsx").write_text("这不是工作簿", encoding="utf-8")

    summary = once(folder)

    assert (summary.graded, summary.failed) == (1, 1)
    assert names(layout.inbox) == []
    assert names(layout.results) == ["客户导出_评级.xlsx"]
    [original] = names(layout.processed)
    assert original.endswith("_客户导出.xlsx") and original[:8].isdigit()
    assert names(layout.failed) == ["坏文件.xlsx", "坏文件.错误说明.txt"]
    assert names(layout.work) == []


def test_the_explanation_is_the_cli_message_in_notepad_friendly_utf8(folder):
    layout = prepare_folder(folder, "zh")
    (layout.inbox / "坏文件.xlsx").write_text("这不是工作簿", encoding="utf-8")

    once(folder)

    raw = (layout.failed / "坏文件.错误说明.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    lines = raw.decode("utf-8-sig").splitlines()
    what, todo = error_text("text-not-workbook", "zh", file="坏文件.xlsx").split("\n")
    assert lines[0] == "无法评级这个文件：坏文件.xlsx"
    assert lines[3] == f"原因：{what}"
    assert lines[4] == f"怎么办：{todo}"
    assert lines[6] == "改好后，把文件重新放进“待评级”文件夹，就会自动重新评级。"


def test_the_log_has_a_line_per_file_with_outcome_ledger_and_duration(folder):
    layout = prepare_folder(folder, "zh")
    drop(layout.inbox, "客户导出.xlsx")
    (layout.inbox / "坏文件.xlsx").write_text("x", encoding="utf-8")

    once(folder)

    log = (folder / "custgrade.log").read_text(encoding="utf-8-sig")
    [done] = [line for line in log.splitlines() if "成功：客户导出.xlsx" in line]
    assert (
        "→ 评级结果/客户导出_评级.xlsx；客户行：输入 3 = 已评级 3 + 已合并 0 + 已拒绝 0；" in done
    )
    assert done.endswith(" 秒")
    [failed] = [line for line in log.splitlines() if "失败：坏文件.xlsx" in line]
    assert "→ 处理失败/坏文件.xlsx；这是一个文本文件，不是 Excel 工作簿：坏文件.xlsx" in failed


def test_english_folders_names_and_messages(folder):
    layout = prepare_folder(folder, "en")
    drop(layout.inbox, "customers.xlsx")
    (layout.inbox / "broken.xlsx").write_text("x", encoding="utf-8")

    once(folder, lang="en")

    assert names(layout.results) == ["customers_graded.xlsx"]
    assert names(layout.failed) == ["broken.error.txt", "broken.xlsx"]
    text = (layout.failed / "broken.error.txt").read_text(encoding="utf-8-sig")
    assert text.startswith("This file could not be graded: broken.xlsx")


def test_a_chinese_and_emoji_file_name_survives_every_move(folder):
    layout = prepare_folder(folder, "zh")
    drop(layout.inbox, "华东区🎉客户 2025.xlsx")
    (layout.inbox / "坏的😱.csv").write_bytes(b"\x00\x01\x02binary\xff\xfe")

    once(folder)

    assert names(layout.results) == ["华东区🎉客户 2025_评级.xlsx"]
    assert names(layout.processed)[0].endswith("_华东区🎉客户 2025.xlsx")
    assert names(layout.failed) == ["坏的😱.csv", "坏的😱.错误说明.txt"]


# --- a running watcher ------------------------------------------------------------------------


def test_good_bad_and_lock_files_dropped_while_running(folder):
    with watching(folder) as layout:
        drop(layout.inbox, "一月.xlsx")
        (layout.inbox / "~$三月.xlsx").write_bytes(b"owner file of Excel")
        (layout.inbox / ".~lock.二月.xlsx#").write_text("lock,LibreOffice", encoding="utf-8")
        (layout.inbox / ".DS_Store").write_bytes(b"\0\0")
        (layout.inbox / "下载中.xlsx.crdownload").write_bytes(b"PK")
        (layout.inbox / "损坏.xlsx").write_bytes(b"PK\x03\x04 truncated and never finished")
        (layout.inbox / "说明.pdf").write_bytes(b"%PDF-1.7")
        wait_until(lambda: names(layout.results) == ["一月_评级.xlsx"], "the good file's result")
        wait_until(lambda: "说明.错误说明.txt" in names(layout.failed), "the pdf explained")

    ignored = ["~$三月.xlsx", ".~lock.二月.xlsx#", ".DS_Store", "下载中.xlsx.crdownload"]
    # the truncated zip waits for the rest of its copy (patience), the ignored files stay
    assert names(layout.inbox) == sorted([*ignored, "损坏.xlsx"])
    assert names(layout.failed) == ["说明.pdf", "说明.错误说明.txt"]


def test_a_truncated_workbook_is_failed_as_damaged_after_the_patience(folder):
    layout = prepare_folder(folder, "zh")
    (layout.inbox / "损坏.xlsx").write_bytes(b"PK\x03\x04 truncated and never finished")

    once(folder, patience=0.5)

    assert names(layout.failed) == ["损坏.xlsx", "损坏.错误说明.txt"]


def test_a_file_written_slowly_in_chunks_is_taken_only_when_complete(folder, tmp_path):
    source = make_workbook(tmp_path / "大客户.xlsx").read_bytes()
    with watching(folder) as layout:
        target = layout.inbox / "大客户.xlsx"
        with target.open("wb") as handle:
            for start in range(0, len(source), 1024):
                handle.write(source[start : start + 1024])
                handle.flush()
                # pauses longer than the settle time: only the missing zip end says "not yet"
                time.sleep(SETTLE * 2 if start < 4096 else 0.01)
        wait_until(lambda: names(layout.results) == ["大客户_评级.xlsx"], "the result")
        wait_until(lambda: not names(layout.inbox), "the original moved away")
    assert names(layout.failed) == []


def test_two_files_of_one_name_both_get_a_result_and_the_second_is_compared(folder):
    with watching(folder) as layout:
        drop(layout.inbox, "月度客户.xlsx", marker="第一份")
        wait_until(lambda: names(layout.results) == ["月度客户_评级.xlsx"], "the first result")
        drop(layout.inbox, "月度客户.xlsx", marker="第二份")
        wait_until(lambda: len(names(layout.results)) == 2, "the second result")
        wait_until(lambda: len(names(layout.processed)) == 2, "both originals archived")

    first, second = layout.results / "月度客户_评级.xlsx", layout.results / "月度客户_评级 (2).xlsx"
    assert first_cell(first, "基本信息", "客户姓名") == "第一份"
    assert first_cell(second, "基本信息", "客户姓名") == "第二份"
    kept = folder / ".custgrade" / "previous" / "月度客户.xlsx"
    assert first_cell(kept, "基本信息", "客户姓名") == "第二份"  # the next one compares with it
    # the second result carries the tier history against the first; the first has none
    assert first_cell(second, "等级信息", "上次等级") is not None
    with pytest.raises(AssertionError):
        first_cell(first, "等级信息", "上次等级")


def test_the_same_name_dropped_while_the_first_is_graded_waits_its_turn(folder):
    with watching(folder, workers=2) as layout:
        drop(layout.inbox, "日报.xlsx", marker="早")
        wait_until(lambda: not (layout.inbox / "日报.xlsx").exists(), "the first taken")
        drop(layout.inbox, "日报.xlsx", marker="晚")
        wait_until(lambda: len(names(layout.results)) == 2, "both results")
    assert first_cell(layout.results / "日报_评级.xlsx", "基本信息", "客户姓名") == "早"
    assert first_cell(layout.results / "日报_评级 (2).xlsx", "基本信息", "客户姓名") == "晚"


def test_a_result_is_never_written_over_one_already_there(folder):
    layout = prepare_folder(folder, "zh")
    (layout.results / "客户_评级.xlsx").write_bytes(b"someone else's file")
    drop(layout.inbox, "客户.xlsx")

    once(folder)

    assert (layout.results / "客户_评级.xlsx").read_bytes() == b"someone else's file"
    assert names(layout.results) == ["客户_评级 (2).xlsx", "客户_评级.xlsx"]


def test_a_file_that_takes_too_long_is_stopped_and_explained(folder):
    layout = prepare_folder(folder, "zh")
    (layout.inbox / "很慢.xlsx").write_bytes(SAMPLE.read_bytes())  # seconds to grade

    summary = once(folder, timeout=0.5)

    assert (summary.graded, summary.failed) == (0, 1)
    text = (layout.failed / "很慢.错误说明.txt").read_text(encoding="utf-8-sig")
    assert "原因：评级这个文件超过 0.5 秒仍未完成，已停止：很慢.xlsx" in text


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="finds the grading child through /proc")
def test_a_file_whose_worker_crashes_goes_to_failed_and_the_watcher_lives_on(folder):
    with watching(folder) as layout:
        (layout.inbox / "崩溃.xlsx").write_bytes(SAMPLE.read_bytes())
        pid = wait_until(grading_child, "a child grading the file")
        os.kill(pid, 9)
        wait_until(lambda: "崩溃.错误说明.txt" in names(layout.failed), "the crash explained")
        drop(layout.inbox, "之后.xlsx")
        wait_until(lambda: names(layout.results) == ["之后_评级.xlsx"], "the next file graded")
    text = (layout.failed / "崩溃.错误说明.txt").read_text(encoding="utf-8-sig")
    assert "处理程序异常退出（SIGKILL）" in text


def grading_child() -> int | None:
    """The pid of a grading child: a grandchild of this process, leader of its own group."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            parent, group = stat
            grandparent = _stat(parent)
            if group == int(entry.name) and grandparent and grandparent[0] == os.getpid():
                return int(entry.name)
    return None


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, process group) of a process, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), int(fields[2])


# --- rules in the folder ---------------------------------------------------------------------

RULES_TOML = """
[[tiers]]
name = "{top}"
min_score = 60
color = "#FFD700"
icon = "★"

[[tiers]]
name = "普通"
min_score = 0
color = "#CCCCCC"
icon = "·"
"""


def test_a_rules_file_applies_to_every_file_and_is_reread_when_it_changes(folder):
    (folder / "rules.toml").write_text(RULES_TOML.format(top="钻石"), encoding="utf-8")
    with watching(folder) as layout:
        drop(layout.inbox, "一.xlsx")
        wait_until(lambda: names(layout.results) == ["一_评级.xlsx"], "the first result")
        (folder / "rules.toml").write_text(RULES_TOML.format(top="翡翠"), encoding="utf-8")
        log = folder / "custgrade.log"
        wait_until(lambda: log.read_text("utf-8-sig").count("已读取规则文件") == 2, "re-read")
        drop(layout.inbox, "二.xlsx")
        wait_until(lambda: len(names(layout.results)) == 2, "the second result")

    assert first_cell(layout.results / "一_评级.xlsx", "等级信息", "等级名称") == "钻石"
    assert first_cell(layout.results / "二_评级.xlsx", "等级信息", "等级名称") == "翡翠"


def test_a_broken_rules_file_makes_files_wait_and_says_why(folder):
    rules = folder / "rules.toml"
    rules.write_text("[[tiers]\nname = ", encoding="utf-8")
    with watching(folder) as layout:
        drop(layout.inbox, "等待.xlsx")
        explanation = layout.failed / "rules.错误说明.txt"
        wait_until(explanation.exists, "the rules explained in 处理失败/")
        text = explanation.read_text(encoding="utf-8-sig")
        assert text.startswith(
            "规则文件 rules.toml 有错误，“待评级/”里的文件要等规则改好才会评级。"
        )
        assert "rules.toml" in text.splitlines()[2]
        log = (folder / "custgrade.log").read_text("utf-8-sig")
        assert "规则文件 rules.toml 有错误，待评级的文件先等待" in log
        assert names(layout.inbox) == ["等待.xlsx"]  # waiting, not failed

        rules.write_text(RULES_TOML.format(top="钻石"), encoding="utf-8")
        wait_until(lambda: names(layout.results) == ["等待_评级.xlsx"], "graded once fixed")
        wait_until(lambda: not explanation.exists(), "the explanation removed")
    assert names(layout.failed) == []


def test_once_with_a_broken_rules_file_reports_it(folder):
    (folder / "rules.toml").write_text("weights = [", encoding="utf-8")
    layout = prepare_folder(folder, "zh")
    drop(layout.inbox, "等待.xlsx")

    summary = once(folder)

    assert summary.rules_error is not None and "rules.toml" in summary.rules_error
    assert names(layout.inbox) == ["等待.xlsx"]


# --- stopping ---------------------------------------------------------------------------------


def test_the_stop_event_ends_an_idle_watcher_within_a_second(folder):
    stop = threading.Event()
    thread = threading.Thread(target=run_watch, args=(folder,), kwargs={"stop_event": stop})
    thread.start()
    wait_until((folder / "custgrade.log").exists, "the watcher started")
    stopped = time.monotonic()
    stop.set()
    thread.join(10)
    assert not thread.is_alive() and time.monotonic() - stopped < 1.0


def test_a_second_watcher_on_the_same_folder_is_refused(folder):
    with watching(folder), pytest.raises(Exception) as caught:
        once(folder)
    assert caught.value.render("en").startswith("Another custgrade watch already serves")
