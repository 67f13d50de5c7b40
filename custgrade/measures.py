"""Raw measures per customer: purchases, net spend, recency, campaigns, contacts.

Orders and interactions are joined to customers by ID (through the map of
merged duplicates) and aggregated over the analysis window with groupby.
Without those sheets, the pre-aggregated columns of a hand-kept customer
table (购买次数, 消费总额, 最近购买日期 ...) stand in.  A row for an
unknown customer is rejected and reported, never silently dropped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from custgrade.clean import key_of
from custgrade.errors import REJECTED, IssueCode
from custgrade.issues import concat_issues, issue_frame

REFUND_STATUS = r"退款|退货|退单|refund|return|chargeback"
CANCEL_STATUS = r"取消|关闭|作废|失败|未付款|未支付|待付款|cancel|closed|void|fail|unpaid"
CAMPAIGN_TYPES = (
    r"活动|问卷|调查|调研|分享|转发|推荐|签到|直播|抽奖|campaign|event|survey|share|referr"
)


@dataclass
class Window:
    """The analysis window: the ``days`` whole days that end with the as-of day."""

    as_of: pd.Timestamp
    days: int

    @property
    def start(self) -> pd.Timestamp:
        """First day inside the window: ``days`` whole days ending on the as-of day."""
        return self.as_of.normalize() - pd.Timedelta(days=self.days - 1)

    @property
    def end(self) -> pd.Timestamp:
        """Last instant inside the window (end of the as-of day)."""
        return self.as_of.normalize() + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)

    def contains(self, dates: pd.Series) -> pd.Series:
        """Which dates fall inside the window."""
        return (dates >= self.start) & (dates <= self.end)


@dataclass
class Linked:
    """Rows of an orders or interactions sheet linked to final customer IDs."""

    frame: pd.DataFrame  # usable rows, with ``cid`` the final customer ID
    issues: pd.DataFrame
    used: int
    rejected: int


@dataclass
class Measures:
    """Per-customer measures aligned with the customers frame, and what the data can measure."""

    frame: pd.DataFrame
    available: dict[str, bool] = field(default_factory=dict)


def latest_date(*columns: pd.Series | None) -> dt.date | None:
    """The latest date in the data: the default as-of date, so re-runs agree."""
    maxima = [c.max() for c in columns if c is not None and c.notna().any()]
    return max(maxima).date() if maxima else None


def link_rows(
    frame: pd.DataFrame, id_map: pd.Series, code: IssueCode, *, column: str = "", letter: str = ""
) -> Linked:
    """Attach each row to its final customer; rows for unknown customers are rejected."""
    cid = key_of(frame["customer_id"]).map(id_map)
    unknown = cid.isna()
    issues = concat_issues([])
    if unknown.any():
        bad = frame[unknown]
        issues = concat_issues(
            issue_frame(
                sheet=str(sheet),
                rows=part["row"],
                code=code,
                kind=REJECTED,
                column=column,
                letter=letter,
                values=part["customer_id"],
            )
            for sheet, part in bad.groupby("sheet", sort=False)
        )
    linked = frame[~unknown].assign(cid=cid[~unknown])
    return Linked(linked, issues, used=len(linked), rejected=int(unknown.sum()))


def order_measures(orders: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Purchases, net spend, average order value and last/first purchase per customer.

    Refunds (by status, or a negative amount) subtract from spending and
    are not purchases; cancelled orders count for nothing.  Several lines of
    one order number are one purchase.
    """
    status = orders["status"] if "status" in orders else pd.Series("", index=orders.index)
    status = status.fillna("").astype(str)
    refund = status.str.contains(REFUND_STATUS, case=False) | (orders["amount"] < 0)
    cancel = status.str.contains(CANCEL_STATUS, case=False) & ~refund
    purchase = ~refund & ~cancel
    inside = window.contains(orders["date"])
    signed = orders["amount"].abs().where(purchase, -orders["amount"].abs()).where(~cancel, 0.0)
    buys = orders[purchase & inside]
    row_key = ("#row" + buys["row"].astype(str)).astype(object)
    order_key = buys["order_id"].astype(object).fillna(row_key) if "order_id" in buys else row_key
    count = pd.DataFrame({"cid": buys["cid"], "k": order_key}).drop_duplicates()
    past = orders[purchase & (orders["date"] <= window.end)]
    out = pd.DataFrame(
        {
            "purchase_count": count.groupby("cid").size(),
            "net_amount": signed[inside].groupby(orders["cid"][inside]).sum(),
            "gross_amount": buys["amount"].groupby(buys["cid"]).sum(),
            "last_purchase_at": past["date"].groupby(past["cid"]).max(),
            "first_purchase_at": past["date"].groupby(past["cid"]).min(),
        }
    )
    out["avg_amount"] = out["gross_amount"] / out["purchase_count"]
    return out.drop(columns="gross_amount")


