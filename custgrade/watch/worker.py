"""Grading one file in a child process, so that no file can take the watcher down.

A hostile or damaged workbook may crash the reader, exhaust memory or
hang.  Each file is graded in a fresh child process; the child writes its
outcome (the ledger, or the error message in the user's language) to
``outcome.json`` in the ticket folder, and the watcher reads it when the
child ends.  A child that dies without an outcome, or runs past the time
limit, is a failed file — never a dead watcher.

On POSIX the children are forked from a small server process that has
already imported the pipeline (multiprocessing's "forkserver"), so a
child starts in milliseconds and never inherits the watcher's threads;
Windows starts them afresh ("spawn").
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
import traceback
from dataclasses import asdict, dataclass
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from custgrade.errors import CustgradeError, InternalError
from custgrade.heap import share_one_heap
from custgrade.history.read import PreviousResultError
from custgrade.pipeline import grade_workbook
from custgrade.rules import resolve_rules
from custgrade.watch.moves import read_json, write_json_atomic

#: Modules the fork server imports once, so that a child starts ready to grade.
PRELOAD = [
    "custgrade.watch.worker",
    "custgrade.report",
    "custgrade.rules.sheet",
    "custgrade.watch.preload",
]
#: Seconds a child gets to end after SIGTERM before it is killed.
KILL_AFTER_SECONDS = 2.0


@dataclass(frozen=True)
class Job:
    """What one child does: grade a file, or check a rules file.

    Paths are strings so the job pickles the same way for every start method.
    """

    kind: str  # "grade" or "check-rules"
    source: str  # the claimed input, or the rules snapshot to check
    outcome: str  # where the child writes its outcome.json
    lang: str
    output: str = ""  # the result workbook (grade only)
    rules_file: str | None = None  # the folder's rules snapshot (grade only)
    previous: str | None = None  # the previous result of this name, for tier history


def run_job(job: Job) -> None:
    """The child's entry point: do the job and write its outcome atomically."""
    _detach_from_terminal()
    share_one_heap()
    outcome = grade(job) if job.kind == "grade" else check_rules(job)
    write_json_atomic(Path(job.outcome), outcome)


def grade(job: Job) -> dict[str, Any]:
    """Grade the claimed file into the ticket folder; an error becomes the outcome."""
    started = time.perf_counter()
    try:
        try:
            result = grade_workbook(
                job.source,
                job.output,
                rules_file=job.rules_file,
                lang=job.lang,
                previous=job.previous,
            )
        except PreviousResultError:
            # a damaged copy of the earlier result never fails a file: grade without history
            result = grade_workbook(
                job.source, job.output, rules_file=job.rules_file, lang=job.lang
            )
    except Exception as exc:
        return failure(exc, job.lang, started)
    return {
        "ok": True,
        "ledger": asdict(result.ledger),
        "tiers": result.tier_counts,
        "seconds": round(time.perf_counter() - started, 2),
    }


def check_rules(job: Job) -> dict[str, Any]:
    """Load the folder's rules file exactly as a run would; an error becomes the outcome."""
    started = time.perf_counter()
    try:
        resolve_rules(
            rules_file=Path(job.source), sheet_rows=None, sheet_name=None, as_of=None, lang=job.lang
        )
    except Exception as exc:
        return failure(exc, job.lang, started)
    return {"ok": True, "seconds": round(time.perf_counter() - started, 2)}


def failure(exc: Exception, lang: str, started: float) -> dict[str, Any]:
    """The outcome of a failed job: the same two-line message the command line prints."""
    seconds = round(time.perf_counter() - started, 2)
    if isinstance(exc, CustgradeError):
        return {"ok": False, "key": exc.key, "message": exc.render(lang), "seconds": seconds}
    bug = InternalError.from_exception(exc)
    return {
        "ok": False,
        "key": bug.key,
        "message": bug.render(lang),
        "traceback": traceback.format_exc(),
        "seconds": seconds,
    }


