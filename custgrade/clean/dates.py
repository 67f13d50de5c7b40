"""Dates as exports write them: Excel serials, ISO, slashes, Chinese, offsets, 0000-00-00."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from custgrade.clean.text import _folded_text
from custgrade.clean.uniques import on_uniques

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
_MIN_DATE = pd.Timestamp("1900-01-01")
_MAX_DATE = pd.Timestamp("2100-12-31")


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
        out[is_dt] = _date_cells(raw[is_dt])
    is_num = kinds.isin([int, float, np.float64, np.int64]) & raw.notna()
    if is_num.any():
        out[is_num] = _dates_from_numbers(pd.to_numeric(raw[is_num], errors="coerce"))
    is_str = kinds.isin([str]).to_numpy()
    # only the text cells are folded: a column of date cells holds a few typed dates
    texts = _folded_text(raw[is_str])
    zero = texts.str.fullmatch(_ZERO_DATE).fillna(False).astype(bool)
    usable = (texts.notna() & ~zero).to_numpy()
    has_text = np.zeros(len(raw), dtype=bool)
    has_text[np.flatnonzero(is_str)[usable]] = True
    if has_text.any():
        out[has_text] = _dates_from_text(texts[usable]).to_numpy()
    out = out.where((out >= _MIN_DATE) & (out <= _MAX_DATE))
    filled = pd.Series(has_text | (raw.notna().to_numpy() & ~is_str), index=raw.index)
    return out, filled & out.isna()


#: MySQL's and many shop systems' "no date" (0000-00-00, 0000-00-00 00:00:00).
_ZERO_DATE = r"0{4}[-/.]0{1,2}[-/.]0{1,2}(?:[ T]0{1,2}:0{2}(?::0{2}(?:\.0+)?)?)?"


def _date_cells(cells: pd.Series) -> pd.Series:
    """Date cells as naive wall-clock values; each cell is looked at only if a zone is there.

    Converting the column whole gives naive values without a missing one
    only when no cell had a time zone (a zone makes the whole column aware,
    or the cells with one missing, or cells in two zones refused), which is
    what a spreadsheet gives.
    """
    try:
        whole = pd.to_datetime(cells, errors="coerce")
    except ValueError:  # cells in different time zones
        whole = None
    if whole is not None and getattr(whole.dt, "tz", None) is None and not whole.isna().any():
        return whole
    return pd.to_datetime(_wall_clock(cells), errors="coerce")


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
