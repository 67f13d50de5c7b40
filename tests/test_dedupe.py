"""Duplicate customers: exact keys after normalisation, transitive, order-independent."""

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from custgrade.dedupe import group_duplicates, merge_duplicates


def customers(*rows):
    frame = pd.DataFrame(rows, dtype=object)
    frame["row"] = range(2, 2 + len(frame))
    frame["sheet"] = "客户"
    return frame


def test_same_id_merges_keeping_newest_non_empty_value():
    frame = customers(
        {
            "customer_id": "C1",
            "name": "张三",
            "phone": "13800000001",
            "email": None,
            "registered_at": dt.datetime(2023, 1, 1),
        },
        {
            "customer_id": "c1",
            "name": "张三丰",
            "phone": None,
            "email": "z@x.cn",
            "registered_at": dt.datetime(2024, 1, 1),
        },
    )
    result = merge_duplicates(frame)
    assert len(result.customers) == 1
    merged = result.customers.iloc[0]
    assert (merged["name"], merged["phone"], merged["email"]) == ("张三丰", "13800000001", "z@x.cn")
    assert result.merged_rows == 1
    assert result.issues[["row", "code", "target"]].values.tolist() == [
        [2, "merged-duplicate", "c1"]
    ]
    assert merged["source_rows"] == "客户!2; 客户!3"


def test_shared_phone_then_shared_email_joins_three_rows():
    frame = customers(
        {"customer_id": "A", "phone": "13800000001", "email": None},
        {"customer_id": "B", "phone": "13800000001", "email": "b@x.cn"},
        {"customer_id": "C", "phone": None, "email": "b@x.cn"},
        {"customer_id": "D", "phone": "13900000000", "email": "d@x.cn"},
    )
    labels = group_duplicates(frame)
    assert labels[0] == labels[1] == labels[2] != labels[3]
    result = merge_duplicates(frame)
    assert len(result.customers) == 2
    assert set(result.id_map.index) == {"a", "b", "c", "d"}
    assert result.id_map["a"] == result.id_map["c"]


def test_same_name_needs_same_address_too():
    frame = customers(
        {"customer_id": None, "name": "王芳", "address": "北京市朝阳区建国路1号"},
        {"customer_id": None, "name": "王 芳", "address": "北京市朝阳区建国路1号"},
        {"customer_id": None, "name": "王芳", "address": "上海市浦东新区"},
    )
    result = merge_duplicates(frame)
    assert len(result.customers) == 2
    assert sorted(result.customers["customer_id"]) == ["#3", "#4"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C", None]),
            st.sampled_from([f"1380000000{i}" for i in range(3)] + [None]),
        ),
        min_size=1,
        max_size=12,
    ),
    st.randoms(),
)
def test_grouping_does_not_depend_on_row_order(rows, rnd):
    frame = customers(*({"customer_id": c, "phone": p} for c, p in rows))
    order = list(range(len(frame)))
    rnd.shuffle(order)
    shuffled = frame.iloc[order].reset_index(drop=True)

    def partition(f, labels):
        groups = {}
        for pos, label in enumerate(labels):
            groups.setdefault(label, set()).add(int(f["row"].iloc[pos]))
        return sorted(sorted(g) for g in groups.values())

    assert partition(frame, group_duplicates(frame)) == partition(
        shuffled, group_duplicates(shuffled)
    )


def test_company_suffixes_do_not_hide_a_duplicate_at_the_same_address():
    frame = customers(
        {"customer_id": "K1", "name": "杭州云帆科技有限公司", "address": "杭州市西湖区文三路90号"},
        {
            "customer_id": "K2",
            "name": "杭州云帆科技（集团）股份有限公司",
            "address": "杭州市西湖区文三路90号",
        },
        {"customer_id": "K3", "name": "杭州云帆科技有限公司", "address": "宁波市海曙区"},
    )
    result = merge_duplicates(frame)
    assert sorted(result.customers["customer_id"]) == ["K2", "K3"]
