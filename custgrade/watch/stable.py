"""When a file in the inbox is complete: it has stopped changing and can be opened.

A copy over a network drive takes seconds, and neither Windows nor Samba
says when it is done.  A file is taken once its size and modification
time have stayed the same for ``settle`` seconds *as seen by the watcher*
(the clocks of a file server and of this PC need not agree, and a copy
keeps the original's modification time), it can be opened for reading
(Windows refuses while the copier still writes), no editor holds it open
(its ``~$`` lock file is beside it), and it looks complete: not empty, not
NUL bytes reserved by a copier, and a zip-based workbook (.xlsx, .xlsm,
.ods, .xlsb) ends with its central directory — a copy that stalls for a
while is still missing that end.  After ``patience`` seconds unchanged, a
file is taken anyway: a lock file left behind by a crashed Excel, or a
truncated zip, must not keep a file waiting forever (it then reaches
处理失败/ with "damaged" if it really is).
"""

from __future__ import annotations

import enum
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from custgrade.watch.ignore import is_open_in_editor

#: Formats that are zip packages: complete only with the central directory at the end.
ZIP_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".ods"})
ZIP_SIGNATURE = b"PK\x03\x04"
DEFAULT_SETTLE_SECONDS = 2.0
DEFAULT_PATIENCE_SECONDS = 120.0
#: How often a file that is settled but blocked (open in Excel) or incomplete is looked at.
RECHECK_SECONDS = 0.5


class Readiness(enum.Enum):
    """What the watcher may do with a file in the inbox now."""

    READY = "ready"  # complete: take it
    CHANGING = "changing"  # being written, not unchanged for long enough, or open in an editor
    BLOCKED = "blocked"  # cannot be opened (Windows: another program holds it): leave it
    GONE = "gone"  # vanished (moved away by the user, or by the copier)


@dataclass
class _Seen:
    signature: tuple[int, int]
    since: float  # monotonic time at which this signature was first seen


class StabilityTracker:
    """Remembers how each file in the inbox looked, to tell when it stopped changing.

    Args:
        settle: seconds a file must keep its size and modification time.
        patience: seconds an incomplete zip may stay unchanged before it is taken anyway.
        respect_editors: wait while Excel or LibreOffice has the file open.
            True for dropped files (the user may still be editing); False for
            the rules workbook, which stays open in Excel while it is edited
            and whose saved version is complete.
        clock: the monotonic clock (replaceable in tests).
    """

    def __init__(
        self,
        settle: float = DEFAULT_SETTLE_SECONDS,
        patience: float = DEFAULT_PATIENCE_SECONDS,
        *,
        respect_editors: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settle, self.patience, self.clock = settle, patience, clock
        self.respect_editors = respect_editors
        self._seen: dict[Path, _Seen] = {}

    def check(self, path: Path) -> Readiness:
        """Look at the file once more and say whether it can be taken."""
        try:
            info = path.stat()
        except OSError:
            self._seen.pop(path, None)
            return Readiness.GONE
        now, signature = self.clock(), (info.st_size, info.st_mtime_ns)
        seen = self._seen.get(path)
        if seen is None or seen.signature != signature:
            self._seen[path] = _Seen(signature, now)
            return Readiness.CHANGING
        unchanged_for = now - seen.since
        if unchanged_for < self.settle:
            return Readiness.CHANGING
        if not can_open(path):
            return Readiness.BLOCKED
        if unchanged_for < self.patience:
            if self.respect_editors and is_open_in_editor(path):
                return Readiness.CHANGING
            if not looks_complete(path):
                return Readiness.CHANGING
        return Readiness.READY

    def seconds_to_next_check(self) -> float | None:
        """How long until a file being watched may next become ready (None: none watched)."""
        if not self._seen:
            return None
        now = self.clock()
        # a file past its settle time but still incomplete or blocked is looked at again soon
        due = [seen.since + self.settle - now for seen in self._seen.values()]
        return min(d if d > 0 else RECHECK_SECONDS for d in due)

    def knows(self, path: Path) -> bool:
        """True when the file has been looked at before."""
        return path in self._seen

    def forget(self, path: Path) -> None:
        """Stop tracking a file (taken, or no longer in the inbox)."""
        self._seen.pop(path, None)

    def keep_only(self, paths: Iterable[Path]) -> None:
        """Forget every file not in ``paths`` (the current listing of the inbox)."""
        present = set(paths)
        for path in [p for p in self._seen if p not in present]:
            del self._seen[path]


def can_open(path: Path) -> bool:
    """True when the file can be opened and read (Windows refuses while it is being copied)."""
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError:
        return False
    return True


def looks_complete(path: Path) -> bool:
    """False while the file is visibly still being written.

    Empty, or only NUL bytes at the start (a copier that reserved the
    size first), or a zip-based workbook without its central directory.
    A file that is not a zip at all is "complete": the reader then says
    what it is (a text file renamed .xlsx, a web page saved as .xls).
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return False
    if not head.strip(b"\0"):
        return False
    if path.suffix.lower() in ZIP_SUFFIXES and head.startswith(ZIP_SIGNATURE):
        try:
            return zipfile.is_zipfile(path)
        except OSError:
            return False
    return True
