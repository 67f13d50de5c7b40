"""Restart safety: a claimed file and how far it got, kept on disk beside the file.

A file is *claimed* by renaming it out of the inbox into its own ticket
folder ``.custgrade/work/<ticket>/``; from then on the watcher owns it and
no other scan can see it.  ``ticket.json`` in that folder records the
stage, and every step after the claim is either a rename or an atomic
write, taken in this order:

1. ``claimed``: ticket.json is written, then the file is renamed in.  A
   ticket folder without its file was never claimed (the crash came
   between the two) and is removed; the file is still in the inbox.
2. The worker grades into ``result.xlsx`` (written atomically) and writes
   ``outcome.json``.  A crash before that: graded again on restart.
3. ``graded`` / ``failed``: the outcome is copied into ticket.json.
4. ``published``: result.xlsx is renamed into 评级结果/ under the reserved
   name; then the original goes to 已处理原件/ (or, failed, to 处理失败/
   with its explanation), the log line is written, the folder removed.

Every stage can be repeated after a crash without doing anything twice,
because each step checks what the previous attempt already did.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import shutil
import time
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from custgrade.watch.folders import numbered
from custgrade.watch.moves import move_to_free_name, read_json, write_json_atomic

TICKET_FILE = "ticket.json"
OUTCOME_FILE = "outcome.json"
RESULT_FILE = "result.xlsx"
#: Tries of one file that ended with the whole watcher gone (power cut, kill) before it fails.
MAX_ATTEMPTS = 3


class Stage(enum.StrEnum):
    """How far a claimed file got; see the module docstring."""

    CLAIMED = "claimed"
    GRADED = "graded"
    FAILED = "failed"
    PUBLISHED = "published"


@dataclass
class Ticket:
    """One claimed file and its progress, stored as ``ticket.json`` in its folder."""

    folder: Path
    name: str  # the file name as dropped
    key: str  # `folders.name_key` of the name
    result: str  # the reserved result name in 评级结果/
    size: int
    claimed_at: str
    stage: Stage = Stage.CLAIMED
    attempts: int = 0  # worker starts
    outcome: dict[str, Any] = field(default_factory=dict)
    logged: bool = False  # the outcome line is in custgrade.log

    @property
    def original(self) -> Path:
        return self.folder / self.name

    @property
    def output(self) -> Path:
        return self.folder / RESULT_FILE

    @property
    def outcome_file(self) -> Path:
        return self.folder / OUTCOME_FILE

    def save(self) -> None:
        """Write ticket.json atomically (the only writer is the watcher's main process)."""
        data = asdict(self)
        data.pop("folder")
        write_json_atomic(self.folder / TICKET_FILE, data)

    def advance(self, stage: Stage, **changes: Any) -> None:
        """Record a new stage (and any changed fields) on disk before acting on it."""
        self.stage = stage
        for name, value in changes.items():
            setattr(self, name, value)
        self.save()

    def clear_scratch(self) -> None:
        """Remove what a killed worker may have left (temporary files, a stale outcome)."""
        for path in self.folder.iterdir():
            if path.name not in (TICKET_FILE, self.name):
                _remove(path)

    def close(self) -> None:
        """Remove the ticket folder: every file of it is in its final place."""
        shutil.rmtree(self.folder, ignore_errors=True)


def claim(path: Path, work: Path, result: str, key: str) -> Ticket | None:
    """Take a file out of the inbox into a new ticket folder; None when it cannot be moved.

    The file cannot be moved when it vanished or (on Windows) is still open
    in another program; it then stays where it is and is looked at again.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    folder = _new_ticket_folder(work)
    claimed_at = dt.datetime.now().isoformat(timespec="seconds")
    ticket = Ticket(folder, path.name, key, result, size, claimed_at)
    ticket.save()
    try:
        path.rename(ticket.original)
    except OSError:
        ticket.close()
        return None
    return ticket


def open_tickets(work: Path, inbox: Path) -> list[Ticket]:
    """The tickets left by an earlier run, oldest claim first.

    A folder whose file was never renamed in is removed.  A folder whose
    ticket.json cannot be read (a disk that lost the last write) gives its
    files back to the inbox rather than lose them.
    """
    tickets = []
    for folder in sorted(p for p in work.iterdir() if p.is_dir()):
        ticket = load_ticket(folder)
        if ticket is None:
            _return_to_inbox(folder, inbox)
        elif ticket.stage == Stage.CLAIMED and not ticket.original.exists():
            ticket.close()
        else:
            tickets.append(ticket)
    return tickets


def _return_to_inbox(folder: Path, inbox: Path) -> None:
    scratch = {TICKET_FILE, OUTCOME_FILE, RESULT_FILE}
    for path in folder.iterdir():
        if path.is_file() and path.name not in scratch and not path.name.startswith(("~$", ".")):
            move_to_free_name(path, inbox, partial(numbered, path.name))
    shutil.rmtree(folder, ignore_errors=True)


def load_ticket(folder: Path) -> Ticket | None:
    """Read a ticket folder's ticket.json; None when it is missing or damaged."""
    data = read_json(folder / TICKET_FILE)
    if data is None:
        return None
    try:
        data["stage"] = Stage(data["stage"])
        return Ticket(folder=folder, **data)
    except (KeyError, TypeError, ValueError):
        return None


def _new_ticket_folder(work: Path) -> Path:
    """A new folder whose name sorts in claim order (nanoseconds since 1970)."""
    stamp = time.time_ns()
    while True:
        folder = work / f"{stamp:020d}"
        try:
            folder.mkdir()
        except FileExistsError:
            stamp += 1
            continue
        return folder


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()
