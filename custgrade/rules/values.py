"""Lenient reading of the single values people type into rules.

Rules come from hand-edited spreadsheets and text files: "30%", "３０",
"0.3", " 85 " and a date stored as text all mean something obvious, so
they are read as such.  A value that cannot be read is returned unchanged,
for validation to report with the cell or key it came from.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^(\d{4})\D(\d{1,2})\D(\d{1,2})\D?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def fold_text(value: str) -> str:
    """NFKC-fold and strip: full-width digits, letters and spaces become plain."""
    return unicodedata.normalize("NFKC", value).strip()


def parse_number(value: object) -> float | None:
    """A number from a cell or file value, or None when it is not one.

    Accepts int/float and text such as "85", "１２", "1,200" or "30%"
    (read as 30: a percent sign only says which unit the number is in).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        return None
    text = fold_text(value).replace(",", "").removesuffix("%").strip()
    return float(text) if _NUMBER.match(text) else None


def is_percent_text(value: object) -> bool:
    """Whether a value was written with a percent sign ("30%")."""
    return isinstance(value, str) and fold_text(value).endswith("%")


def plain_number(value: float) -> int | float:
    """An integral float as int, so that 30.0 is shown and written as 30."""
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def format_number(value: float, max_decimals: int | None = None) -> str:
    """Shortest text that reads back as the same float ("30", "12.5").

    With ``max_decimals`` the value is rounded first, for numbers shown
    rather than read back: an effective weight of 35.294117647 is "35.29".
    """
    number = plain_number(value if max_decimals is None else round(value, max_decimals))
    return str(number) if isinstance(number, int) else repr(number)


def parse_date(value: object) -> dt.date | object:
    """A date from a cell or file value; anything unreadable is returned as is.

    Excel gives dates as date/datetime; text such as "2024-10-04",
    "2024/10/4" or "2024年10月4日" and Excel serial numbers are accepted too.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    if isinstance(value, str):
        match = _DATE.match(fold_text(value))
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                return value
    return value
