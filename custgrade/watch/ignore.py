"""Which names in the inbox are not files for grading: lock, hidden and temporary files.

They are never moved and never reported as failures: they belong to
whoever made them and disappear by themselves.  The patterns are data;
each names the program that leaves such files behind.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

#: Name patterns (case-insensitive fnmatch) that are never taken, with their origin.
IGNORED_PATTERNS: dict[str, str] = {
    "~$*": "Excel / Word owner (lock) file while a workbook is open",
    ".~lock.*#": "LibreOffice lock file while a document is open",
    ".*": "hidden file (Unix convention), e.g. .DS_Store, ._name from macOS, rsync temporaries",
    "*.tmp": "temporary file of a copy or save, e.g. Office's ~WRL0001.tmp",
    "*.temp": "temporary file",
    "*.part": "partial download (Firefox, wget)",
    "*.partial": "partial download",
    "*.crdownload": "partial download (Chrome, Edge)",
    "*.download": "partial download (Safari)",
    "*.!ut": "partial download (uTorrent)",
    "*~": "editor backup file",
    "*.swp": "vim swap file",
    "thumbs.db": "Windows Explorer thumbnail cache",
    "desktop.ini": "Windows Explorer folder settings",
    "*.lnk": "Windows shortcut",
}
#: Excel saves through a temporary file named by 8 hex digits and no extension.
_HEX = frozenset("0123456789abcdefABCDEF")


def is_ignored(path: Path) -> bool:
    """True for lock, hidden and temporary files, which the watcher leaves alone."""
    name = path.name
    lowered = name.lower()
    if any(fnmatch.fnmatchcase(lowered, pattern) for pattern in IGNORED_PATTERNS):
        return True
    if len(name) == 8 and set(name) <= _HEX:
        return True
    return _hidden_on_windows(path)


#: Windows attributes that mark a file as not meant for users: hidden, temporary.
_HIDDEN_ATTRIBUTES = 0x2 | 0x100


def _hidden_on_windows(path: Path) -> bool:
    if os.name != "nt":
        return False
    try:
        attributes = getattr(path.stat(), "st_file_attributes", 0)
    except OSError:
        return False
    return bool(attributes & _HIDDEN_ATTRIBUTES)


def lock_files(path: Path) -> tuple[Path, ...]:
    """The lock files an editor keeps beside ``path`` while it has the file open.

    Excel writes ``~$name``; Word-style owner files replace the first two
    characters of a long name instead; LibreOffice writes ``.~lock.name#``.
    """
    name = path.name
    names = {f"~${name}", f".~lock.{name}#"}
    if len(name) > 2:
        names.add(f"~${name[2:]}")
    return tuple(path.with_name(n) for n in sorted(names))


def is_open_in_editor(path: Path) -> bool:
    """True while Excel or LibreOffice has the file open (its lock file is beside it)."""
    return any(lock.exists() for lock in lock_files(path))
