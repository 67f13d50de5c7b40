"""Candidate pairs by blocking, and the key (if any) that links each pair.

Only rows that share an ID, a phone, an e-mail, an address or every cell
are ever compared, so the work grows with the size of those blocks, not
with the square of the sheet (100,000 customers: a few hundred thousand
pairs, not five billion).  A pair is then judged on all its keys at once,
in whole-array operations, with name similarity from rapidfuzz.

The rules of a pair (issue 7 §4, §6), strongest first:

- exact: every cell equal (and something to identify the customer by);
- same ID;
- same phone, and the names the same or similar — or a name missing on
  one side and no two different IDs;
- same e-mail, unless the two have different IDs and names that are not
  similar (evidence against);
- same name and the same address;
- similar name and the same address.

Names are similar when rapidfuzz's ``fuzz.ratio`` of the folded names is at
least `SIMILARITY_THRESHOLD`.  A shared phone or e-mail never links
different IDs with different names.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from rapidfuzz import fuzz, process

from custgrade.dedupe.keys import MatchKeys

#: fuzz.ratio (0–100) of two folded names at or above which they are "similar".  85 keeps
#: one changed character in a long company name (北京华彩文化传播 / 北京华采文化传播: 87.5)
#: and a 繁/简 variant (folded to 100), but not a different given name (张伟 / 张炜: 50,
#: 张三 / 张三丰: 80).  Always required together with a shared phone, e-mail or address.
SIMILARITY_THRESHOLD = 85.0

#: Blocks larger than this are compared only among rows of the same folded name (star
#: pairs), so a 5,000-tenant office address costs 5,000 pairs, not 12.5 million.
MAX_BLOCK = 64


class Link(IntEnum):
    """The key that links two rows, strongest (most certain) first."""

    EXACT = 0
    SAME_ID = 1
    SAME_PHONE = 2
    SAME_EMAIL = 3
    SAME_NAME_ADDRESS = 4
    SIMILAR_NAME = 5


NO_LINK = -1


@dataclass
class Pairs:
    """Row pairs (positions a < b), the link of each and the similarity of their names."""

    a: np.ndarray
    b: np.ndarray
    link: np.ndarray  # Link value, NO_LINK when nothing links the pair
    similarity: np.ndarray  # fuzz.ratio of the folded names; NaN when a name is missing

    def linked(self) -> Pairs:
        """Only the pairs that a key links."""
        keep = self.link != NO_LINK
        return Pairs(self.a[keep], self.b[keep], self.link[keep], self.similarity[keep])


def all_pairs(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of positions with the same code (codes < 0 take no part)."""
    members = np.flatnonzero(codes >= 0)
    order = members[np.argsort(codes[members], kind="stable")]
    sorted_codes = codes[order]
    if len(order) < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    block = np.repeat(np.arange(len(starts)), sizes)
    later = sizes[block] - (np.arange(len(order)) - starts[block]) - 1  # partners after a row
    first = np.repeat(np.arange(len(order)), later)
    step = np.arange(len(first)) - np.repeat(np.cumsum(later) - later, later)
    return order[first], order[first + 1 + step]


def star_pairs(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first row of each code paired with every other row of that code."""
    members = np.flatnonzero(codes >= 0)
    order = members[np.argsort(codes[members], kind="stable")]
    sorted_codes = codes[order]
    head = np.r_[True, sorted_codes[1:] != sorted_codes[:-1]] if len(order) else np.empty(0, bool)
    first_of = order[head][np.cumsum(head) - 1]
    keep = ~head
    return first_of[keep], order[keep]


def block_pairs(codes: np.ndarray, name_code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs within each block: all pairs in small blocks, same-name star pairs in big ones."""
    sizes = np.bincount(codes[codes >= 0], minlength=1)
    big = (codes >= 0) & (sizes[np.maximum(codes, 0)] > MAX_BLOCK)
    small_a, small_b = all_pairs(np.where(big, -1, codes))
    sub = np.where(big, codes * (name_code.max(initial=0) + 2) + name_code + 1, -1)
    big_a, big_b = star_pairs(sub)
    return np.r_[small_a, big_a], np.r_[small_b, big_b]


def candidate_pairs(keys: MatchKeys) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs (a < b) of rows that share at least one blocking key."""
    parts = [
        star_pairs(keys.exact_code),
        star_pairs(keys.ids),
        *(
            block_pairs(codes, keys.name_code)
            for codes in (keys.phone_code, keys.email_code, keys.address_code)
        ),
    ]
    a = np.concatenate([p[0] for p in parts]).astype(np.int64)
    b = np.concatenate([p[1] for p in parts]).astype(np.int64)
    low, high = np.minimum(a, b), np.maximum(a, b)
    packed = np.unique(low * len(keys) + high)
    return packed // max(len(keys), 1), packed % max(len(keys), 1)


def name_similarity(keys: MatchKeys, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """fuzz.ratio of the folded names of each pair: 100 when equal, NaN when one is missing."""
    both = (keys.name_code[a] >= 0) & (keys.name_code[b] >= 0)
    same = both & (keys.name_code[a] == keys.name_code[b])
    similarity = np.where(same, 100.0, np.nan)
    differ = np.flatnonzero(both & ~same)
    if len(differ):
        similarity[differ] = process.cpdist(
            keys.names[a[differ]].tolist(), keys.names[b[differ]].tolist(), scorer=fuzz.ratio
        )
    result: np.ndarray = np.asarray(similarity, dtype=float)
    return result


def _equal(codes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    equal: np.ndarray = (codes[a] >= 0) & (codes[a] == codes[b])
    return equal


def link_pairs(keys: MatchKeys, a: np.ndarray, b: np.ndarray) -> Pairs:
    """The strongest key that links each pair (see the module docstring for the rules)."""
    similarity = name_similarity(keys, a, b)
    agree = np.nan_to_num(similarity, nan=0.0) >= SIMILARITY_THRESHOLD
    unknown = np.isnan(similarity)
    same_name = similarity == 100.0
    ids_differ = (keys.ids[a] >= 0) & (keys.ids[b] >= 0) & (keys.ids[a] != keys.ids[b])
    evidence_against = ids_differ & ~agree
    same_address = _equal(keys.address_code, a, b)
    conditions = [
        _equal(keys.exact_code, a, b),
        _equal(keys.ids, a, b),
        _equal(keys.phone_code, a, b) & (agree | (unknown & ~ids_differ)),
        _equal(keys.email_code, a, b) & ~evidence_against,
        same_name & same_address,
        agree & same_address,
    ]
    link = np.select(conditions, [int(k) for k in Link], default=NO_LINK).astype(np.int8)
    return Pairs(a, b, link, similarity)


def linked_pairs(keys: MatchKeys) -> Pairs:
    """Every candidate pair that a key links."""
    a, b = candidate_pairs(keys)
    return link_pairs(keys, a, b).linked()
