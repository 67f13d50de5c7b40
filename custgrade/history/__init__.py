"""Tier history: this run's tiers compared with a previous result.

Two calls from the pipeline: `read_prior` before anything is graded (the
output file about to be replaced is read first; an explicitly named
previous result that cannot be used stops the run before any work), and
`attach_history` once the customers are graded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from custgrade.history.compare import CHANGES, TierHistory, compare_tiers
from custgrade.history.read import PreviousResult, PreviousResultError, read_previous_result
from custgrade.result import Note

if TYPE_CHECKING:
    from custgrade.result import RunResult

__all__ = [
    "CHANGES",
    "PreviousResult",
    "PreviousResultError",
    "Prior",
    "TierHistory",
    "attach_history",
    "compare_tiers",
    "read_previous_result",
    "read_prior",
]


@dataclass(frozen=True)
class Prior:
    """The previous result a run compares with (None: no comparison) and notes about it."""

    previous: PreviousResult | None = None
    automatic: bool = False
    notes: list[Note] = field(default_factory=list)


def read_prior(previous: Path | str | None, output: Path | None, lang: str = "zh") -> Prior:
    """The previous result: the one named, else the output file about to be replaced.

    Args:
        previous: a result named by the user (``--previous``); its problems
            are fatal, since the user asked for the comparison.
        output: the file this run will write (None when it writes nothing);
            when it exists and ``previous`` is None it is read as the
            previous result, and a problem with it is only a note.
        lang: the language of the note's reason.

    Raises:
        PreviousResultError: the named previous result is missing, unreadable
            or not a custgrade result.
    """
    if previous is not None:
        return Prior(read_previous_result(previous))
    if output is None or not output.exists():
        return Prior()
    try:
        found = read_previous_result(output)
    except PreviousResultError as exc:
        reason = exc.render(lang).split("\n")[0]
        return Prior(
            notes=[Note("note.history-unreadable", {"file": output.name, "reason": reason})]
        )
    return Prior(
        found, automatic=True, notes=[Note("note.history-automatic", {"file": output.name})]
    )


def attach_history(result: RunResult, prior: Prior) -> None:
    """Compare the graded customers with the previous result; notes for the summary."""
    result.notes.extend(prior.notes)
    if prior.previous is None:
        return
    history = compare_tiers(
        prior.previous,
        result.customers,
        list(result.rules.tiers),
        result.effective_weights,
        result.lang,
        automatic=prior.automatic,
    )
    result.history = history
    as_of = f"{history.previous_as_of:%Y-%m-%d}" if history.previous_as_of else "?"
    params = {"file": prior.previous.path.name, "as_of": as_of, **history.counts}
    result.notes.append(Note("note.history-compared", params))
