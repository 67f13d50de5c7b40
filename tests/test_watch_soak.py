"""Soak and latency of the watched folder (slow: run with ``-m slow -s`` to see the figures).

    python -m pytest -m slow -s -p no:cacheprovider tests/test_watch_soak.py

The soak drops a few hundred files, good and bad, into a real watcher
process, checks that every one is filed exactly once and that the
watcher's memory does not grow; the latency test measures how long a
small file takes from the moment it appears in the inbox to the moment
its result appears in 评级结果/, with the default settle time.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from custgrade.watch.folders import prepare_folder
from tests.test_watch import drop, names, wait_until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads memory from /proc"),
]

FILES = 300
#: Bad files of every kind a shared inbox receives, in turn with the good ones.
BAD_KINDS: dict[str, bytes] = {
    ".xlsx": "这不是工作簿，是改了扩展名的文本".encode(),
    ".csv": b"\x00\x01\x02binary\xff\xfe" * 10,
    ".pdf": b"%PDF-1.7 not a spreadsheet",
    ".xls": b"<html><body><table><tr><td>1</td></tr></table></body></html>",
}


def rss_kib(pid: int) -> int:
    """Resident memory of a process in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def start(folder: Path, *extra: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "custgrade.watch", str(folder), *extra]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def outcomes(folder: Path) -> int:
    """Files filed so far, from the log's outcome lines."""
    log = folder / "custgrade.log"
    text = log.read_text(encoding="utf-8-sig") if log.exists() else ""
    return text.count("成功：") + text.count("失败：")


def test_soak_a_few_hundred_files_all_filed_once_and_memory_flat(tmp_path):
    folder = tmp_path / "评级"
    folder.mkdir()
    layout = prepare_folder(folder, "zh")
    watcher = start(folder, "--settle", "0.5", "--workers", "2")
    started = time.monotonic()
    good, bad = [], []
    samples: list[tuple[int, int]] = []
    try:
        for i in range(FILES):
            if i % 3 == 2:
                suffix = list(BAD_KINDS)[(i // 3) % len(BAD_KINDS)]
                name = f"坏文件{i:03d}{suffix}"
                (layout.inbox / name).write_bytes(BAD_KINDS[suffix])
                bad.append(name)
            else:
                name = f"客户{i:03d}.xlsx"
                drop(layout.inbox, name, marker=f"客户{i}", aside=tmp_path)
                good.append(name)
        deadline = started + 1800
        while (filed := outcomes(folder)) < FILES and time.monotonic() < deadline:
            samples.append((filed, rss_kib(watcher.pid)))  # memory as the files are filed
            time.sleep(2)
        elapsed = time.monotonic() - started
        samples.append((outcomes(folder), rss_kib(watcher.pid)))
    finally:
        watcher.send_signal(signal.SIGTERM)
        watcher.wait(30)
    assert watcher.returncode == 0

    assert names(layout.inbox) == [] and names(layout.work) == []
    assert sorted(names(layout.results)) == sorted(Path(n).stem + "_评级.xlsx" for n in good)
    assert sorted(n.split("_", 1)[1] for n in names(layout.processed)) == sorted(good)
    failed = sorted(n for n in names(layout.failed) if not n.endswith(".错误说明.txt"))
    assert failed == sorted(bad)
    assert samples[-1][0] == FILES, "not every file was filed in 30 minutes"
    warm = [rss for done, rss in samples if done >= 50]
    growth = (warm[-1] - warm[0]) / 1024
    print(
        f"\nsoak: {FILES} files ({len(good)} good, {len(bad)} bad) in {elapsed:.0f} s "
        f"= {FILES / elapsed * 60:.0f} files/min with 2 workers; watcher memory "
        f"{warm[0] / 1024:.0f} MiB after warm-up, {warm[-1] / 1024:.0f} MiB at the end "
        f"(growth {growth:+.1f} MiB); samples (filed, KiB): {samples[::10]}"
    )
    assert growth < 20, samples


def test_drop_to_result_latency_of_a_small_file(tmp_path):
    folder = tmp_path / "评级"
    folder.mkdir()
    layout = prepare_folder(folder, "zh")
    watcher = start(folder)  # the defaults: settle 2 s, 2 workers, file events
    latencies = []
    try:
        drop(layout.inbox, "预热.xlsx", aside=tmp_path)  # a running service is warmed up
        wait_until((layout.results / "预热_评级.xlsx").exists, "the first result")
        for i in range(10):
            result = layout.results / f"样例{i}_评级.xlsx"
            drop(layout.inbox, f"样例{i}.xlsx", aside=tmp_path)
            dropped = time.monotonic()
            while not result.exists():
                time.sleep(0.01)
            latencies.append(time.monotonic() - dropped)
    finally:
        watcher.send_signal(signal.SIGTERM)
        watcher.wait(30)
    log = (folder / "custgrade.log").read_text(encoding="utf-8-sig")
    lines = [line for line in log.splitlines() if "成功：样例" in line]
    grading = [float(line.rsplit("用时 ", 1)[1].split()[0]) for line in lines]
    print(
        f"\nlatency (drop → result, settle 2 s): median {statistics.median(latencies):.2f} s, "
        f"worst {max(latencies):.2f} s over {len(latencies)} files; "
        f"grading alone: median {statistics.median(grading):.2f} s, worst {max(grading):.2f} s; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    assert max(latencies) < 30
