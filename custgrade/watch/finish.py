"""Putting a graded or failed file in its final place, one repeatable step at a time.

Each function looks at what is already done before doing the rest, so
the watcher can call it again after a crash at any point (see
`custgrade.watch.journal` for the stages).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from custgrade.messages import text
from custgrade.watch.folders import (
    PROCESSED_PREFIX,
    FolderLayout,
    explanation_name,
    numbered,
)
from custgrade.watch.journal import Stage, Ticket
from custgrade.watch.log import log
from custgrade.watch.moves import move_no_clobber, move_to_free_name, write_text_atomic
from custgrade.watch.previous import keep_as_previous


def publish(ticket: Ticket, layout: FolderLayout) -> None:
    """Move the graded workbook into 评级结果/ under its reserved name, never over another file.

    The result is first kept for tier history, then renamed into place;
    if someone put a file of that name there meanwhile, the next free
    number is reserved (on disk, before the move) and used instead.
    """
    if ticket.stage != Stage.GRADED:
        return
    if ticket.output.exists():
        keep_as_previous(layout, ticket.key, ticket.output)
    while ticket.output.exists():
        target = layout.results / ticket.result
        if target.exists():
            if os.path.samefile(target, ticket.output):  # linked, not yet unlinked: a crash
                ticket.output.unlink()
                break
            ticket.advance(Stage.GRADED, result=free_name(layout.results, ticket.result))
            continue
        if move_no_clobber(ticket.output, target):
            break
    ticket.advance(Stage.PUBLISHED)


def finish_graded(ticket: Ticket, layout: FolderLayout) -> None:
    """Move the original to 已处理原件/ (time-prefixed), log the outcome, close the ticket."""
    if ticket.original.exists():
        name = dt.datetime.now().strftime(PROCESSED_PREFIX) + ticket.name
        move_to_free_name(ticket.original, layout.processed, lambda n: numbered(name, n))
    if not ticket.logged:
        log.info(done_line(ticket, layout))
        ticket.advance(ticket.stage, logged=True)
    ticket.close()


def finish_failed(ticket: Ticket, layout: FolderLayout) -> None:
    """Move the original to 处理失败/ with its explanation beside it; log; close the ticket.

    The file keeps its name (so a user can fix it and drop it again), or
    gets the next free number when 处理失败/ already holds that name.
    """
    failed_as = str(ticket.outcome.get("failed_as") or "")
    while ticket.original.exists():
        if not failed_as or (layout.failed / failed_as).exists():
            failed_as = free_failed_name(layout, ticket.name)
            ticket.advance(Stage.FAILED, outcome={**ticket.outcome, "failed_as": failed_as})
        explanation = layout.failed / explanation_name(failed_as, layout.lang)
        write_text_atomic(explanation, explanation_text(ticket, layout), for_notepad=True)
        if move_no_clobber(ticket.original, layout.failed / failed_as):
            break
    if not ticket.logged:
        log.info(failed_line(ticket, layout, failed_as))
        ticket.advance(ticket.stage, logged=True)
    ticket.close()


def free_name(folder: Path, name: str) -> str:
    """The first of ``name``, ``name (2)``, ``name (3)`` … not present in ``folder``."""
    number = 1
    while (folder / numbered(name, number)).exists():
        number += 1
    return numbered(name, number)


def free_failed_name(layout: FolderLayout, name: str) -> str:
    """A name in 处理失败/ free for the file *and* for its explanation."""
    number = 1
    while True:
        candidate = numbered(name, number)
        explanation = explanation_name(candidate, layout.lang)
        if not (layout.failed / candidate).exists() and not (layout.failed / explanation).exists():
            return candidate
        number += 1


def explanation_text(ticket: Ticket, layout: FolderLayout) -> str:
    """The explanation beside a failed file: what is wrong and what to do, in plain words."""
    lang = layout.lang
    what, _, todo = str(ticket.outcome.get("message", "")).partition("\n")
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    lines = [
        text("watch.explain.title", lang, file=ticket.name),
        text("watch.explain.time", lang, time=now),
        "",
        text("watch.explain.reason", lang, reason=what),
        text("watch.explain.todo", lang, todo=todo),
        "",
        text("watch.explain.again", lang, inbox=text("watch.folder.inbox", lang)),
    ]
    return "\n".join(lines) + "\n"


def done_line(ticket: Ticket, layout: FolderLayout) -> str:
    """The log line of a graded file: where the result is, the ledger, the time it took."""
    lang, outcome = layout.lang, ticket.outcome
    return text(
        "watch.log.done",
        lang,
        file=ticket.name,
        result=layout.visible(layout.results / ticket.result),
        ledger=ledger_text(outcome.get("ledger", {}), lang),
        seconds=f"{float(outcome.get('seconds', 0.0)):.1f}",
    )


def failed_line(ticket: Ticket, layout: FolderLayout, failed_as: str) -> str:
    """The log line of a failed file: where it went and the first line of the reason."""
    outcome = ticket.outcome
    return text(
        "watch.log.failed",
        layout.lang,
        file=ticket.name,
        failed=layout.visible(layout.failed / failed_as),
        reason=str(outcome.get("message", "")).split("\n", 1)[0],
        seconds=f"{float(outcome.get('seconds', 0.0)):.1f}",
    )


def ledger_text(ledger: dict[str, Any], lang: str) -> str:
    """The customer ledger in the words of the command line's summary."""
    key = "cli.summary.ledger-derived" if ledger.get("customers_derived") else "cli.summary.ledger"
    return text(
        key,
        lang,
        input=ledger.get("input_rows", 0),
        graded=ledger.get("graded", 0),
        merged=ledger.get("merged", 0),
        rejected=ledger.get("rejected", 0),
    )
