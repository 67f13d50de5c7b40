"""Printing that never fails after the work is done.

The summary is printed after the workbook was written, so a console that
cannot show a character (a GBK console, a log file on Chinese Windows), a
closed stdout or a reader that stopped reading (``| head``) must not turn
a success into an error: unprintable characters become "?", and a
stream that is gone is simply not written to.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from typing import TextIO

import click


def make_streams_safe() -> None:
    """Replace characters stdout and stderr cannot encode instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError, io.UnsupportedOperation):
                reconfigure(errors="replace")


def echo_safely(message: str, *, err: bool = False) -> None:
    """``click.echo`` that ignores a closed or broken stream."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    try:
        click.echo(message, file=stream)
        stream.flush()
    except BrokenPipeError:
        _silence(stream)
    except (OSError, ValueError):  # closed, or a device that refuses the bytes
        pass


def _silence(stream: TextIO) -> None:
    """Point a broken stream at the null device, so the exit-time flush cannot fail."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
