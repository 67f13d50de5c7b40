"""Independent calls shared between the machine's cores.

The heavy parts of cleaning, folding, the advice search, the sentences and
the sheet XML are Arrow's kernels, numpy's searches and ISA-L's deflate,
which release the GIL: two such calls on two threads take little more
than the longer of them.  The Python between the kernels still takes
turns, and each thread's allocations stay in its own malloc arena (some
100 MB more at a million customers), so only calls that share nothing but
read-only inputs are run this way.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

#: Threads at most: the machine's cores, at most four.
WORKERS = max(1, min(4, os.cpu_count() or 1))


def side_by_side(*calls: Callable[[], T]) -> list[T]:
    """Each call's result, in order; the calls run on up to WORKERS threads.

    On one core they run one after the other in the calling thread.  The
    first call's exception (in call order) is raised once all have ended.
    """
    if WORKERS < 2 or len(calls) < 2:
        return [call() for call in calls]
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(calls))) as pool:
        futures = [pool.submit(call) for call in calls]
    return [future.result() for future in futures]
