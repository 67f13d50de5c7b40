"""Text cells: the user's text trimmed at the ends, placeholders emptied, and matching keys.

What `normalize_text` returns is what the result workbook shows, so nothing
inside the text is folded; folding (`key_of`, `_fold`) is for comparing.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from custgrade.clean.plain import PlainCells, as_bools, combine, is_str, plain_cells, quoted
from custgrade.clean.uniques import on_uniques_unless_text

#: Cell contents that mean "nothing here" in real exports.
PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "",
        "无",
        "空",
        "暂无",
        "未知",
        "不详",
        "未填",
        "未填写",
        "-",
        "--",
        "---",
        "—",
        "——",
        "/",
        "\\",
        "n/a",
        "na",
        "n.a.",
        "null",
        "none",
        "nil",
        "nan",
        "#n/a",
        "?",
        "？",
        "0000-00-00",
    }
)

#: Characters trimmed at both ends of a text cell: every Unicode space (the
#: full-width \u3000 and the NBSP that web exports leave included), zero-width
#: spaces and a byte-order mark left in the first cell of a CSV.
_EDGE_SPACE = r"^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$"

#: ="0123": CSV exports (淘宝, 京东 order numbers and phones) wrap values so
#: Excel keeps them as text; inside, Excel doubles a quote.
_EXCEL_TEXT = r'^=\s*"(.*)"$'

#: What a cell needing `_unwrap` starts or ends with.
_MAY_UNWRAP = r"^[\s\u200b\ufeff'=]|[\s\u200b\ufeff]$"

#: Wrappers nest rarely ("'=\"0123\"") and never deeply; a cap keeps a hostile
#: cell from looping.
_MAX_UNWRAP = 8


#: Longest trimmed cell that can be a placeholder: twice the longest one, as
#: NFKC may fold two characters into one (half-width ｶﾞ → ガ).
_PLACEHOLDER_LENGTH = 2 * max(len(p) for p in PLACEHOLDERS)
_PLACEHOLDER_ARRAY = pa.array(sorted(PLACEHOLDERS), type=pa.string())


def _user_text(raw: pd.Series) -> tuple[pd.Series, PlainCells]:
    """The string cells of a column as the user wrote them (others NaN).

    Trimmed at the ends and freed of what exports add to force text in Excel
    (`="0123"`, a leading apostrophe or tab); nothing inside is changed.
    Also returns the plain cells of the column (see `custgrade.clean.plain`),
    narrowed to those this left as they were.
    """
    text_mask = is_str(raw)
    text = raw.where(pd.Series(text_mask, index=raw.index)).astype(object)
    values = text.to_numpy(dtype=object, copy=True)
    cells = plain_cells(raw, text_mask)
    starts_quoted = quoted(cells)
    # only cells that start or end with space, a quote or "=" can change: plain
    # text has no space, so only quoted plain cells and the others need the regex
    maybe = np.flatnonzero(text_mask & ~(cells.plain & ~starts_quoted))
    found = text.iloc[maybe].str.contains(_MAY_UNWRAP, regex=True).fillna(False)
    todo = maybe[found.to_numpy(bool)]
    for _ in range(_MAX_UNWRAP):
        if not len(todo):
            break
        before = pd.Series(values[todo], dtype=object)
        after = _unwrap(before)
        values[todo] = after.to_numpy(dtype=object)
        todo = todo[after.ne(before).to_numpy(dtype=bool)]
    unchanged = PlainCells(cells.arrow, cells.plain & ~starts_quoted)
    return pd.Series(values, index=raw.index, dtype=object), unchanged


def _unwrap(text: pd.Series) -> pd.Series:
    text = text.str.replace(_EDGE_SPACE, "", regex=True)
    inner = text.str.extract(_EXCEL_TEXT, flags=re.DOTALL)[0].str.replace('""', '"')
    text = inner.where(inner.notna(), text).str.replace(r"^'+", "", regex=True)
    return text.str.replace(_EDGE_SPACE, "", regex=True)


def _fold(text: pd.Series) -> pd.Series:
    """NFKC-folded, trimmed text: full-width digits, letters and punctuation made plain."""
    plain = plain_cells(text).plain
    return combine(_fold_general, text, plain, text.to_numpy(dtype=object))


def _fold_general(text: pd.Series) -> pd.Series:
    return text.str.normalize("NFKC").str.replace(_EDGE_SPACE, "", regex=True)


def _is_placeholder(text: pd.Series, cells: PlainCells) -> pd.Series:
    """Which cells are placeholders; `cells` says which cells are plain text (and holds them)."""
    # plain text has nothing to trim or fold: its length and lower case decide
    short = as_bools(pc.less_equal(pc.utf8_length(cells.arrow), _PLACEHOLDER_LENGTH))
    lower = pc.utf8_lower(cells.arrow)
    fast = short & as_bools(pc.is_in(lower, value_set=_PLACEHOLDER_ARRAY))
    found = combine(_is_placeholder_general, text, cells.plain, fast, dtype=bool)
    return found


def _is_placeholder_general(text: pd.Series) -> pd.Series:
    # placeholders are short: fold only the cells that could be one
    short = text.str.strip().str.len().le(_PLACEHOLDER_LENGTH).fillna(False).astype(bool)
    found = pd.Series(False, index=text.index)
    if short.any():
        found[short] = _fold_general(text[short]).str.lower().isin(PLACEHOLDERS).to_numpy(bool)
    return found


@on_uniques_unless_text
def normalize_text(raw: pd.Series) -> pd.Series:
    """Text as the user wrote it, trimmed at the ends; placeholders become empty.

    What comes out is what goes into the result workbook, so nothing inside
    the text is folded: 广州盛世生物医药（集团）有限公司 keeps its full-width
    brackets (issue 7 §7).  Folding is for comparing, in :func:`key_of` and in
    the parsers below.  Placeholders (无, Ｎ／Ａ, ——) are recognised folded.
    Non-text cells (numbers, dates) become their plain text form, so a
    number typed in a text column (a house number, a postcode) survives.
    """
    text, cells = _user_text(raw)
    other = raw.where(text.isna() & raw.notna())
    if other.notna().any():
        text = text.fillna(other.dropna().map(_plain_text))
    text = text.mask(_is_placeholder(text, cells))
    return text.where(text.notna(), None).astype(object)


def plain_as_written(values: pd.Series) -> PlainCells:
    """The plain cells of a column that `normalize_text` and `_fold` leave as they are.

    Plain text (see `custgrade.clean.plain`) has no space to trim and nothing
    to fold; only a leading quote or "=" (unwrapped) or a placeholder (emptied)
    would change it.  The normalisers run their fast paths on these cells.
    """
    cells = plain_cells(values)
    starts_quoted = quoted(cells)
    placeholder = as_bools(pc.is_in(pc.utf8_lower(cells.arrow), value_set=_PLACEHOLDER_ARRAY))
    return PlainCells(cells.arrow, cells.plain & ~starts_quoted & ~placeholder)


def _folded_text(raw: pd.Series) -> pd.Series:
    """The text of each cell, folded for parsing (full-width ０-９ read as 0-9)."""
    return _fold(normalize_text(raw))


def _plain_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def normalize_ids(raw: pd.Series) -> pd.Series:
    """IDs as the user spelled them, trimmed; 123.0 read from a number cell becomes "123".

    "Ｃ００１" stays "Ｃ００１" in the output; it matches "c001" through :func:`key_of`.
    """
    return normalize_text(raw)


@on_uniques_unless_text
def key_of(values: pd.Series) -> pd.Series:
    """A matching key for text: NFKC-folded, case-folded, with all whitespace removed.

    "Ｃ００１", "c001" and "C 001" share a key.  Cells without text (and text
    that folds to nothing) have no key, so they never match each other.
    """
    values = values.astype(object)
    cells = plain_cells(values)
    # plain text folds to its ASCII lower case
    lower = pc.utf8_lower(cells.arrow)
    fast = cells.values(pc.if_else(pc.greater(pc.utf8_length(lower), 0), lower, None))
    return combine(_key_of_general, values, cells.plain, fast)


def _key_of_general(values: pd.Series) -> pd.Series:
    text_mask = pd.Series(is_str(values), index=values.index)
    other = values.where(~text_mask & values.notna()).dropna()
    text = values.where(text_mask)
    if len(other):
        text = text.fillna(other.map(_plain_text))
    # whitespace goes before the last NFKC: removing "a \u0308"'s space leaves a
    # combining mark that must compose, or the key would change on a second pass
    key = text.str.normalize("NFKC").str.casefold().str.replace(r"\s+", "", regex=True)
    key = key.str.normalize("NFKC")
    return key.where(key.str.len() > 0, None).astype(object)
