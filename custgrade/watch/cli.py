"""``custgrade watch FOLDER``: the watched folder as a command, a thin translation onto `run_watch`.

Parse options → install the stop signals → call `run_watch` → exit code.
Errors are rendered by the one handler of the ``custgrade`` command, so
both commands word a problem the same way.  The help texts here are the
fallback; registered with ``custgrade``, the command speaks the user's
language from the ``cli.help.watch`` keys of the message catalogue.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import click

from custgrade.errors import ExitCode
from custgrade.messages import text
from custgrade.watch.folders import FolderLayout
from custgrade.watch.log import LINE_FORMAT, LOGGER_NAME, TIME_FORMAT
from custgrade.watch.service import DEFAULT_TIMEOUT_SECONDS, DEFAULT_WORKERS, run_watch
from custgrade.watch.stable import DEFAULT_SETTLE_SECONDS


# help texts: cli.help.watch.* in the message catalogue (custgrade.cli.localised)
@click.command("watch", epilog=text("cli.help.watch.epilog"))
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
)
@click.option(
    "--once",
    is_flag=True,
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=DEFAULT_WORKERS,
)
@click.option(
    "--poll",
    is_flag=True,
)
@click.option(
    "--settle",
    type=click.FloatRange(0.0, 3600.0),
    default=DEFAULT_SETTLE_SECONDS,
    metavar="SECONDS",
)
@click.option(
    "--timeout",
    type=click.FloatRange(1.0, 86400.0),
    default=DEFAULT_TIMEOUT_SECONDS,
    metavar="SECONDS",
)
@click.option("--debug", is_flag=True)
def watch_command(
    folder: Path,
    lang: str,
    once: bool,
    workers: int,
    poll: bool,
    settle: float,
    timeout: float,
    debug: bool,
) -> None:
    """Watch FOLDER: grade every workbook dropped into its inbox. 监视文件夹，自动评级放入的工作簿。

    Creates 待评级/ 评级结果/ 已处理原件/ 处理失败/ in FOLDER (inbox/ results/
    processed/ failed/ with --lang en).  A rules workbook 评级规则.xlsx or
    rules.toml in FOLDER applies to every file.  Runs until Ctrl-C or
    SIGTERM; a file being graded is finished or graded again on the next start.
    """
    from rich.console import Console

    from custgrade.cli import errors_translated  # imported here: custgrade.cli imports us

    stop = threading.Event()
    with errors_translated(lang, debug, Console(stderr=True)), _stop_signals(stop), _console():
        summary = run_watch(
            folder,
            lang=lang,
            once=once,
            workers=workers,
            poll=poll,
            settle=settle,
            timeout=timeout,
            stop_event=stop,
            on_start=lambda layout: click.echo(where_to_drop(layout)),
        )
    if summary.rules_error is not None:
        click.echo(summary.rules_error, err=True)
        sys.exit(int(ExitCode.INPUT_PROBLEM))


def where_to_drop(layout: FolderLayout) -> str:
    """The lines printed at start: where to drop files, where results and failures appear."""
    lang = layout.lang
    return "\n".join(
        [
            text("watch.start.inbox", lang, path=layout.inbox),
            text("watch.start.results", lang, path=layout.results),
            text("watch.start.failed", lang, path=layout.failed),
            text("watch.start.log", lang, path=layout.log),
            text("watch.start.stop", lang),
        ]
    )


@contextmanager
def _stop_signals(stop: threading.Event) -> Iterator[None]:
    """Ctrl-C and SIGTERM (systemd, docker, kill) set the stop event instead of interrupting."""

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    names = ("SIGINT", "SIGTERM", "SIGBREAK")  # SIGBREAK: Ctrl-Break on Windows
    signals = [getattr(signal, name) for name in names if hasattr(signal, name)]
    previous = {sig: signal.signal(sig, request_stop) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def _console() -> Iterator[None]:
    """Show the log lines on the terminal too (and in journald under systemd)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LINE_FORMAT, TIME_FORMAT))
    logger = logging.getLogger(LOGGER_NAME)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
