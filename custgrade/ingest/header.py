"""Finding the header row and mapping its cells onto canonical fields.

Real exports put a title, an export date or a comment above the header
(issue_530.xlsx: three title rows, header on row 4 starting in column C),
so the header is not assumed to be row 1: each of the first non-empty rows
is scored by how many of its cells are known header aliases and how
header-like it looks, and the best row wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from custgrade.fields import (
    FIELDS_BY_SHEET,
    SheetKind,
    header_variants,
    ranked_alias_table,
)

SHEET_KINDS: tuple[SheetKind, ...] = ("customers", "orders", "interactions")
HEADER_SCAN_ROWS = 30  # non-empty rows considered as header candidates
_MAX_HEADER_LEN = 40
_NUMERIC = re.compile(r"^[\s\d.,+\-%/:]*$")
ALIASES: dict[SheetKind, dict[str, tuple[str, int]]] = {
    kind: ranked_alias_table(kind) for kind in SHEET_KINDS
}
#: Rank of a mapping given by the user (rules) or by a recognised export layout:
#: both outrank every built-in alias.
USER_RANK, LAYOUT_RANK = -2, -1


@dataclass(frozen=True)
class HeaderGuess:
    """The chosen header row of a sheet and the fields its cells name per sheet kind."""

    row: int  # 0-based index into RawSheet.rows
    cells: list[str]  # header text per column ("" for an empty header cell)
    fields: dict[SheetKind, frozenset[str]]

    @property
    def excel_row(self) -> int:
        """The header's row number as Excel shows it."""
        return self.row + 1


def header_text(value: object) -> str:
    """A header cell as text: numbers without a trailing ".0", dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value).strip()


def lookup_field(
    cell: str, kind: SheetKind, overrides: dict[str, tuple[str, int]] | None = None
) -> tuple[str, int] | None:
    """The field a header cell names for a sheet kind, with its rank (lower is better).

    ``overrides`` (folded header -> field and rank) come from the rules or a
    recognised layout and win over the aliases; a bracketed unit at the end
    of the header (金额（元）) is ignored when the full text is not known.
    """
    table = ALIASES[kind]
    for variant in header_variants(cell):
        if overrides and variant in overrides:
            return overrides[variant]
        if variant in table:
            return table[variant]
    return None


def matched_fields(cells: list[str], kind: SheetKind) -> frozenset[str]:
    """The canonical fields of a sheet kind named by some header cell."""
    found = (lookup_field(c, kind) for c in cells if c)
    return frozenset(f[0] for f in found if f)


def find_header(rows: Sequence[list[object]]) -> HeaderGuess | None:
    """The most header-like of the first non-empty rows, or None for an empty sheet.

    Score: the number of distinct known fields named (for the best sheet
    kind) first, then the number of short text cells; ties go to the upper
    row, because data rows below a header look just as text-like.
    """
    best: HeaderGuess | None = None
    best_score = (-1, -1)
    for index in _non_empty_rows(rows, HEADER_SCAN_ROWS):
        cells = [header_text(v) for v in rows[index]]
        fields = {kind: matched_fields(cells, kind) for kind in SHEET_KINDS}
        score = (max(len(f) for f in fields.values()), sum(map(_is_label, cells)))
        if score > best_score:
            best, best_score = HeaderGuess(index, cells, fields), score
    return best


def _non_empty_rows(rows: Sequence[list[object]], limit: int) -> list[int]:
    found: list[int] = []
    for index, row in enumerate(rows):
        if any(v != "" and v is not None for v in row):
            found.append(index)
            if len(found) == limit:
                break
    return found


def _is_label(cell: str) -> bool:
    return bool(cell) and len(cell) <= _MAX_HEADER_LEN and not _NUMERIC.match(cell)


def map_columns(
    cells: list[str], kind: SheetKind, overrides: dict[str, tuple[str, int]] | None = None
) -> list[str | None]:
    """The canonical field of each header cell, each field taken by one column at most.

    When several columns name one field, the best-ranked header wins (a
    mapping from the rules or the layout, then 实付金额 over 应付金额 …),
    and among equals the leftmost; the others are carried through.
    """
    best: dict[str, tuple[int, int]] = {}
    found: list[tuple[str, int] | None] = [
        lookup_field(c, kind, overrides) if c else None for c in cells
    ]
    for column, hit in enumerate(found):
        if hit and (hit[0] not in best or (hit[1], column) < best[hit[0]]):
            best[hit[0]] = (hit[1], column)
    winners = {column: field for field, (_rank, column) in best.items()}
    return [winners.get(column) for column in range(len(cells))]


def accepted_names(field: str, limit: int = 8) -> str:
    """Some accepted header names of a customer field, for messages."""
    spec = next(s for s in FIELDS_BY_SHEET["customers"] if s.name == field)
    names = [a for a in spec.aliases if a != field][:limit]
    return " / ".join(names)
