"""Which sheet holds customers, orders, interactions or the rules.

Sheets are recognised by their columns, not their names or positions:
exports name sheets "Sheet1" or "导出数据", and csvkit's sheets.xlsx keeps
its data on the second sheet behind an empty one.  Sheet names only break
ties between kinds.
"""

from __future__ import annotations

from dataclasses import dataclass

from custgrade.fields import SHEET_NAME_HINTS, SheetKind, normalize_header
from custgrade.ingest.header import SHEET_KINDS, HeaderGuess
from custgrade.ingest.raw import RawSheet
from custgrade.rules.labels import is_rules_sheet_name

_SEEN_CELLS = 6  # header cells quoted per sheet in the no-customer-sheet message


@dataclass(frozen=True)
class Candidate:
    """A non-empty data sheet with its guessed header."""

    raw: RawSheet
    header: HeaderGuess

    @property
    def data_rows(self) -> int:
        """Rows below the header (blank ones included): a tie-breaker only."""
        return len(self.raw.rows) - self.header.row - 1


def is_rules_sheet(name: str) -> bool:
    """True for a sheet named 评级规则 / rules: it holds rules, not data."""
    return is_rules_sheet_name(name)


def possible_kinds(fields: dict[SheetKind, frozenset[str]]) -> list[SheetKind]:
    """The kinds a header qualifies for by the fields it names."""
    cust, orders, inter = fields["customers"], fields["orders"], fields["interactions"]
    kinds: list[SheetKind] = []
    if cust & {"customer_id", "name"}:
        kinds.append("customers")
    has_amount = "amount" in orders or {"quantity", "unit_price"} <= orders
    if has_amount and {"customer_id", "date"} <= orders:
        kinds.append("orders")
    if {"customer_id", "date"} <= inter and inter & {"type", "satisfaction"}:
        kinds.append("interactions")
    return kinds


def sheet_kind(candidate: Candidate) -> SheetKind | None:
    """The kind whose fields the header names most; the sheet name breaks ties."""
    fields = candidate.header.fields
    kinds = possible_kinds(fields)
    if not kinds:
        return None
    return max(
        kinds,
        key=lambda k: (len(fields[k]), _name_hint(candidate.raw.name, k), -SHEET_KINDS.index(k)),
    )


def choose_sheets(candidates: list[Candidate]) -> dict[SheetKind, Candidate]:
    """At most one sheet per kind: the one naming most fields, then by name, then size."""
    chosen: dict[SheetKind, Candidate] = {}
    for candidate in candidates:
        kind = sheet_kind(candidate)
        if kind is None:
            continue
        current = chosen.get(kind)
        if current is None or _rank(candidate, kind) > _rank(current, kind):
            chosen[kind] = candidate
    return chosen


def _rank(candidate: Candidate, kind: SheetKind) -> tuple[int, int, int]:
    fields = candidate.header.fields[kind]
    return (len(fields), _name_hint(candidate.raw.name, kind), candidate.data_rows)


def _name_hint(name: str, kind: SheetKind) -> int:
    folded = normalize_header(name)
    return int(any(normalize_header(h) in folded for h in SHEET_NAME_HINTS[kind]))


def describe_seen(sheets: list[RawSheet], headers: dict[str, HeaderGuess]) -> str:
    """The sheets and their first header cells, for the no-customer-sheet message."""
    parts = []
    for sheet in sheets:
        guess = headers.get(sheet.name)
        cells = [c for c in guess.cells if c][:_SEEN_CELLS] if guess else []
        more = " …" if guess and sum(1 for c in guess.cells if c) > _SEEN_CELLS else ""
        shown = " | ".join(cells) + more if cells else "—"
        parts.append(f"{sheet.name} [{shown}]")
    return "; ".join(parts) if parts else "—"
