"""One listing of the inbox: the files to consider, in the order they were dropped."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from custgrade.watch.ignore import is_ignored


@dataclass(frozen=True)
class InboxListing:
    """The files of the inbox, oldest first, and the subfolders that are left alone."""

    files: list[Path]
    subfolders: list[str]


def list_inbox(inbox: Path) -> InboxListing:
    """List the inbox without lock, hidden and temporary files (`custgrade.watch.ignore`).

    Files come oldest first (by modification time, then name), so the
    first dropped is the first graded and same-name files keep their order.

    Raises:
        OSError: the inbox cannot be read (a network drive that went away).
    """
    entries, subfolders = [], []
    with os.scandir(inbox) as listing:
        for entry in listing:
            path = Path(entry.path)
            if entry.is_dir():
                subfolders.append(entry.name)
            elif entry.is_file() and not is_ignored(path):
                with contextlib.suppress(FileNotFoundError):  # moved away meanwhile
                    entries.append((entry.stat().st_mtime_ns, entry.name, path))
    return InboxListing([path for _, _, path in sorted(entries)], sorted(subfolders))
