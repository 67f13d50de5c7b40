"""Duplicate customers: which keys merge two rows, and which evidence keeps them apart."""

import pandas as pd
import pytest

from custgrade.dedupe import SIMILARITY_THRESHOLD, _id_map, group_duplicates, merge_duplicates
from custgrade.dedupe.keys import codes_of
from custgrade.messages import issue_text


def customers(*rows):
    """A cleaned customer frame as the cleaning stage hands it over: Excel rows from 2."""
    frame = pd.DataFrame(rows, dtype=object)
    frame["row"] = range(2, 2 + len(frame))
    frame["sheet"] = "客户"
    return frame


def groups(frame):
    """The Excel rows of each merged customer, e.g. [[2, 3], [4]]."""
    labels = group_duplicates(frame)
    found = {}
    for row, label in zip(frame["row"], labels, strict=True):
        found.setdefault(label, []).append(row)
    return sorted(found.values())


def merges(result):
    """(row, code, value) of every merge issue."""
    issues = result.issues[result.issues["kind"] == "merged"]
    return issues[["row", "code", "value"]].values.tolist()


# --- each key ------------------------------------------------------------------------------


def test_same_id_in_another_case_merges():
    frame = customers(
        {"customer_id": "C1", "name": "张三", "phone": "13800000001"},
        {"customer_id": "c1", "name": "张三丰", "email": "z@x.cn"},
    )
    result = merge_duplicates(frame)
    assert len(result.customers) == 1
    assert merges(result) == [[3, "merged-same-id", "c1"]]


def test_traditional_and_simplified_spelling_with_one_phone_merge():
    frame = customers(
        {"customer_id": "C1", "name": "陳大文", "phone": "13800000001"},
        {"customer_id": "C2", "name": "陈大文", "phone": "13800000001"},
    )
    result = merge_duplicates(frame)
    assert groups(frame) == [[2, 3]]
    assert merges(result) == [[3, "merged-same-phone", "13800000001 · 陈大文 ≈ 陳大文 (100%)"]]


def test_one_phone_with_different_names_stays_apart():
    frame = customers(
        {"customer_id": None, "name": "张三", "phone": "13800000001"},
        {"customer_id": None, "name": "李四", "phone": "13800000001"},
    )
    assert groups(frame) == [[2], [3]]


def test_one_phone_and_a_missing_name_merge_unless_the_ids_differ():
    same = customers(
        {"customer_id": "C1", "name": "张三", "phone": "13800000001"},
        {"customer_id": None, "name": None, "phone": "13800000001", "email": "z@x.cn"},
    )
    different_ids = customers(
        {"customer_id": "C1", "name": "张三", "phone": "13800000001"},
        {"customer_id": "C2", "name": None, "phone": "13800000001"},
    )
    assert groups(same) == [[2, 3]]
    assert groups(different_ids) == [[2], [3]]


def test_same_email_merges_across_ids_when_the_names_agree():
    frame = customers(
        {"customer_id": "C1", "name": "王芳", "email": "wf@x.cn"},
        {"customer_id": "C9", "name": "王芳", "email": "wf@x.cn"},
    )
    result = merge_duplicates(frame)
    assert merges(result) == [[3, "merged-same-email", "wf@x.cn"]]


def test_different_ids_and_names_never_merge_on_an_email_alone():
    frame = customers(
        {"customer_id": "C1", "name": "王芳", "email": "office@x.cn"},
        {"customer_id": "C2", "name": "刘洋", "email": "office@x.cn"},
    )
    assert groups(frame) == [[2], [3]]


def test_same_name_needs_same_address_too():
    frame = customers(
        {"customer_id": None, "name": "王芳", "address": "北京市朝阳区建国路1号"},
        {"customer_id": None, "name": "王 芳", "address": "北京市朝阳区建国路1号"},
        {"customer_id": None, "name": "王芳", "address": "上海市浦东新区"},
    )
    result = merge_duplicates(frame)
    assert groups(frame) == [[2, 3], [4]]
    assert sorted(result.customers["customer_id"]) == ["#2", "#4"]
    assert merges(result) == [[3, "merged-same-name-address", "王 芳 / 北京市朝阳区建国路1号"]]