def _detach_from_terminal() -> None:
    """Ctrl-C is for the watcher, which decides to wait or to abandon; and die with it.

    A new process group keeps the terminal's SIGINT from the child and from
    the reader it starts (which would otherwise die and be reported as a
    damaged file).  On Linux the child is also killed if its parent dies,
    so a killed watcher leaves no orphan grading behind.
    """
    if os.name == "nt":
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        return
    with contextlib.suppress(OSError):
        os.setpgrp()
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(pr_set_pdeathsig, int(signal.SIGKILL))


@dataclass
class Finished:
    """A job whose child has ended."""

    job_id: str
    job: Job
    outcome: dict[str, Any] | None  # None: the child died without writing one
    exit_code: int | None
    timed_out: bool
    seconds: float

    @property
    def death(self) -> str:
        """How the child ended, e.g. "SIGSEGV" or "exit 1", for the crash message."""
        code = self.exit_code
        if code is None or code >= 0:
            return f"exit {code}"
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"


@dataclass
class _Running:
    job: Job
    process: BaseProcess
    started: float
    timed_out: bool = False
    terminated_at: float | None = None


class Workers:
    """The child processes grading files: at most ``limit`` at a time, each time-limited.

    Args:
        limit: files graded in parallel.
        timeout: seconds a child may take before it is stopped.
    """

    def __init__(self, limit: int, timeout: float) -> None:
        self.limit, self.timeout = max(limit, 1), timeout
        self._running: dict[str, _Running] = {}
        self._context = _context()

    def has_room(self) -> bool:
        return self.busy() < self.limit

    def busy(self) -> int:
        """Children grading files (rules checks do not take a place)."""
        return sum(1 for r in self._running.values() if r.job.kind == "grade")

    def running(self) -> int:
        return len(self._running)

    def start(self, job_id: str, job: Job) -> None:
        """Start a child for a job (the caller checks `has_room` for grading jobs)."""
        Path(job.outcome).unlink(missing_ok=True)
        process = self._context.Process(target=run_job, args=(job,), daemon=True)
        process.start()
        self._running[job_id] = _Running(job, process, time.monotonic())

    def collect(self) -> list[Finished]:
        """The jobs whose child has ended since the last call; stops children past the limit."""
        now, done = time.monotonic(), []
        for job_id, run in list(self._running.items()):
            if run.process.is_alive():
                self._enforce_timeout(run, now)
                continue
            run.process.join()
            del self._running[job_id]
            done.append(
                Finished(
                    job_id,
                    run.job,
                    None if run.timed_out else read_json(Path(run.job.outcome)),
                    run.process.exitcode,
                    run.timed_out,
                    now - run.started,
                )
            )
            run.process.close()
        return done

    def _enforce_timeout(self, run: _Running, now: float) -> None:
        if run.terminated_at is not None:
            if now - run.terminated_at > KILL_AFTER_SECONDS:
                run.process.kill()
        elif now - run.started > self.timeout:
            run.timed_out, run.terminated_at = True, now
            run.process.terminate()

    def stop(self, grace: float) -> tuple[list[Finished], list[str]]:
        """Let the running children finish for up to ``grace`` seconds, then stop the rest.

        Returns:
            The jobs that finished in time, and the ids of those abandoned
            (their files stay claimed and are graded again on the next start).
        """
        deadline = time.monotonic() + grace
        finished: list[Finished] = []
        while self._running and time.monotonic() < deadline:
            finished += self.collect()
            time.sleep(0.05)
        finished += self.collect()
        abandoned = list(self._running)
        for run in self._running.values():
            run.process.terminate()
        for run in self._running.values():
            run.process.join(KILL_AFTER_SECONDS)
            if run.process.is_alive():
                run.process.kill()
                run.process.join()
        self._running.clear()
        return finished, abandoned


def _context() -> ForkServerContext | SpawnContext:
    """Forkserver with the pipeline preloaded where it exists, else spawn (Windows)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        from multiprocessing import forkserver

        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        forkserver.ensure_running()  # it imports the pipeline while the watcher starts up
        return context
    return multiprocessing.get_context("spawn")
