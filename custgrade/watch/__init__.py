"""The watched folder: ``custgrade watch FOLDER`` grades every workbook dropped into it.

Public entry point: `run_watch` (stoppable by an event; ``once=True`` for
schedulers).  The command is `custgrade.watch.cli.watch_command`.  How a
restart never loses nor repeats a file: `custgrade.watch.journal`.
"""

from custgrade.watch.folders import FolderLayout, WatchError
from custgrade.watch.service import WatchSettings, WatchSummary, run_watch

__all__ = ["FolderLayout", "WatchError", "WatchSettings", "WatchSummary", "run_watch"]
