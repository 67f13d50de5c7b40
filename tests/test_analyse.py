"""分析报告 follows its decision table and never contradicts the measures beside it.

Each test builds the measures of a customer or two in a tiny frame, so the
case is visible; expected texts come from the message catalogue, filled here.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from custgrade.analyse import (
    SINGLE_CHOICE,
    TABLES,
    TEXT_PREFIX,
    analyse_customers,
    customer_facts,
    load_decision_table,
)
from custgrade.messages import CATALOGUE, text
from custgrade.rules.model import Rules, default_rules

ROOT = Path(__file__).resolve().parents[1]
AS_OF = pd.Timestamp("2025-06-30")
RULES = Rules()  # 新客户 90 days, 活跃 90 days, 流失 180 days; VIP / 金牌 / 银牌 / 铜牌
TABLE = load_decision_table()

MEASURES: dict[str, Any] = {
    "purchase_count": np.nan,
    "net_amount": np.nan,
    "avg_amount": np.nan,
    "last_purchase_at": pd.NaT,
    "first_purchase_at": pd.NaT,
    "recency_days": np.nan,
    "campaign_count": np.nan,
    "contact_count": np.nan,
    "complaint_count": np.nan,
    "satisfaction": np.nan,
    "satisfaction_raw": np.nan,
    "satisfaction_scale": np.nan,
    "last_contact_at": pd.NaT,
    "favourite_product": None,
    "favourite_channel": None,
}
SCORES = ("frequency_score", "amount_score", "activity_score", "interaction_score", "total_score")
GAPS = ("points_up", "points_down", "extra_spend", "extra_purchases")


def ago(days: int) -> pd.Timestamp:
    return AS_OF - pd.Timedelta(days=days)


def bought(count: int, last_days: int, first_days: int | None = None, net: float = 1000.0):
    """A buyer: ``count`` purchases, the last ``last_days`` and the first ``first_days`` ago."""
    return {
        "purchase_count": count,
        "net_amount": net,
        "last_purchase_at": ago(last_days),
        "first_purchase_at": ago(first_days if first_days is not None else 400),
        "contact_count": 0,
        "campaign_count": 0,
    }


def analyse(
    *customers: dict[str, Any],
    lang: str = "zh",
    currency: str = "¥",
    has_orders: bool = True,
    has_interactions: bool = True,
    rules: Rules = RULES,
) -> pd.DataFrame:
    """Analyse customers given as dicts of measures, scores (50 unless said), tier rank, gaps."""
    rows = []
    for c in customers:
        rank = c.get("tier_rank", len(rules.tiers) - 1)
        row = {**MEASURES, **{k: v for k, v in c.items() if k in MEASURES}}
        row.update({s: c.get(s, 50.0) for s in SCORES})
        row.update({g: c.get(g, np.nan) for g in GAPS})
        row.update(tier_rank=rank, registered_at=c.get("registered_at", pd.NaT))
        row.update(tier_name=rules.tiers[rank].name)
        row.update(next_tier=rules.tiers[rank - 1].name if rank > 0 else np.nan)
        rows.append(row)
    frame = pd.DataFrame(rows)
    for column in ("last_purchase_at", "first_purchase_at", "last_contact_at", "registered_at"):
        frame[column] = pd.to_datetime(frame[column])
    return analyse_customers(
        frame[["registered_at"]],
        frame[list(MEASURES)],
        frame[list(SCORES)],
        frame[["tier_name", "tier_rank"]],
        frame[["next_tier", *GAPS]],
        rules,
        AS_OF,
        lang,
        has_orders,
        has_interactions=has_interactions,
        currency=currency,
    )


def one(customer: dict[str, Any], **kwargs: Any) -> pd.Series:
    return analyse(customer, **kwargs).iloc[0]


# --- lifecycle: one case per row of the table ----------------------------------------------

LIFECYCLE_CASES = {
    "date_unknown": ({"purchase_count": 5, "net_amount": 3000.0}, {}),
    "new": (bought(2, last_days=10, first_days=30), {}),
    "new-handkept": (
        {"purchase_count": 3, "last_purchase_at": ago(10), "registered_at": ago(40)},
        {"has_orders": False},
    ),
    "active": (bought(4, last_days=60), {}),
    "dormant": (bought(4, last_days=120), {}),
    "lost": (bought(4, last_days=300), {}),
    "new-registered": ({"purchase_count": 0, "registered_at": ago(20)}, {}),
    "prospect": ({"purchase_count": 0, "contact_count": 2}, {}),
    "no_data": ({}, {"has_orders": False, "has_interactions": False}),
}


@pytest.mark.parametrize("case", list(LIFECYCLE_CASES))
def test_lifecycle_state_follows_its_row(case):
    customer, flags = LIFECYCLE_CASES[case]
    state = case.split("-")[0]
    for lang in ("zh", "en"):
        assert one(customer, lang=lang, **flags)["lifecycle"] == text(f"lifecycle.{state}", lang)


def test_every_lifecycle_row_has_a_case():
    cases = {c.split("-")[0] for c in LIFECYCLE_CASES}
    assert cases == set(TABLE.names("lifecycle"))
    assert len(LIFECYCLE_CASES) == len(TABLE.tables["lifecycle"])


def test_recency_is_from_the_last_purchase_not_a_later_service_call():
    customer = {**bought(3, last_days=300), "contact_count": 2, "last_contact_at": ago(1)}
    assert one(customer)["lifecycle"] == text("lifecycle.lost")


def test_one_time_buyers_are_classed_by_how_long_ago_their_purchase_was():
    states = analyse(
        bought(1, last_days=20, first_days=20),
        bought(1, last_days=60, first_days=60) | {"first_purchase_at": ago(100)},
        bought(1, last_days=150, first_days=150),
        bought(1, last_days=400, first_days=400),
    )
    expected = [text(f"lifecycle.{s}") for s in ("new", "active", "dormant", "lost")]
    assert states["lifecycle"].tolist() == expected
    assert states["labels"].str.contains(text("label.one_time")).all()


# --- churn risk -------------------------------------------------------------------------------

RISK_CASES = {
    "unknown": ({"purchase_count": 5}, "unknown"),
    "high": (bought(4, last_days=120), "high"),
    "medium-lapsing": (bought(1, last_days=300), "medium"),
    "medium-unhappy": (bought(3, last_days=10) | {"complaint_count": 1}, "medium"),
    "low": (bought(3, last_days=10), "low"),
}


@pytest.mark.parametrize("case", list(RISK_CASES))
def test_churn_risk_follows_its_row(case):
    customer, risk = RISK_CASES[case]
    assert one(customer)["churn_risk"] == text(f"risk.{risk}")
    assert one(customer, lang="en")["churn_risk"] == text(f"risk.{risk}", "en")


def test_every_risk_row_has_a_case():
    assert len(RISK_CASES) == len(TABLE.tables["risk"])
    assert {risk for _, risk in RISK_CASES.values()} == set(TABLE.names("risk"))


# --- tags ---------------------------------------------------------------------------------------

TAG_CASES = {
    "high_spend": bought(3, last_days=10) | {"amount_score": 85.0},
    "loyal": bought(12, last_days=5) | {"frequency_score": 90.0},
    "potential": bought(1, last_days=5) | {"activity_score": 70.0, "amount_score": 20.0},
    "one_time": bought(1, last_days=5),
    "non_positive": bought(1, last_days=5, net=-200.0),
    "complaint": bought(2, last_days=5) | {"complaint_count": 2},
    "low_satisfaction": bought(2, last_days=5)
    | {"satisfaction": 40.0, "satisfaction_raw": 2.6, "satisfaction_scale": 5},
    "churn_risk": bought(5, last_days=150),
}


@pytest.mark.parametrize("tag", list(TAG_CASES))
def test_tag_is_given_when_its_row_holds(tag):
    assert text(f"label.{tag}") in one(TAG_CASES[tag])["labels"].split("、")
    assert text(f"label.{tag}", "en") in one(TAG_CASES[tag], lang="en")["labels"].split(", ")


def test_every_tag_has_a_case():
    assert set(TAG_CASES) == set(TABLE.names("tags"))


def test_a_plain_customer_has_no_tags():
    row = one(bought(2, last_days=10))
    assert row["labels"] == ""
    assert text("label.none") in row["analysis"]


def test_net_spend_of_zero_or_less_is_flagged_not_crashed_on():
    rows = analyse(bought(1, last_days=5, net=0.0), bought(2, last_days=5, net=-450.0))
    assert rows["labels"].str.contains(text("label.non_positive")).all()
    assert "-¥450" in rows["analysis"].iloc[1]


def test_net_spend_is_not_flagged_without_purchase_data():
    row = one({"purchase_count": 0, "net_amount": 0.0}, has_orders=False)
    assert text("label.non_positive") not in row["labels"]


# --- what the analysis says about purchases ------------------------------------------------

HISTORY_CASES: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, str]]] = {
    "no_data_in_file": ({}, {"has_orders": False, "has_interactions": False}, {}),
    "no_purchase_data": ({"contact_count": 3}, {"has_orders": False}, {}),
    "no_data": ({"purchase_count": 0}, {}, {}),
    "no_purchase": ({"purchase_count": 0, "contact_count": 1}, {}, {}),
    "date_unknown_count": ({"purchase_count": 5}, {}, {"purchases": "5"}),
    "date_unknown": ({"net_amount": 800.0}, {}, {}),
    "outside_window": (bought(0, last_days=500), {}, {"days": "500"}),
    "one_time": (bought(1, last_days=45), {}, {"days": "45"}),
    "repeat": (bought(3, last_days=7), {}, {"purchases": "3", "days": "7"}),
    "last_purchase": (
        {"last_purchase_at": ago(12), "net_amount": 500.0},
        {"has_orders": False},
        {"days": "12"},
    ),
}


@pytest.mark.parametrize("case", list(HISTORY_CASES))
def test_analysis_describes_purchases_as_its_row_says(case):
    customer, flags, params = HISTORY_CASES[case]
    for lang in ("zh", "en"):
        expected = text(f"analysis.history.{case}", lang, **params)
        assert expected in one(customer, lang=lang, **flags)["analysis"]


def test_every_history_row_has_a_case():
    assert set(HISTORY_CASES) == set(TABLE.names("history"))


def test_analysis_shows_net_spend_satisfaction_on_its_own_scale_and_complaints():
    customer = bought(3, last_days=7, net=12800.0) | {
        "satisfaction": 80.0,
        "satisfaction_raw": 4.2,
        "satisfaction_scale": 5,
        "complaint_count": 2,
    }
    analysis = one(customer)["analysis"]
    assert text("analysis.net", net="¥12,800") in analysis
    assert text("analysis.satisfaction", satisfaction="4.2/5") in analysis
    assert text("analysis.complaints", complaints="2") in analysis
    assert "80/100" not in analysis


def test_satisfaction_without_its_own_scale_is_shown_out_of_100():
    analysis = one(bought(3, last_days=7) | {"satisfaction": 72.5})["analysis"]
    assert text("analysis.satisfaction", satisfaction="72.5/100") in analysis


def test_unrated_customers_get_no_satisfaction_and_no_complaint_text():
    analysis = one(bought(3, last_days=7) | {"complaint_count": 0})["analysis"]
    assert "满意度" not in analysis and "投诉" not in analysis


# --- actions ------------------------------------------------------------------------------------

ACTION_CASES: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, str]]] = {
    "collect_data": ({}, {"has_orders": False}, {}),
    "add_last_date": ({"purchase_count": 5}, {}, {"favourite": ""}),
    "first_purchase": ({"purchase_count": 0, "contact_count": 1}, {}, {}),
    "win_back": (bought(4, last_days=300), {}, {"days": "300", "favourite": ""}),
    "second_purchase_reminder": (bought(1, last_days=150), {}, {"days": "150", "favourite": ""}),
    "reactivate": (bought(4, last_days=120), {}, {"days": "120", "favourite": ""}),
    "second_purchase": (bought(1, last_days=30, first_days=30), {}, {"favourite": ""}),
    "vip_care": (bought(20, last_days=3) | {"tier_rank": 0}, {}, {"favourite": ""}),
    "bundle": (
        bought(3, last_days=5) | {"interaction_score": 80.0, "amount_score": 10.0},
        {},
        {"favourite": ""},
    ),
    "welcome": (bought(3, last_days=5, first_days=40), {}, {"purchases": "3", "favourite": ""}),
    "keep_active": (bought(3, last_days=5), {}, {"favourite": ""}),
}


@pytest.mark.parametrize("case", list(ACTION_CASES))
def test_main_action_follows_its_row(case):
    customer, flags, params = ACTION_CASES[case]
    for lang in ("zh", "en"):
        suggestion = one(customer, lang=lang, **flags)["suggestion"]
        assert suggestion.startswith(text(f"action.{case}", lang, **params))


def test_every_action_row_has_a_case():
    assert set(ACTION_CASES) == set(TABLE.names("action"))


CARE_CASES: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    "complaint": (bought(3, last_days=5) | {"complaint_count": 2}, {"complaints": "2"}),
    "low_satisfaction": (
        bought(3, last_days=5)
        | {"satisfaction": 25.0, "satisfaction_raw": 2.0, "satisfaction_scale": 5},
        {"satisfaction": "2/5"},
    ),
    "non_positive": (bought(1, last_days=5, net=-100.0), {}),
}


@pytest.mark.parametrize("case", list(CARE_CASES))
def test_care_action_comes_before_the_main_action(case):
    customer, params = CARE_CASES[case]
    for lang in ("zh", "en"):
        assert one(customer, lang=lang)["suggestion"].startswith(
            text(f"action.{case}", lang, **params)
        )


def test_every_care_row_has_a_case():
    assert set(CARE_CASES) == set(TABLE.names("care"))


def test_actions_name_the_favourite_product_and_channel_where_known():
    base = bought(4, last_days=300)
    rows = analyse(
        base | {"favourite_product": "羽绒服", "favourite_channel": "天猫"},
        base | {"favourite_product": "羽绒服"},
        base | {"favourite_channel": "天猫"},
        base,
    )
    hints = [
        text("analysis.favourite.both", product="羽绒服", channel="天猫"),
        text("analysis.favourite.product", product="羽绒服"),
        text("analysis.favourite.channel", channel="天猫"),
        "",
    ]
    for suggestion, hint in zip(rows["suggestion"], hints, strict=True):
        assert suggestion.startswith(text("action.win_back", days="300", favourite=hint))


# --- no sentence contradicts the measures --------------------------------------------------

NO_PURCHASE = [
    {"purchase_count": 0},
    {"purchase_count": 0, "contact_count": 3},
    {"purchase_count": 0, "registered_at": ago(5)},
    {},
]


@pytest.mark.parametrize("customer", NO_PURCHASE, ids=["zero", "in-touch", "registered", "none"])
def test_no_second_purchase_or_win_back_for_a_customer_without_purchases(customer):
    zh, en = one(customer), one(customer, lang="en")
    assert "第二次购买" not in zh["suggestion"] and "second purchase" not in en["suggestion"]
    assert "召回" not in zh["suggestion"] and "win-back coupon" not in en["suggestion"]


@pytest.mark.parametrize("has_orders", [True, False])
def test_a_customer_without_data_is_never_called_lost(has_orders):
    row = one({}, has_orders=has_orders, has_interactions=False)
    assert row["lifecycle"] == text("lifecycle.no_data")
    assert not any("流失" in str(v) for v in row)
    row = one({}, lang="en", has_orders=has_orders, has_interactions=False)
    assert not any("Lost" in str(v) or "lost" in str(v) for v in row)


def test_an_unknown_last_purchase_date_is_said_not_lost():
    row = one({"purchase_count": 4, "net_amount": 2000.0, "contact_count": 0})
    assert row["lifecycle"] == text("lifecycle.date_unknown") == "最近购买日期未知"
    assert not any("流失" in str(v) for v in row)


def test_the_lowest_tier_is_never_warned_of_a_downgrade():
    lowest = len(RULES.tiers) - 1
    row = one(bought(2, last_days=5) | {"tier_rank": lowest, "points_down": 0.5, "points_up": 9.5})
    assert "降" not in row["suggestion"]
    en = one(bought(2, last_days=5) | {"tier_rank": lowest, "points_down": 0.5}, lang="en")
    assert "slipping" not in en["suggestion"]


def test_a_tier_with_one_below_is_warned_by_name_when_close_to_its_cut_off():
    row = one(bought(2, last_days=5) | {"tier_rank": 2, "points_down": 1.5, "points_up": 18.5})
    warning = text("gap.margin", lower_tier=RULES.tiers[3].name, margin="1.5")
    assert row["suggestion"].endswith(warning)
    far = one(bought(2, last_days=5) | {"tier_rank": 2, "points_down": 8.0, "points_up": 12.0})
    assert RULES.tiers[3].name not in far["suggestion"]


def test_the_top_tier_is_told_how_far_above_its_cut_off_it_stands():
    far = one(bought(20, last_days=3) | {"tier_rank": 0, "points_down": 7.5})
    assert far["suggestion"].endswith(text("gap.top", margin="7.5"))
    near = one(bought(20, last_days=3) | {"tier_rank": 0, "points_down": 1.0})
    assert near["suggestion"].endswith(
        text("gap.top-near", margin="1.0", lower_tier=RULES.tiers[1].name)
    )


def test_a_single_tier_is_told_neither_a_margin_nor_a_gap():
    only = Rules(tiers=[{"name": "会员", "min_score": 0, "color": "#C0C0C0"}])
    alone = one(bought(20, last_days=3) | {"tier_rank": 0}, rules=only)["suggestion"]
    among_four = one(bought(20, last_days=3) | {"tier_rank": 0, "points_down": 7.5})["suggestion"]
    # the same action, and no "已是最高等级，高出门槛 — 分" after it
    assert among_four == alone + text("gap.top", margin="7.5")


# --- the gap to the next tier ---------------------------------------------------------------

GAP_CASES = {
    "both": (
        {"extra_spend": 3200.0, "extra_purchases": 2.0},
        {"spend": "¥3,200", "purchases": "2"},
    ),
    "spend-rounded-up": ({"extra_spend": 1234.2}, {"spend": "¥1,235"}),
    "purchases-rounded-up": ({"extra_purchases": 1.3}, {"purchases": "2"}),
    "points": ({}, {}),
    # one more order of ¥1 already lifts them: the amount does not matter
    "any-order": ({"extra_spend": 1.0, "extra_purchases": 1.0}, {}),
}


@pytest.mark.parametrize("case", list(GAP_CASES))
def test_gap_names_what_exists_of_extra_spend_and_purchases(case):
    gaps, params = GAP_CASES[case]
    key = case if case == "any-order" else case.split("-")[0]
    customer = bought(2, last_days=5) | {"tier_rank": 2, "points_up": 4.5, "points_down": 10.0}
    suggestion = one(customer | gaps)["suggestion"]
    assert suggestion.endswith(text(f"gap.{key}", tier=RULES.tiers[1].name, points="4.5", **params))


def test_gap_uses_the_currency_of_the_file():
    customer = bought(2, last_days=5) | {"tier_rank": 2, "points_up": 4.5, "extra_spend": 12500.0}
    suggestion = one(customer, currency="$", lang="en", rules=default_rules("en"))["suggestion"]
    assert suggestion.endswith(text("gap.spend", "en", spend="$12,500", tier="Gold", points="4.5"))


# --- both languages, the table and its documentation ------------------------------------------


def test_every_state_tag_history_and_action_has_zh_and_en_text():
    for table, prefix in TEXT_PREFIX.items():
        for name in TABLE.names(table):
            zh, en = CATALOGUE[prefix + name]
            assert zh.strip() and en.strip(), prefix + name


def test_english_output_has_no_chinese_of_its_own():
    cases = [c for c, _ in LIFECYCLE_CASES.values()] + [c for c in TAG_CASES.values()]
    rows = analyse(*cases, lang="en", rules=default_rules("en"))
    cjk = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
    for column in rows:
        assert not rows[column].str.contains(cjk).any(), column


def test_every_fact_the_table_names_is_computed():
    measures = pd.DataFrame([MEASURES])
    scores = pd.DataFrame([dict.fromkeys(SCORES, 50.0)])
    tiers = pd.DataFrame({"tier_name": ["铜牌会员"], "tier_rank": [3]})
    facts = set(
        customer_facts(
            pd.DataFrame(index=measures.index),
            measures,
            scores,
            tiers,
            RULES,
            AS_OF,
            TABLE,
            has_orders=True,
            has_interactions=True,
        )
    ) | {f"state_{s}" for s in TABLE.names("lifecycle")}
    named = {
        name.removeprefix("!")
        for rows in TABLE.tables.values()
        for row in rows
        for name in row.when + row.any
    }
    assert named <= facts


def test_every_row_of_the_table_is_documented_for_users():
    doc = (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8")
    for table in TABLES:
        for name in TABLE.names(table):
            assert name in doc, name


def test_a_single_choice_table_must_end_with_a_default(tmp_path):
    data = tomllib.loads((ROOT / "custgrade" / "vocab" / "analysis.toml").read_text("utf-8"))
    assert all(not TABLE.tables[t][-1].when for t in SINGLE_CHOICE) and data["thresholds"]
    broken = tmp_path / "analysis.toml"
    broken.write_text(
        '[thresholds]\nx = 1\n[[lifecycle]]\nstate = "new"\nwhen = ["first_purchase_recent"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="lifecycle"):
        load_decision_table(broken)


# --- whole-column operations -----------------------------------------------------------------


def test_100k_customers_are_analysed_without_a_python_call_per_customer(monkeypatch):
    """Every row-wise apply and every map of a Python function is forbidden here."""
    rng = np.random.default_rng(7)
    n = 100_000
    count = rng.integers(0, 6, n).astype(float)
    last = AS_OF - pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    measures = pd.DataFrame(
        {
            **{k: np.full(n, v, dtype=object if v is None else None) for k, v in MEASURES.items()},
            "purchase_count": count,
            "net_amount": rng.normal(2000, 1500, n).round(2),
            "last_purchase_at": pd.Series(last).where(count > 0),
            "first_purchase_at": pd.Series(last).where(count > 0) - pd.Timedelta(days=30),
            "contact_count": rng.integers(0, 3, n).astype(float),
            "complaint_count": rng.integers(0, 2, n).astype(float),
            "favourite_product": np.where(count > 0, "羽绒服", None),
        }
    )
    scores = pd.DataFrame({s: rng.uniform(0, 100, n).round(1) for s in SCORES})
    rank = rng.integers(0, 4, n)
    tiers = pd.DataFrame(
        {"tier_name": np.array([t.name for t in RULES.tiers])[rank], "tier_rank": rank}
    )
    names = np.array([np.nan] + [t.name for t in RULES.tiers[:-1]], dtype=object)
    gaps = pd.DataFrame(
        {
            "next_tier": names[rank],
            "points_up": rng.uniform(0, 20, n),
            "points_down": rng.uniform(0, 20, n),
            "extra_spend": rng.uniform(0, 9000, n),
            "extra_purchases": rng.uniform(0, 5, n),
        }
    )

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a Python function applied per row")

    series_map = pd.Series.map

    def map_without_functions(self: pd.Series, arg: Any, *args: Any, **kwargs: Any) -> Any:
        if callable(arg):
            forbidden()
        return series_map(self, arg, *args, **kwargs)

    monkeypatch.setattr(pd.Series, "apply", forbidden)
    monkeypatch.setattr(pd.DataFrame, "apply", forbidden)
    monkeypatch.setattr(pd.Series, "map", map_without_functions)
    out = analyse_customers(
        pd.DataFrame(index=measures.index), measures, scores, tiers, gaps, RULES, AS_OF, "zh", True
    )
    assert len(out) == n
    assert out.notna().all().all()
    assert out["analysis"].str.len().gt(0).all() and out["suggestion"].str.len().gt(0).all()


def test_sentences_built_a_block_of_customers_at_a_time_are_the_same(monkeypatch, tmp_path):
    """A million customers' sentences are built in blocks; every sentence is unchanged,
    in the result and in the 分析报告 sheet written from it (a streamed one here)."""
    import openpyxl

    from custgrade import analyse as analyse_module
    from custgrade import grade_workbook
    from custgrade.report import workbook

    sample = ROOT / "sample_data" / "客户导出_CRM.xlsx"
    whole = grade_workbook(sample, write=False).customers
    monkeypatch.setattr(analyse_module, "BLOCK", 7)  # blocks of 7, the last one shorter
    monkeypatch.setattr(workbook, "TABLE_LIMIT", 0)
    result = grade_workbook(sample, tmp_path / "blocks.xlsx")
    blocks = result.customers
    assert len(whole) % 7 and len(whole) > 7 * 3
    for column in ("analysis", "suggestion", "lifecycle", "labels"):
        assert blocks[column].tolist() == whole[column].tolist(), column
    book = openpyxl.load_workbook(result.output_path, read_only=True)
    rows = list(book["分析报告"].iter_rows(values_only=True))
    book.close()  # a read-only workbook keeps its file open until closed
    header = list(rows[0])
    by_id = {row[header.index("客户ID")]: row for row in rows[1:] if row[0] is not None}
    for _, customer in whole.iterrows():
        row = by_id[customer["customer_id"]]
        assert row[header.index(text("report.col.analysis"))] == customer["analysis"]
        assert row[header.index(text("report.col.suggestion"))] == customer["suggestion"]
