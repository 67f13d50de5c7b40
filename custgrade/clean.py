"""Normalisers: raw cell values in, canonical values and a failure mask out.

Each normaliser takes a whole column (object dtype, as read) and returns
``(values, bad)``: the canonical values (missing where the cell is empty or
unusable) and a boolean mask of cells that held something but could not be
understood.  Work is done on whole columns; the only per-value Python code
runs over the *unique* leftover values that the fast paths did not settle
(e.g. foreign phone numbers handed to ``phonenumbers``).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, wraps
from importlib import resources
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import phonenumbers

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

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
_MIN_DATE = pd.Timestamp("1900-01-01")
_MAX_DATE = pd.Timestamp("2100-12-31")


R = TypeVar("R", pd.Series, tuple[pd.Series, pd.Series])


def on_uniques(normaliser: Callable[[pd.Series], R]) -> Callable[[pd.Series], R]:
    """Run a normaliser once per distinct value and spread the result back.

    An orders sheet repeats the same customer IDs, statuses, products and
    amounts across a million rows; normalising the few distinct values and
    indexing back is what keeps cleaning a small part of a run.
    """

    @wraps(normaliser)
    def run(raw: pd.Series) -> R:
        factorized: tuple[Any, Any] = pd.factorize(raw.to_numpy(dtype=object))
        codes: np.ndarray = np.asarray(factorized[0])
        uniques: np.ndarray = np.asarray(factorized[1], dtype=object)
        if len(uniques) * 2 > len(raw):
            return normaliser(raw)
        values: list[object] = [*uniques.tolist(), None]
        distinct = pd.Series(values, dtype=object)
        codes = np.where(codes < 0, len(uniques), codes)
        result = normaliser(distinct)
        if isinstance(result, tuple):
            return tuple(_spread(part, codes, raw.index) for part in result)  # type: ignore[return-value,unused-ignore]
        return _spread(result, codes, raw.index)  # type: ignore[return-value,unused-ignore]

    return run


def _spread(values: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    return pd.Series(values.to_numpy()[codes], index=index, dtype=values.dtype)


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


def _user_text(raw: pd.Series) -> pd.Series:
    """The string cells of a column as the user wrote them (others NaN).

    Trimmed at the ends and freed of what exports add to force text in Excel
    (`="0123"`, a leading apostrophe or tab); nothing inside is changed.
    """
    text = raw.where(raw.map(type).isin([str])).astype(object)
    values = text.to_numpy(dtype=object, copy=True)
    # only cells that start or end with space, a quote or "=" can change: one
    # scan finds them, so the common clean cell costs a single regex test
    todo = np.flatnonzero(text.str.contains(_MAY_UNWRAP, regex=True).fillna(False).to_numpy(bool))
    for _ in range(_MAX_UNWRAP):
        if not len(todo):
            break
        before = pd.Series(values[todo], dtype=object)
        after = _unwrap(before)
        values[todo] = after.to_numpy(dtype=object)
        todo = todo[after.ne(before).to_numpy(dtype=bool)]
    return pd.Series(values, index=raw.index, dtype=object)


def _unwrap(text: pd.Series) -> pd.Series:
    text = text.str.replace(_EDGE_SPACE, "", regex=True)
    inner = text.str.extract(_EXCEL_TEXT, flags=re.DOTALL)[0].str.replace('""', '"')
    text = inner.where(inner.notna(), text).str.replace(r"^'+", "", regex=True)
    return text.str.replace(_EDGE_SPACE, "", regex=True)


def _fold(text: pd.Series) -> pd.Series:
    """NFKC-folded, trimmed text: full-width digits, letters and punctuation made plain."""
    return text.str.normalize("NFKC").str.replace(_EDGE_SPACE, "", regex=True)


def _is_placeholder(text: pd.Series) -> pd.Series:
    # placeholders are short: fold only the cells that could be one
    short = text.str.strip().str.len().le(_PLACEHOLDER_LENGTH).fillna(False).astype(bool)
    found = pd.Series(False, index=text.index)
    if short.any():
        found[short] = _fold(text[short]).str.lower().isin(PLACEHOLDERS).to_numpy(bool)
    return found


@on_uniques
def normalize_text(raw: pd.Series) -> pd.Series:
    """Text as the user wrote it, trimmed at the ends; placeholders become empty.

    What comes out is what goes into the result workbook, so nothing inside
    the text is folded: 广州盛世生物医药（集团）有限公司 keeps its full-width
    brackets (issue 7 §7).  Folding is for comparing, in :func:`key_of` and in
    the parsers below.  Placeholders (无, Ｎ／Ａ, ——) are recognised folded.
    Non-text cells (numbers, dates) become their plain text form, so a
    number typed in a text column (a house number, a postcode) survives.
    """
    text = _user_text(raw)
    other = raw.where(text.isna() & raw.notna())
    if other.notna().any():
        text = text.fillna(other.dropna().map(_plain_text))
    text = text.mask(_is_placeholder(text))
    return text.where(text.notna(), None).astype(object)


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


@on_uniques
def key_of(values: pd.Series) -> pd.Series:
    """A matching key for text: NFKC-folded, case-folded, with all whitespace removed.

    "Ｃ００１", "c001" and "C 001" share a key.  Cells without text (and text
    that folds to nothing) have no key, so they never match each other.
    """
    values = values.astype(object)
    is_str = values.map(type).isin([str])
    other = values.where(~is_str & values.notna()).dropna()
    text = values.where(is_str)
    if len(other):
        text = text.fillna(other.map(_plain_text))
    # whitespace goes before the last NFKC: removing "a \u0308"'s space leaves a
    # combining mark that must compose, or the key would change on a second pass
    key = text.str.normalize("NFKC").str.casefold().str.replace(r"\s+", "", regex=True)
    key = key.str.normalize("NFKC")
    return key.where(key.str.len() > 0, None).astype(object)


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_PHONE_JUNK = r"[\s\-()（）.·/_]"

#: A masked phone: digits (and a leading +) with a run of at least three mask
#: characters, as 淘宝, 京东, 抖店 and 拼多多 export the buyer's number
#: (138****1234, 1******6198, *******1234) or a too-narrow Excel column shows
#: it (##########).  One "x" stays an extension (010-12345678 x123).
_MASKED_PHONE = r"^(?=.*[*#•●xX]{3})\+?[\d*#•●xX]{3,16}$"


@on_uniques
def masked_phones(values: pd.Series) -> pd.Series:
    """Which cells hold a masked phone number (raw or normalised, True = masked).

    A masked number is what the platform chose to show, not a wrong value:
    it is kept as text and never marked bad, but it identifies nobody, so
    matching must ignore it (see :func:`phone_keys`) and validation reports
    the masked cells once, as a count.
    """
    compact = _folded_text(values).str.replace(_PHONE_JUNK, "", regex=True)
    return compact.str.match(_MASKED_PHONE).fillna(False).astype(bool)


def phone_keys(values: pd.Series) -> pd.Series:
    """Matching keys of normalised phones; masked ones have none (138****1234 is many people)."""
    return key_of(values).mask(masked_phones(values), None)


@on_uniques
def normalize_phones(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Phones in one canonical form: mainland mobiles as 11 digits.

    "+86 138-1234-5678", "0086 13812345678", "(010) 1234 5678" and the
    float 13812345678.0 all normalise; landlines become "010-12345678";
    other numbers are parsed by ``phonenumbers`` (region CN) and written in
    E.164 form.  A masked number (138****1234) is kept as written and is not
    bad (see :func:`masked_phones`).  Anything else is a bad cell.
    """
    written = normalize_text(raw)
    text = _fold(written)
    compact = text.str.replace(_PHONE_JUNK, "", regex=True)
    compact = compact.str.replace(r"^(\+86|0086|86)(?=1[3-9]\d{9}$)", "", regex=True)
    result = compact.where(compact.str.match(_MOBILE.pattern).fillna(False).astype(bool))
    landline = compact.str.extract(r"^(?:\+86|0086)?(0(?:10|2\d)|0[3-9]\d{2})(\d{7,8})$")
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


