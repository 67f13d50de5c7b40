"""Every user-facing text in Simplified Chinese and English.

Texts live in one catalogue module per area (``core``, ``ingest``,
``rules``, ``report``, ``analysis``), each a dict ``key -> (zh, en)``, merged here.  A
fatal-error text is two lines: what is wrong, then what to do.  Placeholders
use ``str.format`` names; a test checks that both languages of every key
use the same placeholders.
"""

from __future__ import annotations

from typing import Any, Literal

from custgrade.messages import (
    analysis,
    cli,
    core,
    dedupe,
    files,
    ingest,
    report,
    rules,
    scoring,
    sheets,
    watch,
)
from custgrade.messages import history as history_msgs

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

CATALOGUE: dict[str, tuple[str, str]] = {}
for _area in (
    core,
    cli,
    ingest,
    files,
    rules,
    report,
    sheets,
    analysis,
    dedupe,
    scoring,
    history_msgs,
    watch,
):
    _clash = CATALOGUE.keys() & _area.MESSAGES.keys()
    if _clash:
        raise RuntimeError(f"message keys defined twice: {sorted(_clash)}")
    CATALOGUE.update(_area.MESSAGES)


def text(key: str, lang: str = "zh", **params: Any) -> str:
    """The text of ``key`` in ``lang``, with its placeholders filled."""
    zh, en = CATALOGUE[key]
    template = en if lang == "en" else zh
    return template.format(**params) if params else template


def error_text(key: str, lang: str = "zh", **params: Any) -> str:
    """The two-line text of a fatal error (key in the ``error.`` namespace)."""
    return text(f"error.{key}", lang, **params)


def issue_text(code: str, lang: str = "zh", **params: Any) -> str:
    """The plain-words reason of a row issue, keyed by its ``IssueCode``."""
    return text(f"issue.{code}", lang, **params)


def note_text(key: str, params: dict[str, Any], lang: str = "zh") -> str:
    """The text of a run note; list parameters (dimension names) are localised and joined."""
    sep = text("label.separator", lang)
    filled = {
        k: sep.join(text(f"dimension.{v}", lang) for v in value)
        if isinstance(value, list)
        else value
        for k, value in params.items()
    }
    return text(key, lang, **filled)
