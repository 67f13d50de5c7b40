"""Opening a workbook first in a child process whose death is only a message.

A zip package is measured before calamine sees it (`custgrade.ingest.package`),
but the binary formats (.xls, and .xlsb/.ods whose cells are not XML we
scan) can only be measured by parsing them.  So calamine parses them first
in a child process limited in memory and time: if a hostile file makes it
abort, run out of memory or hang, the child dies and the parent turns that
into "reader-crashed", instead of dying itself.  The child imports nothing
but python-calamine, so the check costs a fraction of a second on top of
the parse.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from custgrade.errors import InputFileError

#: Memory the child may map; calamine needs about 32 bytes a cell.
MEMORY_LIMIT = 2 << 30
TIMEOUT_SECONDS = 45.0
#: Cells from A1 to the last used cell that a sheet may span (as in `package`).
AREA_LIMIT = 20_000_000

# Loads every worksheet as the parent will and prints the cells each spans.
CHILD = """
import json, sys
from python_calamine import CalamineWorkbook, SheetTypeEnum
try:
    with open(sys.argv[1], "rb") as handle:
        book = CalamineWorkbook.from_filelike(handle)
        areas = []
        for meta in book.sheets_metadata:
            if meta.typ == SheetTypeEnum.WorkSheet:
                sheet = book.get_sheet_by_name(meta.name)
                end = sheet.end
                areas.append(0 if end is None else (end[0] + 1) * (end[1] + 1))
    print(json.dumps({"areas": areas}))
except Exception as error:
    print(json.dumps({"error": type(error).__name__}))
"""


def check_in_child(path: Path) -> None:
    """Parse the workbook in a limited child; refuse it if the child dies.

    A Python-level error in the child (a password, a damaged file) is not
    reported here: the parent's own read raises it again and translates it
    with the same words as for any other file.

    Raises:
        InputFileError: reader-crashed (a signal), reader-out-of-memory,
            reader-timeout, sheet-too-large (the cells a sheet spans exceed AREA_LIMIT).
    """
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-c", CHILD, str(path)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            preexec_fn=_limit_memory if sys.platform != "win32" else None,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        seconds = f"{TIMEOUT_SECONDS:.0f}"
        raise InputFileError("reader-timeout", file=path.name, seconds=seconds) from exc
    report = _report(done.stdout)
    if done.returncode != 0 or report is None:
        raise _death(done, path.name)
    if sum(report.get("areas", [])) > AREA_LIMIT:
        raise InputFileError("sheet-too-large", file=path.name)


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _report(stdout: str) -> dict[str, list[int]] | None:
    lines = stdout.strip().splitlines()
    try:
        report = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        return None
    return report if isinstance(report, dict) else None


def _death(done: subprocess.CompletedProcess[str], name: str) -> InputFileError:
    """The refusal for a child that died: out of memory (calamine aborts then), else its signal."""
    out_of_memory = "memory allocation" in done.stderr or "MemoryError" in done.stderr
    if out_of_memory or done.returncode == -signal.SIGABRT:
        return InputFileError("reader-out-of-memory", file=name, limit=f"{MEMORY_LIMIT >> 30} GB")
    code = done.returncode
    try:
        shown = signal.Signals(-code).name if code < 0 else f"exit {code}"
    except ValueError:
        shown = f"signal {-code}"
    return InputFileError("reader-crashed", file=name, signal=shown)
