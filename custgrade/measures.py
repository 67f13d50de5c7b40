"""Raw measures per customer, exactly as docs/measures.md defines them.

Orders become one value per order first (status, line level, order totals,
refunds), then are aggregated per customer over the analysis window;
interactions are counted by kind (contact, campaign, complaint) with the
satisfaction on its own scale.  Without those sheets, the pre-aggregated
columns of a hand-kept customer table (购买次数, 消费总额, 最近购买日期 …)
stand in.  Everything is whole-column groupby work: an order export can
hold a million lines.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from custgrade.clean import key_of
from custgrade.ingest.layouts import classify_statuses

#: Half-life of the time-decayed measures: an order this many days old weighs half.
#: 75 days ranks CDNOW's customers by their next half-year's spend better than
#: RFM, BG/NBD × Gamma-Gamma, past frequency and past spend (benchmarks/README.md).
DEFAULT_HALF_LIFE_DAYS = 75
#: Status classes whose rows are purchases (an unknown status counts, and is reported).
COUNTED = ("counted", "unknown", "")
#: Measures computed from orders (else from a hand-kept table's own columns).
ORDER_MEASURES: tuple[str, ...] = (
    "purchase_count",
    "net_amount",
    "avg_amount",
    "decayed_amount",
    "decayed_count",
    "last_purchase_at",
    "first_purchase_at",
    "recency_days",
    "favourite_product",
    "favourite_channel",
)
#: Measures computed from interactions (else from a hand-kept table's own columns).
INTERACTION_MEASURES: tuple[str, ...] = (
    "campaign_count",
    "contact_count",
    "complaint_count",
    "satisfaction",
    "satisfaction_raw",
    "satisfaction_scale",
    "last_contact_at",
)
#: Columns of the per-customer measures frame, in output order.
MEASURES: tuple[str, ...] = ORDER_MEASURES + INTERACTION_MEASURES
_DATES = ("last_purchase_at", "first_purchase_at", "last_contact_at")
_TEXT = ("favourite_product", "favourite_channel")


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
class Measures:
    """Per-customer measures aligned with the customers frame, and what the data can measure."""

    frame: pd.DataFrame
    available: dict[str, bool] = field(default_factory=dict)


def latest_date(*columns: pd.Series | None) -> dt.date | None:
    """The latest date in the data: the default as-of date, so re-runs agree."""
    maxima = [c.max() for c in columns if c is not None and c.notna().any()]
    return max(maxima).date() if maxima else None


def status_classes(orders: pd.DataFrame) -> pd.Series:
    """counted / refunded / cancelled / unpaid / unknown / "" per order row.

    A filled-in cancellation time (Shopify's Cancelled at) cancels the row
    whatever its status says.
    """
    if "status" in orders:
        classes = classify_statuses(orders["status"])
    else:
        classes = pd.Series("", index=orders.index, dtype=object)
    if "cancelled_at" in orders:
        classes = classes.mask(orders["cancelled_at"].notna(), "cancelled")
    return classes


def after_sale_refunded(orders: pd.DataFrame) -> pd.Series:
    """Rows whose after-sale status (售后状态) says the line was refunded."""
    if "after_sale_status" not in orders:
        return pd.Series(False, index=orders.index)
    return classify_statuses(orders["after_sale_status"]).eq("refunded")


def order_statuses(orders: pd.DataFrame, key: pd.Series) -> pd.Series:
    """Each row's status class, lines without a status taking their order's.

    Shopify writes Financial Status and Cancelled at on an order's first
    line only; the other lines of a cancelled order are cancelled too.
    """
    classes = status_classes(orders)
    blank = classes.eq("")
    if not blank.any() or not (~blank).any():
        return classes
    known = classes.mask(blank)
    inherited = known.groupby([orders["cid"], key], sort=False).transform("first")
    return classes.mask(blank & inherited.notna(), inherited)


def order_table(orders: pd.DataFrame) -> pd.DataFrame:
    """One row per order: customer, placed date, net value and whether it is a purchase.

    Lines of one order number are one order.  A row with a negative amount
    is a return or refund and always nets out; other rows count only when
    their status is a purchase (refunded, cancelled and unpaid orders count
    0, never subtracted).  Where the export gives an order total (repeated
    on every line, or on the first line only) it is used once per order;
    otherwise the line amounts are summed.  Partial refunds are subtracted.
    """
    amount = _column(orders, "amount").fillna(0.0)
    total = _column(orders, "order_total")
    row_key = pd.Series(-1 - np.arange(len(orders)), index=orders.index)
    if "order_id" in orders:
        codes = pd.Series(pd.factorize(key_of(orders["order_id"]))[0], index=orders.index)
        key = codes.where(codes >= 0, row_key)
    else:
        key = row_key
    counted = order_statuses(orders, key).isin(COUNTED) | amount.lt(0)
    refund = _column(orders, "refund_amount").abs().where(counted, 0.0)
    # a line refunded after the sale (售后状态 退款成功 beside 订单状态 已完成) gives back
    # its own amount, unless the export says how much was refunded
    given_back = amount.clip(lower=0).where(after_sale_refunded(orders) & refund.eq(0), 0.0)
    work = pd.DataFrame(
        {
            "cid": orders["cid"],
            "key": key,
            "date": orders["date"],
            "value": amount.where(counted, 0.0),
            "refund": refund,
            "given_back": given_back.where(counted, 0.0),
            "total": total.where(counted),
            "counted": counted & (amount.gt(0) | total.gt(0)),
        }
    )
    groups = work.groupby(["cid", "key"], sort=False)
    table = groups.agg(
        date=("date", "min"),
        lines=("value", "sum"),
        line_refunds=("refund", "sum"),
        total=("total", "first"),
        order_refund=("refund", "max"),
        given_back=("given_back", "sum"),
        counted=("counted", "any"),
    )
    has_total = table["total"].notna()
    value = table["total"].where(has_total, table["lines"])
    refunds = table["order_refund"].where(has_total, table["line_refunds"])
    # refunded lines never take an order below zero (an order total after discounts
    # can be less than the prices of its lines)
    given = table["given_back"].clip(upper=(value - refunds).clip(lower=0))
    table["net"] = value - refunds - given
    table["purchase"] = table["counted"] & table["net"].gt(0)
    return table.reset_index()[["cid", "key", "date", "net", "purchase"]]


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name].astype("float64").fillna(0.0 if name == "refund_amount" else np.nan)
    return pd.Series(0.0 if name == "refund_amount" else np.nan, index=frame.index)


def order_measures(
    orders: pd.DataFrame, window: Window, half_life: float = DEFAULT_HALF_LIFE_DAYS
) -> pd.DataFrame:
    """Purchases, net spend, decayed spend, first/last purchase and favourites per customer.

    Customers are numbered once and grouped by number: grouping a million
    rows by their text IDs would hash every ID again in each of a dozen
    groupbys.
    """
    codes, ids = pd.factorize(orders["cid"])
    numbered = orders.assign(cid=codes)
    if (codes < 0).any():  # rows without a customer are in no group
        numbered = numbered[codes >= 0]
    out = _order_measures(numbered, window, half_life)
    out.index = pd.Index(np.asarray(ids, dtype=object)[out.index.to_numpy()])
    return out


def _order_measures(orders: pd.DataFrame, window: Window, half_life: float) -> pd.DataFrame:
    table = order_table(orders)
    inside = window.contains(table["date"])
    buys = table[table["purchase"] & inside]
    past = table[table["purchase"] & (table["date"] <= window.end)]
    age = (window.as_of.normalize() - table["date"].dt.normalize()).dt.days.clip(lower=0)
    weight = np.power(0.5, age / half_life)
    decayed = table["net"] * weight
    out = pd.DataFrame(
        {
            "purchase_count": buys.groupby("cid").size(),
            "net_amount": table["net"][inside].groupby(table["cid"][inside]).sum(),
            "decayed_amount": decayed[inside].groupby(table["cid"][inside]).sum(),
            "decayed_count": weight[buys.index].groupby(buys["cid"]).sum(),
            "last_purchase_at": past.groupby("cid")["date"].max(),
            "first_purchase_at": past.groupby("cid")["date"].min(),
        }
    )
    positive = _column(orders, "amount").gt(0) | _column(orders, "order_total").gt(0)
    counted_rows = status_classes(orders).isin(COUNTED) & positive
    counted_rows &= window.contains(orders["date"])
    for column, name in (("product", "favourite_product"), ("channel", "favourite_channel")):
        if column in orders:
            out[name] = most_frequent(orders["cid"][counted_rows], orders[column][counted_rows])
    return out


def most_frequent(cid: pd.Series, values: pd.Series) -> pd.Series:
    """Each customer's most frequent value (ties: the alphabetically first).

    Values are numbered in sorted order once, so counting and ranking are
    integer work however long the product names are.
    """
    pairs = pd.DataFrame({"cid": cid, "v": values}).dropna()
    if pairs.empty:
        return pd.Series(dtype=object)
    who, customers = pd.factorize(pairs["cid"], sort=True)
    what, distinct = pd.factorize(pairs["v"], sort=True)
    counts = pd.DataFrame({"c": who, "v": what}).groupby(["c", "v"], sort=False).size()
    c, v = (counts.index.get_level_values(k).to_numpy() for k in ("c", "v"))
    order = np.lexsort((v, -counts.to_numpy(), c))
    first = order[np.r_[True, c[order][1:] != c[order][:-1]]]
    chosen = np.asarray(distinct, dtype=object)[v[first]]
    return pd.Series(chosen, index=np.asarray(customers)[c[first]], dtype=object)


@cache
def interaction_vocabulary() -> dict[str, tuple[str, ...]]:
    """The words that make an interaction type a complaint or a campaign (vocab file)."""
    source = resources.files("custgrade.vocab").joinpath("interaction_types.toml")
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    return {kind: tuple(str(w).casefold() for w in words) for kind, words in data.items()}


def interaction_kinds(types: pd.Series) -> pd.Series:
    """complaint / campaign / contact per interaction, by the vocabulary; distinct types once."""
    folded = key_of(types.fillna("")).fillna("")
    distinct = pd.Series(pd.unique(folded), dtype=object)
    kinds = pd.Series("contact", index=distinct.index, dtype=object)
    vocab = interaction_vocabulary()
    for kind in ("campaign", "complaint"):  # complaint last, so it wins
        pattern = "|".join(sorted(vocab[kind], key=len, reverse=True))
        kinds = kinds.mask(distinct.str.contains(pattern, regex=True), kind)
    table = pd.Series(kinds.to_numpy(), index=distinct.to_numpy())
    return folded.map(table)


def satisfaction_scale(values: pd.Series) -> int:
    """The scale ratings were given on: 5 when none exceeds 5, then 10, else 100."""
    top = values[values <= 100].max()
    if pd.isna(top):
        return 100
    return 5 if top <= 5 else 10 if top <= 10 else 100


def interaction_measures(interactions: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Contacts, campaigns and complaints in the window, satisfaction and last contact."""
    index = interactions.index
    types = interactions["type"] if "type" in interactions else pd.Series("", index=index)
    kind = interaction_kinds(types)
    inside = window.contains(interactions["date"])
    past = interactions[interactions["date"] <= window.end]
    cid = interactions["cid"]
    out = pd.DataFrame(
        {
            "campaign_count": (kind.eq("campaign") & inside).groupby(cid).sum(),
            "contact_count": (kind.eq("contact") & inside).groupby(cid).sum(),
            "complaint_count": (kind.eq("complaint") & inside).groupby(cid).sum(),
            "last_contact_at": past.groupby("cid")["date"].max(),
        }
    )
    if "satisfaction" in interactions:
        ratings = interactions["satisfaction"].astype("float64")
        scale = satisfaction_scale(ratings)
        out["satisfaction_raw"] = ratings.where(inside).groupby(cid).mean()
        out["satisfaction_scale"] = float(scale)
        out["satisfaction"] = out["satisfaction_raw"] / scale * 100
    return out


def combine_measures(
    customers: pd.DataFrame,
    from_orders: pd.DataFrame | None,
    from_interactions: pd.DataFrame | None,
    window: Window,
) -> Measures:
    """One row of measures per customer, from the sheets or else the customer's own columns."""
    ids = customers["customer_id"].to_numpy()
    own = hand_kept_measures(customers)
    frame = pd.DataFrame(index=customers.index)
    available: dict[str, bool] = {}
    # each sheet's measures aligned with the customers once, not once per measure
    aligned = [None if s is None else s.reindex(ids) for s in (from_orders, from_interactions)]
    for name in MEASURES:
        source = aligned[0] if name in ORDER_MEASURES else aligned[1]
        if source is not None and name in source:
            frame[name] = source[name].to_numpy()
            available[name] = True
        elif source is None and name in own and own[name].notna().any():
            frame[name] = own[name].to_numpy()
            available[name] = True
        else:
            frame[name] = None if name in _TEXT else np.nan
            available[name] = False
    counts = ["purchase_count", "net_amount", "decayed_amount", "decayed_count"]
    counts = counts if from_orders is not None else []
    if from_interactions is not None:
        counts += ["campaign_count", "contact_count", "complaint_count"]
    frame[counts] = frame[counts].fillna(0.0)
    if from_orders is not None:
        frame["avg_amount"] = frame["net_amount"] / frame["purchase_count"].where(
            frame["purchase_count"] > 0
        )
    for column in _DATES:
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[us]")
    frame["recency_days"] = (window.as_of - frame["last_purchase_at"]).dt.days.clip(lower=0)
    available["recency_days"] = available["last_purchase_at"]
    return Measures(frame=frame, available=available)


def hand_kept_measures(customers: pd.DataFrame) -> pd.DataFrame:
    """The measures a hand-kept customer table states itself (购买次数, 消费总额 …).

    Net spend is the stated total less the stated refunds (有赞 累计退款金额);
    without a total, the average times the count; the average is then
    recomputed from net spend so that the two agree.
    """
    out = pd.DataFrame(index=customers.index)

    def get(name: str) -> pd.Series:
        if name in customers:
            return customers[name].astype("float64")
        return pd.Series(np.nan, index=customers.index)

    count, total, avg = get("purchase_count"), get("total_amount"), get("avg_amount")
    out["purchase_count"] = count
    net = total.fillna(avg * count)
    out["net_amount"] = net - get("refund_total").fillna(0.0).abs().where(net.notna())
    out["avg_amount"] = (out["net_amount"] / count.where(count > 0)).fillna(avg)
    for name in ("last_purchase_at", "last_contact_at"):
        if name in customers:
            out[name] = customers[name]
    out["campaign_count"] = get("campaign_count")
    out["contact_count"] = get("interaction_count")
    if "satisfaction" in customers:
        ratings = get("satisfaction")
        scale = satisfaction_scale(ratings)
        out["satisfaction_raw"] = ratings
        out["satisfaction_scale"] = float(scale) if ratings.notna().any() else np.nan
        out["satisfaction"] = ratings / scale * 100
    return out
