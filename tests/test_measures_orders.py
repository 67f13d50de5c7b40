"""Per-customer order measures, counted by hand customer by customer.

The measures group a million order lines by numbered customers; these
tests count the same generated orders with plain Python per customer.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from custgrade.measures import Window, most_frequent, order_measures

CUSTOMERS = ["K1", "k1", "客户甲", "C 02", "10"]
PRODUCTS = ["羽绒服", "T恤", "t恤", "Hat", "hat", "帽子", "10"]
AS_OF = pd.Timestamp("2025-06-30")

lines = st.lists(
    st.tuples(
        st.sampled_from(CUSTOMERS),
        st.one_of(st.none(), st.sampled_from(PRODUCTS)),
        st.integers(1, 500),
        st.integers(0, 400),
    ),
    min_size=1,
    max_size=40,
)


def favourite_by_hand(pairs: list[tuple[str, str]], customer: str) -> str | None:
    counts = Counter(p for c, p in pairs if c == customer and p is not None)
    if not counts:
        return None
    most = max(counts.values())
    return min(p for p, n in counts.items() if n == most)


@settings(max_examples=100, deadline=None)
@given(lines)
def test_favourite_is_the_most_frequent_then_alphabetically_first(rows):
    cid = pd.Series([r[0] for r in rows], dtype="str")
    product = pd.Series([r[1] for r in rows], dtype="str")
    found = most_frequent(cid, product)
    pairs = [(r[0], r[1]) for r in rows]
    for customer in CUSTOMERS:
        expected = favourite_by_hand(pairs, customer)
        assert found.get(customer) == expected


@settings(max_examples=100, deadline=None)
@given(lines)
def test_each_customer_counts_its_own_orders_and_spend(rows):
    orders = pd.DataFrame(
        {
            "cid": pd.Series([r[0] for r in rows], dtype=object),
            "order_id": [f"O{i}" for i in range(len(rows))],
            "date": [AS_OF - pd.Timedelta(days=r[3]) for r in rows],
            "amount": [float(r[2]) for r in rows],
            "product": pd.Series([r[1] for r in rows], dtype="str"),
        }
    )
    window = Window(AS_OF, 365)
    out = order_measures(orders, window)
    for customer in CUSTOMERS:
        inside = [r for r in rows if r[0] == customer and r[3] <= 364]
        if not [r for r in rows if r[0] == customer]:
            assert customer not in out.index
            continue
        row = out.loc[customer]
        assert np.nan_to_num(row["purchase_count"]) == len(inside)
        assert np.nan_to_num(row["net_amount"]) == sum(r[2] for r in inside)
        last = min(r[3] for r in rows if r[0] == customer)
        assert row["last_purchase_at"] == AS_OF - pd.Timedelta(days=last)
        favourite = favourite_by_hand([(r[0], r[1]) for r in inside], customer)
        shown = row["favourite_product"]
        assert (None if pd.isna(shown) else shown) == favourite
