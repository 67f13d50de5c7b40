"""Tier history in the watched folder: the previous result for a workbook of the same name.

Users take results out of 评级结果/ (they open, rename, move them), so
the watcher keeps its own copy of the latest result of every input name
in ``.custgrade/previous/``: the next file of that name is compared with
it even when 评级结果/ has been tidied up.  Two files of one name are never
graded at the same time (see `custgrade.watch.service`), so the copy is
always the result of the file dropped just before.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path

from custgrade.watch.folders import FolderLayout


def previous_result(layout: FolderLayout, key: str) -> Path | None:
    """The latest result graded from a workbook with this name key, if there is one."""
    path = _copy_path(layout, key)
    return path if path.is_file() else None


def keep_as_previous(layout: FolderLayout, key: str, result: Path) -> None:
    """Keep a copy of a new result as the previous one for the next file of this name.

    Copied (not linked) so that a user editing the published result in
    Excel does not change the history; written atomically, so a crash
    leaves the older copy or the new one, never half of one.
    """
    target = _copy_path(layout, key)
    temp = target.with_name(f".{secrets.token_hex(4)}.tmp")
    try:
        shutil.copyfile(result, temp)
        os.replace(temp, target)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def _copy_path(layout: FolderLayout, key: str) -> Path:
    # the key is a file stem, so it is a valid file name on the system it came from
    return layout.previous / f"{key}.xlsx"
