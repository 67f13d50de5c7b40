"""Tier history: two runs a month apart with known movements.

The shop's customer list and orders at the end of May and at the end of
June 2025.  Fixed thresholds make every score computable by hand:

    frequency  purchase_count 2/4/8/12, decayed_count 1/2/4/6
    amount     net_amount 1000/2000/5000/10000, decayed_amount 500/1000/2500/5000
    activity   recency_days ≤180/≤90/≤30 (no campaign data: recency alone)
    interaction  no data: weight 0, so the weights are 30/40/15 over 85

A measure scores 100 × (thresholds reached) / (number of thresholds); a
dimension is the mean of its measures; decayed values weigh an order
2^(−age/75 days).  By hand:

    K1 张伟  May: 1 order ¥300 on 01-10 → 0 / 0 / 33.3 → 5.9 铜牌
             June: +12 orders ¥1000 on 06-20 → 100 / 100 / 100 → 100 VIP (up: 消费金额 moved most)
    K2 王芳  May: 8 × ¥1500 on 2024-06-10, 4 × ¥1000 on 05-28 → 87.5 / 87.5 / 100 → 89.7 VIP
             June: the 2024 orders leave the 365-day window → 50 / 62.5 / 66.7 → 58.8 银牌
             (down: 购买频率 −37.5 × 30 outweighs 消费金额 −25 × 40 and 活跃程度 −33.3 × 15)
    K3 李娜  5 × ¥1200 on 04-10 → 50 / 75 / 66.7 → 64.7 银牌 both months (unchanged)
    K4 陈静  May only: 1 order ¥500 on 05-05 → 0 / 0 / 100 → 17.6 铜牌, gone in June
    K5 刘洋  May: rows K5 and K5B (same phone) merged into K5, 2 × ¥600 on 05-20 → 44.1 铜牌;
             June: only the K5B row is left → 32.4 铜牌, matched to K5 through the merged ID
    K6 赵强  June only: 2 × ¥2500 on 06-15 → 25 / 75 / 100 → 61.8 银牌 (new)
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from custgrade import grade_workbook
from custgrade.errors import InputFileError
from custgrade.history import PreviousResultError, read_previous_result
from custgrade.history import read as history_read
from custgrade.messages import note_text
from custgrade.result import RunResult
from tests.conftest import Rows, write_xlsx

D = dt.datetime
MAY, JUNE = dt.date(2025, 5, 31), dt.date(2025, 6, 30)
RULES = """
[dimensions.frequency]
method = "thresholds"
thresholds = { purchase_count = [2, 4, 8, 12], decayed_count = [1, 2, 4, 6] }
[dimensions.amount]
method = "thresholds"
thresholds = { net_amount = [1000, 2000, 5000, 10000], decayed_amount = [500, 1000, 2500, 5000] }
[dimensions.activity]
method = "thresholds"
thresholds = { recency_days = [180, 90, 30] }
"""
CUSTOMER_HEADER = ["客户编号", "客户名称", "手机号", "注册日期"]
ORDER_HEADER = ["订单号", "客户编号", "下单时间", "实付金额", "订单状态"]
MAY_CUSTOMERS: Rows = [
    ["K1", "张伟", "13800138001", D(2023, 1, 1)],
    ["K2", "王芳", "13800138002", D(2023, 1, 1)],
    ["K3", "李娜", "13800138003", D(2023, 1, 1)],
    ["K4", "陈静", "13800138004", D(2023, 1, 1)],
    ["K5", "刘洋", "13800138005", D(2022, 1, 1)],
    ["K5B", "刘洋", "13800138005", D(2024, 1, 1)],
]
JUNE_CUSTOMERS: Rows = [
    *(row for row in MAY_CUSTOMERS if row[0] not in ("K4", "K5")),
    ["K6", "赵强", "13800138006", D(2025, 6, 1)],
]


def orders(customer: str, count: int, day: dt.datetime, amount: float, first: int = 0) -> Rows:
    """``count`` completed orders of one customer on one day."""
    return [[f"{customer}-{first + i}", customer, day, amount, "已完成"] for i in range(count)]


MAY_ORDERS: Rows = [
    *orders("K1", 1, D(2025, 1, 10), 300),
    *orders("K2", 8, D(2024, 6, 10), 1500),
    *orders("K2", 4, D(2025, 5, 28), 1000, first=10),
    *orders("K3", 5, D(2025, 4, 10), 1200),
    *orders("K4", 1, D(2025, 5, 5), 500),
    *orders("K5B", 2, D(2025, 5, 20), 600),
]
JUNE_ORDERS: Rows = [
    *(row for row in MAY_ORDERS if row[1] != "K4"),
    *orders("K1", 12, D(2025, 6, 20), 1000, first=1),
    *orders("K6", 2, D(2025, 6, 15), 2500),
]

#: customer -> (May total, May tier, June total, June tier), computed by hand above
EXPECTED: dict[str, tuple[float | None, str | None, float | None, str | None]] = {
    "K1": (5.9, "铜牌会员", 100.0, "VIP"),
    "K2": (89.7, "VIP", 58.8, "银牌会员"),
    "K3": (64.7, "银牌会员", 64.7, "银牌会员"),
    "K4": (17.6, "铜牌会员", None, None),
    "K5": (44.1, "铜牌会员", None, None),
    "K5B": (None, None, 32.4, "铜牌会员"),
    "K6": (None, None, 61.8, "银牌会员"),
}


@pytest.fixture
def shop(tmp_path: Path) -> dict[str, Path]:
    """The May and June workbooks of the shop and the rules they are graded with."""
    return make_shop(tmp_path)


def make_shop(tmp_path: Path) -> dict[str, Path]:
    """Write the May and June workbooks and the rules file into ``tmp_path``."""
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    may = write_xlsx(
        tmp_path / "客户_5月.xlsx",
        {"客户信息": [CUSTOMER_HEADER, *MAY_CUSTOMERS], "购买记录": [ORDER_HEADER, *MAY_ORDERS]},
    )
    june = write_xlsx(
        tmp_path / "客户_6月.xlsx",
        {"客户信息": [CUSTOMER_HEADER, *JUNE_CUSTOMERS], "购买记录": [ORDER_HEADER, *JUNE_ORDERS]},
    )
    return {"rules": rules, "may": may, "june": june}


def grade_may(shop: dict[str, Path], output: Path) -> RunResult:
    return grade_workbook(shop["may"], output, as_of=MAY, rules_file=shop["rules"])


def grade_june(
    shop: dict[str, Path], output: Path, *, previous: Path | None = None, lang: str = "zh"
) -> RunResult:
    return grade_workbook(
        shop["june"], output, as_of=JUNE, rules_file=shop["rules"], previous=previous, lang=lang
    )


def by_id(result: RunResult) -> dict[str, dict[str, object]]:
    """Each customer's total, tier and history columns, by customer ID."""
    assert result.history is not None
    frame = result.customers[["customer_id", "total_score", "tier_name"]].join(
        result.history.customers
    )
    frame = frame.astype(object).where(frame.notna(), None)
    return {row["customer_id"]: row for row in frame.to_dict("records")}


