"""The watch loop: take complete files from the inbox, grade them in children, file the results.

One thread decides everything: it lists the inbox, claims files that are
complete, starts children, and files their outcomes.  Events, a finished
child or the stop event only end its wait early; after a crash it starts
by finishing what the previous run left (`recover`).  Files of the same
name are graded one after the other, so each is compared with the
result of the one dropped before it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from custgrade.errors import CustgradeError, InternalError
from custgrade.messages import text
from custgrade.watch.events import InboxEvents
from custgrade.watch.finish import finish_failed, finish_graded, publish
from custgrade.watch.folder_rules import RULES_JOB, FolderRules
from custgrade.watch.folders import FolderLayout, name_key, prepare_folder, result_name
from custgrade.watch.inbox import list_inbox
from custgrade.watch.journal import MAX_ATTEMPTS, Stage, Ticket, claim, open_tickets
from custgrade.watch.lock import folder_lock
from custgrade.watch.log import folder_log, log
from custgrade.watch.previous import previous_result
from custgrade.watch.stable import (
    DEFAULT_PATIENCE_SECONDS,
    DEFAULT_SETTLE_SECONDS,
    Readiness,
    StabilityTracker,
)
from custgrade.watch.worker import Finished, Job, Workers

DEFAULT_WORKERS = 2
DEFAULT_TIMEOUT_SECONDS = 600.0
#: Seconds a stopping watcher lets running gradings finish before it abandons them.
DEFAULT_GRACE_SECONDS = 5.0
#: Longest wait between two looks at the stop event (Ctrl-C, SIGTERM, a test).
STOP_CHECK_SECONDS = 0.25
#: Wait between two looks at running children.
CHILD_CHECK_SECONDS = 0.05
#: Exit codes of a child stopped from outside (SIGTERM, SIGINT): abandoned, not failed.
_STOPPED = {-15, -2}


@dataclass(frozen=True)
class WatchSettings:
    """How a watcher runs; the defaults suit an office PC."""

    lang: str = "zh"
    once: bool = False
    workers: int = DEFAULT_WORKERS
    poll: bool = False
    settle: float = DEFAULT_SETTLE_SECONDS
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    grace: float = DEFAULT_GRACE_SECONDS
    patience: float = DEFAULT_PATIENCE_SECONDS


@dataclass
class WatchSummary:
    """What a watcher did before it stopped."""

    graded: int = 0
    failed: int = 0
    abandoned: int = 0
    rules_error: str | None = None  # set when --once stopped because the rules file is broken
    layout: FolderLayout | None = field(default=None, repr=False)


def run_watch(
    folder: Path | str,
    *,
    lang: str = "zh",
    once: bool = False,
    workers: int = DEFAULT_WORKERS,
    poll: bool = False,
    settle: float = DEFAULT_SETTLE_SECONDS,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    grace: float = DEFAULT_GRACE_SECONDS,
    patience: float = DEFAULT_PATIENCE_SECONDS,
    stop_event: threading.Event | None = None,
    on_start: Callable[[FolderLayout], None] | None = None,
) -> WatchSummary:
    """Watch FOLDER until ``stop_event`` is set (or, with ``once``, until the inbox is done).

    Args:
        folder: the watched folder; it must exist, its subfolders are created.
        lang: "zh" or "en": subfolder names, results, messages and the log.
        once: grade what is waiting, then return (for a scheduler).
        workers: files graded in parallel, each in its own child process.
        poll: list the inbox every second instead of relying on file
            events (network drives, where events from other PCs never arrive).
        settle: seconds a file must stay unchanged before it is taken.
        timeout: seconds one file may take before it is failed.
        grace: seconds a stopping watcher lets running gradings finish.
        patience: seconds after which an unchanged file is taken even though
            it looks incomplete or an editor's lock file is beside it.
        stop_event: set it to stop (Ctrl-C and SIGTERM handlers, tests).
        on_start: called with the folder layout once the watcher is ready.

    Returns:
        The counts of what was graded, failed and abandoned.

    Raises:
        WatchError: the folder is missing, not writable or already watched.
    """
    settings = WatchSettings(lang, once, workers, poll, settle, timeout, grace, patience)
    layout = prepare_folder(Path(folder), lang)
    wake = threading.Event()
    with (
        folder_log(layout.log),
        folder_lock(layout),
        InboxEvents(layout.inbox, wake, poll=poll, lang=lang) as events,
    ):
        service = Service(layout, settings, stop_event or threading.Event(), wake, events)
        if on_start is not None:
            on_start(layout)
        return service.run()


class Service:
    """The state of one running watcher; `run_watch` builds and runs it."""

    def __init__(
        self,
        layout: FolderLayout,
        settings: WatchSettings,
        stop: threading.Event,
        wake: threading.Event,
        events: InboxEvents,
    ) -> None:
        self.layout, self.settings, self.events = layout, settings, events
        self.stop, self.wake = stop, wake
        self.tracker = StabilityTracker(settings.settle, settings.patience)
        rules_tracker = StabilityTracker(settings.settle, settings.patience, respect_editors=False)
        self.rules = FolderRules(layout, rules_tracker)
        self.workers = Workers(settings.workers, settings.timeout)
        self.open: dict[str, Ticket] = {}  # unfinished tickets by folder name
        self.waiting: list[str] = []  # claimed tickets not running yet, oldest first
        self.summary = WatchSummary(layout=layout)
        self._inbox: list[Path] = []
        self._listed_at = float("-inf")
        self._noted: set[str] = set()  # subfolders and errors already logged
        self._blocked: set[Path] = set()

    def run(self) -> WatchSummary:
        """The loop; returns when stopped, or with ``once`` when nothing is left to do."""
        self._log_start()
        try:
            self.recover()
            while not self.stop.is_set():
                self.tick()
                if self.settings.once and self._once_done():
                    break
                self.wake.wait(self._wait_seconds())
                self.wake.clear()
        finally:
            self.shutdown()
        return self.summary

    def tick(self) -> None:
        """One look at everything: finished children, the rules file, the inbox."""
        try:
            for done in self.workers.collect():
                self.file_outcome(done)
            self.rules.refresh(self.workers)
            self.take_files()
        except OSError as exc:  # a network drive that went away: keep trying, say so once
            self._note_once(
                f"unreachable:{exc.filename}",
                text(
                    "watch.log.unreachable",
                    self.settings.lang,
                    path=exc.filename or self.layout.root,
                    detail=exc.strerror or str(exc),
                ),
            )
        else:
            self._noted = {n for n in self._noted if not n.startswith("unreachable:")}

    # --- taking files ------------------------------------------------------------------------

    def take_files(self) -> None:
        """Start waiting tickets, then claim complete files from the inbox while there is room."""
        self._list_inbox_if_due()
        if not self.rules.ready:
            return
        for ticket_id in list(self.waiting):
            ticket = self.open[ticket_id]
            if self.workers.has_room() and not self._key_running(ticket.key):
                self.waiting.remove(ticket_id)
                self.start(ticket)
        self._blocked.clear()
        for path in list(self._inbox):
            if not self.workers.has_room():
                break
            readiness = self.tracker.check(path)
            if readiness == Readiness.BLOCKED:
                self._blocked.add(path)
            if readiness == Readiness.READY and not self._key_open(name_key(path.name)):
                self.take(path)

    def take(self, path: Path) -> None:
        """Claim one complete file and start grading it."""
        key = name_key(path.name)
        ticket = claim(path, self.layout.work, self._free_result_name(path.name), key)
        self.tracker.forget(path)
        self._inbox.remove(path)
        if ticket is None:  # vanished, or still locked by the program writing it
            return
        size = f"{ticket.size / 1024:,.1f} KB"
        log.info(text("watch.log.taken", self.settings.lang, file=ticket.name, size=size))
        self.open[ticket.folder.name] = ticket
        self.start(ticket)

    def start(self, ticket: Ticket) -> None:
        """Start the child that grades a claimed file (or give up on a file that kills us)."""
        if ticket.attempts >= MAX_ATTEMPTS:
            gave_up = CustgradeError("worker-gave-up", file=ticket.name, count=MAX_ATTEMPTS)
            self._fail(ticket, gave_up)
            return
        ticket.clear_scratch()
        ticket.advance(Stage.CLAIMED, attempts=ticket.attempts + 1)
        previous = previous_result(self.layout, ticket.key)
        snapshot = self.rules.snapshot
        job = Job(
            "grade",
            str(ticket.original),
            str(ticket.outcome_file),
            self.settings.lang,
            output=str(ticket.output),
            rules_file=str(snapshot) if snapshot else None,
            previous=str(previous) if previous else None,
        )
        self.workers.start(ticket.folder.name, job)

    # --- filing outcomes ---------------------------------------------------------------------

    def file_outcome(self, done: Finished) -> None:
        """Act on a child that ended: a graded file, a failed one, or one to grade again."""
        stopped = done.outcome is None and not done.timed_out and done.exit_code in _STOPPED
        if done.job_id == RULES_JOB:
            if stopped:  # not a verdict on the rules: they are checked again
                self.rules.checking = False
            else:
                self.rules.finish(done)
            return
        ticket = self.open[done.job_id]
        outcome = done.outcome
        if stopped:
            self._abandon(ticket)
        elif outcome is not None and outcome.get("ok"):
            if not ticket.output.exists():
                self._fail(ticket, InternalError(f"no result written for {ticket.name}"))
                return
            ticket.advance(Stage.GRADED, outcome=outcome)
            self._finish(ticket)
        elif outcome is not None:
            ticket.advance(Stage.FAILED, outcome=outcome)
            self._finish(ticket)
        elif done.timed_out:
            seconds = f"{self.settings.timeout:g}"
            self._fail(ticket, CustgradeError("worker-timeout", file=ticket.name, seconds=seconds))
        else:
            crashed = CustgradeError("worker-crashed", file=ticket.name, signal=done.death)
            self._fail(ticket, crashed)

    def _fail(self, ticket: Ticket, error: CustgradeError) -> None:
        outcome = {"ok": False, "key": error.key, "message": error.render(self.settings.lang)}
        ticket.advance(Stage.FAILED, outcome=outcome)
        self._finish(ticket)

    def _finish(self, ticket: Ticket) -> None:
        """Take a ticket to its end from whatever stage it reached."""
        if ticket.stage == Stage.GRADED:
            publish(ticket, self.layout)
        if ticket.stage == Stage.PUBLISHED:
            finish_graded(ticket, self.layout)
            self.summary.graded += 1
        elif ticket.stage == Stage.FAILED:
            finish_failed(ticket, self.layout)
            self.summary.failed += 1
        self.open.pop(ticket.folder.name, None)

    def _abandon(self, ticket: Ticket) -> None:
        """A child stopped from outside: grade the file again (now, or on the next start)."""
        if self.stop.is_set():
            ticket.advance(Stage.CLAIMED, attempts=max(ticket.attempts - 1, 0))
            log.info(text("watch.log.abandoned", self.settings.lang, file=ticket.name))
            self.summary.abandoned += 1
            self.open.pop(ticket.folder.name, None)
        else:
            self.waiting.append(ticket.folder.name)

    # --- start-up and shut-down --------------------------------------------------------------

    def recover(self) -> None:
        """Finish or re-queue what an earlier run left in the working folder."""
        lang = self.settings.lang
        for ticket in open_tickets(self.layout.work, self.layout.inbox):
            self.open[ticket.folder.name] = ticket
            if ticket.stage == Stage.CLAIMED:
                log.info(text("watch.log.recovered", lang, file=ticket.name))
                self.waiting.append(ticket.folder.name)
            else:
                log.info(text("watch.log.finished-after-restart", lang, file=ticket.name))
                self._finish(ticket)

    def shutdown(self) -> None:
        """Let running children finish for a few seconds; abandon the rest for the next start."""
        finished, abandoned = self.workers.stop(self.settings.grace if self.open else 0.0)
        for done in finished:
            self.file_outcome(done)
        for job_id in abandoned:
            if job_id in self.open:
                self._abandon(self.open[job_id])
        log.info(
            text(
                "watch.log.stopped",
                self.settings.lang,
                done=self.summary.graded,
                failed=self.summary.failed,
            )
        )

    # --- helpers -----------------------------------------------------------------------------

    def _list_inbox_if_due(self) -> None:
        now = time.monotonic()
        due = self.events.changed() or now - self._listed_at >= self.events.rescan_seconds
        if not (due or (self.workers.has_room() and self.rules.ready)):
            return
        listing = list_inbox(self.layout.inbox)
        self._listed_at, self._inbox = now, listing.files
        for name in listing.subfolders:
            self._note_subfolder(name)
        self.tracker.keep_only(self._inbox)
        for path in self._inbox:  # start the clock of every new file, even while all are busy
            if not self.tracker.knows(path):
                self.tracker.check(path)

    def _free_result_name(self, name: str) -> str:
        reserved = {ticket.result for ticket in self.open.values()}
        number = 1
        while True:
            candidate = result_name(name, self.settings.lang, number)
            if candidate not in reserved and not (self.layout.results / candidate).exists():
                return candidate
            number += 1

    def _key_open(self, key: str) -> bool:
        return any(ticket.key == key for ticket in self.open.values())

    def _key_running(self, key: str) -> bool:
        return any(t.key == key for i, t in self.open.items() if i not in self.waiting)

    def _once_done(self) -> bool:
        """With --once: nothing running or waiting, and nothing in the inbox that could be taken."""
        if self.workers.running() or self.rules.checking:
            return False
        if self.rules.error is not None:  # claimed files stay claimed for the next run
            self.summary.rules_error = self.rules.error
            return True
        if self.waiting:
            return False
        return self.rules.ready and all(path in self._blocked for path in self._inbox)

    def _wait_seconds(self) -> float:
        if self.workers.running():
            return CHILD_CHECK_SECONDS
        next_check = self.tracker.seconds_to_next_check()
        waits = [STOP_CHECK_SECONDS, *([next_check] if next_check is not None else [])]
        return max(min(waits), 0.01)

    def _log_start(self) -> None:
        lang = self.settings.lang
        mode = (
            text("watch.log.mode-poll", lang, seconds=f"{self.events.rescan_seconds:g}")
            if self.events.poll
            else text("watch.log.mode-events", lang, seconds=f"{self.events.rescan_seconds:g}")
        )
        log.info(
            text(
                "watch.log.started",
                lang,
                folder=self.layout.root,
                mode=mode,
                workers=self.settings.workers,
            )
        )

    def _note_subfolder(self, name: str) -> None:
        inbox = self.layout.visible(self.layout.inbox)
        self._note_once(
            f"subfolder:{name}",
            text("watch.log.subfolder", self.settings.lang, name=name, inbox=inbox),
        )

    def _note_once(self, key: str, message: str) -> None:
        if key not in self._noted:
            self._noted.add(key)
            log.info(message)
