"""Which sheet holds customers, orders, interactions or the rules — and why the others do not.

Sheets are recognised by their columns, not their names or positions:
exports name sheets "Sheet1" or "导出数据", and csvkit's sheets.xlsx keeps
its data on the second sheet behind an empty one.  A known export layout
(淘宝, Shopify …, see custgrade/layouts/) decides a sheet's kind outright;
otherwise the fields its header names do, and the customer sheet is the one
with one row per customer rather than the largest one (Shopify's orders
export names the customer's e-mail and name on every order row).  Every
sheet ends up used or in a `SheetReport` saying why not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from custgrade.fields import SHEET_NAME_HINTS, SheetKind, normalize_header
from custgrade.ingest.header import (
    LAYOUT_RANK,
    SHEET_KINDS,
    USER_RANK,
    HeaderGuess,
    header_text,
    map_columns,
)
from custgrade.ingest.layouts import Layout, match_layout
from custgrade.ingest.raw import RawSheet
from custgrade.result import SheetReport
from custgrade.rules.labels import is_rules_sheet_name

_SEEN_CELLS = 6  # header cells quoted per sheet in messages
_KEY_SAMPLE = 5000  # data rows sampled to tell one row per customer from one row per order
_REPEAT_SHARE = 0.15  # a key repeated on more rows than this: one row per order, not customer
_BUYER_FIELDS = ("customer_id", "email", "phone", "name")
_CUSTOMER_KEYS = frozenset({"customer_id", "name", "phone", "email"})
_CUSTOMER_ONLY = frozenset(
    {
        "registered_at",
        "gender",
        "age",
        "industry",
        "occupation",
        "source",
        "tags",
        "first_name",
        "last_name",
        "purchase_count",
        "total_amount",
        "avg_amount",
        "last_purchase_at",
        "campaign_count",
        "interaction_count",
        "referral_count",
        "last_contact_at",
        "refund_total",
    }
)

Overrides = dict[SheetKind, dict[str, str]]


@dataclass(frozen=True)
class Candidate:
    """A non-empty data sheet with its guessed header and the layout it matches."""

    raw: RawSheet
    header: HeaderGuess
    layout: Layout | None = None
    fields: dict[SheetKind, frozenset[str]] = field(default_factory=dict)

    @property
    def data_rows(self) -> int:
        """Rows below the header (blank ones included): a tie-breaker only."""
        return len(self.raw.rows) - self.header.row - 1

    def overrides(self, kind: SheetKind, user: Overrides | None) -> dict[str, tuple[str, int]]:
        """Header -> (field, rank) given by the user's rules, then by the layout."""
        table: dict[str, tuple[str, int]] = {}
        if self.layout is not None and self.layout.kind == kind:
            table.update({h: (f, LAYOUT_RANK) for h, f in self.layout.columns.items()})
        if user and kind in user:
            table.update({h: (f, USER_RANK) for h, f in user[kind].items()})
        return table


def is_rules_sheet(name: str) -> bool:
    """True for a sheet named 评级规则 / rules: it holds rules, not data."""
    return is_rules_sheet_name(name)


def make_candidate(raw: RawSheet, header: HeaderGuess, user: Overrides | None) -> Candidate:
    """A sheet with the fields its header names per kind, under the layout and the rules."""
    layout = match_layout([c for c in header.cells if c])
    draft = Candidate(raw, header, layout)
    fields = {
        kind: frozenset(
            f for f in map_columns(header.cells, kind, draft.overrides(kind, user)) if f
        )
        for kind in SHEET_KINDS
    }
    return Candidate(raw, header, layout, fields)


def possible_kinds(fields: dict[SheetKind, frozenset[str]]) -> list[SheetKind]:
    """The kinds a header qualifies for by the fields it names."""
    cust, orders, inter = fields["customers"], fields["orders"], fields["interactions"]
    kinds: list[SheetKind] = []
    if cust & _CUSTOMER_KEYS:
        kinds.append("customers")
    if _has_amount(orders) and "date" in orders and orders & set(_BUYER_FIELDS):
        kinds.append("orders")
    if {"customer_id", "date"} <= inter and inter & {"type", "satisfaction"}:
        kinds.append("interactions")
    return kinds


def _has_amount(orders: frozenset[str]) -> bool:
    return bool(orders & {"amount", "order_total"}) or {"quantity", "unit_price"} <= orders


def sheet_kind(candidate: Candidate) -> SheetKind | None:
    """The kind of a sheet: its layout's, else the kind its columns and rows fit best."""
    if candidate.layout is not None:
        kind = candidate.layout.kind
        return kind if kind in possible_kinds(candidate.fields) else None
    kinds = possible_kinds(candidate.fields)
    if "orders" in kinds and "customers" in kinds:
        kinds.remove("customers" if _one_row_per_order(candidate) else "orders")
    if not kinds:
        return None
    fields = candidate.fields
    return max(
        kinds,
        key=lambda k: (len(fields[k]), _name_hint(candidate.raw.name, k), -SHEET_KINDS.index(k)),
    )


def _one_row_per_order(candidate: Candidate) -> bool:
    """An order number, or a buyer repeated on many rows, makes a sheet an orders sheet."""
    orders, customers = candidate.fields["orders"], candidate.fields["customers"]
    if "order_id" in orders:
        return True
    if len(customers & _CUSTOMER_ONLY) > len(orders - customers):
        return False
    values = _key_sample(candidate)
    repeated = len(values) - len(set(values))
    return bool(values) and repeated > _REPEAT_SHARE * len(values)