def test_the_hand_computed_totals_hold_in_both_months(
    shop: dict[str, Path], tmp_path: Path
) -> None:
    may = grade_may(shop, tmp_path / "五月_评级.xlsx")
    june = grade_june(shop, tmp_path / "六月_评级.xlsx", previous=may.output_path)
    for result, total_at, tier_at in ((may, 0, 1), (june, 2, 3)):
        got = dict(
            zip(result.customers["customer_id"], result.customers["total_score"], strict=True)
        )
        tiers = dict(
            zip(result.customers["customer_id"], result.customers["tier_name"], strict=True)
        )
        expected = {k: v[total_at] for k, v in EXPECTED.items() if v[total_at] is not None}
        assert got == pytest.approx(expected, abs=0.05)
        assert tiers == {k: v[tier_at] for k, v in EXPECTED.items() if v[tier_at] is not None}


def test_each_customer_shows_previous_tier_change_and_reason(
    shop: dict[str, Path], tmp_path: Path
) -> None:
    may = grade_may(shop, tmp_path / "五月_评级.xlsx")
    june = grade_june(shop, tmp_path / "六月_评级.xlsx", previous=may.output_path)
    rows = by_id(june)
    seen = {
        k: (r["previous_id"], r["previous_tier"], r["change"], r["reason"]) for k, r in rows.items()
    }
    assert seen == {
        "K1": ("K1", "铜牌会员", "up", "消费金额评分 +100.0（0.0 → 100.0）"),
        "K2": ("K2", "VIP", "down", "购买频率评分 -37.5（87.5 → 50.0）"),
        "K3": ("K3", "银牌会员", "same", None),
        "K5B": ("K5", "铜牌会员", "same", None),  # K5B was merged into K5 in May
        "K6": (None, None, "new", "上次结果中没有该客户"),
    }
    assert rows["K2"]["reason_dimension"] == "frequency"


