"""Finding the header row and mapping its cells onto canonical fields.

Real exports put a title, an export date or a comment above the header
(issue_530.xlsx: three title rows, header on row 4 starting in column C),
so the header is not assumed to be row 1: each of the first non-empty rows
is scored by how many of its cells are known header aliases and how
header-like it looks, and the best row wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from custgrade.fields import FIELDS_BY_SHEET, SheetKind, alias_table, normalize_header

SHEET_KINDS: tuple[SheetKind, ...] = ("customers", "orders", "interactions")
HEADER_SCAN_ROWS = 30  # non-empty rows considered as header candidates
_MAX_HEADER_LEN = 40
_NUMERIC = re.compile(r"^[\s\d.,+\-%/:]*$")
ALIASES: dict[SheetKind, dict[str, str]] = {kind: alias_table(kind) for kind in SHEET_KINDS}


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


def matched_fields(normalized: list[str], kind: SheetKind) -> frozenset[str]:
    """The canonical fields of a sheet kind named by some (normalised) header cell."""
    table = ALIASES[kind]
    return frozenset(table[n] for n in normalized if n in table)


def find_header(rows: list[list[object]]) -> HeaderGuess | None:
    """The most header-like of the first non-empty rows, or None for an empty sheet.

    Score: the number of distinct known fields named (for the best sheet
    kind) first, then the number of short text cells; ties go to the upper
    row, because data rows below a header look just as text-like.
    """
    best: HeaderGuess | None = None
    best_score = (-1, -1)
    for index in _non_empty_rows(rows, HEADER_SCAN_ROWS):
        cells = [header_text(v) for v in rows[index]]
        normalized = [normalize_header(c) for c in cells if c]
        fields = {kind: matched_fields(normalized, kind) for kind in SHEET_KINDS}
        score = (max(len(f) for f in fields.values()), sum(map(_is_label, cells)))
        if score > best_score:
            best, best_score = HeaderGuess(index, cells, fields), score
    return best


def _non_empty_rows(rows: list[list[object]], limit: int) -> list[int]:
    found: list[int] = []
    for index, row in enumerate(rows):
        if any(v != "" and v is not None for v in row):
            found.append(index)
            if len(found) == limit:
                break
    return found


def _is_label(cell: str) -> bool:
    return bool(cell) and len(cell) <= _MAX_HEADER_LEN and not _NUMERIC.match(cell)


def map_columns(cells: list[str], kind: SheetKind) -> list[str | None]:
    """The canonical field of each header cell; the first column naming a field wins."""
    table = ALIASES[kind]
    taken: set[str] = set()
    result: list[str | None] = []
    for cell in cells:
        field = table.get(normalize_header(cell)) if cell else None
        if field in taken:
            field = None
        if field:
            taken.add(field)
        result.append(field)
    return result


def accepted_names(field: str, limit: int = 8) -> str:
    """Some accepted header names of a customer field, for messages."""
    spec = next(s for s in FIELDS_BY_SHEET["customers"] if s.name == field)
    names = [a for a in spec.aliases if a != field][:limit]
    return " / ".join(names)