def interaction_measures(interactions: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Campaign participations, other contacts, satisfaction and last contact per customer."""
    kind = (
        interactions["type"] if "type" in interactions else pd.Series("", index=interactions.index)
    )
    campaign = kind.fillna("").astype(str).str.contains(CAMPAIGN_TYPES, case=False)
    inside = window.contains(interactions["date"])
    past = interactions[interactions["date"] <= window.end]
    cid = interactions["cid"]
    out = pd.DataFrame(
        {
            "campaign_count": (campaign & inside).groupby(cid).sum(),
            "contact_count": (~campaign & inside).groupby(cid).sum(),
            "last_contact_at": past["date"].groupby(past["cid"]).max(),
        }
    )
    if "satisfaction" in interactions:
        sat = interactions["satisfaction"].where(inside)
        out["satisfaction"] = sat.groupby(cid).mean()
    return out


def combine_measures(
    customers: pd.DataFrame,
    from_orders: pd.DataFrame | None,
    from_interactions: pd.DataFrame | None,
    window: Window,
) -> Measures:
    """One row of measures per customer, from the sheets or else the customer's own columns."""
    ids = customers["customer_id"]
    frame = pd.DataFrame(index=customers.index)
    available: dict[str, bool] = {}

    def take(source: pd.DataFrame | None, name: str, fallback: str | None) -> None:
        if source is not None and name in source:
            frame[name] = source[name].reindex(ids.to_numpy()).to_numpy()
            available[name] = True
        elif fallback and fallback in customers and customers[fallback].notna().any():
            frame[name] = customers[fallback].to_numpy()
            available[name] = True
        else:
            frame[name] = np.nan
            available[name] = False

    take(from_orders, "purchase_count", "purchase_count")
    take(from_orders, "net_amount", "total_amount")
    take(from_orders, "avg_amount", "avg_amount")
    take(from_orders, "last_purchase_at", "last_purchase_at")
    take(from_orders, "first_purchase_at", None)
    take(from_interactions, "campaign_count", "campaign_count")
    take(from_interactions, "contact_count", "interaction_count")
    take(from_interactions, "last_contact_at", "last_contact_at")
    take(from_interactions, "satisfaction", "satisfaction")
    if from_orders is not None:
        frame[["purchase_count", "net_amount"]] = frame[["purchase_count", "net_amount"]].fillna(0)
    elif (
        available["net_amount"] is False
        and "avg_amount" in customers
        and "purchase_count" in customers
    ):
        frame["net_amount"] = (customers["avg_amount"] * customers["purchase_count"]).to_numpy()
        available["net_amount"] = bool(frame["net_amount"].notna().any())
    if from_interactions is not None:
        frame[["campaign_count", "contact_count"]] = frame[
            ["campaign_count", "contact_count"]
        ].fillna(0)
    for column in ("last_purchase_at", "first_purchase_at", "last_contact_at"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[us]")
    frame["last_activity_at"] = frame[["last_purchase_at", "last_contact_at"]].max(axis=1)
    frame["recency_days"] = (window.as_of - frame["last_activity_at"]).dt.days.clip(lower=0)
    available["recency_days"] = available["last_purchase_at"] or available["last_contact_at"]
    return Measures(frame=frame, available=available)