def test_migration_matrix_counts_moves_new_and_gone(shop: dict[str, Path], tmp_path: Path) -> None:
    may = grade_may(shop, tmp_path / "五月_评级.xlsx")
    history = grade_june(shop, tmp_path / "六月_评级.xlsx", previous=may.output_path).history
    assert history is not None
    tiers = ["VIP", "金牌会员", "银牌会员", "铜牌会员"]
    assert history.matrix.index.tolist() == tiers
    assert history.matrix.columns.tolist() == tiers
    assert history.matrix.to_numpy().tolist() == [
        [0, 0, 1, 0],  # K2: VIP → 银牌
        [0, 0, 0, 0],
        [0, 0, 1, 0],  # K3 stays 银牌
        [1, 0, 0, 1],  # K1: 铜牌 → VIP; K5 (now K5B) stays 铜牌
    ]
    assert history.new_by_tier.tolist() == [0, 0, 1, 0]  # K6 is new in 银牌
    assert history.gone_by_tier.tolist() == [0, 0, 0, 1]  # K4 was 铜牌
    assert history.counts == {"up": 1, "down": 1, "new": 1, "same": 2, "gone": 1}


def test_gone_customers_are_listed_and_a_merged_id_is_not_gone(
    shop: dict[str, Path], tmp_path: Path
) -> None:
    may = grade_may(shop, tmp_path / "五月_评级.xlsx")
    history = grade_june(shop, tmp_path / "六月_评级.xlsx", previous=may.output_path).history
    assert history is not None
    gone = history.gone.astype(object).where(history.gone.notna(), None)
    assert gone.to_dict("records") == [
        {
            "customer_id": "K4",
            "name": "陈静",
            "tier_name": "铜牌会员",
            "total_score": 17.6,
            "merged_ids": "K4",
        }
    ]


def test_the_summary_says_what_was_compared(shop: dict[str, Path], tmp_path: Path) -> None:
    may = grade_may(shop, tmp_path / "五月_评级.xlsx")
    june = grade_june(shop, tmp_path / "六月_评级.xlsx", previous=may.output_path)
    notes = [note_text(n.key, n.params, "zh") for n in june.notes if n.key.startswith("note.hist")]
    assert notes == [
        "与上次结果 五月_评级.xlsx（分析基准日 2025-05-31）比较："
        "升级 1，降级 1，新增 1，不变 2，已消失 1"
    ]


def test_a_rerun_of_the_same_data_changes_nothing(shop: dict[str, Path], tmp_path: Path) -> None:
    june = grade_june(shop, tmp_path / "六月_评级.xlsx")
    again = grade_june(shop, tmp_path / "六月_再次.xlsx", previous=june.output_path)
    assert again.history is not None
    assert again.history.counts == {"up": 0, "down": 0, "new": 0, "same": 5, "gone": 0}
    assert again.history.customers["reason"].isna().all()


def test_first_run_has_no_history(shop: dict[str, Path], tmp_path: Path) -> None:
    may = grade_may(shop, tmp_path / "五月_评级.xlsx")
    assert may.history is None
    assert not [n for n in may.notes if n.key.startswith("note.history")]


def test_an_existing_output_is_read_before_it_is_replaced(
    shop: dict[str, Path], tmp_path: Path
) -> None:
    output = tmp_path / "客户_评级.xlsx"
    grade_may(shop, output)
    june = grade_june(shop, output)
    assert june.history is not None and june.history.automatic
    assert june.history.counts == {"up": 1, "down": 1, "new": 1, "same": 2, "gone": 1}
    notes = [note_text(n.key, n.params, "zh") for n in june.notes if n.key.startswith("note.hist")]
    assert (
        notes[0] == "输出文件 客户_评级.xlsx 已存在：替换之前已读取其中的上次结果，用于比较等级变化"
    )
    assert read_previous_result(output).as_of == JUNE  # the file now holds the June result


def test_the_output_file_named_as_previous_is_read_before_it_is_replaced(
    shop: dict[str, Path], tmp_path: Path
) -> None:
    output = tmp_path / "客户_评级.xlsx"
    grade_may(shop, output)
    june = grade_june(shop, output, previous=output)
    assert june.history is not None and not june.history.automatic
    assert june.history.counts["gone"] == 1
    assert read_previous_result(output).as_of == JUNE


def test_a_damaged_existing_output_is_a_note_and_is_replaced(
    shop: dict[str, Path], tmp_path: Path
) -> None:
    output = tmp_path / "客户_评级.xlsx"
    output.write_bytes(b"PK\x03\x04 not really a workbook")
    june = grade_june(shop, output)
    assert june.history is None
    (note,) = [n for n in june.notes if n.key.startswith("note.history")]
    assert note.key == "note.history-unreadable"
    assert note_text(note.key, note.params, "zh").startswith(
        "输出文件 客户_评级.xlsx 已存在，但不能作为上次结果读取（"
    )
    assert read_previous_result(output).as_of == JUNE


