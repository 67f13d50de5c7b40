"""Known export layouts of shop platforms and CRMs, read from data files.

What a platform's export looks like (its header signature, which column is
which canonical field, the status words it writes, whether it has one row
per order or per item) is knowledge about the world, so it lives in one
small TOML file per layout under ``custgrade/layouts/``.  This module is the
one piece of code that reads them: adding a platform is adding a file and
its fixture test, not a branch in the reader.

The order-status vocabulary shared by all layouts lives in
``custgrade/vocab/order_status.toml``; each layout may add the words its
platform writes.
"""

from __future__ import annotations

import functools
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from custgrade.fields import FIELDS_BY_SHEET, SheetKind, normalize_header

#: How an order status is treated; "unknown" statuses are counted (and listed once).
Treatment = Literal["counted", "cancelled", "unpaid", "refunded"]
TREATMENTS: tuple[Treatment, ...] = ("counted", "cancelled", "unpaid", "refunded")


class _StatusWords(BaseModel):
    """The status words of one treatment, per language or as one list."""

    model_config = ConfigDict(extra="forbid")

    counted: list[str] = Field(
        default_factory=list, description="Statuses of an effective purchase."
    )
    cancelled: list[str] = Field(
        default_factory=list, description="Cancelled or closed orders: they count 0."
    )
    unpaid: list[str] = Field(
        default_factory=list, description="Orders not (yet) paid: not a purchase."
    )
    refunded: list[str] = Field(
        default_factory=list, description="Fully refunded orders: they count 0."
    )


class _Label(BaseModel):
    model_config = ConfigDict(extra="forbid")

    zh: str = Field(min_length=1, description="The layout's name in Simplified Chinese.")
    en: str = Field(min_length=1, description="The layout's name in English.")


class LayoutFile(BaseModel):
    """The schema of one ``custgrade/layouts/<name>.toml`` file (see its README)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Stable layout name.")
    label: _Label
    kind: SheetKind = Field(description="What one row of the export is about.")
    level: Literal["order", "line"] | None = Field(
        default=None, description="Orders only: one row per order or one row per item."
    )
    currency: str | None = Field(
        default=None, description="The currency the platform exports in, when the file is silent."
    )
    min_match: int = Field(ge=1, description="Signature headers needed to recognise the layout.")
    signature: list[str] = Field(min_length=1, description="Headers characteristic of the layout.")
    columns: dict[str, str] = Field(description="Header as exported -> canonical field.")
    status: _StatusWords = Field(default_factory=_StatusWords)

    @field_validator("signature")
    @classmethod
    def _unique_signature(cls, value: list[str]) -> list[str]:
        folded = [normalize_header(v) for v in value]
        if len(set(folded)) != len(folded):
            raise ValueError("signature headers must be distinct after normalisation")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> LayoutFile:
        if self.min_match > len(self.signature):
            count = len(self.signature)
            raise ValueError(f"min_match {self.min_match} > {count} signature headers")
        if (self.level is None) != (self.kind != "orders"):
            raise ValueError("level is required for orders layouts and only for them")
        known = {spec.name for spec in FIELDS_BY_SHEET[self.kind]}
        unknown = sorted(set(self.columns.values()) - known)
        if unknown:
            raise ValueError(f"unknown {self.kind} fields: {', '.join(unknown)}")
        folded = [normalize_header(h) for h in self.columns]
        if len(set(folded)) != len(folded):
            raise ValueError("column headers must be distinct after normalisation")
        return self


@dataclass(frozen=True)
class Layout:
    """One known export layout, ready for matching a header row."""

    name: str
    label_zh: str
    label_en: str
    kind: SheetKind
    level: Literal["order", "line"] | None
    currency: str | None
    signature: tuple[str, ...]
    min_match: int
    columns: dict[str, str]  # normalize_header(header) -> canonical field
    status: dict[str, frozenset[str]]  # treatment -> folded status words
    source: str  # file name

    def label(self, lang: str) -> str:
        """The layout's name in the given language ("zh" or "en")."""
        return self.label_zh if lang == "zh" else self.label_en


def fold_status(text: object) -> str:
    """Fold a status word for lookup: NFKC, case-folded, no whitespace.

    NFKC makes the full-width comma of "卖家已发货，等待买家确认" and a
    half-width one the same word; platforms differ in exactly such details.
    """
    return "".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


def _status_sets(words: _StatusWords) -> dict[str, frozenset[str]]:
    return {t: frozenset(fold_status(w) for w in getattr(words, t)) for t in TREATMENTS}


