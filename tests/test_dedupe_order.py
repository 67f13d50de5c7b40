"""Merging does not depend on the order of the rows."""

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from custgrade.dedupe import merge_duplicates

# small pools, so that rows collide on every key, spelling variants and shared lines included
IDS = ["A", "B", "C", None]
NAMES = ["张三", "張三", "李四", "王五", "赵六", None]
PHONES = ["13800000001", "13800000002", "138****0003", None]
EMAILS = ["a@x.cn", "b@x.cn", None]
ADDRESSES = ["杭州市西湖区1号", "杭州市 西湖区1号", None]

row = st.fixed_dictionaries(
    {
        "customer_id": st.sampled_from(IDS),
        "name": st.sampled_from(NAMES),
        "phone": st.sampled_from(PHONES),
        "email": st.sampled_from(EMAILS),
        "address": st.sampled_from(ADDRESSES),
        "purchase_count": st.sampled_from([1.0, 2.0, None]),
    }
)


def frame_of(rows):
    frame = pd.DataFrame(rows, dtype=object)
    frame["purchase_count"] = frame["purchase_count"].astype(float)
    frame["row"] = range(2, 2 + len(frame))
    frame["sheet"] = "客户"
    return frame


def outcome(frame):
    """Each customer as (its source rows, its summed purchases), in no particular order."""
    merged = merge_duplicates(frame).customers
    rows = merged["source_rows"].map(lambda s: tuple(sorted(s.split("; "))))
    return sorted(zip(rows, merged["purchase_count"].fillna(-1), strict=True))


@settings(max_examples=60, deadline=None)
@given(st.lists(row, min_size=1, max_size=14), st.randoms())
def test_merging_does_not_depend_on_row_order(rows, rnd):
    frame = frame_of(rows)
    order = list(range(len(frame)))
    rnd.shuffle(order)
    assert outcome(frame) == outcome(frame.iloc[order].reset_index(drop=True))
