"""Normalisers: raw cell values in, canonical values and a failure mask out.

Each normaliser takes a whole column (object dtype, as read) and returns
``(values, bad)``: the canonical values (missing where the cell is empty or
unusable) and a boolean mask of cells that held something but could not be
understood.  Work is done on whole columns; the only per-value Python code
runs over the *unique* leftover values that the fast paths did not settle
(e.g. foreign phone numbers handed to ``phonenumbers``).
"""

from custgrade.clean.amounts import _currencies, detect_currency, parse_amounts, parse_numbers
from custgrade.clean.contacts import (
    _parse_phone,
    masked_phones,
    normalize_emails,
    normalize_gender,
    normalize_phones,
    phone_keys,
)
from custgrade.clean.dates import parse_dates
from custgrade.clean.text import (
    PLACEHOLDERS,
    _fold,
    _folded_text,
    _plain_text,
    key_of,
    normalize_ids,
    normalize_text,
)
from custgrade.clean.uniques import on_uniques

__all__ = [
    "PLACEHOLDERS",
    "_currencies",
    "_fold",
    "_folded_text",
    "_parse_phone",
    "_plain_text",
    "detect_currency",
    "key_of",
    "masked_phones",
    "normalize_emails",
    "normalize_gender",
    "normalize_ids",
    "normalize_phones",
    "normalize_text",
    "on_uniques",
    "parse_amounts",
    "parse_dates",
    "parse_numbers",
    "phone_keys",
]
