"""Printing never turns a written workbook into a failure.

A GBK console (Chinese Windows), a log file in a legacy encoding, a closed
stdout or a reader that stops early (``| head``): the run still exits 0
once the workbook is written, and characters the console cannot show are
replaced.  Each case runs the real command in a child process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from custgrade.errors import ExitCode


def run_command(args: list[str], *, env: dict[str, str] | None = None, **kwargs):
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "custgrade", *args],
        env=environment,
        capture_output="stdout" not in kwargs,
        timeout=120,
        check=False,
        **kwargs,
    )


def test_a_gbk_console_gets_the_summary_with_unprintable_icons_replaced(
    crm_workbook: Path, tmp_path: Path
):
    output = tmp_path / "结果.xlsx"
    done = run_command(
        ["run", str(crm_workbook), "-o", str(output)], env={"PYTHONIOENCODING": "gbk"}
    )
    assert done.returncode == ExitCode.OK, done.stderr.decode("gbk", "replace")
    assert output.exists()
    summary = done.stdout.decode("gbk")  # every byte is valid GBK
    assert "评级完成" in summary
    assert "?" in summary  # the tier emoji, which GBK cannot encode


def test_an_ascii_console_still_exits_0(crm_workbook: Path, tmp_path: Path):
    output = tmp_path / "out.xlsx"
    done = run_command(
        ["run", str(crm_workbook), "-o", str(output)], env={"PYTHONIOENCODING": "ascii"}
    )
    assert done.returncode == ExitCode.OK
    assert output.exists()
    assert done.stdout.decode("ascii").count("\n") > 5


def test_an_error_on_a_gbk_console_is_readable(tmp_path: Path):
    done = run_command(["run", str(tmp_path / "不存在.xlsx")], env={"PYTHONIOENCODING": "gbk"})
    assert done.returncode == ExitCode.INPUT_PROBLEM
    assert "找不到输入文件" in done.stderr.decode("gbk")


def test_a_closed_stdout_is_not_an_error(crm_workbook: Path, tmp_path: Path):
    output = tmp_path / "out.xlsx"
    done = run_command(
        ["run", str(crm_workbook), "-o", str(output)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        # fd 1 closed in the child, as `custgrade run x >&-` does
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == ExitCode.OK, done.stderr
    assert output.exists()


def test_a_reader_that_stops_early_is_not_an_error(crm_workbook: Path, tmp_path: Path):
    output = tmp_path / "out.xlsx"
    child = subprocess.Popen(
        [sys.executable, "-m", "custgrade", "run", str(crm_workbook), "-o", str(output)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None
    child.stdout.close()  # like `| head -0`: nobody reads the summary
    _, stderr = child.communicate(timeout=120)
    assert child.returncode == ExitCode.OK, stderr
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr
    assert output.exists()


def test_a_narrow_terminal_gets_the_whole_summary(crm_workbook: Path, tmp_path: Path):
    output = tmp_path / "out.xlsx"
    done = run_command(["run", str(crm_workbook), "-o", str(output)], env={"COLUMNS": "20"})
    assert done.returncode == ExitCode.OK
    assert "客户行：输入 7 = 已评级 5 + 已合并 1 + 已拒绝 1" in done.stdout.decode()
