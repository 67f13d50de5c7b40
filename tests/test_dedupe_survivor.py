"""The merged customer: the first ID survives, contacts are the newest, hand-kept totals add up."""

import datetime as dt

import pandas as pd

from custgrade.dedupe import merge_duplicates


def customers(*rows):
    frame = pd.DataFrame(rows, dtype=object)
    frame["row"] = range(2, 2 + len(frame))
    frame["sheet"] = "客户台账"
    for name in ("registered_at", "last_purchase_at", "last_contact_at"):
        if name in frame:
            frame[name] = pd.to_datetime(frame[name]).astype("datetime64[us]")
    for name in ("purchase_count", "total_amount", "avg_amount", "campaign_count"):
        if name in frame:
            frame[name] = frame[name].astype(float)
    return frame


def test_the_first_registered_record_keeps_its_id_and_date():
    frame = customers(
        {
            "customer_id": "C000105",
            "name": "陈大文",
            "phone": "13800000001",
            "email": "old@x.cn",
            "registered_at": dt.datetime(2023, 5, 1),
        },
        {
            "customer_id": "C000022",
            "name": "陈大文",
            "phone": "13800000001",
            "email": None,
            "registered_at": dt.datetime(2020, 3, 1),
        },
    )
    result = merge_duplicates(frame)
    merged = result.customers.iloc[0]
    assert merged["customer_id"] == "C000022"
    assert merged["registered_at"] == pd.Timestamp(2020, 3, 1)
    assert merged["merged_ids"] == "C000022、C000105"
    assert merged["email"] == "old@x.cn"  # the newest non-empty value
    assert result.id_map.to_dict() == {"c000105": "C000022", "c000022": "C000022"}
    assert result.issues[["row", "target"]].values.tolist() == [[2, "C000022"]]


def test_without_registration_dates_the_first_row_in_the_file_survives():
    frame = customers(
        {"customer_id": "K7", "name": "王芳", "email": "wf@x.cn"},
        {"customer_id": "K3", "name": "王芳", "email": "wf@x.cn"},
    )
    merged = merge_duplicates(frame).customers.iloc[0]
    assert (merged["customer_id"], merged["merged_ids"], merged["row"]) == ("K7", "K7、K3", 2)


def test_contacts_come_from_the_most_recently_active_record():
    frame = customers(
        {
            "customer_id": "C1",
            "name": "李雷",
            "phone": "13800000001",
            "email": "new@x.cn",
            "address": "杭州市西湖区",
            "last_purchase_at": dt.datetime(2025, 5, 1),
        },
        {
            "customer_id": "C1",
            "name": "李雷",
            "phone": "13900000009",
            "email": "old@x.cn",
            "address": None,
            "last_purchase_at": dt.datetime(2024, 1, 1),
        },
    )
    merged = merge_duplicates(frame).customers.iloc[0]
    assert (merged["phone"], merged["email"], merged["address"]) == (
        "13800000001",
        "new@x.cn",
        "杭州市西湖区",
    )


def test_two_hand_kept_records_of_one_customer_add_up():
    frame = customers(
        {
            "customer_id": "KH001",
            "name": "周杰",
            "phone": "13800000001",
            "purchase_count": 3,
            "total_amount": 900.0,
            "avg_amount": 300.0,
            "campaign_count": 1,
            "last_purchase_at": dt.datetime(2025, 1, 5),
        },
        {
            "customer_id": "KH150",
            "name": "周杰",
            "phone": "138-0000-0001",
            "purchase_count": 2,
            "total_amount": 600.0,
            "avg_amount": 300.0,
            "campaign_count": 2,
            "last_purchase_at": dt.datetime(2025, 3, 9),
        },
        {
            "customer_id": "KH002",
            "name": "吴敏",
            "phone": "13900000002",
            "purchase_count": 4,
            "total_amount": 1000.0,
            "avg_amount": 250.0,
            "campaign_count": None,
            "last_purchase_at": dt.datetime(2024, 12, 1),
        },
    )
    frame.loc[1, "phone"] = "13800000001"  # cleaning has made one canonical phone of both
    result = merge_duplicates(frame).customers.set_index("customer_id")
    # 3 + 2 purchases, ¥900 + ¥600, an average of 1500 / 5 = 300, 1 + 2 campaigns
    assert result.loc["KH001", "purchase_count"] == 5
    assert result.loc["KH001", "total_amount"] == 1500.0
    assert result.loc["KH001", "avg_amount"] == 300.0
    assert result.loc["KH001", "campaign_count"] == 3
    assert result.loc["KH001", "last_purchase_at"] == pd.Timestamp(2025, 3, 9)
    assert result.loc["KH002", "purchase_count"] == 4  # a customer alone keeps its values
    assert result.loc["KH002", "avg_amount"] == 250.0


