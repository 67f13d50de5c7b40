"""Restart safety: a stop or a crash at any point never loses a file nor grades one twice.

The first tests run the real command in a subprocess and stop it mid-file
(SIGTERM as systemd does, SIGKILL as a power cut does), then start it
again and count every file.  The others leave a ticket at each stage a
crash can leave behind and check that a restart finishes exactly the rest.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from custgrade.watch.folders import prepare_folder
from custgrade.watch.journal import Stage, Ticket
from tests.test_watch import (
    SAMPLE,
    SETTLE,
    drop,
    grading_child,
    make_workbook,
    names,
    once,
    wait_until,
    watching,
)

pytestmark = pytest.mark.skipif(os.name == "nt", reason="sends POSIX signals")

GOOD = ["一月.xlsx", "二月.xlsx", "三月.xlsx"]
BAD = ["坏一.xlsx", "坏二.csv"]


def start_watcher(folder: Path, *extra: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "custgrade.watch", str(folder), "--settle", str(SETTLE)]
    return subprocess.Popen([*command, *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def fill_inbox(folder: Path) -> None:
    layout = prepare_folder(folder, "zh")
    for name in GOOD:
        drop(layout.inbox, name, marker=name)
    (layout.inbox / BAD[0]).write_text("不是工作簿", encoding="utf-8")
    (layout.inbox / BAD[1]).write_bytes(b"\x00\x01binary\xff")


def assert_each_file_accounted_for_once(folder: Path) -> None:
    layout = prepare_folder(folder, "zh")
    good = GOOD
    assert names(layout.inbox) == []
    assert names(layout.work) == []
    assert sorted(names(layout.results)) == sorted(Path(n).stem + "_评级.xlsx" for n in good)
    archived = sorted(name.split("_", 1)[1] for name in names(layout.processed))
    assert archived == sorted(good)
    failed = [n for n in names(layout.failed) if not n.endswith(".错误说明.txt")]
    assert sorted(failed) == sorted(BAD)
    log = (folder / "custgrade.log").read_text(encoding="utf-8-sig")
    for name in good:
        assert log.count(f"成功：{name} →") == 1, name
    for name in BAD:
        assert log.count(f"失败：{name} →") == 1, name


def test_sigterm_mid_file_exits_0_within_seconds_and_a_restart_finishes_the_rest(tmp_path):
    folder = tmp_path / "评级"
    folder.mkdir()
    fill_inbox(folder)
    watcher = start_watcher(folder, "--workers", "1")
    work = folder / ".custgrade" / "work"
    wait_until(lambda: work.is_dir() and any(work.iterdir()), "a file taken")

    watcher.send_signal(signal.SIGTERM)
    stopped = time.monotonic()
    _, stderr = watcher.communicate(timeout=30)
    assert watcher.returncode == 0, stderr.decode()
    assert time.monotonic() - stopped < 10

    restarted = start_watcher(folder, "--once", "--workers", "2")
    _, stderr = restarted.communicate(timeout=180)
    assert restarted.returncode == 0, stderr.decode()
    assert_each_file_accounted_for_once(folder)


def test_a_killed_watcher_is_restarted_without_losing_or_repeating_a_file(tmp_path):
    folder = tmp_path / "评级"
    folder.mkdir()
    fill_inbox(folder)
    watcher = start_watcher(folder, "--workers", "2")
    work = folder / ".custgrade" / "work"
    wait_until(lambda: work.is_dir() and any(work.iterdir()), "a file taken")

    watcher.kill()  # no chance to clean up: as a power cut
    watcher.communicate(timeout=30)

    restarted = start_watcher(folder, "--once", "--workers", "2")
    _, stderr = restarted.communicate(timeout=180)
    assert restarted.returncode == 0, stderr.decode()
    assert_each_file_accounted_for_once(folder)


# --- a ticket left at each stage ---------------------------------------------------------------


def left_ticket(folder: Path, name: str, stage: Stage, **fields: object) -> Ticket:
    """A ticket as a crash at ``stage`` leaves it, with its original in the ticket folder."""
    layout = prepare_folder(folder, "zh")
    ticket_folder = layout.work / f"{time.time_ns():020d}"
    ticket_folder.mkdir()
    make_workbook(ticket_folder / name, marker=name)
    ticket = Ticket(
        ticket_folder,
        name,
        Path(name).stem.casefold(),
        Path(name).stem + "_评级.xlsx",
        1,
        "2025-07-01T09:00:00",
        stage,
        attempts=1,
        **fields,  # type: ignore[arg-type]
    )
    ticket.save()
    return ticket


def test_a_file_claimed_but_not_graded_is_graded_on_restart(tmp_path):
    left_ticket(tmp_path, "中断.xlsx", Stage.CLAIMED)

    summary = once(tmp_path)

    layout = prepare_folder(tmp_path, "zh")
    assert summary.graded == 1
    assert names(layout.results) == ["中断_评级.xlsx"]
    assert "上次停止时 中断.xlsx 尚未评级完成，现在重新评级" in (
        tmp_path / "custgrade.log"
    ).read_text(encoding="utf-8-sig")


def test_a_graded_result_not_yet_published_is_published_not_graded_again(tmp_path):
    ticket = left_ticket(tmp_path, "已评.xlsx", Stage.GRADED, outcome={"ok": True, "seconds": 1})
    ticket.output.write_bytes(b"the result graded before the crash")

    once(tmp_path)

    layout = prepare_folder(tmp_path, "zh")
    published = layout.results / "已评_评级.xlsx"
    assert published.read_bytes() == b"the result graded before the crash"
    assert [n.split("_", 1)[1] for n in names(layout.processed)] == ["已评.xlsx"]
    assert names(layout.work) == []


def test_a_published_result_only_has_its_original_archived(tmp_path):
    left_ticket(tmp_path, "已发.xlsx", Stage.PUBLISHED, outcome={"ok": True, "seconds": 1})
    layout = prepare_folder(tmp_path, "zh")
    (layout.results / "已发_评级.xlsx").write_bytes(b"published before the crash")

    once(tmp_path)

    assert names(layout.results) == ["已发_评级.xlsx"]
    assert (layout.results / "已发_评级.xlsx").read_bytes() == b"published before the crash"
    assert [n.split("_", 1)[1] for n in names(layout.processed)] == ["已发.xlsx"]


def test_a_failed_file_is_filed_with_its_explanation_on_restart(tmp_path):
    message = "文件已损坏或不完整，无法读取：坏.xlsx\n请从原系统重新导出。"
    left_ticket(tmp_path, "坏.xlsx", Stage.FAILED, outcome={"ok": False, "message": message})

    once(tmp_path)

    layout = prepare_folder(tmp_path, "zh")
    assert names(layout.failed) == ["坏.xlsx", "坏.错误说明.txt"]
    text = (layout.failed / "坏.错误说明.txt").read_text(encoding="utf-8-sig")
    assert "原因：文件已损坏或不完整，无法读取：坏.xlsx" in text


def test_a_ticket_folder_whose_file_was_never_moved_in_is_dropped(tmp_path):
    ticket = left_ticket(tmp_path, "未移入.xlsx", Stage.CLAIMED)
    layout = prepare_folder(tmp_path, "zh")
    os.replace(ticket.original, layout.inbox / "未移入.xlsx")  # the rename never happened

    summary = once(tmp_path)

    assert summary.graded == 1
    assert names(layout.results) == ["未移入_评级.xlsx"]
    assert names(layout.work) == []


def test_an_unreadable_ticket_gives_its_file_back_to_the_inbox(tmp_path):
    ticket = left_ticket(tmp_path, "丢失记录.xlsx", Stage.CLAIMED)
    (ticket.folder / "ticket.json").write_text("{ half written", encoding="utf-8")

    summary = once(tmp_path)

    layout = prepare_folder(tmp_path, "zh")
    assert summary.graded == 1
    assert names(layout.results) == ["丢失记录_评级.xlsx"]


def test_a_file_that_stopped_the_watcher_three_times_is_given_up(tmp_path):
    left_ticket(tmp_path, "致命.xlsx", Stage.CLAIMED).advance(Stage.CLAIMED, attempts=3)

    summary = once(tmp_path)

    layout = prepare_folder(tmp_path, "zh")
    assert (summary.graded, summary.failed) == (0, 1)
    text = (layout.failed / "致命.错误说明.txt").read_text(encoding="utf-8-sig")
    assert "这个文件已 3 次在评级过程中使监视程序停止，不再重试：致命.xlsx" in text


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the grading child through /proc")
def test_a_stop_with_no_grace_abandons_the_file_and_the_next_start_grades_it_once(tmp_path):
    with watching(tmp_path, grace=0.0) as layout:
        (layout.inbox / "大文件.xlsx").write_bytes(SAMPLE.read_bytes())  # seconds to grade
        wait_until(grading_child, "a child grading the file")
    log = (tmp_path / "custgrade.log").read_text(encoding="utf-8-sig")
    assert "停止时 大文件.xlsx 尚未评级完成，下次启动时会重新评级" in log
    assert names(layout.results) == [] and len(names(layout.work)) == 1

    summary = once(tmp_path)

    assert (summary.graded, summary.failed) == (1, 0)
    assert names(layout.results) == ["大文件_评级.xlsx"]
    assert names(layout.work) == []
