"""custgrade.log in the watched folder: one line per event, readable in Notepad, bounded.

The file is UTF-8 with a byte-order mark and CRLF line ends, so Notepad on
a Chinese Windows shows it correctly (without the BOM it guesses GBK).
Python's ``utf-8-sig`` codec cannot be used for this: it writes a BOM at
every opening, i.e. in the middle of an appended file after each restart;
the handler below writes it only at the start of an empty file, including
the fresh file after each rotation.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: The watcher's logger; the command line adds a console handler to it.
LOGGER_NAME = "custgrade.watch"
#: Rotation: 1 MB a file, five old files kept (custgrade.log.1 … .5): about a year of a busy office.
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
LINE_FORMAT = "%(asctime)s  %(message)s"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"

log = logging.getLogger(LOGGER_NAME)


class NotepadRotatingHandler(logging.handlers.RotatingFileHandler):
    """A size-rotated log file in UTF-8 with a BOM at the start of each file, CRLF line ends."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUP_COUNT) -> None:
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        self.setFormatter(logging.Formatter(LINE_FORMAT, TIME_FORMAT))

    def _open(self) -> io.TextIOWrapper:
        stream = open(  # noqa: SIM115 - the handler owns the stream and closes it
            self.baseFilename, "a", encoding="utf-8", newline="\r\n"
        )
        if stream.tell() == 0:
            stream.write("\ufeff")
            stream.flush()
        return stream


@contextmanager
def folder_log(path: Path) -> Iterator[logging.Logger]:
    """Log to ``path`` (custgrade.log) for as long as the watcher runs."""
    handler = NotepadRotatingHandler(path)
    log.addHandler(handler)
    previous_level = log.level
    log.setLevel(logging.INFO)
    try:
        yield log
    finally:
        log.removeHandler(handler)
        log.setLevel(previous_level)
        handler.close()
