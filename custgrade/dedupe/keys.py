"""Matching keys: what two customer rows are compared on, folded for comparing only.

Folding never reaches the output: these keys live beside the frame and are
dropped once the groups are known.  A name is folded for the way Chinese
records really differ (full/half width, 繁体/简体, a company's legal-form
suffix, spaces and punctuation); contacts are folded by
``custgrade.clean.key_of`` alone, and masked phones or e-mails (138****1234,
which shop exports print for privacy) are never a key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np
import opencc  # type: ignore[import-untyped,unused-ignore]
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from custgrade.clean import key_of
from custgrade.clean.plain import PLAIN_PATTERN, as_bools, combine, distinct_text, plain_cells
from custgrade.parallel import side_by_side

#: Legal-form suffixes that do not tell two companies apart, removed from the END of a
#: folded name, repeatedly ("(集团)股份有限公司").  Folded text is lower-case, without spaces.
COMPANY_SUFFIX = (
    r"股份有限公司|有限责任公司|有限公司|责任公司|集团公司|公司|集团"
    r"|co\.?,?ltd\.?|co\.?,?limited|companylimited|limited|ltd\.?|inc\.?|corp\.?|llc"
)
#: "(集团)" anywhere in a name: 广州盛世（集团）生物医药有限公司 is the same company.
GROUP_MARK = r"[(（\[【]集团[)）\]】]"
#: Punctuation that spelling variants add or drop (·, brackets, commas, dashes).
PUNCTUATION = r"[\s()（）\[\]【】{}<>《》·•.,，、;；:：'\"‘’“”!！?？\-_/\\&+]"
#: A phone or e-mail with one of these characters is masked by its exporter.
MASK_CHARS = r"[*#＊＃]"

#: The punctuation, group mark and suffixes above as they can occur in plain text
#: (ASCII and CJK ideographs, see custgrade.clean.plain), for Arrow's RE2 kernels.
_PLAIN_PUNCTUATION = r"""[()\[\]{}<>.,;:'"!?\-_/\\&+]"""
_PLAIN_GROUP_MARK = r"[(\[]集团[)\]]"

_PUNCTUATION = re.compile(PUNCTUATION)
_GROUP_MARK = re.compile(GROUP_MARK)
_SUFFIX = re.compile(rf"({COMPANY_SUFFIX})+$")
_ROW_UNIT = "\x1f"  # separates fields in a row signature; never in folded text


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    """OpenCC's t2s table: 陳→陈, 廣→广, 醫藥→医药 (one converter per process)."""
    return opencc.OpenCC("t2s")


def simplified(texts: pd.Series) -> pd.Series:
    """Traditional characters folded to simplified ones, each text converted as given.

    Callers pass the distinct texts (`on_distinct`): finding them again
    here cost twice the conversion itself.
    """
    cells = texts.to_numpy(dtype=object)
    present = np.flatnonzero(pd.notna(cells))
    if not len(present):
        return texts
    given = [str(cell) for cell in cells[present]]
    # one call for all texts: the converter's per-call overhead dominates otherwise
    converted = _to_simplified().convert("\n".join(given)).split("\n")
    if len(converted) != len(given):  # a text held a line break after all
        converted = [_to_simplified().convert(text) for text in given]
    out = np.full(len(cells), None, dtype=object)
    out[present] = converted
    return pd.Series(out, index=texts.index, dtype=object)


def on_distinct(values: pd.Series, fold: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply a fold once per distinct value (a sheet repeats names, cities, phones)."""
    codes, uniques = _distinct(values)
    folded = fold(pd.Series(uniques, dtype=object)).to_numpy(dtype=object)
    if not len(folded):
        return pd.Series(None, index=values.index, dtype=object)
    out = folded[np.maximum(codes, 0)]
    out[codes < 0] = None
    result = pd.Series(out, index=values.index, dtype=object)
    return result.where(result.notna(), None)


def _distinct(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes (-1: missing) and the distinct values as Python objects, in order of appearance.

    A column of text held as Arrow is encoded by Arrow itself (`distinct_text`).
    """
    if isinstance(values.dtype, pd.StringDtype):
        return distinct_text(pa.array(values.array))
    found: tuple[np.ndarray, np.ndarray] = pd.factorize(
        values.to_numpy(dtype=object), use_na_sentinel=True
    )
    return np.asarray(found[0]), np.asarray(found[1], dtype=object)


def _each(texts: pd.Series, fold: Callable[[str], str]) -> pd.Series:
    # runs over distinct values only (see on_distinct); faster than chained .str calls
    return pd.Series([fold(t) if isinstance(t, str) else None for t in texts], dtype=object)


def _unpunctuated(text: str) -> str:
    # NFKC again: full-width letters and digits fold however key_of is built
    return _PUNCTUATION.sub("", unicodedata.normalize("NFKC", text))


def _legal_form_removed(text: str) -> str:
    stripped = _SUFFIX.sub("", _PUNCTUATION.sub("", _GROUP_MARK.sub("", text)))
    return stripped or text


def _unpunctuated_texts(texts: pd.Series) -> pd.Series:
    cells = plain_cells(texts)
    # plain text is NFKC already: only its ASCII punctuation goes
    fast = cells.values(pc.replace_substring_regex(cells.arrow, _PLAIN_PUNCTUATION, ""))
    return combine(lambda rest: _each(rest, _unpunctuated), texts, cells.plain, fast)


def _legal_forms_removed(texts: pd.Series) -> pd.Series:
    cells = plain_cells(texts)
    stripped = pc.replace_substring_regex(cells.arrow, _PLAIN_GROUP_MARK, "")
    stripped = pc.replace_substring_regex(stripped, _PLAIN_PUNCTUATION, "")
    stripped = pc.replace_substring_regex(stripped, _SUFFIX.pattern, "")
    kept = pc.if_else(pc.greater(pc.utf8_length(stripped), 0), stripped, cells.arrow)
    fast = cells.values(kept)
    return combine(lambda rest: _each(rest, _legal_form_removed), texts, cells.plain, fast)


def _lengths_positive(texts: pd.Series) -> np.ndarray:
    """``texts.str.len() > 0`` for a column of str and missing cells, in one kernel."""
    arrow = pa.array(texts.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    return as_bools(pc.greater(pc.utf8_length(arrow), 0))


def _empty_as_missing(texts: pd.Series) -> pd.Series:
    return texts.where(pd.Series(_lengths_positive(texts), index=texts.index))


def _folded_text(texts: pd.Series) -> pd.Series:
    """`_folded_text_general`, with plain cells folded as Arrow text from start to end.

    On plain text (printable ASCII and CJK ideographs, see
    custgrade.clean.plain) `key_of` is ASCII lower case; what OpenCC makes of
    it is folded by the plain path of `_unpunctuated_texts` when it is plain
    still.  Holding those cells as Arrow through the three steps spares two
    conversions to Python strings and back: two million CSV addresses fold
    in 4.6–4.9 s instead of 6.5–8.0 s.  Every other cell takes the general path.
    """
    cells = plain_cells(texts)
    plain = np.flatnonzero(cells.plain)
    folded = pa.nulls(len(texts), pa.string())
    settled = np.zeros(len(texts), dtype=bool)
    if len(plain):
        lower = pc.utf8_lower(cells.arrow.take(pa.array(plain)))
        converted = _simplified_arrow(lower)
        if converted is not None:
            still_plain = as_bools(pc.match_substring_regex(converted, PLAIN_PATTERN))
            bare = pc.replace_substring_regex(converted, _PLAIN_PUNCTUATION, "")
            bare = pc.if_else(pc.greater(pc.utf8_length(bare), 0), bare, None)
            mask = np.zeros(len(texts), dtype=bool)
            mask[plain] = True
            folded = pc.replace_with_mask(folded, pa.array(mask), bare)
            settled[plain] = still_plain
    return combine(_folded_text_general, texts, settled, cells.values(folded))


def _simplified_arrow(texts: pa.Array) -> pa.Array | None:
    """`simplified` of Arrow text without line breaks, as Arrow; None when a text had one.

    The texts are joined by Arrow, converted in one call and cut back at
    the line breaks, so no Python string is made per text.
    """
    joined = pc.binary_join(
        pa.LargeListArray.from_arrays(
            pa.array([0, len(texts)], pa.int64()), texts.cast(pa.large_string())
        ),
        pa.scalar("\n", pa.large_string()),
    )[0].as_py()
    converted = _to_simplified().convert(joined)
    pieces = pc.split_pattern(pa.array([converted], pa.large_string()), "\n").values
    if len(pieces) != len(texts):
        return None
    return pieces.cast(pa.string())


def _folded_text_general(texts: pd.Series) -> pd.Series:
    # key_of folds case and spacing; width, 繁→简 and punctuation are folded here
    return _empty_as_missing(_unpunctuated_texts(simplified(key_of(texts))))


def fold_text(values: pd.Series) -> pd.Series:
    """Text for comparing: width, case, spacing, 繁简 and punctuation folded (None when empty)."""
    return on_distinct(values, _folded_text)


def fold_names(names: pd.Series) -> pd.Series:
    """A name for comparing: `fold_text` and a company's legal-form suffix removed.

    A name that is nothing but a suffix ("有限公司") keeps its folded text, so it
    is not confused with an empty name.
    """
    return on_distinct(
        names,
        lambda texts: _empty_as_missing(_legal_forms_removed(_folded_text(texts))),
    )


def _contact(texts: pd.Series) -> pd.Series:
    key = key_of(texts.astype(object))
    # a class of literal characters means the same to RE2 as to Python's re
    arrow = pa.array(key.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    masked = pc.fill_null(pc.match_substring_regex(arrow, MASK_CHARS), True)
    usable = ~as_bools(masked) & as_bools(pc.greater(pc.utf8_length(arrow), 0))
    return key.where(pd.Series(usable, index=key.index))


def contact_key(values: pd.Series) -> pd.Series:
    """A phone or e-mail as a key; masked values (138****1234) are no key at all."""
    return _contact(values.astype(object).where(values.notna(), None))


@dataclass
class MatchKeys:
    """The folded keys of every row, as arrays aligned with the frame's rows.

    ``*_code`` arrays are integer codes (equal code, equal key; -1 for no key)
    so that pairs compare in whole-array operations; ``names`` keeps the
    folded names themselves for similarity scoring.
    """

    ids: np.ndarray
    names: np.ndarray  # folded names (object, None when empty)
    name_code: np.ndarray
    phone_code: np.ndarray
    email_code: np.ndarray
    address_code: np.ndarray
    exact_code: np.ndarray  # equal for rows whose every cell is equal (-1: nothing to match)
    #: the folded id, name, phone, e-mail and address texts and the row hashes (object)
    parts: tuple[np.ndarray, ...] = ()

    def __len__(self) -> int:
        return len(self.ids)

    def signatures(self, rows: np.ndarray) -> list[str]:
        """Every folded key of each given row in one string, for a canonical order.

        Only the rows of components that may hold a contradiction need one,
        so they are built for those rows alone.
        """
        texts = [["" if pd.isna(v) else str(v) for v in part[rows]] for part in self.parts]
        return [_ROW_UNIT.join(row) for row in zip(*texts, strict=True)]


def codes_of(keys: pd.Series) -> np.ndarray:
    """Integer codes of a key column, -1 where a row has no key."""
    codes, _ = pd.factorize(keys.to_numpy(dtype=object), use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64)


def column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column of the frame, or an empty one when the input has no such field."""
    if name in frame:
        return frame[name]
    return pd.Series(None, index=frame.index, dtype=object)


def row_hashes(frame: pd.DataFrame, candidates: np.ndarray) -> pd.Series:
    """A hash of every cell of the candidate rows (sheet and row number left out); NaN elsewhere.

    Only rows whose folded keys equal another row's can be exact copies, so
    only those few are hashed.
    """
    value_columns = [c for c in frame.columns if c not in ("row", "sheet")]
    hashes = pd.Series(np.nan, index=frame.index, dtype=object)
    if not candidates.any() or not value_columns:
        return hashes
    cells = frame.loc[candidates, value_columns].astype(object)
    text = cells.where(cells.notna(), None).astype(str)
    hashed = pd.util.hash_pandas_object(text, index=False).astype(str).astype(object)
    hashes[candidates] = hashed.to_numpy()
    return hashes


#: The folded keys of a row, in the order of its signature.
KEY_FIELDS: tuple[str, ...] = ("id", "name", "phone", "email", "address")


def fold_codes(folded: dict[str, pd.Series]) -> dict[str, np.ndarray]:
    """`codes_of` every folded key, computed once for all the stage's comparisons."""
    return {k: codes_of(folded[k]) for k in KEY_FIELDS}


def repeated_rows(codes: list[np.ndarray]) -> np.ndarray:
    """True for rows whose codes (all of them, -1 included) equal another row's.

    The code columns are folded into one integer code pairwise, each step a
    hash of integers, so no tuple of a million rows is ever hashed.
    """
    combined = np.zeros(len(codes[0]) if codes else 0, dtype=np.int64)
    for part in codes:
        wide = combined * (int(part.max(initial=-1)) + 2) + part + 1
        combined = np.asarray(pd.factorize(wide)[0], dtype=np.int64)
    repeated: np.ndarray = np.bincount(combined, minlength=1)[combined] > 1
    return repeated


def match_keys(
    frame: pd.DataFrame, folded: dict[str, pd.Series], codes: dict[str, np.ndarray]
) -> MatchKeys:
    """The keys of every row (shared lines already removed from ``folded`` and ``codes``)."""
    identifying = np.zeros(len(frame), dtype=bool)
    for name in ("customer_id", "phone", "email", "address"):
        identifying |= column(frame, name).notna().to_numpy()
    fields = KEY_FIELDS
    # rows whose folded keys all agree (no key and no key agree too): equal codes, equal keys
    same_keys = repeated_rows([codes[k] for k in fields])
    hashes = row_hashes(frame, same_keys & identifying)
    names = folded["name"].astype(object)
    return MatchKeys(
        ids=codes["id"],
        names=names.where(names.notna(), None).to_numpy(dtype=object),
        name_code=codes["name"],
        phone_code=codes["phone"],
        email_code=codes["email"],
        address_code=codes["address"],
        exact_code=codes_of(hashes),
        parts=(*(folded[k].to_numpy(dtype=object) for k in fields), hashes.to_numpy(dtype=object)),
    )


def fold_frame(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """Every folded key of the frame: id, name, phone, email, address.

    Each key reads its own column: they are folded side by side.
    """
    folds: dict[str, tuple[Callable[[pd.Series], pd.Series], str]] = {
        "id": (lambda ids: key_of(ids.astype(object)), "customer_id"),
        "name": (fold_names, "name"),
        "phone": (contact_key, "phone"),
        "email": (contact_key, "email"),
        "address": (fold_text, "address"),
    }
    calls = (partial(fold, column(frame, name)) for fold, name in folds.values())
    return dict(zip(folds, side_by_side(*calls), strict=True))