def test_an_english_run_compares_with_a_chinese_result(
    shop: dict[str, Path], tmp_path: Path
) -> None:
    may = grade_may(shop, tmp_path / "五月_评级.xlsx")
    june = grade_june(shop, tmp_path / "june_graded.xlsx", previous=may.output_path, lang="en")
    rows = by_id(june)
    assert {k: (r["tier_name"], r["previous_tier"], r["change"]) for k, r in rows.items()} == {
        "K1": ("VIP", "铜牌会员", "up"),
        "K2": ("Silver", "VIP", "down"),
        "K3": ("Silver", "银牌会员", "same"),  # same position among four tiers
        "K5B": ("Bronze", "铜牌会员", "same"),
        "K6": ("Silver", None, "new"),
    }
    assert rows["K1"]["reason"] == "Spending score +100.0 (0.0 → 100.0)"
    assert rows["K6"]["reason"] == "Not in the previous result"


def test_a_result_sorted_in_excel_still_matches_by_id(
    shop: dict[str, Path], tmp_path: Path
) -> None:
    may = grade_may(shop, tmp_path / "五月_评级.xlsx")
    # Excel sorts the values it shows: read them (data_only), write them back reversed
    book = openpyxl.load_workbook(may.output_path, data_only=True)
    sheet = book["等级信息"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    for r, values in enumerate(reversed(rows), start=2):
        for c, value in enumerate(values, start=1):
            sheet.cell(r, c, value)
    book.save(tmp_path / "五月_排序.xlsx")
    june = grade_june(shop, tmp_path / "六月_评级.xlsx", previous=tmp_path / "五月_排序.xlsx")
    assert {k: r["change"] for k, r in by_id(june).items()} == {
        "K1": "up",
        "K2": "down",
        "K3": "same",
        "K5B": "same",
        "K6": "new",
    }


# -- a previous result that cannot be used: named explicitly, the run stops with a message


def error_of(shop: dict[str, Path], tmp_path: Path, previous: Path) -> PreviousResultError:
    with pytest.raises(PreviousResultError) as caught:
        grade_june(shop, tmp_path / "六月_评级.xlsx", previous=previous)
    assert not (tmp_path / "六月_评级.xlsx").exists()
    return caught.value


def test_a_missing_previous_result(shop: dict[str, Path], tmp_path: Path) -> None:
    error = error_of(shop, tmp_path, tmp_path / "没有.xlsx")
    assert error.render("zh") == (
        f"找不到上次的评级结果：{tmp_path / '没有.xlsx'}\n"
        "请检查 --previous 后面的路径，它应指向上次运行生成的 *_评级.xlsx 文件。"
    )


def test_a_customer_list_is_not_a_previous_result(shop: dict[str, Path], tmp_path: Path) -> None:
    error = error_of(shop, tmp_path, shop["may"])
    assert error.render("zh") == (
        "客户_5月.xlsx 不是 custgrade 生成的评级结果（没有带版本号的“运行信息”工作表），"
        "无法与上次比较\n"
        "请用 --previous 指定上次运行生成的 *_评级.xlsx 文件，而不是原始客户表。"
    )
    assert error.render("en").split("\n")[0] == (
        "客户_5月.xlsx is not a graded result made by custgrade (it has no 'Run info' sheet "
        "with a version), so there is nothing to compare with"
    )


def test_a_damaged_previous_result(shop: dict[str, Path], tmp_path: Path) -> None:
    broken = tmp_path / "坏的_评级.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-xml")
    error = error_of(shop, tmp_path, broken)
    first, second = error.render("zh").split("\n")
    assert first.startswith("无法读取上次的评级结果 坏的_评级.xlsx（")
    assert second == (
        "请确认它是 custgrade 生成的 .xlsx 文件且未在 Excel 中打开；必要时重新运行上次的评级。"
    )


def test_text_is_not_a_previous_result(shop: dict[str, Path], tmp_path: Path) -> None:
    text_file = tmp_path / "说明_评级.xlsx"
    text_file.write_text("hello", encoding="utf-8")
    assert error_of(shop, tmp_path, text_file).key == "previous-not-result"


