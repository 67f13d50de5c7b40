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


def shared_keys(keys: pd.Series, names: pd.Series) -> pd.Series:
    """Keys used under `SHARED_LINE_NAMES` or more different names -> first row position."""
    frame = pd.DataFrame(
        {"key": keys.to_numpy(), "name": names.to_numpy(), "pos": range(len(keys))}
    ).dropna(subset=["key"])
    if frame.empty:
        return pd.Series(dtype="int64")
    # only a key given on that many rows can have that many names: group those alone
    codes, _ = pd.factorize(frame["key"].to_numpy(dtype=object))
    often = np.bincount(codes)[codes] >= SHARED_LINE_NAMES
    grouped = frame[often].groupby("key", sort=True)
    distinct = grouped["name"].nunique()
    shared = distinct.index[distinct >= SHARED_LINE_NAMES]
    first: pd.Series = grouped["pos"].min()[shared]
    return first


def find_shared_lines(folded: dict[str, pd.Series]) -> SharedLines:
    """The shared phones and e-mails of the folded keys (see `shared_keys`)."""
    return SharedLines(
        phone=shared_keys(folded["phone"], folded["name"]),
        email=shared_keys(folded["email"], folded["name"]),
    )


def without_shared_lines(folded: dict[str, pd.Series], shared: SharedLines) -> dict[str, pd.Series]:
    """The folded keys with every shared line removed, so no pair matches on one."""
    cleaned = dict(folded)
    for field, lines in (("phone", shared.phone), ("email", shared.email)):
        if len(lines):
            cleaned[field] = folded[field].mask(folded[field].isin(lines.index))
    return cleaned
