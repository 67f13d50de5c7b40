"""The layout of a watched folder and the names of what goes into it.

FOLDER holds the four subfolders users see (待评级/ 评级结果/ 已处理原件/
处理失败/, or inbox/ results/ processed/ failed/ with ``--lang en``), the
log, an optional rules file, and one hidden working folder ``.custgrade``
that only the watcher touches.  The working folder is inside FOLDER on
purpose: a claimed file is renamed into it, and a rename is atomic only
within one file system (a shared drive is one).
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from custgrade.errors import CustgradeError
from custgrade.messages import text
from custgrade.pipeline import default_output_path

#: The hidden working folder inside FOLDER (claimed files, rules snapshots, history).
STATE_FOLDER = ".custgrade"
LOG_NAME = "custgrade.log"
#: Rules files that apply to every dropped file, in the order they are looked for.
RULES_FILE_NAMES: tuple[str, ...] = (
    "评级规则.xlsx",
    "rules.xlsx",
    "rules.toml",
    "rules.yaml",
    "rules.yml",
)
#: Time prefix of an original moved to 已处理原件/: sorts by time, valid on Windows.
PROCESSED_PREFIX = "%Y%m%d-%H%M%S_"


class WatchError(CustgradeError):
    """The folder cannot be watched at all (missing, not writable, already watched)."""


@dataclass(frozen=True)
class FolderLayout:
    """Every path the watcher uses inside one watched folder."""

    root: Path
    lang: str

    def _sub(self, key: str) -> Path:
        return self.root / text(f"watch.folder.{key}", self.lang)

    @property
    def inbox(self) -> Path:
        return self._sub("inbox")

    @property
    def results(self) -> Path:
        return self._sub("results")

    @property
    def processed(self) -> Path:
        return self._sub("processed")

    @property
    def failed(self) -> Path:
        return self._sub("failed")

    @property
    def state(self) -> Path:
        return self.root / STATE_FOLDER

    @property
    def work(self) -> Path:
        """One subfolder per claimed file (a ticket), see `custgrade.watch.journal`."""
        return self.state / "work"

    @property
    def rules_snapshots(self) -> Path:
        return self.state / "rules"

    @property
    def previous(self) -> Path:
        """The latest result for every input name, for tier history."""
        return self.state / "previous"

    @property
    def log(self) -> Path:
        return self.root / LOG_NAME

    def visible(self, path: Path) -> str:
        """A path as users see it in messages: relative to FOLDER, with a trailing / for folders."""
        try:
            shown = str(path.relative_to(self.root))
        except ValueError:
            shown = str(path)
        return shown + "/" if path in (self.inbox, self.results, self.failed) else shown


def prepare_folder(folder: Path, lang: str) -> FolderLayout:
    """Check FOLDER and create the subfolders that are missing.

    FOLDER itself must exist: creating it would hide an unmounted network
    drive behind an empty local folder that nobody else can see.

    Raises:
        WatchError: the folder is missing, is a file, or cannot be written.
    """
    if folder.is_file():
        raise WatchError("watch-folder-is-file", folder=str(folder))
    if not folder.is_dir():
        raise WatchError("watch-folder-missing", folder=str(folder))
    layout = FolderLayout(folder.resolve(), lang)
    try:
        for path in (layout.inbox, layout.results, layout.processed, layout.failed):
            path.mkdir(exist_ok=True)
        for path in (layout.state, layout.work, layout.rules_snapshots, layout.previous):
            path.mkdir(exist_ok=True)
        hide(layout.state)
    except OSError as exc:
        raise WatchError(
            "watch-folder-not-writable", folder=str(folder), detail=exc.strerror or str(exc)
        ) from None
    return layout


def hide(path: Path) -> None:
    """Give a folder the Windows hidden attribute (a leading dot hides it elsewhere)."""
    if os.name == "nt":
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)  # type: ignore[attr-defined]


def name_key(name: str) -> str:
    """The key that makes two inputs "the same workbook" for history and result names.

    The stem, NFC-normalised and case-folded: 客户.xlsx, 客户.CSV and a
    second 客户.xlsx dropped later are one workbook whose results follow
    each other, as Windows and macOS treat the names as one.
    """
    return unicodedata.normalize("NFC", Path(name).stem).casefold()


def result_name(name: str, lang: str, number: int = 1) -> str:
    """``<stem>_评级.xlsx``, and ``<stem>_评级 (2).xlsx`` for the second result of that name."""
    base = default_output_path(Path(name), lang)
    return base.name if number == 1 else f"{base.stem} ({number}){base.suffix}"


def numbered(name: str, number: int) -> str:
    """``客户.xlsx`` → ``客户 (2).xlsx``: the next free name, as Explorer names a copy."""
    if number == 1:
        return name
    path = Path(name)
    return f"{path.stem} ({number}){path.suffix}"


def explanation_name(name: str, lang: str) -> str:
    """``客户.xlsx`` → ``客户.错误说明.txt`` (``客户.error.txt`` in English)."""
    return Path(name).stem + text("watch.explanation-suffix", lang)
