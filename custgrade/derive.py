"""Customers derived from an order export that has no customer sheet.

淘宝, 京东, 抖店, 拼多多, Shopify … export orders with the buyer on every
row and no customer list.  Each buyer becomes a customer, keyed by the
buyer's account or ID, else the e-mail, else the phone, else name and
address; name and contact details come from the buyer's most recent order
that has them.  An order row with none of these cannot be attributed and
is rejected with a reason, so the order ledger still balances.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from custgrade.clean import key_of, phone_keys
from custgrade.errors import REJECTED, IssueCode
from custgrade.issues import concat_issues, issue_frame
from custgrade.validate import CleanSheet

#: What identifies a buyer on an order row, strongest first.
BUYER_KEYS: tuple[str, ...] = ("customer_id", "email", "phone")
#: Customer details taken from the buyer's most recent order.
BUYER_DETAILS: tuple[str, ...] = ("name", "phone", "email", "address", "region")


@dataclass
class Derived:
    """Customers derived from orders, and the orders with their buyer's customer ID."""

    customers: CleanSheet
    orders: CleanSheet


def derive_customers(orders: CleanSheet) -> Derived:
    """One customer per buyer of an order export.

    Args:
        orders: the cleaned orders sheet (``row`` and ``sheet`` columns included).
            A masked phone (138****1234) is never a buyer key.

    Returns:
        The customers (as a cleaned customer sheet, one input row per buyer)
        and the orders with ``customer_id`` set to their buyer's ID; orders
        without any buyer key are rejected.
    """
    frame = orders.frame
    key, shown = buyer_keys(frame)
    attributed = key.notna()
    issues = _no_buyer_issues(frame[~attributed])
    kept = frame[attributed].assign(customer_id=shown[attributed], _key=key[attributed])
    latest = kept.sort_values(["date", "row"], kind="stable")
    details = [c for c in ("customer_id", *BUYER_DETAILS) if c in latest]
    customers = latest.groupby("_key", sort=False)[details].last()
    provenance = latest.groupby("_key", sort=False)[["row", "sheet"]].last()
    customers = pd.concat([customers, provenance], axis=1)
    customers = customers.sort_values("row", kind="stable").reset_index(drop=True)
    derived = CleanSheet(
        frame=customers,
        issues=concat_issues([]),
        input_rows=len(customers),
        rejected_rows=0,
        fields=details,
        extra_columns=[],
    )
    cleaned_orders = CleanSheet(
        frame=kept.drop(columns="_key").reset_index(drop=True),
        issues=concat_issues([orders.issues, issues]),
        input_rows=orders.input_rows,
        rejected_rows=orders.rejected_rows + int((~attributed).sum()),
        fields=orders.fields,
        extra_columns=orders.extra_columns,
    )
    return Derived(derived, cleaned_orders)


def buyer_keys(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The folded buyer key of each order row and the customer ID shown for it."""
    key = pd.Series(None, index=frame.index, dtype=object)
    shown = pd.Series(None, index=frame.index, dtype=object)
    for column in BUYER_KEYS:
        if column not in frame:
            continue
        values = frame[column]
        folded = phone_keys(values) if column == "phone" else key_of(values)
        take = key.isna() & folded.notna()
        key = key.mask(take, column + ":" + folded)
        shown = shown.mask(take, values)
    if "name" in frame:
        address = frame["address"] if "address" in frame else pd.Series(None, index=frame.index)
        name_address = key_of(frame["name"]) + "|" + key_of(address).fillna("")
        label = frame["name"].where(address.isna(), frame["name"] + " · " + address)
        take = key.isna() & frame["name"].notna()
        key = key.mask(take, "name:" + name_address)
        shown = shown.mask(take, label)
    return key, shown


def _no_buyer_issues(rows: pd.DataFrame) -> pd.DataFrame:
    if rows.empty:
        return concat_issues([])
    return concat_issues(
        issue_frame(
            sheet=str(sheet),
            rows=part["row"],
            code=IssueCode.ORDER_NO_BUYER,
            kind=REJECTED,
        )
        for sheet, part in rows.groupby("sheet", sort=False)
    )
