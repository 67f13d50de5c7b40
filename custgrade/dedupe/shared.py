"""Shared lines: a phone or e-mail that many different people give is not theirs.

A company switchboard, a shop's front-desk phone or an assistant's mailbox
turns up on the records of many customers; taken as a key it would merge
them all (issue 7: 30 customers with one switchboard became one).  A key
used under at least `SHARED_LINE_NAMES` different (folded) names is a
shared line: it is reported once, as a note, and not used for matching.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: This many different names on one phone or e-mail make it a shared line.  Two names are
#: common for one person (a nickname, a typo, a couple's shared mobile) and are judged by
#: the name rules instead.
SHARED_LINE_NAMES = 3


@dataclass
class SharedLines:
    """The keys found to be shared lines, and the first row of each (positions)."""

    phone: pd.Series  # folded phone -> position of its first row
    email: pd.Series  # folded e-mail -> position of its first row


def shared_keys(keys: pd.Series, names: pd.Series, codes: np.ndarray) -> pd.Series:
    """Keys used under `SHARED_LINE_NAMES` or more different names -> first row position.

    Args:
        codes: integer codes of the keys (-1 for none), see `keys.codes_of`.
    """
    given = codes >= 0
    if not given.any():
        return pd.Series(dtype="int64")
    # only a key given on that many rows can have that many names: group those alone
    counts = np.bincount(codes[given], minlength=int(codes.max()) + 1)
    often = given & (counts[np.maximum(codes, 0)] >= SHARED_LINE_NAMES)
    at = np.flatnonzero(often)
    frame = pd.DataFrame({"key": keys.to_numpy()[at], "name": names.to_numpy()[at], "pos": at})
    grouped = frame.groupby("key", sort=True)
    distinct = grouped["name"].nunique()
    shared = distinct.index[distinct >= SHARED_LINE_NAMES]
    first: pd.Series = grouped["pos"].min()[shared]
    return first


def find_shared_lines(folded: dict[str, pd.Series], codes: dict[str, np.ndarray]) -> SharedLines:
    """The shared phones and e-mails of the folded keys (see `shared_keys`)."""
    return SharedLines(
        phone=shared_keys(folded["phone"], folded["name"], codes["phone"]),
        email=shared_keys(folded["email"], folded["name"], codes["email"]),
    )


def without_shared_lines(
    folded: dict[str, pd.Series], codes: dict[str, np.ndarray], shared: SharedLines
) -> tuple[dict[str, pd.Series], dict[str, np.ndarray]]:
    """The folded keys and their codes with every shared line removed, so no pair matches on one.

    A removed key's code becomes -1; the codes of the others stay as they
    were, which is all that comparing codes for equality needs.
    """
    cleaned, cleaned_codes = dict(folded), dict(codes)
    for field, lines in (("phone", shared.phone), ("email", shared.email)):
        if len(lines):
            gone = np.isin(codes[field], codes[field][lines.to_numpy()])
            cleaned[field] = folded[field].mask(pd.Series(gone, index=folded[field].index))
            cleaned_codes[field] = np.where(gone, -1, codes[field])
    return cleaned, cleaned_codes