def _key_sample(candidate: Candidate) -> list[str]:
    """The buyer key of the first data rows, folded (to see whether it repeats)."""
    mapped = map_columns(candidate.header.cells, "orders", candidate.overrides("orders", None))
    for key in _BUYER_FIELDS:
        if key in mapped:
            column = mapped.index(key)
            start = candidate.header.row + 1
            rows = candidate.raw.rows[start : start + _KEY_SAMPLE]
            values = (normalize_header(header_text(r[column])) for r in rows if column < len(r))
            return [v for v in values if v]
    return []


def choose_sheets(
    candidates: list[Candidate],
) -> tuple[dict[SheetKind, Candidate], dict[str, SheetReport]]:
    """At most one sheet per kind, and a report for every candidate left unused."""
    chosen: dict[SheetKind, Candidate] = {}
    unused: dict[str, SheetReport] = {}
    kinds = {c.raw.name: sheet_kind(c) for c in candidates}
    _records_beside_customers(candidates, kinds)
    for candidate in candidates:
        kind = kinds[candidate.raw.name]
        if kind is None:
            unused[candidate.raw.name] = unused_report(candidate)
            continue
        current = chosen.get(kind)
        if current is None or _rank(candidate, kind) > _rank(current, kind):
            if current is not None:
                unused[current.raw.name] = _same_kind(current, kind, candidate)
            chosen[kind] = candidate
        else:
            unused[candidate.raw.name] = _same_kind(candidate, kind, current)
    return chosen, unused


def _records_beside_customers(
    candidates: list[Candidate], kinds: dict[str, SheetKind | None]
) -> None:
    """A second "customer sheet" that can be read as orders is the orders sheet.

    One purchase per customer leaves no repeated buyer to tell orders from
    customers by; beside a sheet that can only be a customer list, a sheet
    with dates and amounts is the purchase records.
    """
    customer_only = [
        c
        for c in candidates
        if kinds[c.raw.name] == "customers" and "orders" not in possible_kinds(c.fields)
    ]
    if not customer_only:
        return
    for candidate in candidates:
        second = kinds[candidate.raw.name] == "customers" and candidate not in customer_only
        if second and "orders" in possible_kinds(candidate.fields) and candidate.layout is None:
            kinds[candidate.raw.name] = "orders"


def _looks_like_records(candidate: Candidate) -> bool:
    """Dated rows or order numbers: a sheet of records rather than a second customer list."""
    return bool(candidate.fields["orders"] & {"order_id", "date"})


def _rank(candidate: Candidate, kind: SheetKind) -> tuple[int, int, int, int]:
    fields = candidate.fields[kind]
    return (
        int(candidate.layout is not None),
        len(fields),
        _name_hint(candidate.raw.name, kind),
        candidate.data_rows,
    )


def _name_hint(name: str, kind: SheetKind) -> int:
    folded = normalize_header(name)
    return int(any(normalize_header(h) in folded for h in SHEET_NAME_HINTS[kind]))


def _same_kind(candidate: Candidate, kind: SheetKind, winner: Candidate) -> SheetReport:
    if kind == "customers" and _looks_like_records(candidate):
        return unused_report(candidate)  # say what the records sheet lacks
    return report_for(candidate, "same-kind", kind=kind, other=winner.raw.name)


def unused_report(candidate: Candidate) -> SheetReport:
    """Why a sheet with a header was not used: what it lacks, with the columns seen."""
    orders, inter = candidate.fields["orders"], candidate.fields["interactions"]
    if candidate.layout is not None:
        return report_for(candidate, "layout-incomplete", layout=candidate.layout.name)
    looks_like_orders = "date" in orders and bool(orders & {"order_id", "product", "quantity"})
    if looks_like_orders and not _has_amount(orders):
        return report_for(candidate, "orders-no-amount")
    if _has_amount(orders) and "date" in orders:
        return report_for(candidate, "orders-no-buyer")
    if _has_amount(orders) and orders & set(_BUYER_FIELDS):
        return report_for(candidate, "orders-no-date")
    if {"customer_id", "date"} <= inter:
        return report_for(candidate, "interactions-no-type")
    return report_for(candidate, "unrecognised")


def report_for(candidate: Candidate, reason: str, **params: Any) -> SheetReport:
    """A report of an unused sheet, quoting its header cells."""
    return SheetReport(
        sheet=candidate.raw.name,
        used_as=None,
        reason=reason,
        params={"columns": seen_cells(candidate.header.cells), **params},
        header_row=candidate.header.excel_row,
        rows=candidate.data_rows,
    )


def seen_cells(cells: list[str]) -> str:
    """The first header cells of a sheet, for messages: "客户 | 日期 | 钱 …"."""
    named = [c for c in cells if c]
    shown = " | ".join(named[:_SEEN_CELLS])
    return (shown + " …" if len(named) > _SEEN_CELLS else shown) or "—"


def describe_seen(sheets: list[RawSheet], headers: dict[str, HeaderGuess]) -> str:
    """The sheets and their first header cells, for the no-customer-sheet message."""
    parts = []
    for sheet in sheets:
        guess = headers.get(sheet.name)
        parts.append(f"{sheet.name} [{seen_cells(guess.cells) if guess else '—'}]")
    return "; ".join(parts) if parts else "—"