def test_the_average_is_recomputed_from_the_summed_totals():
    frame = customers(
        {"customer_id": "A", "name": "甲", "purchase_count": 1, "total_amount": 100.0},
        {"customer_id": "a", "name": "甲", "purchase_count": 3, "total_amount": 500.0},
    )
    frame["avg_amount"] = [100.0, 500.0 / 3]
    merged = merge_duplicates(frame).customers.iloc[0]
    assert merged["avg_amount"] == 150.0  # (100 + 500) / (1 + 3)


def test_an_exact_duplicate_row_counts_once():
    record = {
        "customer_id": "KH007",
        "name": "郑爽",
        "phone": "13800000007",
        "purchase_count": 2,
        "total_amount": 480.0,
    }
    other = dict(record, purchase_count=1, total_amount=120.0, notes="第二本台账")
    frame = customers(record, dict(record), dict(record), other)
    result = merge_duplicates(frame)
    merged = result.customers.iloc[0]
    # the two copies are the first record entered again: 2 + 1 purchases, ¥480 + ¥120
    assert (merged["purchase_count"], merged["total_amount"]) == (3, 600.0)
    assert result.issues[["row", "code"]].values.tolist() == [
        [3, "exact-duplicate"],
        [4, "exact-duplicate"],
        [5, "merged-same-id"],
    ]
    assert result.merged_rows == 3
    assert merged["source_rows"] == "客户台账!2; 客户台账!3; 客户台账!4; 客户台账!5"


def test_the_users_spelling_is_kept():
    frame = customers(
        {"customer_id": "K1", "name": "廣州盛世生物醫藥（集團）有限公司", "address": "广州 1号"},
        {"customer_id": "K2", "name": "广州盛世生物医药有限公司", "address": "广州1号"},
    )
    frame["notes"] = ["老客户，注意维护", None]
    merged = merge_duplicates(frame).customers.iloc[0]
    assert merged["notes"] == "老客户，注意维护"
    assert merged["name"] == "广州盛世生物医药有限公司"  # the newest value, as written
    assert merged["customer_id"] == "K1"


def test_a_customer_of_one_row_comes_out_as_a_group_of_one_would():
    """Rows without duplicates skip the grouping; every cell is what grouping makes of them."""
    from pathlib import Path

    from custgrade import pipeline
    from custgrade.dedupe import _exact_copies, _group
    from custgrade.dedupe.survivor import _merged, merge_groups, order_rows, survivors

    sample = Path(__file__).resolve().parents[1] / "sample_data" / "客户导出_CRM.xlsx"
    book, _, _ = pipeline.read_input(sample, None, None, "zh", lambda stage, done: None)
    frame = pipeline.clean_sheets(book).customers.frame
    grouped = _group(frame)
    helpers = order_rows(frame, grouped.labels)
    copies = _exact_copies(grouped.keys, grouped.labels)
    fast, _ = merge_groups(frame, helpers, copies)
    assert 0 < len(fast) < len(frame)  # both kinds of customer are in the sample
    grouping = _merged(frame, helpers, copies, survivors(helpers))
    # text that is Arrow text in the sheet stays Arrow text; grouping gives Python strings
    text = [c for c in fast.columns if isinstance(fast[c].dtype, pd.StringDtype)]
    grouping = grouping.astype(dict.fromkeys(text, "str"))
    pd.testing.assert_frame_equal(fast, grouping.loc[fast.index, fast.columns])


def test_merged_values_land_in_their_customers_row_among_arrow_text_and_integer_columns():
    """Rows of one group are merged into the row of their first record; the others stay as
    they are, Arrow text stays Arrow text, and an integer count becomes a float where an
    exact copy leaves a group's sum partly empty."""
    frame = pd.DataFrame(
        {
            "customer_id": pd.array(["A1", "B1", "A2", "C1", "C1"], dtype="str"),
            "name": pd.array(["张三", "李四", "张三", "王五", "王五"], dtype="str"),
            "phone": pd.array(
                ["13800000001", "13900000002", "13800000001", None, None], dtype="str"
            ),
            "purchase_count": pd.array([3, 4, 5, 6, 6], dtype="int64"),
        }
    )
    frame["row"] = range(2, 7)
    frame["sheet"] = "客户台账"
    result = merge_duplicates(frame).customers
    assert result["customer_id"].tolist() == ["A1", "B1", "C1"]
    assert result["merged_ids"].tolist() == ["A1、A2", "B1", "C1"]
    assert result["source_rows"].tolist() == [
        "客户台账!2; 客户台账!4",
        "客户台账!3",
        "客户台账!5; 客户台账!6",
    ]
    assert result["purchase_count"].tolist() == [3 + 5, 4, 6]  # the exact copy counts once
    assert result["purchase_count"].dtype == "float64"
    assert all(isinstance(result[c].dtype, pd.StringDtype) for c in ("name", "merged_ids"))
