"""Phones, e-mails and gender: one canonical form each, masked phones recognised."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc

from custgrade.clean.plain import PlainCells, as_bools, combine
from custgrade.clean.text import _fold, _folded_text, key_of, normalize_text, plain_as_written
from custgrade.clean.uniques import on_uniques, on_uniques_unless_text

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_PHONE_JUNK = r"[\s\-()（）.·/_]"

#: A masked phone: digits (and a leading +) with a run of at least three mask
#: characters, as 淘宝, 京东, 抖店 and 拼多多 export the buyer's number
#: (138****1234, 1******6198, *******1234) or a too-narrow Excel column shows
#: it (##########).  One "x" stays an extension (010-12345678 x123).
_MASKED_PHONE = r"^(?=.*[*#•●xX]{3})\+?[\d*#•●xX]{3,16}$"

# The same rules for plain text (ASCII, no space; see custgrade.clean.plain) in
# RE2, which has no lookaround: the lookahead becomes a second test and the
# +86 prefix is removed by keeping the number behind it.
_PLAIN_JUNK = r"[\-()./_]"
_PLAIN_PREFIX = r"^(?:\+86|0086|86)(1[3-9][0-9]{9})$"
_PLAIN_MASK_RUN = r"[*#xX]{3}"
_PLAIN_MASKED = r"^\+?[0-9*#xX]{3,16}$"
_LANDLINE = r"^(?:\+86|0086)?(0(?:10|2\d)|0[3-9]\d{2})(\d{7,8})$"
_PLAIN_LANDLINE = r"^(?:\+86|0086)?(0(?:10|2[0-9])|0[3-9][0-9]{2})([0-9]{7,8})$"
#: A number written with ASCII spaces between its parts, and what its compact form drops.
_SPACED_NUMBER = r"^[0-9+\-()./_ ]+$"
_SPACED_JUNK = r"[\-()./_ ]"


def _plain_compact(cells: PlainCells) -> pa.Array:
    """Plain phones without separators (what `_PHONE_JUNK` removes from plain text)."""
    return pc.replace_substring_regex(cells.arrow, _PLAIN_JUNK, "")


def _with_general(
    general: Callable[[pd.Series], tuple[pd.Series, pd.Series]],
    raw: pd.Series,
    settled: np.ndarray,
    values: np.ndarray,
    bad: np.ndarray,
) -> tuple[pd.Series, pd.Series]:
    """The fast path's values and bad cells where `settled`, the general path's elsewhere."""
    values, bad = values.copy(), bad.copy()
    rest = ~settled
    if rest.any():
        general_values, general_bad = general(raw[rest])
        values[rest] = general_values.to_numpy(dtype=object)
        bad[rest] = general_bad.to_numpy(dtype=bool)
    return pd.Series(values, index=raw.index, dtype=object), pd.Series(bad, index=raw.index)


def _plain_masked(compact: pa.Array) -> np.ndarray:
    run = as_bools(pc.match_substring_regex(compact, _PLAIN_MASK_RUN))
    masked: np.ndarray = run & as_bools(pc.match_substring_regex(compact, _PLAIN_MASKED))
    return masked


@on_uniques_unless_text
def masked_phones(values: pd.Series) -> pd.Series:
    """Which cells hold a masked phone number (raw or normalised, True = masked).

    A masked number is what the platform chose to show, not a wrong value:
    it is kept as text and never marked bad, but it identifies nobody, so
    matching must ignore it (see :func:`phone_keys`) and validation reports
    the masked cells once, as a count.
    """
    cells = plain_as_written(values)
    fast = _plain_masked(_plain_compact(cells))
    return combine(_masked_phones_general, values, cells.plain, fast, dtype=bool)


def _masked_phones_general(values: pd.Series) -> pd.Series:
    compact = _folded_text(values).str.replace(_PHONE_JUNK, "", regex=True)
    return compact.str.match(_MASKED_PHONE).fillna(False).astype(bool)


def phone_keys(values: pd.Series) -> pd.Series:
    """Matching keys of normalised phones; masked ones have none (138****1234 is many people)."""
    return key_of(values).mask(masked_phones(values), None)


@on_uniques_unless_text
def normalize_phones(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Phones in one canonical form: mainland mobiles as 11 digits.

    "+86 138-1234-5678", "0086 13812345678", "(010) 1234 5678" and the
    float 13812345678.0 all normalise; landlines become "010-12345678";
    other numbers are parsed by ``phonenumbers`` (region CN) and written in
    E.164 form.  A masked number (138****1234) is kept as written and is not
    bad (see :func:`masked_phones`).  Anything else is a bad cell.
    """
    cells = plain_as_written(raw)
    # "+86 138 1234 5678": ASCII digits and separators with spaces fold to themselves, so
    # their spaces go with the separators (a masked or quoted number is never one of them)
    spaced = ~cells.plain & as_bools(pc.match_substring_regex(cells.arrow, _SPACED_NUMBER))
    compact = pc.replace_substring_regex(cells.arrow, _SPACED_JUNK, "")
    compact = pc.replace_substring_regex(compact, _PLAIN_PREFIX, r"\1")
    mobile = as_bools(pc.match_substring_regex(compact, _MOBILE.pattern))
    landline = as_bools(pc.match_substring_regex(compact, _PLAIN_LANDLINE))
    dashed = pc.replace_substring_regex(compact, _PLAIN_LANDLINE, r"\1-\2")
    masked = _plain_masked(compact)
    # the general path's order: a mobile, else a landline; a masked number as written
    chosen = pc.if_else(pa.array(mobile), compact, dashed)
    chosen = cells.values(pc.if_else(pa.array(masked), cells.arrow, chosen))
    settled = (cells.plain & (mobile | landline | masked)) | (spaced & (mobile | landline))
    return _with_general(_normalize_phones_general, raw, settled, chosen, np.zeros(len(raw), bool))


