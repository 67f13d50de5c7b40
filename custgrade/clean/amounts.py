"""Money and numbers written as text: currency marks, 万, thousands separators, minus signs."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from custgrade.clean.text import _fold, _folded_text
from custgrade.clean.uniques import on_uniques


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
