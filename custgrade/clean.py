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
from collections.abc import Callable
from functools import wraps
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


def _text_part(raw: pd.Series) -> pd.Series:
    """The string cells of a column, NFKC-folded and trimmed (others NaN)."""
    is_str = raw.map(type).isin([str])
    text = raw.where(is_str).astype("object")
    return text.str.normalize("NFKC").str.strip()


def _is_placeholder(text: pd.Series) -> pd.Series:
    return text.str.lower().isin(PLACEHOLDERS).fillna(False).astype(bool)


@on_uniques
def normalize_text(raw: pd.Series) -> pd.Series:
    """Fold full-width characters and spaces, trim, and empty the placeholders.

    Non-text cells (numbers, dates) become their plain text form, so a
    number typed in a text column (a house number, a postcode) survives.
    """
    text = _text_part(raw)
    other = raw.where(text.isna() & raw.notna())
    if other.notna().any():
        text = text.fillna(other.dropna().map(_plain_text))
    text = text.mask(_is_placeholder(text))
    return text.where(text.notna(), None).astype(object)


def _plain_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def normalize_ids(raw: pd.Series) -> pd.Series:
    """IDs as trimmed text; 123.0 read from a number cell becomes "123"."""
    return normalize_text(raw)


@on_uniques
def key_of(values: pd.Series) -> pd.Series:
    """A matching key for text: case-folded with all whitespace removed."""
    return values.astype("object").str.casefold().str.replace(r"\s+", "", regex=True)


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_PHONE_JUNK = r"[\s\-()（）.·/_]"


@on_uniques
def normalize_phones(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Phones in one canonical form: mainland mobiles as 11 digits.

    "+86 138-1234-5678", "0086 13812345678", "(010) 1234 5678" and the
    float 13812345678.0 all normalise; landlines become "010-12345678";
    other numbers are parsed by ``phonenumbers`` (region CN) and written in
    E.164 form.  Anything else is a bad cell.
    """
    text = normalize_text(raw)
    compact = text.str.replace(_PHONE_JUNK, "", regex=True)
    compact = compact.str.replace(r"^(\+86|0086|86)(?=1[3-9]\d{9}$)", "", regex=True)
    result = compact.where(compact.str.match(_MOBILE.pattern).fillna(False).astype(bool))
    landline = compact.str.extract(r"^(?:\+86|0086)?(0(?:10|2\d)|0[3-9]\d{2})(\d{7,8})$")
    is_landline = landline[0].notna() & result.isna()
    result = result.mask(is_landline, landline[0] + "-" + landline[1])
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
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_EMAIL = r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$"


@on_uniques
def normalize_emails(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """E-mail addresses in lower case; malformed ones are bad cells."""
    text = normalize_text(raw).str.replace(r"\s+", "", regex=True).str.lower()
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
    text = normalize_text(raw)
    result = text.str.lower().map(_GENDER_WORDS)
    bad = text.notna() & result.isna()
    return result.where(result.notna(), None).astype(object), bad


@on_uniques
def parse_dates(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates from date cells, Excel serials, 20241004 and the common text forms.

    Text forms: 2024-10-04, 2024/10/4, 2024.10.4, 2024年10月4日, with or
    without a time.  Dates before 1900 or after 2100 (typos, serials beyond
    Excel's range) are bad cells, never an overflow.
    """
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[us]")
    kinds = raw.map(type)
    is_dt = kinds.isin([dt.datetime, dt.date, pd.Timestamp])
    if is_dt.any():
        out[is_dt] = pd.to_datetime(raw[is_dt], errors="coerce")
    is_num = kinds.isin([int, float, np.float64, np.int64]) & raw.notna()
    if is_num.any():
        out[is_num] = _dates_from_numbers(pd.to_numeric(raw[is_num], errors="coerce"))
    text = normalize_text(raw.where(kinds.isin([str])))
    has_text = text.notna()
    if has_text.any():
        out[has_text] = _dates_from_text(text[has_text])
    out = out.where((out >= _MIN_DATE) & (out <= _MAX_DATE))
    filled = has_text | is_dt | is_num
    return out, filled & out.isna()


def _dates_from_numbers(num: pd.Series) -> pd.Series:
    whole = num.where(np.isclose(num, num.round()))
    ymd = pd.to_datetime(
        whole.where(whole.between(19000101, 21001231)).astype("Int64").astype(str),
        format="%Y%m%d",
        errors="coerce",
    )
    serial = num.where(num.between(1, _EXCEL_MAX_SERIAL))
    from_serial = _EXCEL_EPOCH + pd.to_timedelta(serial, unit="D")
    return ymd.fillna(from_serial).astype("datetime64[us]")


def _dates_from_text(text: pd.Series) -> pd.Series:
    unified = (
        text.str.replace(r"[年月/.]", "-", regex=True)
        .str.replace("日", "", regex=False)
        .str.replace(r"\s+", " ", regex=True)
        .str.replace("T", " ", regex=False)
        .str.strip()
    )
    result = pd.to_datetime(unified, format="%Y-%m-%d", errors="coerce")
    eight = unified.str.fullmatch(r"\d{8}").fillna(False).astype(bool)
    result = result.fillna(pd.to_datetime(unified.where(eight), format="%Y%m%d", errors="coerce"))
    rest = result.isna() & unified.str.match(r"^\d{4}-\d{1,2}-\d{1,2}").fillna(False).astype(bool)
    if rest.any():
        result[rest] = pd.to_datetime(unified[rest], format="mixed", errors="coerce")
    numeric = pd.to_numeric(unified.where(result.isna()), errors="coerce")
    if numeric.notna().any():
        result = result.fillna(_dates_from_numbers(numeric))
    return result.astype("datetime64[us]")


_CURRENCY = r"[¥￥$€£,，\s]|人民币|RMB|CNY|元|块"


@on_uniques
def parse_amounts(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Amounts as floats: ¥1,280.00, 1280元, “1.2万”, (300) for −300.

    Number cells pass unchanged; text is cleaned of currency marks and
    thousands separators and scaled by 万 / 千 / k.
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
    text = normalize_text(raw.where(kinds.isin([str])))
    has_text = text.notna()
    if has_text.any():
        out[has_text] = _numbers_from_text(text[has_text], currency=currency)
    out = out.where(np.isfinite(out))
    filled = has_text | (is_num & raw.notna()) | kinds.isin([dt.datetime, dt.date, bool])
    return out, filled & out.isna()


def _numbers_from_text(text: pd.Series, *, currency: bool) -> pd.Series:
    cleaned = text.str.replace(_CURRENCY if currency else r"[,，\s]", "", regex=True)
    negative = cleaned.str.fullmatch(r"\(.*\)|（.*）").fillna(False).astype(bool)
    cleaned = cleaned.str.strip("()（）")
    scale = pd.Series(1.0, index=text.index)
    for suffix, factor in (("万", 1e4), ("千", 1e3), ("k", 1e3), ("K", 1e3), ("亿", 1e8)):
        has = cleaned.str.endswith(suffix).fillna(False).astype(bool)
        scale = scale.mask(has, factor)
        cleaned = cleaned.mask(has, cleaned.str[: -len(suffix)])
    cleaned = cleaned.str.replace(r"(次|个|人|分|岁|件|单)$", "", regex=True)
    value = pd.to_numeric(cleaned, errors="coerce") * scale
    return value.mask(negative, -value)