def test_namesakes_with_nothing_else_shared_stay_apart():
    frame = customers(
        {"customer_id": "C1", "name": "张伟", "phone": "13800000001", "address": "杭州"},
        {"customer_id": "C2", "name": "张伟", "phone": "13900000002", "address": "宁波"},
        {"customer_id": None, "name": "张伟"},
        {"customer_id": None, "name": "张伟"},
    )
    assert groups(frame) == [[2], [3], [4], [5]]


def test_company_suffix_variants_at_one_address_merge():
    frame = customers(
        {
            "customer_id": "K1",
            "name": "广州盛世生物医药（集团）有限公司",
            "address": "广州市天河区体育西路1号",
        },
        {
            "customer_id": "K2",
            "name": "广州盛世生物医药有限公司",
            "address": "广州市天河区体育西路1号",
        },
        {"customer_id": "K3", "name": "广州盛世生物医药有限公司", "address": "深圳市南山区"},
    )
    result = merge_duplicates(frame)
    assert groups(frame) == [[2, 3], [4]]
    assert merges(result)[0][:2] == [3, "merged-same-name-address"]
    # what the user wrote comes out as written: full-width brackets and all
    assert "广州盛世生物医药（集团）有限公司" in frame["name"].tolist()


def test_similar_names_at_one_address_merge_with_their_similarity():
    # 北京华彩文化传播 / 北京华采文化传播 (suffix removed): 7 of 8 characters in common,
    # fuzz.ratio = 2 * 7 / (8 + 8) = 87.5 %, shown rounded down
    frame = customers(
        {"customer_id": None, "name": "北京华彩文化传播有限公司", "address": "北京市朝阳区2号"},
        {"customer_id": None, "name": "北京华采文化传播有限公司", "address": "北京市朝阳区2号"},
    )
    result = merge_duplicates(frame)
    assert SIMILARITY_THRESHOLD <= 87.5
    assert merges(result) == [
        [
            3,
            "merged-similar-name",
            "北京华采文化传播有限公司 ≈ 北京华彩文化传播有限公司 (87%) / 北京市朝阳区2号",
        ]
    ]


def test_names_below_the_threshold_at_one_address_stay_apart():
    # 张伟 / 张炜: one of two characters in common, fuzz.ratio 50 %
    frame = customers(
        {"customer_id": None, "name": "张伟", "address": "北京市朝阳区2号"},
        {"customer_id": None, "name": "张炜", "address": "北京市朝阳区2号"},
    )
    assert groups(frame) == [[2], [3]]


def test_full_width_and_spacing_variants_fold_together():
    frame = customers(
        {"customer_id": None, "name": "ＡＢＣ Trading Co., Ltd.", "address": "上海市 1号"},
        {"customer_id": None, "name": "abc trading", "address": "上海市1号"},
    )
    assert groups(frame) == [[2, 3]]


# --- evidence against ---------------------------------------------------------------------


def switchboard(count):
    surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
    return [
        {"customer_id": f"S{i:03d}", "name": f"{surnames[i]}先生", "phone": "020-87654321"}
        for i in range(count)
    ]


def test_a_company_switchboard_shared_by_30_customers_merges_none_of_them():
    frame = customers(*switchboard(30))
    result = merge_duplicates(frame)
    assert len(result.customers) == 30
    assert result.merged_rows == 0
    notes = result.issues[result.issues["kind"] == "note"]
    assert notes[["row", "code", "value"]].values.tolist() == [[2, "shared-phone", "020-87654321"]]
    assert "020-87654321" not in result.key_maps["phone"].index


def test_a_shared_line_does_not_stop_a_merge_on_another_key():
    rows = switchboard(5)
    rows.append({"customer_id": "S000", "name": "赵先生", "phone": "020-87654321"})
    frame = customers(*rows)
    assert groups(frame) == [[2, 7], [3], [4], [5], [6]]


