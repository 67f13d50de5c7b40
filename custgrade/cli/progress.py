"""The progress bar on the terminal while a run reads, cleans, scores and writes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from custgrade.messages import text

#: Where each stage sits on the overall progress bar (start, share).
STAGE_SPAN: dict[str, tuple[float, float]] = {
    "read": (0.0, 0.4),
    "clean": (0.4, 0.1),
    "score": (0.5, 0.1),
    "write": (0.6, 0.4),
}


@contextmanager
def progress_bar(lang: str, console: Console) -> Iterator[Callable[[str, float], None]]:
    """A progress bar on the terminal (nothing when stderr is not a terminal)."""
    if not console.is_terminal:
        yield lambda stage, fraction: None
        return
    columns: list[Any] = [TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(text("cli.progress.read", lang), total=1.0)

        def on_progress(stage: str, fraction: float) -> None:
            start, share = STAGE_SPAN.get(stage, (0.0, 0.0))
            key = f"cli.progress.{stage}"
            description = text(key, lang) if stage in STAGE_SPAN else stage
            progress.update(
                task,
                completed=start + share * min(max(fraction, 0.0), 1.0),
                description=description,
            )

        yield on_progress
