"""Imported once by the fork server: the pipeline, warmed up, so that every child starts ready.

Grading reads its data files (the export layouts, the status words) and
builds lookup tables on first use.  Doing that once here, before any
child is forked, means a child pays only for its own file, and a
custgrade upgraded on disk while the watcher runs cannot pair the old
code with new data files in a child (the watcher picks up the new version
when it is restarted).
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from custgrade.ingest.layouts import load_layouts, status_vocabulary
from custgrade.pipeline import grade_workbook

#: A two-customer list that walks the whole pipeline except writing.
WARM_UP_CSV = "客户编号,客户名称,手机号,购买次数,消费总额,最近购买日期\n" + (
    "K1,张伟,13800138000,3,300,2025-06-01\nK2,王芳,13900139000,1,100,2025-03-02\n"
)


def warm_up() -> None:
    """Load the data files and grade a tiny list once, without writing anything."""
    load_layouts()
    status_vocabulary()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "warm-up.csv"
        path.write_text(WARM_UP_CSV, encoding="utf-8")
        grade_workbook(path, write=False)


# a warm-up that fails only costs each child the time it would have saved
with contextlib.suppress(Exception):
    warm_up()
