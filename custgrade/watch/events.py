"""File events from the inbox (watchdog), so a dropped file is seen at once.

Events only wake the watcher up; what it does is always decided by
looking at the folder itself, so a lost or duplicated event changes
nothing.  Events do not arrive for changes made by *another* computer on
a network drive (SMB, NFS) — the usual case of a shared inbox — so
``poll=True`` uses watchdog's polling observer, which compares directory
listings every `POLL_SECONDS`; without it the watcher still lists the
inbox every `RESCAN_SECONDS` as a safety net.  When the native observer
cannot start (e.g. the inotify watch limit is reached), polling is used
and the log says so.
"""

from __future__ import annotations

import threading
from pathlib import Path
from types import TracebackType

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer, ObserverType
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from custgrade.messages import text
from custgrade.watch.log import log

#: Seconds between two listings of the inbox by the polling observer (network drives).
POLL_SECONDS = 1.0
#: Seconds between two full listings when file events are used (a lost event costs at most this).
RESCAN_SECONDS = 30.0


class _Wake(FileSystemEventHandler):
    def __init__(self, wake: threading.Event) -> None:
        self.wake, self.seen = wake, threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.seen.set()
        self.wake.set()


class InboxEvents:
    """Watches the inbox and sets ``wake`` on any change; a context manager.

    Args:
        inbox: the folder users drop files into.
        wake: set on every event, to end the watcher's wait early.
        poll: compare listings instead of relying on the system's file events.
        lang: language of the log line when events are not available.
    """

    def __init__(self, inbox: Path, wake: threading.Event, *, poll: bool, lang: str) -> None:
        self.inbox, self.poll, self.lang = inbox, poll, lang
        self._handler = _Wake(wake)
        self._observer: BaseObserver | None = None

    @property
    def rescan_seconds(self) -> float:
        """How often the watcher lists the inbox itself, whatever the events say."""
        return POLL_SECONDS if self.poll else RESCAN_SECONDS

    def changed(self) -> bool:
        """True once after any event since the last call."""
        seen = self._handler.seen.is_set()
        self._handler.seen.clear()
        return seen

    def __enter__(self) -> InboxEvents:
        try:
            self._observer = self._start(PollingObserver if self.poll else Observer)
        except OSError as exc:
            log.info(
                text(
                    "watch.log.events-unavailable",
                    self.lang,
                    detail=exc.strerror or str(exc),
                    seconds=f"{POLL_SECONDS:g}",
                )
            )
            self.poll = True
            self._observer = self._start(PollingObserver)
        return self

    def _start(self, kind: ObserverType) -> BaseObserver:
        observer = kind(timeout=POLL_SECONDS)
        observer.schedule(self._handler, str(self.inbox), recursive=False)
        observer.daemon = True
        observer.start()
        return observer

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