def test_a_result_missing_its_tier_sheet(shop: dict[str, Path], tmp_path: Path) -> None:
    may = grade_may(shop, tmp_path / "五月_评级.xlsx")
    book = openpyxl.load_workbook(may.output_path)
    del book["等级信息"]
    book.save(tmp_path / "五月_删改.xlsx")
    error = error_of(shop, tmp_path, tmp_path / "五月_删改.xlsx")
    assert error.render("zh") == (
        "上次的评级结果 五月_删改.xlsx 缺少“等级信息”工作表或其中的“客户ID”列，无法与上次比较\n"
        "请使用未经删改的评级结果；如果工作表或列被改名或删除，请恢复原样或重新生成。"
    )


def test_a_result_fed_back_as_input_is_still_refused(shop: dict[str, Path], tmp_path: Path) -> None:
    may = grade_may(shop, tmp_path / "五月_评级.xlsx")
    with pytest.raises(InputFileError) as caught:
        grade_workbook(may.output_path, tmp_path / "再评级.xlsx")
    assert caught.value.key == "graded-result"
    assert (
        caught.value.render("zh").split("\n")[0].startswith("这是 custgrade 生成的评级结果（版本 ")
    )


def test_a_result_saved_without_calculated_values_is_named_as_such(
    shop: dict[str, Path], tmp_path: Path
) -> None:
    may = grade_may(shop, tmp_path / "五月_评级.xlsx")
    book = openpyxl.load_workbook(may.output_path)  # formulas kept, their values dropped
    book.save(tmp_path / "五月_另存.xlsx")
    error = error_of(shop, tmp_path, tmp_path / "五月_另存.xlsx")
    assert error.key == "previous-no-values"
    assert "在 Excel 或 WPS 中打开并保存一次" in error.render("zh")


def test_scores_come_from_the_tier_sheet_as_评分信息_holds_them(
    shop: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    may = grade_may(shop, tmp_path / "五月_评级.xlsx")
    read_sheets: list[str] = []
    original = history_read._read_table

    def recording(workbook, names, path, kind, *columns):  # type: ignore[no-untyped-def]
        read_sheets.append(kind)
        return original(workbook, names, path, kind, *columns)

    monkeypatch.setattr(history_read, "_read_table", recording)
    previous = read_previous_result(may.output_path).customers.set_index("customer_id")
    assert "scores" not in read_sheets  # 评分信息 is not parsed at all
    scores = openpyxl.load_workbook(may.output_path, data_only=True)["评分信息"]
    header = [c.value for c in scores[1]]
    names = dict(zip(SCORE_HEADERS, history_read.SCORE_NAMES, strict=True))
    for row in scores.iter_rows(min_row=2, values_only=True):
        record = dict(zip(header, row, strict=False))
        for shown, name in names.items():
            got, want = previous.loc[record["客户ID"], name], record[shown]
            assert got == want or (want is None and got != got), shown  # empty: NaN


SCORE_HEADERS = ["购买频率评分", "消费金额评分", "活跃程度评分", "互动情况评分", "总评分"]


def test_an_older_result_without_scores_on_its_tier_sheet_reads_them_from_评分信息(
    tmp_path: Path,
) -> None:
    older = write_xlsx(
        tmp_path / "旧版结果.xlsx",
        {
            "等级信息": [["客户ID", "客户姓名", "等级名称"], ["K1", "张伟", "VIP会员"]],
            "评分信息": [
                ["客户ID", *SCORE_HEADERS],
                ["K1", 100, 80, 60, 0, 81.5],
            ],
            "运行信息": [["版本", "0.1.0"], ["分析基准日", D(2025, 5, 31)], ["已合并", 0]],
        },
    )
    customer = read_previous_result(older).customers.iloc[0]
    assert (customer["customer_id"], customer["tier_name"]) == ("K1", "VIP会员")
    assert (customer["amount_score"], customer["total_score"]) == (80.0, 81.5)


def test_a_result_larger_in_all_than_a_reader_takes_is_read_a_sheet_at_a_time(
    shop: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A result of a million customers holds some 40 million cells; each sheet read is fewer."""
    from custgrade.ingest import package

    may = grade_may(shop, tmp_path / "五月_评级.xlsx")
    names = package.worksheet_names(may.output_path)
    cells = {names[m]: s.cells for m, s in package.scan_package(may.output_path).sheets.items()}
    largest_read = max(cells["等级信息"], cells["运行信息"])
    assert sum(cells.values()) > largest_read + 1  # the other sheets add up beyond it
    monkeypatch.setattr(package, "CELL_LIMIT", largest_read)
    previous = read_previous_result(may.output_path).customers
    assert set(previous["customer_id"]) == set(may.customers["customer_id"])
    monkeypatch.setattr(package, "CELL_LIMIT", largest_read - 1)  # one sheet read is too big
    with pytest.raises(PreviousResultError, match="holds"):
        read_previous_result(may.output_path)
