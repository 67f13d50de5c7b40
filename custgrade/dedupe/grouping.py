"""Groups of rows that are one customer: linked pairs, with chains checked.

Linked pairs are joined into connected components.  A component is taken
as one customer when it holds no *contradiction*: two rows whose names are
both given, not similar, and which no key links directly.  Such a pair is
joined only through others (A~B by phone, B~C by e-mail) and is exactly the
chain issue 7 warns about, so a component with a contradiction is rebuilt
by joining its rows pair by pair, strongest link first, and refusing any
join that would put a contradicting pair into one customer.

Rule, in one sentence: within a merged customer, any two rows either have
similar names (or a name missing), or are linked directly by a key.

Order: the joins are taken strongest link first, then the most similar
names, then by the rows' folded keys — never by their position — so the
result does not depend on the order of the rows in the sheet.  Only the
rows of contradicting components go through this pair-by-pair loop; all
other rows are grouped in whole-array operations.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from custgrade.dedupe.keys import MatchKeys
from custgrade.dedupe.pairs import SIMILARITY_THRESHOLD, Pairs, link_pairs, name_similarity


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components of the pairs: each row labelled by its component's smallest row."""
    labels = np.arange(n)
    while True:
        low = np.minimum(labels[a], labels[b])
        updated = labels.copy()
        np.minimum.at(updated, a, low)
        np.minimum.at(updated, b, low)
        while True:  # pointer jumping: every row points straight at its root
            jumped = updated[updated]
            if np.array_equal(jumped, updated):
                break
            updated = jumped
        if np.array_equal(updated, labels):
            return labels
        labels = updated


def contradicting(keys: MatchKeys, labels: np.ndarray) -> np.ndarray:
    """Labels of the components whose names are not all alike (candidates for a contradiction).

    A component of one folded name, or of two similar names, cannot hold a
    contradiction; only the others need the pair-by-pair check.
    """
    named = keys.name_code >= 0
    frame = pd.DataFrame({"label": labels[named], "name": keys.name_code[named]})
    frame = frame.drop_duplicates()
    counts = frame.groupby("label")["name"].size()
    two = counts.index[counts == 2]
    pairs = frame[frame["label"].isin(two)].sort_values(["label", "name"])
    first = pairs.groupby("label")["name"].first().to_numpy()
    second = pairs.groupby("label")["name"].last().to_numpy()
    rows_of = pd.Series(np.flatnonzero(named), index=keys.name_code[named])
    rows_of = rows_of[~rows_of.index.duplicated()]
    similarity = name_similarity(
        keys, rows_of[first].to_numpy(dtype=np.int64), rows_of[second].to_numpy(dtype=np.int64)
    )
    alike_two = pairs["label"].unique()[similarity >= SIMILARITY_THRESHOLD]
    many = counts.index[counts >= 2].difference(pd.Index(alike_two))
    return np.asarray(many, dtype=np.int64)


def group_rows(keys: MatchKeys, pairs: Pairs) -> np.ndarray:
    """A group label per row (the smallest row position of its group)."""
    labels = components(len(keys), pairs.a, pairs.b)
    suspect = np.isin(labels, contradicting(keys, labels))
    if not suspect.any():
        return labels
    rows = np.flatnonzero(suspect)
    members_of = pd.Series(rows).groupby(labels[rows]).indices
    edges = np.flatnonzero(suspect[pairs.a])
    edges_of = pd.Series(edges).groupby(labels[pairs.a[edges]]).indices
    for label, at in members_of.items():
        for part in _split_component(keys, rows[at], pairs, edges[edges_of[label]]):
            labels[part] = part.min()
    return labels


def _split_component(
    keys: MatchKeys, members: np.ndarray, pairs: Pairs, edges: np.ndarray
) -> list[np.ndarray]:
    """Join the rows of one component link by link, refusing joins that contradict.

    Rows with the same folded keys start as one group (they never
    contradict each other).  Runs only over components that may hold a
    contradiction, so a loop over their links is cheap.
    """
    signature = dict(zip(members.tolist(), keys.signatures(members), strict=True))
    group: dict[int, list[int]] = {}
    by_signature: dict[str, list[int]] = {}
    for member in members.tolist():
        group[member] = by_signature.setdefault(signature[member], [])
        group[member].append(member)
    for edge in sorted(edges.tolist(), key=lambda e: _edge_order(signature, pairs, e)):
        gx, gy = group[int(pairs.a[edge])], group[int(pairs.b[edge])]
        if gx is gy or _contradict(keys, gx, gy):
            continue
        gx.extend(gy)
        for member in gy:
            group[member] = gx
    distinct = {id(g): g for g in group.values()}
    return [np.asarray(sorted(g), dtype=np.int64) for g in distinct.values()]


def _edge_order(signature: dict[int, str], pairs: Pairs, edge: int) -> tuple[int, float, str, str]:
    """Strongest link first, then the most similar names, then the rows' folded keys."""
    sig_a, sig_b = signature[int(pairs.a[edge])], signature[int(pairs.b[edge])]
    similarity = float(np.nan_to_num(pairs.similarity[edge], nan=0.0))
    return int(pairs.link[edge]), -similarity, min(sig_a, sig_b), max(sig_a, sig_b)


def _contradict(keys: MatchKeys, left: list[int], right: list[int]) -> bool:
    """Would joining these two groups put a contradicting pair into one customer?"""
    a = np.repeat(np.asarray(left, dtype=np.int64), len(right))
    b = np.tile(np.asarray(right, dtype=np.int64), len(left))
    checked = link_pairs(keys, a, b)
    unlike = ~np.isnan(checked.similarity) & (checked.similarity < SIMILARITY_THRESHOLD)
    return bool((unlike & (checked.link < 0)).any())