def test_a_masked_phone_is_never_a_key():
    frame = customers(
        {"customer_id": None, "name": "张三", "phone": "138****1234", "region": "杭州"},
        {"customer_id": None, "name": "张三", "phone": "138****1234", "region": "宁波"},
        {"customer_id": None, "name": "李四", "phone": "139####5678", "email": "l@x.cn"},
        {"customer_id": None, "name": "李四", "phone": "139####5678"},
    )
    result = merge_duplicates(frame)
    assert groups(frame) == [[2], [3], [4], [5]]
    assert list(result.key_maps["phone"].index) == []


def test_a_chain_through_a_third_row_does_not_join_two_different_customers():
    # A~B by phone (same name), B~C by e-mail (B has no ID); A and C have different IDs and
    # names and nothing links them directly: C stays apart.
    frame = customers(
        {"customer_id": "C1", "name": "张三", "phone": "13800000001"},
        {"customer_id": None, "name": "张三", "phone": "13800000001", "email": "f@x.cn"},
        {"customer_id": "C2", "name": "李四", "email": "f@x.cn"},
    )
    assert groups(frame) == [[2, 3], [4]]


def test_a_chain_without_ids_is_checked_too():
    frame = customers(
        {"customer_id": None, "name": "张三", "phone": "13800000001"},
        {"customer_id": None, "name": "张三", "phone": "13800000001", "email": "f@x.cn"},
        {"customer_id": None, "name": "李四", "email": "f@x.cn"},
    )
    assert groups(frame) == [[2, 3], [4]]


def test_a_chain_of_one_customers_records_is_followed():
    frame = customers(
        {"customer_id": "C1", "name": "张三", "phone": "13800000001"},
        {"customer_id": None, "name": "张三", "phone": "13800000001", "email": "z@x.cn"},
        {"customer_id": "C7", "name": "張三", "email": "z@x.cn"},
    )
    assert groups(frame) == [[2, 3, 4]]


# --- the interface the pipeline relies on ----------------------------------------------------


def test_every_source_id_maps_to_its_customer():
    frame = customers(
        {"customer_id": "A", "name": "张三", "phone": "13800000001"},
        {"customer_id": "B", "name": "张三", "phone": "13800000001", "email": "b@x.cn"},
        {"customer_id": "C", "name": "张三", "email": "b@x.cn"},
        {"customer_id": "D", "name": "李四", "phone": "13900000000", "email": "d@x.cn"},
    )
    result = merge_duplicates(frame)
    assert result.id_map.to_dict() == {"a": "A", "b": "A", "c": "A", "d": "D"}
    assert result.customers["merged_ids"].tolist() == ["A、B、C", "D"]


def test_contact_maps_hold_only_keys_of_one_customer():
    frame = customers(
        {"customer_id": "A", "name": "张三", "phone": "13800000001", "email": "z@x.cn"},
        {"customer_id": "B", "name": "李四", "phone": "13800000001", "email": "l@x.cn"},
    )
    result = merge_duplicates(frame)
    assert result.key_maps["email"].to_dict() == {"z@x.cn": "A", "l@x.cn": "B"}
    assert result.key_maps["phone"].to_dict() == {}


def test_an_empty_sheet_has_nothing_to_merge():
    frame = customers({"customer_id": "A", "name": "张三"}).iloc[0:0]
    result = merge_duplicates(frame)
    assert (len(result.customers), result.merged_rows, len(result.issues)) == (0, 0, 0)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reason_names_the_key_in_the_users_language(lang):
    reason = issue_text("merged-same-phone", lang, value="13800000001", target="C1")
    assert ("联系电话相同" if lang == "zh" else "Same phone") in reason
    assert "13800000001" in reason


def test_the_id_map_holds_each_id_key_once_and_no_id_without_a_key():
    # the folded keys as merging hands them over: the third ID has none (None, code -1)
    frame = pd.DataFrame({"customer_id": ["C1", "c1", "X9", None]}, dtype=object)
    keys = pd.Series(["c1", "c1", None, None], dtype=object)
    final = pd.Series(["C1", "C1", "X9", "#5"], dtype=object)
    id_map = _id_map(frame, final, keys, codes_of(keys))
    # an order whose ID is empty (no key) must not find the customer whose ID has none
    assert id_map.to_dict() == {"c1": "C1"}
