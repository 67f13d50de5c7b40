"""Orders and interactions of the simulated customers, drawn as whole columns.

Purchase counts per customer come from a multinomial over heavy-tailed
weights (many one-time buyers, a few very loyal ones); order values are
list prices times quantity, discounted, so their spread is log-normal
like a real shop's.  The results are plain numpy columns; `crm` turns
them into sheet cells and adds the mess.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from benchmarks import vocab
from benchmarks.customers import END_SERIAL, START_SERIAL, Customers, Floats, col, pick

Ints = npt.NDArray[np.int64]
STATUSES = ("已完成", "已退款", "已取消", "退款")  # 退款: a negative refund row
COUNTED_STATUS = (True, False, False, True)  # which rows count towards net spend


@dataclass
class Orders:
    """Order rows sorted by time; ``customer`` is -1 for an ID that no customer has."""

    customer: Ints
    time: Floats  # Excel serial with the time of day
    order_no: list[str]
    product: Ints
    amount: Floats
    payment: Ints
    status: Ints  # index into STATUSES


def make_orders(rng: np.random.Generator, cust: Customers, m: int, unknown: int) -> Orders:
    """Draw ``m`` order rows, ``unknown`` of them for customer IDs not on the sheet."""
    refunds = round(m * 0.015)
    counts = rng.multinomial(m - unknown - refunds, cust.weight / cust.weight.sum())
    who = np.concatenate([np.repeat(np.arange(len(cust)), counts), np.full(unknown, -1)])
    lo = np.where(who >= 0, cust.first_day[who], START_SERIAL)
    hi = np.where(who >= 0, cust.last_day[who], END_SERIAL)
    day = np.floor(lo + rng.random(len(who)) * (hi - lo))
    time = day + np.round(np.clip(rng.normal(0.62, 0.14, len(who)), 0.34, 0.99) * 86400) / 86400
    product = pick(rng, vocab.PRODUCTS, len(who))
    qty = np.where(rng.random(len(who)) < 0.82, 1, rng.integers(2, 6, len(who)))
    price = np.array([p[1] for p in vocab.PRODUCTS])[product]
    discount = rng.choice([1.0, 0.95, 0.9, 0.85, 0.8], len(who), p=[0.55, 0.15, 0.15, 0.1, 0.05])
    coupon = np.where(rng.random(len(who)) < 0.25, rng.choice([5, 10, 20, 50], len(who)), 0)
    amount = np.round(np.maximum(price * qty * discount - coupon, 9.9), 2)
    status = rng.choice(3, len(who), p=[0.94, 0.03, 0.03])
    base = Orders(
        who, time, [], product, amount, pick(rng, vocab.PAYMENT_METHODS, len(who)), status
    )
    return _sorted(_with_refund_rows(rng, base, refunds))


def _with_refund_rows(rng: np.random.Generator, o: Orders, k: int) -> Orders:
    """Refunds against completed orders, as separate negative rows days later."""
    days = np.datetime64("1899-12-30") + np.floor(o.time).astype("timedelta64[D]")
    ymd = np.char.replace(np.datetime_as_string(days, unit="D"), "-", "")
    seq = (rng.permutation(len(o.time)) + 1_000_000).astype(str)
    o.order_no = np.char.add(np.char.add("DD", ymd), seq).tolist()
    done = np.flatnonzero((o.status == 0) & (o.customer >= 0))
    src = rng.choice(done, size=min(k, len(done)), replace=False)
    share = rng.choice([1.0, 0.5, 0.3], len(src), p=[0.6, 0.25, 0.15])
    later = np.minimum(o.time[src] + rng.integers(1, 15, len(src)), END_SERIAL + 0.99)
    return Orders(
        customer=np.concatenate([o.customer, o.customer[src]]),
        time=np.concatenate([o.time, later]),
        order_no=o.order_no + [o.order_no[i] + "-TK" for i in src],
        product=np.concatenate([o.product, o.product[src]]),
        amount=np.concatenate([o.amount, -np.round(o.amount[src] * share, 2)]),
        payment=np.concatenate([o.payment, o.payment[src]]),
        status=np.concatenate([o.status, np.full(len(src), 3)]),
    )


def _sorted(o: Orders) -> Orders:
    """Orders by time, as an export lists them."""
    at = np.argsort(o.time, kind="stable")
    return Orders(
        o.customer[at],
        o.time[at],
        [o.order_no[i] for i in at],
        o.product[at],
        o.amount[at],
        o.payment[at],
        o.status[at],
    )


@dataclass
class Interactions:
    """Interaction rows sorted by day."""

    customer: Ints
    day: Floats
    kind: Ints  # index into vocab.INTERACTION_TYPES
    channel: Ints
    satisfaction: Ints  # 1-5, 0 when not asked
    content: list[str]


def make_interactions(rng: np.random.Generator, cust: Customers, k: int) -> Interactions:
    """Draw ``k`` interactions; buyers interact more, but non-buyers ask questions too."""
    w = np.sqrt(cust.weight) + 0.3
    who = rng.choice(len(cust), size=k, p=w / w.sum())
    lo, hi = cust.first_day[who] - 30, cust.last_day[who] + 10
    day = np.floor(np.clip(lo + rng.random(k) * (hi - lo), START_SERIAL, END_SERIAL))
    kind = pick(rng, vocab.INTERACTION_TYPES, k)
    names = [t[0] for t in vocab.INTERACTION_TYPES]
    happy = rng.choice([3, 4, 5], k, p=[0.15, 0.4, 0.45])
    upset = rng.choice([1, 2, 3], k, p=[0.4, 0.4, 0.2])
    asked = np.isin(kind, [names.index(t) for t in ("评价", "回访", "问卷", "投诉")])
    asked |= (kind == names.index("咨询")) & (rng.random(k) < 0.5)
    sat = np.where(kind == names.index("投诉"), upset, happy) * asked
    pick_text = rng.integers(0, 1000, k)
    content = [
        vocab.INTERACTION_CONTENT[names[t]][p % len(vocab.INTERACTION_CONTENT[names[t]])]
        for t, p in zip(kind, pick_text, strict=True)
    ]
    at = np.argsort(day, kind="stable")
    return Interactions(
        who[at],
        day[at],
        kind[at],
        pick(rng, vocab.INTERACTION_CHANNELS, k)[at],
        sat[at],
        [content[i] for i in at],
    )


def net_spend(o: Orders) -> float:
    """Net spend of known customers: completed minus refunds, cancelled counting 0."""
    counted = np.array(COUNTED_STATUS)[o.status] & (o.customer >= 0)
    return round(float(o.amount[counted].sum()), 2)


__all__ = [
    "STATUSES",
    "Interactions",
    "Orders",
    "col",
    "make_interactions",
    "make_orders",
    "net_spend",
]