@on_uniques
def normalize_emails(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """E-mail addresses in lower case; malformed ones are bad cells."""
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


@on_uniques
def parse_dates(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates from date cells, Excel serials, 20241004 and the common text forms.

    Text forms: 2024-10-04, 2024/10/4, 2024.10.4, 2024年10月4日, with or
    without a time, with fractional seconds and with a UTC offset
    (Shopify's "2024-03-05 14:23:11 -0700", ISO "…T14:23:11+08:00", "…Z").
    The result is the local wall-clock time the user's platform wrote: the
    offset is dropped, never applied, so "2024-03-05 23:30:00 -0700" stays
    on the 5th and a column mixing -0700 and -0800 (daylight saving) never
    fails.  Time-zone-aware date cells likewise keep their wall clock.
    "0000-00-00" (a database's empty date) is empty.  Dates before 1900 or
    after 2100 (typos, serials beyond Excel's range) are bad cells, never an
    overflow.
    """
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[us]")
    kinds = raw.map(type)
    is_dt = kinds.isin([dt.datetime, dt.date, pd.Timestamp, np.datetime64])
    if is_dt.any():
        out[is_dt] = pd.to_datetime(_wall_clock(raw[is_dt]), errors="coerce")
    is_num = kinds.isin([int, float, np.float64, np.int64]) & raw.notna()
    if is_num.any():
        out[is_num] = _dates_from_numbers(pd.to_numeric(raw[is_num], errors="coerce"))
    is_str = kinds.isin([str])
    text = _folded_text(raw.where(is_str))
    text = text.mask(text.str.fullmatch(_ZERO_DATE).fillna(False).astype(bool))
    has_text = text.notna()
    if has_text.any():
        out[has_text] = _dates_from_text(text[has_text])
    out = out.where((out >= _MIN_DATE) & (out <= _MAX_DATE))
    filled = has_text | (raw.notna() & ~is_str)
    return out, filled & out.isna()


#: MySQL's and many shop systems' "no date" (0000-00-00, 0000-00-00 00:00:00).
_ZERO_DATE = r"0{4}[-/.]0{1,2}[-/.]0{1,2}(?:[ T]0{1,2}:0{2}(?::0{2}(?:\.0+)?)?)?"


def _wall_clock(cells: pd.Series) -> pd.Series:
    """Date cells without their time zone, keeping the written date and time."""
    aware = cells.map(lambda v: getattr(v, "tzinfo", None) is not None).astype(bool)
    if not aware.any():
        return cells
    return cells.where(~aware, cells[aware].map(lambda v: v.replace(tzinfo=None)))


def _dates_from_numbers(num: pd.Series) -> pd.Series:
    whole = num.where(np.isclose(num, num.round()))
    ymd = pd.to_datetime(
        whole.where(whole.between(19000101, 21001231)).astype("Int64").astype(str),
        format="%Y%m%d",
        errors="coerce",
    ).astype("datetime64[us]")
    serial = num.where(num.between(1, _EXCEL_MAX_SERIAL))
    from_serial = (_EXCEL_EPOCH + pd.to_timedelta(serial, unit="D")).astype("datetime64[us]")
    return ymd.fillna(from_serial)


#: A time followed by a UTC offset or zone letter: "14:23:11 -0700",
#: "14:23:11.5+08:00", "14:23Z", "14:23:11 UTC+8".  Only the time is kept.
_TIME_WITH_OFFSET = (
    r"(\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(?:(?:Z|UTC|GMT)\s*)?(?:[+-]\d{1,2}(?::?\d{2})?)?$"
)


def _dates_from_text(text: pd.Series) -> pd.Series:
    unified = (
        text.str.replace(_TIME_WITH_OFFSET, r"\1", regex=True, flags=re.IGNORECASE)
        # a dot separates date parts (2024.10.04), except in fractional seconds
        .str.replace(r"[年月/]|(?<!:\d\d)\.", "-", regex=True)
        .str.replace("日", "", regex=False)
        .str.replace(r"\s+", " ", regex=True)
        .str.replace(r"(?<=\d)T(?=\d)", " ", regex=True)
        .str.strip()
    )
    result = pd.to_datetime(unified, format="%Y-%m-%d", errors="coerce").astype("datetime64[us]")
    eight = unified.str.fullmatch(r"\d{8}").fillna(False).astype(bool)
    result = result.fillna(pd.to_datetime(unified.where(eight), format="%Y%m%d", errors="coerce"))
    rest = result.isna() & unified.str.match(r"^\d{4}-\d{1,2}-\d{1,2}").fillna(False).astype(bool)
    if rest.any():
        result[rest] = _mixed_dates(unified[rest])
    numeric = pd.to_numeric(text.where(result.isna()), errors="coerce")
    if numeric.notna().any():
        result = result.fillna(_dates_from_numbers(numeric))
    return result.astype("datetime64[us]")


def _mixed_dates(text: pd.Series) -> pd.Series:
    """Date-times in any layout pandas knows, as naive wall-clock values.

    Offsets were removed before; ``utc=True`` only guards against an offset
    form not foreseen, which would otherwise fail the whole column.
    """
    parsed = pd.to_datetime(text, format="mixed", errors="coerce", utc=True)
    return parsed.dt.tz_localize(None).astype("datetime64[us]")


@dataclass(frozen=True)
class _Currencies:
    """The currency vocabulary of ``vocab/currency.toml``, compiled once."""

    pattern: str  # any known mark, longest first, letter codes as whole words
    symbol_of: dict[str, str]  # case-folded NFKC mark -> display symbol
    order: tuple[str, ...]  # symbols in file order (ties go to the earlier one)


@cache
def _currencies() -> _Currencies:
    text = (resources.files("custgrade") / "vocab" / "currency.toml").read_text("utf-8")
    symbol_of: dict[str, str] = {}
    order: list[str] = []
    for entry in tomllib.loads(text)["currency"]:
        order.append(entry["symbol"])
        for mark in entry["marks"]:
            symbol_of[unicodedata.normalize("NFKC", mark).casefold()] = entry["symbol"]
    marks = sorted(symbol_of, key=lambda m: (-len(m), m))
    return _Currencies("|".join(map(_mark_pattern, marks)), symbol_of, tuple(order))


def _mark_pattern(mark: str) -> str:
    before = r"(?<![a-z])" if mark[0].isascii() and mark[0].isalpha() else ""
    after = r"(?![a-z])" if mark[-1].isascii() and mark[-1].isalpha() else ""
    return before + re.escape(mark) + after


def detect_currency(raw: pd.Series) -> str | None:
    """The currency a column of amount texts or a Currency column is in, as a symbol.

    ¥ ￥ 元 RMB CNY give "¥", $ US$ USD "$", £ GBP "£", € EUR "€", HK$ HKD
    "HK$" … (``vocab/currency.toml``).  The symbol written on most cells wins;
    None when no cell names a currency (plain numbers say nothing).
    """
    text = raw[raw.map(type).isin([str])]
    if text.empty:
        return None
    counts = text.value_counts()
    distinct = _fold(pd.Series(counts.index, dtype=object))
    vocab = _currencies()
    marks = distinct.str.extract(f"({vocab.pattern})", flags=re.IGNORECASE)[0]
    symbols = marks.str.casefold().map(vocab.symbol_of)
    tally = pd.Series(counts.to_numpy(), index=symbols.to_numpy()).groupby(level=0).sum()
    if tally.empty:
        return None
    rank = {symbol: i for i, symbol in enumerate(vocab.order)}
    return str(min(tally.index, key=lambda s: (-tally[s], rank[s])))


@on_uniques
def parse_amounts(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Amounts as floats: ¥1,280.00, 1280元, US$1,234.50, 12.5 EUR, “1.2万”, (300) for −300.

    Number cells pass unchanged; text is cleaned of every known currency
    mark and code (``vocab/currency.toml``) and of thousands separators,
    read with its sign (-¥300, −300, (300), 300-) and scaled by 万 / 千 / k.
    """
    return _parse_numeric(raw, currency=True)


@on_uniques
def parse_numbers(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Plain numbers (counts, ages, scores) from number cells or text such as “12次”."""
    return _parse_numeric(raw, currency=False)


def _parse_numeric(raw: pd.Series, *, currency: bool) -> tuple[pd.Series, pd.Series]:
    kinds = raw.map(type)
    is_num = kinds.isin([int, float, np.float64, np.int64]) & ~kinds.isin([bool])
    out = pd.to_numeric(raw.where(is_num), errors="coerce").astype("float64")
    text = _folded_text(raw.where(kinds.isin([str])))
    has_text = text.notna()
    if has_text.any():
        out[has_text] = _numbers_from_text(text[has_text], currency=currency)
    out = out.where(np.isfinite(out))
    filled = has_text | (is_num & raw.notna()) | kinds.isin([dt.datetime, dt.date, bool])
    return out, filled & out.isna()


#: Minus signs NFKC leaves alone: − (U+2212, typeset and PDF exports), ‒ and –.
_MINUS = r"[\u2212\u2012\u2013]"


def _numbers_from_text(text: pd.Series, *, currency: bool) -> pd.Series:
    cleaned = text.str.replace(_MINUS, "-", regex=True)
    if currency:
        cleaned = cleaned.str.replace(_currencies().pattern, "", regex=True, flags=re.IGNORECASE)
    cleaned = cleaned.str.replace(r"[,，\s]", "", regex=True)
    negative = cleaned.str.fullmatch(r"\(.*\)|（.*）|[\d.]+-").fillna(False).astype(bool)
    cleaned = cleaned.str.strip("()（）").str.replace(r"(?<=[\d.])-$", "", regex=True)
    scale = pd.Series(1.0, index=text.index)
    for suffix, factor in (("万", 1e4), ("千", 1e3), ("k", 1e3), ("K", 1e3), ("亿", 1e8)):
        has = cleaned.str.endswith(suffix).fillna(False).astype(bool)
        scale = scale.mask(has, factor)
        cleaned = cleaned.mask(has, cleaned.str[: -len(suffix)])
    cleaned = cleaned.str.replace(r"(次|个|人|分|岁|件|单)$", "", regex=True)
    value = pd.to_numeric(cleaned, errors="coerce") * scale
    return value.mask(negative, -value)
