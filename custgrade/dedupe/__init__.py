"""Merge duplicate customers, with the evidence for every merge and against the wrong ones.

The stage in four parts, each a module:

- `keys`: folded keys for comparing (繁→简, width, case, spacing, company
  suffixes); the user's text is never changed.
- `shared`: phones and e-mails given by many different people (a
  switchboard) are set aside, reported once.
- `pairs` and `grouping`: candidate pairs only within blocks of a shared
  key, the key that links each pair, and groups whose chains are checked.
- `survivor` and `evidence`: one customer per group (the earliest record's
  ID, newest contacts, summed hand-kept aggregates) and one issue per
  merged row naming the key that matched.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from custgrade.dedupe.evidence import best_links, merge_issues, shared_line_issues
from custgrade.dedupe.grouping import group_rows
from custgrade.dedupe.keys import MatchKeys, codes_of, fold_codes, fold_frame, match_keys
from custgrade.dedupe.pairs import SIMILARITY_THRESHOLD, Link, Pairs, linked_pairs
from custgrade.dedupe.shared import (
    SHARED_LINE_NAMES,
    SharedLines,
    find_shared_lines,
    without_shared_lines,
)
from custgrade.dedupe.survivor import ID_SEPARATOR, SUMMED_FIELDS, merge_groups, order_rows
from custgrade.issues import concat_issues

__all__ = [
    "ID_SEPARATOR",
    "SHARED_LINE_NAMES",
    "SIMILARITY_THRESHOLD",
    "SUMMED_FIELDS",
    "Deduplicated",
    "Link",
    "group_duplicates",
    "merge_duplicates",
]


@dataclass
class Deduplicated:
    """Customers after merging, and how source IDs and contacts map onto them."""

    customers: pd.DataFrame  # one row per customer, with ``source_rows`` and ``merged_ids``
    id_map: pd.Series  # key_of(source customer_id) -> final customer_id, for every source ID key
    issues: pd.DataFrame  # one MERGED issue per merged row, NOTE issues for shared lines
    merged_rows: int
    #: "email" / "phone": folded key -> final customer_id, for keys of exactly one customer
    key_maps: dict[str, pd.Series] = field(default_factory=dict)

    def without_maps(self) -> Deduplicated:
        """The customers and issues without the ID and contact maps, once records are linked.

        At a million customers the maps hold some 100 MB of folded keys that
        nothing after linking reads.
        """
        return replace(self, id_map=self.id_map.iloc[:0].copy(), key_maps={})


@dataclass
class _Grouped:
    keys: MatchKeys
    pairs: Pairs
    labels: np.ndarray
    shared: SharedLines
    folded: dict[str, pd.Series]
    codes: dict[str, np.ndarray]  # codes_of every folded key, before shared lines are removed


def _group(frame: pd.DataFrame) -> _Grouped:
    folded = fold_frame(frame)
    codes = fold_codes(folded)
    shared = find_shared_lines(folded, codes)
    keys = match_keys(frame, *without_shared_lines(folded, codes, shared))
    pairs = linked_pairs(keys)
    return _Grouped(keys, pairs, group_rows(keys, pairs), shared, folded, codes)


def group_duplicates(frame: pd.DataFrame) -> np.ndarray:
    """A group label per row: rows of one customer share a label (see `grouping`)."""
    return _group(frame.reset_index(drop=True)).labels


def merge_duplicates(frame: pd.DataFrame) -> Deduplicated:
    """Merge the rows of each customer into one, recording the key that matched.

    Args:
        frame: cleaned customer rows: canonical fields, carried-through
            columns, ``row`` (Excel row) and ``sheet``.

    Returns:
        The customers (one row each, in file order of their first row), the
        ID and contact maps for linking orders, and the issues.
    """
    frame = frame.reset_index(drop=True)
    if frame.empty:
        return _nothing_to_merge(frame)
    grouped = _group(frame)
    helpers = order_rows(frame, grouped.labels)
    copies = _exact_copies(grouped.keys, grouped.labels)
    customers, keep = merge_groups(frame, helpers, copies)
    final_id = helpers["_group"].map(customers["customer_id"])
    gone = np.flatnonzero(~helpers["_pos"].isin(keep.to_numpy()).to_numpy())
    keep_of = keep.reindex(grouped.labels[gone]).to_numpy()
    best = best_links(grouped.keys, grouped.pairs, grouped.labels, gone, keep_of)
    issues = concat_issues(
        [merge_issues(frame, best, final_id, copies), shared_line_issues(frame, grouped.shared)]
    )
    return Deduplicated(
        customers=customers.reset_index(drop=True),
        id_map=_id_map(frame, final_id, grouped.folded["id"], grouped.codes["id"]),
        issues=_in_row_order(issues, frame),
        merged_rows=len(frame) - len(customers),
        key_maps=_key_maps(grouped.folded, grouped.codes, final_id),
    )


def _exact_copies(keys: MatchKeys, labels: np.ndarray) -> np.ndarray:
    """True for every exact duplicate row but the first of its kind in a customer."""
    rows = pd.DataFrame({"label": labels, "exact": keys.exact_code})
    copies = rows.duplicated(keep="first") & (rows["exact"] >= 0)
    return copies.to_numpy()


def _id_map(
    frame: pd.DataFrame, final_id: pd.Series, keys: pd.Series, codes: np.ndarray
) -> pd.Series:
    """key_of(source ID) -> final ID, for every source ID with a key.

    ``keys`` are the folded IDs and ``codes`` their `codes_of`: each key's
    first row is found among integers, not by hashing the texts again.  An
    ID that folds to nothing is no key, so it can never catch an order
    whose ID is empty.
    """
    if "customer_id" not in frame:
        return pd.Series(dtype=object)
    first = np.flatnonzero((codes >= 0) & ~pd.Series(codes).duplicated().to_numpy())
    return pd.Series(final_id.to_numpy()[first], index=keys.to_numpy()[first])


def _key_maps(
    folded: dict[str, pd.Series], codes: dict[str, np.ndarray], final_id: pd.Series
) -> dict[str, pd.Series]:
    """Folded e-mail / phone -> final ID, only for keys that name exactly one customer."""
    maps: dict[str, pd.Series] = {}
    id_codes = codes_of(final_id)
    for name in ("email", "phone"):
        # distinct (key, ID) pairs, compared as integer codes rather than as texts
        at = np.flatnonzero((codes[name] >= 0) & (id_codes >= 0))
        pairs = pd.DataFrame({"key": codes[name][at], "id": id_codes[at]})
        at = at[~pairs.duplicated().to_numpy()]
        at = at[~pd.Series(codes[name][at]).duplicated(keep=False).to_numpy()]
        maps[name] = pd.Series(final_id.to_numpy()[at], index=folded[name].to_numpy()[at])
    return maps


def _in_row_order(issues: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """Issues in the order of the rows they point at (sheet by sheet, row by row)."""
    if issues.empty:
        return issues
    sheet_order = {s: i for i, s in enumerate(pd.unique(frame["sheet"].astype(str)))}
    order = pd.DataFrame(
        {"sheet": issues["sheet"].map(sheet_order), "row": pd.to_numeric(issues["row"])}
    )
    return issues.loc[order.sort_values(["sheet", "row"], kind="stable").index].reset_index(
        drop=True
    )


def _nothing_to_merge(frame: pd.DataFrame) -> Deduplicated:
    customers = frame.assign(
        source_rows=pd.Series(dtype=object), merged_ids=pd.Series(dtype=object)
    )
    return Deduplicated(
        customers=customers,
        id_map=pd.Series(dtype=object),
        issues=concat_issues([]),
        merged_rows=0,
        key_maps={"email": pd.Series(dtype=object), "phone": pd.Series(dtype=object)},
    )
