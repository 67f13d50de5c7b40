"""Pairing the customer IDs of two runs, fast enough for a million customers per side.

IDs are compared as `custgrade.clean.key_of` folds them (NFKC, case-folded,
no whitespace), as dedupe and linking do, so "Ｃ００１" in one run meets
"c001" in the next.  Folding costs about ten seconds per million IDs in
pandas' string methods, while from one export to the next nearly every ID
is written exactly the same way: IDs are first paired as written (one hash
join), and only those left without a partner are folded and paired again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from custgrade.clean import key_of

#: Separator of the IDs in 合并的客户ID (as custgrade.dedupe writes them).
ID_SEPARATOR = "、"


def id_entries(ids: pd.Series, merged: pd.Series | None = None) -> pd.DataFrame:
    """Every ID of every customer: ``id`` as written, ``pos`` (row position), ``priority``.

    Priority 0 is the customer's own ID, 1 an ID merged into it.  The
    合并的客户ID list starts with the customer's own ID, so only a list that
    differs from the own ID names others; only those lists are split.
    """
    own_ids = ids.to_numpy(dtype=object)
    # object columns throughout: pandas would otherwise copy every ID into its string type
    parts = [_entries(own_ids, np.arange(len(own_ids)), 0)]
    if merged is not None:
        listed = merged.to_numpy(dtype=object)
        other = np.flatnonzero(pd.notna(listed) & (listed != own_ids))
        several = pd.Series(listed[other], index=other, dtype=object)
        several = several[several.map(type).isin([str])]
        exploded = several.str.split(ID_SEPARATOR).explode()
        values, positions = exploded.to_numpy(dtype=object), exploded.index.to_numpy()
        others = values != own_ids[positions]
        parts.append(_entries(values[others], positions[others], 1))
    entries = pd.concat(parts, ignore_index=True)
    values = entries["id"].to_numpy(dtype=object)
    present: pd.DataFrame = entries[pd.notna(values) & (values != "")]
    return present.reset_index(drop=True)


def _entries(ids: np.ndarray, positions: np.ndarray, priority: int) -> pd.DataFrame:
    return pd.DataFrame(
        {"id": pd.Series(ids, dtype=object), "pos": positions, "priority": priority}
    )


def pair_ids(now: pd.DataFrame, then: pd.DataFrame) -> pd.DataFrame:
    """Entries of two runs that name the same ID: pos, priority, pos_prev, priority_prev."""
    columns = ["pos", "priority", "pos_prev", "priority_prev"]
    # one factorisation of both sides, then a join on integers
    codes, _ = pd.factorize(np.concatenate([now["id"].to_numpy(), then["id"].to_numpy()]))
    now = now.assign(code=codes[: len(now)], entry=np.arange(len(now)))
    then = then.assign(code=codes[len(now) :], entry=np.arange(len(then)))
    exact = now.drop(columns="id").merge(then.drop(columns="id"), on="code", suffixes=("", "_prev"))
    left = now[~np.isin(now["entry"].to_numpy(), exact["entry"].to_numpy())]
    right = then[~np.isin(then["entry"].to_numpy(), exact["entry_prev"].to_numpy())]
    if left.empty or right.empty:
        return exact[columns].reset_index(drop=True)
    left = left.assign(key=key_of(left["id"]).to_numpy()).dropna(subset=["key"])
    right = right.assign(key=key_of(right["id"]).to_numpy()).dropna(subset=["key"])
    folded = left.merge(right, on="key", suffixes=("", "_prev"))
    return pd.concat([exact[columns], folded[columns]], ignore_index=True)
