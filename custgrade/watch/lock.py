"""One watcher per folder: a lock held for as long as the watcher runs.

Two watchers on one folder (a service on the server and someone's
``--once`` on a PC) would each recover the other's files as "left over
from a crash".  The lock is an OS file lock on ``.custgrade/watch.lock``,
released by the system when the process ends however it ends, so a
crash never leaves a stale lock.  The file also says who holds it, for
the message a second watcher gives.  Some network file systems have no
locks at all; the watcher then runs and the log warns.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from custgrade.messages import text
from custgrade.watch.folders import FolderLayout, WatchError
from custgrade.watch.log import log

LOCK_NAME = "watch.lock"
#: Windows locks a byte range; the lock byte lies past the holder text so it stays readable.
_LOCK_OFFSET = 1 << 16


@contextmanager
def folder_lock(layout: FolderLayout) -> Iterator[None]:
    """Hold the folder's watcher lock.

    Raises:
        WatchError: ``watch-already-running`` when another process holds it.
    """
    path = layout.state / LOCK_NAME
    handle = path.open("a+", encoding="utf-8")
    try:
        if _try_lock(handle, layout):
            handle.seek(0)
            handle.truncate()
            since = dt.datetime.now().isoformat(timespec="seconds")
            handle.write(f"pid {os.getpid()} @ {socket.gethostname()}, {since}")
            handle.flush()
        yield
    finally:
        handle.close()


def _try_lock(handle: IO[str], layout: FolderLayout) -> bool:
    """Take the lock; False (and a warning) where the file system has none."""
    try:
        _lock(handle)
    except (BlockingIOError, PermissionError):  # PermissionError: Windows, byte already locked
        raise WatchError(
            "watch-already-running", folder=str(layout.root), holder=_holder(handle)
        ) from None
    except OSError as exc:
        log.info(text("watch.log.no-lock", layout.lang, path=handle.name, detail=exc.strerror))
        return False
    return True


def _lock(handle: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _holder(handle: IO[str]) -> str:
    handle.seek(0)
    return handle.read(200).strip() or "?"
