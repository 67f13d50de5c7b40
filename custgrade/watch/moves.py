"""Moving and writing files so that nothing is half-written or silently overwritten.

Every move stays inside the watched folder, so it is a rename: atomic,
and instant even for a large workbook.  A move into a folder users share
never replaces a file that is already there (``os.replace`` would): on
Windows ``os.rename`` refuses by itself, elsewhere a hard link does the
refusing, with a checked rename where the file system has no links.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Errors of ``os.link`` meaning "this file system has no hard links" (FAT, some SMB mounts).
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK}
#: Names tried before giving up: a thousand results of one name is a misconfiguration.
MAX_NUMBER = 1000


def move_no_clobber(source: Path, target: Path) -> bool:
    """Move ``source`` to ``target`` unless ``target`` exists; False when it does."""
    if os.name == "nt":
        try:
            os.rename(source, target)
        except FileExistsError:
            return False
        return True
    try:
        os.link(source, target)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if target.exists():
            return False
        os.rename(source, target)
        return True
    os.unlink(source)
    return True


def move_to_free_name(source: Path, folder: Path, name_for: Callable[[int], str]) -> Path:
    """Move ``source`` into ``folder`` under ``name_for(1)``, else ``name_for(2)`` ...

    Returns:
        The path the file now has.
    """
    for number in range(1, MAX_NUMBER + 1):
        target = folder / name_for(number)
        if move_no_clobber(source, target):
            return target
    raise FileExistsError(errno.EEXIST, f"no free name in {folder}", name_for(1))


def write_text_atomic(path: Path, content: str, *, for_notepad: bool = False) -> None:
    """Write a text file in one step: a hidden temporary file, then a rename.

    Args:
        for_notepad: UTF-8 with a BOM and CRLF line ends, so that Notepad
            on a Chinese Windows shows the text instead of mojibake.
    """
    data = content.replace("\n", "\r\n") if for_notepad else content
    encoding = "utf-8-sig" if for_notepad else "utf-8"
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with temp.open("w", encoding=encoding, newline="") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write a small JSON state file in one step (see `write_text_atomic`)."""
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=1, default=str))


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON state file, or None when it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
