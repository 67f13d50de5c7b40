"""The rules file of a watched folder (评级规则.xlsx or rules.toml): re-read when it changes.

Office staff edit the rules workbook in place, in Excel, while the
watcher runs.  Every change is taken like a dropped file — once it has
stopped changing — then copied into ``.custgrade/rules/`` and checked in
a child process (a rules workbook is a workbook, and may be as hostile as
any other).  Workers grade with that checked copy, so a save half-way
through a grading run cannot mix two versions.

While the rules are being checked, or are broken, no new file is taken:
files wait in the inbox rather than be graded with rules nobody meant.
A broken rules file is explained in the log and in 处理失败/, by the
same message the command line gives; the explanation is removed once the
file is fixed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from custgrade.messages import error_text, text
from custgrade.watch.folders import RULES_FILE_NAMES, FolderLayout, explanation_name
from custgrade.watch.log import log
from custgrade.watch.moves import write_text_atomic
from custgrade.watch.stable import Readiness, StabilityTracker
from custgrade.watch.worker import Finished, Job, Workers

RULES_JOB = "rules"
Signature = tuple[tuple[str, int, int], ...]


@dataclass
class FolderRules:
    """What the folder's rules are now, and whether files may be graded with them."""

    layout: FolderLayout
    tracker: StabilityTracker
    snapshot: Path | None = None  # the checked copy the workers use; None: default rules
    error: str | None = None  # the message while the rules file is broken
    checking: bool = False
    _accepted: Signature | None = None  # the version the state above describes
    _candidate: Signature | None = None  # the version being checked
    _version: int = 0

    @property
    def ready(self) -> bool:
        """True when files may be taken: the current rules file is checked and valid."""
        return not self.checking and self.error is None and self._accepted == self._present()

    def refresh(self, workers: Workers) -> None:
        """Look at the rules file once; start checking it when a new version has settled."""
        present = self._present()
        if self.checking or present == self._accepted:
            return
        files = [self.layout.root / name for name, _, _ in present]
        if not files:
            had_rules = bool(self._accepted)
            self._accept(present, None, None)
            if had_rules:
                log.info(text("watch.log.rules-removed", self.layout.lang))
        elif len(files) > 1:
            names = "、".join(p.name for p in files)
            message = error_text("rules-ambiguous", self.layout.lang, files=names)
            self._broken(present, files[0], message)
        elif self.tracker.check(files[0]) == Readiness.READY:
            self._check(present, files[0], workers)

    def finish(self, done: Finished) -> None:
        """Take the outcome of a rules check: use the new rules, or explain what is wrong."""
        self.checking = False
        candidate, source = self._candidate, Path(done.job.source)
        if candidate is None:
            return
        outcome = done.outcome
        if outcome is not None and outcome.get("ok"):
            self._accept(candidate, source, None)
            log.info(text("watch.log.rules-loaded", self.layout.lang, file=source.name))
            return
        message = (
            str(outcome["message"])
            if outcome is not None
            else error_text("worker-crashed", self.layout.lang, file=source.name, signal=done.death)
        )
        self._broken(candidate, self.layout.root / source.name, message)

    def _present(self) -> Signature:
        found = []
        for name in RULES_FILE_NAMES:
            path = self.layout.root / name
            try:
                info = path.stat()
            except OSError:
                continue
            if path.is_file():
                found.append((name, info.st_size, info.st_mtime_ns))
        return tuple(found)

    def _check(self, present: Signature, path: Path, workers: Workers) -> None:
        self._version += 1
        folder = self.layout.rules_snapshots / f"{self._version:06d}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        copy = folder / path.name  # the same name, so messages name the user's file
        shutil.copyfile(path, copy)
        self.checking, self._candidate = True, present
        outcome = str(folder / "outcome.json")
        workers.start(RULES_JOB, Job("check-rules", str(copy), outcome, self.layout.lang))

    def _accept(self, present: Signature, snapshot: Path | None, error: str | None) -> None:
        self._accepted, self.snapshot, self.error = present, snapshot, error
        self._remove_explanations()
        self._remove_old_snapshots()

    def _broken(self, present: Signature, path: Path, message: str) -> None:
        lang = self.layout.lang
        what = message.split("\n", 1)[0]
        log.info(text("watch.log.rules-broken", lang, file=path.name, reason=what))
        self._explain(path.name, message)
        self._accepted, self.snapshot, self.error = present, None, message
        self._remove_old_snapshots()

    def _explain(self, name: str, message: str) -> None:
        lang = self.layout.lang
        what, _, todo = message.partition("\n")
        lines = [
            self._title(name),
            "",
            text("watch.explain.reason", lang, reason=what),
            text("watch.explain.todo", lang, todo=todo),
            "",
            text("watch.explain.rules-again", lang),
        ]
        target = self.layout.failed / explanation_name(name, lang)
        write_text_atomic(target, "\n".join(lines) + "\n", for_notepad=True)

    def _remove_explanations(self) -> None:
        """Remove the explanation of a rules file that is fixed now (also one of an earlier run)."""
        for name in RULES_FILE_NAMES:
            path = self.layout.failed / explanation_name(name, self.layout.lang)
            try:
                ours = path.read_text(encoding="utf-8-sig").startswith(self._title(name))
            except OSError:
                continue
            if ours:
                path.unlink(missing_ok=True)

    def _title(self, name: str) -> str:
        inbox = self.layout.visible(self.layout.inbox)
        return text("watch.explain.rules-title", self.layout.lang, file=name, inbox=inbox)

    def _remove_old_snapshots(self) -> None:
        keep = self.snapshot.parent if self.snapshot is not None else None
        for folder in self.layout.rules_snapshots.iterdir():
            if folder != keep:
                shutil.rmtree(folder, ignore_errors=True)
