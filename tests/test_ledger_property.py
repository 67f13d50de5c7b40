"""For any customer sheet, every row is graded, merged or rejected: the ledger balances."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custgrade import grade_workbook
from custgrade.result import Ledger
from tests.conftest import write_xlsx

ids = st.sampled_from(["C1", "C2", "c1", " C3 ", "", "无"])
names = st.sampled_from(["张三", "李四", "", "=1+1", "ＡＢＣ"])
phones = st.sampled_from(["13800000001", "+86 138 0000 0001", "123", "", "N/A"])
amounts = st.sampled_from([100, "¥1,200", "1.2万", "abc", "", -50])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    customers=st.lists(st.tuples(ids, names, phones), min_size=1, max_size=12),
    orders=st.lists(st.tuples(ids, amounts), max_size=12),
)
def test_ledger_balances_for_any_input(tmp_path_factory, customers, orders):
    path = tmp_path_factory.mktemp("ledger") / "客户.xlsx"
    sheets = {"客户信息": [["客户ID", "客户姓名", "联系电话"], *map(list, customers)]}
    if orders:
        sheets["购买记录"] = [["客户ID", "购买日期", "金额"]] + [
            [cid, "2025-01-02", amount] for cid, amount in orders
        ]
    write_xlsx(Path(path), sheets)
    try:
        result = grade_workbook(path, write=False)
    except Exception as exc:  # only "no customer rows" may stop a run
        assert getattr(exc, "key", None) in {"no-customer-rows", "no-data", "no-customer-sheet"}
        return
    ledger = result.ledger
    assert ledger.balanced
    assert ledger.graded == len(result.customers)
    rejected = result.issues[result.issues["kind"] == "rejected"]
    assert ledger.rejected + ledger.orders_rejected == len(rejected)
    assert ledger.merged == (result.issues["kind"] == "merged").sum()


def test_each_record_sheet_has_its_own_ledger_line_and_no_other_is_made_up():
    ledger = Ledger(
        order_rows=10, orders_used=7, orders_rejected=3, interaction_rows=4, interactions_used=4
    )
    assert ledger.record_counts("orders") == {"rows": 10, "used": 7, "rejected": 3}
    assert ledger.record_counts("interactions") == {"rows": 4, "used": 4, "rejected": 0}
    with pytest.raises(ValueError, match="order"):
        ledger.record_counts("order")  # type: ignore[arg-type]