def _to_layout(data: LayoutFile, source: str) -> Layout:
    return Layout(
        name=data.name,
        label_zh=data.label.zh,
        label_en=data.label.en,
        kind=data.kind,
        level=data.level,
        currency=data.currency,
        signature=tuple(normalize_header(s) for s in data.signature),
        min_match=data.min_match,
        columns={normalize_header(h): f for h, f in data.columns.items()},
        status=_status_sets(data.status),
        source=source,
    )


def parse_layout(text: str, source: str) -> Layout:
    """Parse and validate one layout file's text.

    Raises:
        tomllib.TOMLDecodeError, pydantic.ValidationError: the file is malformed
            (a test loads every shipped file, so this never reaches a user).
    """
    return _to_layout(LayoutFile.model_validate(tomllib.loads(text)), source)


def _load_one(text: str, source: str) -> Layout:
    try:
        return parse_layout(text, source)
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ValueError(f"custgrade/layouts/{source}: {exc}") from exc


@functools.cache
def load_layouts() -> tuple[Layout, ...]:
    """Every shipped layout, sorted by name; read once per process."""
    folder = resources.files("custgrade") / "layouts"
    layouts = [
        _load_one(entry.read_text(encoding="utf-8"), entry.name)
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    ]
    names = [layout.name for layout in layouts]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate layout names in custgrade/layouts: {sorted(names)}")
    return tuple(sorted(layouts, key=lambda layout: layout.name))


def match_layout(header_cells: list[str]) -> Layout | None:
    """The known layout a header row belongs to, or None.

    A layout matches when at least ``min_match`` of its signature headers are
    present (so a column removed or renamed by the user does not lose the
    layout).  Most matches wins; ties go to the layout missing fewer of its
    signature headers, then to the name, so the choice never depends on the
    order of files on disk.
    """
    present = {normalize_header(cell) for cell in header_cells if cell is not None}
    best: tuple[int, int, str] | None = None
    chosen: Layout | None = None
    for layout in load_layouts():
        hits = sum(1 for s in layout.signature if s in present)
        if hits < layout.min_match:
            continue
        key = (-hits, len(layout.signature) - hits, layout.name)
        if best is None or key < best:
            best, chosen = key, layout
    return chosen


def _vocab_file() -> _StatusWords:
    text = (resources.files("custgrade") / "vocab" / "order_status.toml").read_text("utf-8")
    raw = tomllib.loads(text)
    merged: dict[str, list[str]] = {t: [] for t in TREATMENTS}
    for lang in ("zh", "en"):
        for treatment, words in raw.get(lang, {}).items():
            merged[treatment].extend(words)
    return _StatusWords.model_validate(merged)


@functools.cache
def status_vocabulary() -> dict[str, frozenset[str]]:
    """Treatment -> folded status words: the shared vocabulary and every layout's words.

    Raises:
        ValueError: one word is listed under two treatments (a data error a
            test catches).
    """
    vocab = {t: set(words) for t, words in _status_sets(_vocab_file()).items()}
    for layout in load_layouts():
        for treatment, words in layout.status.items():
            vocab[treatment] |= words
    _check_disjoint(vocab)
    return {t: frozenset(words) for t, words in vocab.items()}


def _check_disjoint(vocab: dict[str, set[str]]) -> None:
    for i, first in enumerate(TREATMENTS):
        for second in TREATMENTS[i + 1 :]:
            both = vocab[first] & vocab[second]
            if both:
                raise ValueError(f"status words both {first} and {second}: {sorted(both)}")


@functools.cache
def _word_treatment() -> dict[str, str]:
    return {w: t for t, words in status_vocabulary().items() for w in words}


def classify_statuses(status: pd.Series) -> pd.Series:
    """Each order status -> "counted" | "cancelled" | "unpaid" | "refunded" | "unknown" | "".

    An empty status (NaN, None, blank) gives "" — many hand-kept tables have
    no status at all, and the caller counts such orders.  Only the distinct
    values are folded and looked up, so a million rows cost a few hundred
    look-ups.
    """
    codes, uniques = pd.factorize(status, use_na_sentinel=True)
    table = _word_treatment()
    labels = [_classify_one(value, table) for value in uniques]
    lookup = np.array([*labels, ""], dtype=object)  # code -1 (empty) picks the last
    return pd.Series(lookup[codes], index=status.index, dtype=object)


def _classify_one(value: object, table: dict[str, str]) -> str:
    folded = fold_status(value)
    if not folded:
        return ""
    return table.get(folded, "unknown")
