"""More of a good thing never lowers a score: dominance through the whole pipeline.

If A has at least B's purchases and net spend, a last purchase at least as
recent, at least as many campaign participations and contacts, no more
complaints and a satisfaction at least B's (or neither rated), then A's
total is at least B's (docs/measures.md).  The property test writes a
workbook of generated orders and interactions, grades it, and checks every
dominating pair, with the measures computed here from the generated rows.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custgrade import grade_workbook
from tests.conftest import write_xlsx

AS_OF = dt.date(2024, 12, 31)
# the shipped inputs only: the README's first command writes its result beside them
SAMPLES = sorted(
    p
    for p in (Path(__file__).parents[1] / "sample_data").glob("*.xlsx")
    if not p.stem.endswith(("_评级", "_graded"))
)


@dataclass(frozen=True)
class Truth:
    purchases: int
    spend: float
    last: dt.date | None
    campaigns: int
    contacts: int
    complaints: int
    rating: float | None
    # (age in days, amount) of each order: dominance holds in every trailing window
    orders: tuple[tuple[int, float], ...] = ()
    decayed: tuple[float, float] = (0.0, 0.0)  # for results: decayed count and spend


def in_every_window(a: Truth, b: Truth) -> bool:
    """A has at least B's purchases and spend within every trailing number of days."""
    for horizon in {age for age, _ in a.orders + b.orders}:
        a_in = [amount for age, amount in a.orders if age <= horizon]
        b_in = [amount for age, amount in b.orders if age <= horizon]
        if len(a_in) < len(b_in) or sum(a_in) < sum(b_in):
            return False
    return a.decayed[0] >= b.decayed[0] and a.decayed[1] >= b.decayed[1]


def dominates(a: Truth, b: Truth) -> bool:
    rated = (a.rating is None and b.rating is None) or (
        a.rating is not None and b.rating is not None and a.rating >= b.rating
    )
    recent = b.last is None or (a.last is not None and a.last >= b.last)
    return (
        a.purchases >= b.purchases
        and a.spend >= b.spend
        and recent
        and a.campaigns >= b.campaigns
        and a.contacts >= b.contacts
        and a.complaints <= b.complaints
        and rated
        and in_every_window(a, b)
    )


order = st.tuples(st.integers(0, 300), st.sampled_from([50, 120, 800, 2000]))
interaction = st.tuples(
    st.integers(0, 300),
    st.sampled_from(["咨询", "活动参与", "投诉", "回访"]),
    st.none() | st.integers(1, 5),
)
customer = st.tuples(st.lists(order, max_size=4), st.lists(interaction, max_size=3))


def build(tmp_path: Path, people: list[tuple[list, list]]) -> tuple[Path, dict[str, Truth]]:
    customers = [["客户ID", "客户姓名"]]
    orders = [["订单号", "客户ID", "购买日期", "金额"]]
    contacts = [["客户ID", "互动日期", "互动类型", "满意度"]]
    truth: dict[str, Truth] = {}
    for i, (buys, talks) in enumerate(people):
        cid = f"K{i:03d}"
        customers.append([cid, f"客户{i}"])
        dates = [AS_OF - dt.timedelta(days=age) for age, _ in buys]
        for n, ((_, amount), day) in enumerate(zip(buys, dates, strict=True)):
            orders.append([f"{cid}-{n}", cid, day, amount])
        ratings = [r for _, _, r in talks if r is not None]
        for age, kind, rating in talks:
            contacts.append([cid, AS_OF - dt.timedelta(days=age), kind, rating])
        truth[cid] = Truth(
            purchases=len(buys),
            spend=float(sum(a for _, a in buys)),
            last=max(dates) if dates else None,
            campaigns=sum(k == "活动参与" for _, k, _ in talks),
            contacts=sum(k in ("咨询", "回访") for _, k, _ in talks),
            complaints=sum(k == "投诉" for _, k, _ in talks),
            rating=sum(ratings) / len(ratings) if ratings else None,
            orders=tuple((age, float(amount)) for age, amount in buys),
        )
    sheets = {"客户信息": customers, "购买记录": orders, "互动记录": contacts}
    return write_xlsx(tmp_path / "生成.xlsx", sheets), truth


def violations(totals: pd.Series, truth: dict[str, Truth]) -> list[tuple[str, str]]:
    return [
        (a, b)
        for a, b in itertools.permutations(truth, 2)
        if dominates(truth[a], truth[b]) and totals[a] < totals[b]
    ]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=st.lists(customer, min_size=3, max_size=12))
def test_a_dominating_customer_never_scores_lower(tmp_path_factory, people):
    path, truth = build(tmp_path_factory.mktemp("dom"), people)
    result = grade_workbook(path, write=False, as_of=AS_OF)
    totals = result.customers.set_index("customer_id")["total_score"]
    assert violations(totals, truth) == []


def measured_truth(customers: pd.DataFrame) -> dict[str, Truth]:
    """The measures the result shows, as Truth (for files whose rows we did not generate)."""

    def num(row: pd.Series, name: str) -> float:
        value = row.get(name)
        return 0.0 if value is None or pd.isna(value) else float(value)

    out = {}
    for row in customers.to_dict("records"):
        series = pd.Series(row)
        last = series.get("last_purchase_at")
        rating = series.get("satisfaction")
        out[str(row["customer_id"])] = Truth(
            purchases=int(num(series, "purchase_count")),
            spend=num(series, "net_amount"),
            last=None if last is None or pd.isna(last) else pd.Timestamp(last).date(),
            campaigns=int(num(series, "campaign_count")),
            contacts=int(num(series, "contact_count")),
            complaints=int(num(series, "complaint_count")),
            rating=None if rating is None or pd.isna(rating) else float(rating),
            decayed=(num(series, "decayed_count"), num(series, "decayed_amount")),
        )
    return out


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_no_dominance_violation_in_the_sample_workbooks(sample):
    result = grade_workbook(sample, write=False)
    customers = result.customers
    totals = customers.set_index("customer_id")["total_score"]
    assert violations(totals, measured_truth(customers)) == []