def _normalize_phones_general(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    written = normalize_text(raw)
    text = _fold(written)
    compact = text.str.replace(_PHONE_JUNK, "", regex=True)
    compact = compact.str.replace(r"^(\+86|0086|86)(?=1[3-9]\d{9}$)", "", regex=True)
    result = compact.where(compact.str.match(_MOBILE.pattern).fillna(False).astype(bool))
    landline = compact.str.extract(_LANDLINE)
    is_landline = landline[0].notna() & result.isna()
    result = result.mask(is_landline, landline[0] + "-" + landline[1])
    masked = compact.str.match(_MASKED_PHONE).fillna(False).astype(bool)
    result = result.mask(masked, written)
    rest = text.notna() & result.isna()
    if rest.any():
        parsed = {v: _parse_phone(v) for v in text[rest].unique()}
        result = result.mask(rest, text[rest].map(parsed))
    bad = text.notna() & result.isna()
    return result.where(result.notna(), None).astype(object), bad


def _parse_phone(text: str) -> str | None:
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    national = str(number.national_number)
    if number.country_code == 86 and _MOBILE.match(national):
        return national  # the canonical mainland form, so a second pass changes nothing
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_EMAIL = r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$"


@on_uniques_unless_text
def normalize_emails(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """E-mail addresses in lower case; malformed ones are bad cells."""
    cells = plain_as_written(raw)
    # plain text has no space to remove and folds to its ASCII lower case
    text = pc.replace_substring_regex(pc.utf8_lower(cells.arrow), "^mailto:", "")
    ok = as_bools(pc.match_substring_regex(text, _EMAIL))
    values = cells.values(pc.if_else(pa.array(ok), text, None))
    return _with_general(_normalize_emails_general, raw, cells.plain, values, cells.plain & ~ok)


def _normalize_emails_general(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = _folded_text(raw).str.replace(r"\s+", "", regex=True).str.lower()
    text = text.str.replace(r"^mailto:", "", regex=True)
    ok = text.str.match(_EMAIL).fillna(False).astype(bool)
    bad = text.notna() & ~ok
    return text.where(ok, None).astype(object), bad


_GENDER_WORDS: dict[str, str] = {
    "男": "男",
    "男性": "男",
    "男士": "男",
    "先生": "男",
    "m": "男",
    "male": "男",
    "man": "男",
    "女": "女",
    "女性": "女",
    "女士": "女",
    "小姐": "女",
    "f": "女",
    "female": "女",
    "woman": "女",
}


@on_uniques
def normalize_gender(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """男/女 from the gender words real exports use (M, Female, 女士 ...)."""
    text = _folded_text(raw)
    result = text.str.lower().map(_GENDER_WORDS)
    bad = text.notna() & result.isna()
    return result.where(result.notna(), None).astype(object), bad
