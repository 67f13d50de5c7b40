"""One heap for a process that grades: Arrow allocates where numpy and Python do.

pyarrow's default allocator (jemalloc or mimalloc) keeps its own pages,
and memory that numpy or Python's objects hand back to the C library's
heap is no use to it, nor the other way round.  A run alternates between
the two (numpy columns while merging and searching, Arrow text while
writing sentences and sheet XML), so with two heaps the peak of each
stage stacks on what the other keeps: at a million customers 2.7 GiB
against 2.5 GiB on one heap, in the same time.

The allocator is the process's to choose, so only the entry points that
own a process (the ``custgrade`` command and a watched folder's worker)
call this; `custgrade.grade_workbook` called from someone else's program
leaves their choice alone.

What a stage frees the C library keeps for later allocations; on glibc
the pages of freed blocks in the middle of the heap stay in the process
until ``malloc_trim`` returns them.  The pipeline asks for that where it
lets a stage's input go (`give_back_freed`), so the next stage's peak
starts from what is alive, not from what the last one used.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable
from functools import cache

import pandas as pd
import pyarrow as pa


def share_one_heap() -> None:
    """Make the C library's allocator Arrow's default memory pool for this process.

    Buffers already allocated keep the pool they came from, so this is safe
    at any time; it is meant to be called once, before a run.
    """
    pa.set_memory_pool(pa.system_memory_pool())


def give_back_freed() -> None:
    """Return the C heap's free pages to the system (glibc; elsewhere nothing to do).

    Harmless to any program: it only hands back memory no one holds, at
    the cost of a walk over the heap (milliseconds) and of the system
    giving pages again when they are next used.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
        return trim
    except (OSError, AttributeError):  # musl and other C libraries have no malloc_trim
        return None


def as_arrow_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each column of Python strings (and blanks) held as Arrow text.

    A column of Python strings is an object per cell, spread over the pages
    of everything allocated beside it while reading and merging; as one
    Arrow buffer it is a fifth of the size, and what it leaves behind can
    go back to the system.  At a million customers the graded table takes
    1.8 GiB with Python strings and 1.1 GiB with Arrow text.  A column that
    holds anything but text (a number the user typed, a date), or text that
    UTF-8 cannot encode, stays as it is: its values are the user's, not to
    be turned into text or refused here.
    """
    columns = {}
    for name in frame.columns:
        column = frame[name]
        if column.dtype != object:
            continue
        try:
            arrow = pa.array(column.to_numpy(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeEncodeError):
            continue  # not all text, or text UTF-8 cannot hold (a lone surrogate): kept as is
        if pa.types.is_string(arrow.type) or pa.types.is_large_string(arrow.type):
            columns[name] = pd.Series(pd.array(arrow, dtype="str"), index=frame.index)
    if not columns:
        return frame
    return frame.assign(**columns)
