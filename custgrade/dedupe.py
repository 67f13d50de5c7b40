"""Merge duplicate customers found by exact keys after normalisation.

Two rows are the same customer when they share an ID, a canonical phone,
a canonical e-mail, or the same name *and* address.  The relation is
transitive (A shares a phone with B, B an e-mail with C), so groups are the
connected components of the "shares a key" graph, found by propagating the
smallest row label along each key until nothing changes — whole-column
groupby operations, a handful of passes even for 100k customers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from custgrade.clean import key_of
from custgrade.errors import MERGED, IssueCode
from custgrade.issues import concat_issues, issue_frame

#: Date fields that tell which of two duplicate rows is newer.
FRESHNESS_FIELDS: tuple[str, ...] = ("last_purchase_at", "last_contact_at", "registered_at")
_UNDATED = pd.Timestamp("1800-01-01")  # older than any accepted date


@dataclass
class Deduplicated:
    """Customers after merging, and how source IDs map onto them."""

    customers: pd.DataFrame  # one row per customer, with ``source_rows``
    id_map: pd.Series  # key_of(source customer_id) -> final customer_id
    issues: pd.DataFrame  # one MERGED issue per row that became part of another
    merged_rows: int


#: Legal-form suffixes that do not distinguish two companies at one address.
COMPANY_SUFFIX = (
    r"[(（]?集团[)）]?|股份有限公司|有限责任公司|有限公司|责任公司|公司|co\.?,?ltd\.?|ltd\.?|inc\.?"
)


def name_key(names: pd.Series) -> pd.Series:
    """A name for matching: folded, and a company's legal-form suffix removed."""
    key = key_of(names).str.replace(rf"({COMPANY_SUFFIX})+$", "", regex=True)
    return key.where(key.str.len() > 0)


def duplicate_keys(frame: pd.DataFrame) -> list[pd.Series]:
    """The matching keys of each row (missing where the row has no such key)."""
    keys = []
    for column in ("customer_id", "phone", "email"):
        if column in frame:
            keys.append(key_of(frame[column]))
    if "name" in frame and "address" in frame:
        keys.append(name_key(frame["name"]) + "|" + key_of(frame["address"]))
    return keys


def group_duplicates(frame: pd.DataFrame) -> np.ndarray:
    """A group label per row: rows sharing any key, directly or via others, share a label."""
    labels = pd.Series(np.arange(len(frame)), index=frame.index)
    keys = [k for k in duplicate_keys(frame) if k.notna().any()]
    changed = True
    while changed:
        changed = False
        for key in keys:
            has = key.notna()
            smallest = labels[has].groupby(key[has]).transform("min")
            updated = labels.copy()
            updated[has] = np.minimum(labels[has], smallest)
            if not updated.equals(labels):
                labels, changed = updated, True
        # follow label chains so that every row points at its component's root
        rooted = labels.map(labels)
        while not rooted.equals(labels):
            labels, rooted = rooted, rooted.map(rooted)
    return labels.to_numpy()


def merge_duplicates(frame: pd.DataFrame) -> Deduplicated:
    """Merge each group into one customer, keeping the newest non-empty value per field.

    Newest means the row with the latest date among `FRESHNESS_FIELDS`;
    rows without dates count as older, and among equals the later row in
    the sheet wins (exports append).  Every row but the surviving one is
    recorded as merged into the final customer.
    """
    helpers = pd.DataFrame(
        {
            "_group": group_duplicates(frame),
            "_fresh": _freshness(frame),
            "_pos": np.arange(len(frame)),
        },
        index=frame.index,
    )
    # concat rather than column inserts: an export may carry thousands of columns
    work = pd.concat([frame, helpers], axis=1).sort_values(
        ["_group", "_fresh", "_pos"], kind="stable"
    )
    value_columns = [c for c in frame.columns if c not in ("row", "sheet")]
    merged = work.groupby("_group", sort=False)[value_columns].last()
    survivor = work.groupby("_group", sort=False)[["row", "sheet", "_pos"]].last()
    merged = pd.concat([merged, survivor], axis=1)
    derived = pd.DataFrame(
        {"customer_id": _fill_missing_ids(merged), "source_rows": _source_rows(work)}
    )
    merged = pd.concat([merged.drop(columns="customer_id"), derived], axis=1)
    final_id = work["_group"].map(merged["customer_id"])
    issues = _merge_issues(work, survivor, final_id)
    customers = merged.sort_values("_pos").drop(columns=["_pos"]).reset_index(drop=True)
    with_id = work["customer_id"].notna()
    id_map = pd.Series(final_id[with_id].to_numpy(), index=key_of(work["customer_id"][with_id]))
    id_map = id_map[~id_map.index.duplicated()]
    return Deduplicated(customers, id_map, issues, merged_rows=len(frame) - len(customers))


def _freshness(work: pd.DataFrame) -> pd.Series:
    present = [c for c in FRESHNESS_FIELDS if c in work]
    if not present:
        return pd.Series(_UNDATED, index=work.index)
    return work[present].max(axis=1).astype("datetime64[us]").fillna(_UNDATED)


def _fill_missing_ids(merged: pd.DataFrame) -> pd.Series:
    """A customer known only by name gets a stable ID from its source row, e.g. "#12"."""
    if "customer_id" in merged:
        ids = merged["customer_id"].astype(object)
    else:
        ids = pd.Series(None, index=merged.index, dtype=object)
    return ids.fillna("#" + merged["row"].astype(str).astype(object))


def _source_rows(work: pd.DataFrame) -> pd.Series:
    refs = work["sheet"].astype(str) + "!" + work["row"].astype(str)
    size = work.groupby("_group", sort=False)["_pos"].transform("size")
    single = refs[size.eq(1)]
    joined = refs[size.gt(1)].groupby(work["_group"][size.gt(1)], sort=False).agg("; ".join)
    alone = pd.Series(single.to_numpy(), index=work["_group"][size.eq(1)])
    merged: pd.Series = pd.concat([alone, joined])
    return merged


def _merge_issues(work: pd.DataFrame, survivor: pd.DataFrame, final_id: pd.Series) -> pd.DataFrame:
    is_survivor = work["_pos"].isin(survivor["_pos"])
    gone = work[~is_survivor]
    if gone.empty:
        return concat_issues([])
    frames = []
    for sheet, part in gone.groupby("sheet", sort=False):
        label_values = part["customer_id"] if "customer_id" in part else part.get("name", "")
        frames.append(
            issue_frame(
                sheet=str(sheet),
                rows=part["row"],
                code=IssueCode.MERGED_DUPLICATE,
                kind=MERGED,
                values=label_values,
                target=final_id[part.index],
            )
        )
    return concat_issues(frames)
