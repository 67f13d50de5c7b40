"""Columns mapped by hand: a header as the user's file writes it -> a canonical field.

When recognition is not enough (a column headed 钱), the user maps it in
the rules.  Three shapes say the same thing, so each source can use the
one that reads naturally there:

* per sheet kind, in TOML/YAML: ``[columns.orders]`` then ``"钱" = "amount"``;
* flat, the kind in the value: ``[columns]`` then ``"钱" = "orders.amount"``;
* a list of ``{kind, header, field}`` rows: the 列对应 section of the
  评级规则 sheet, or a YAML list.

Kinds and fields may be written as canonical names or as their Chinese or
English labels (购买记录, 金额, Amount).  Every problem is a `Problem` whose
place is relative to ``columns``, so it names the key or cell it came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NoReturn, get_args

from custgrade.fields import FIELDS_BY_SHEET, SheetKind, normalize_header
from custgrade.messages import CATALOGUE, text
from custgrade.rules.checks import ByLanguage, Loc, Problem, RuleProblem

KINDS: tuple[SheetKind, ...] = get_args(SheetKind)

#: Normalised kind label (zh, en, canonical, template sheet name) -> sheet kind.
KIND_TABLE: dict[str, SheetKind] = {
    normalize_header(word): kind
    for kind in KINDS
    for word in (kind, *CATALOGUE[f"rules.kind.{kind}"], *CATALOGUE[f"template.sheet.{kind}"])
}
_FIELD_TABLES: dict[SheetKind, dict[str, str]] = {
    kind: {
        normalize_header(word): spec.name
        for spec in FIELDS_BY_SHEET[kind]
        for word in (spec.name, spec.label_zh, spec.label_en)
    }
    for kind in KINDS
}


def kind_label(kind: SheetKind, lang: str) -> str:
    """The label of a sheet kind in the 评级规则 sheet (客户 / 购买记录 / 互动记录)."""
    return text(f"rules.kind.{kind}", lang)


def _both(key: str) -> ByLanguage:
    zh, en = CATALOGUE[key]
    return ByLanguage(zh, en)


@dataclass(frozen=True)
class _Entry:
    """One mapping as written, with the place of each of its parts."""

    kind: object
    header: object
    field: object
    kind_loc: Loc
    header_loc: Loc
    field_loc: Loc


def read_columns(raw: object) -> dict[SheetKind, dict[str, str]]:
    """The checked mapping ``kind -> {header as written: canonical field}``.

    Raises:
        RuleProblem: an unknown kind or field, a blank part, a header or a
            field used twice in one kind; the place is relative to ``columns``.
    """
    mapping: dict[SheetKind, dict[str, str]] = {}
    headers: dict[tuple[SheetKind, str], _Entry] = {}
    fields: dict[tuple[SheetKind, str], _Entry] = {}
    for entry in _entries(raw):
        kind, header, name = _resolve(entry)
        first = headers.setdefault((kind, normalize_header(header)), entry)
        if first is not entry:
            _fail(_same_header(kind, entry, first))
        first = fields.setdefault((kind, name), entry)
        if first is not entry:
            _fail(_same_field(kind, name, entry, first))
        mapping.setdefault(kind, {})[header] = name
    return mapping


def _fail(problem: Problem) -> NoReturn:
    raise RuleProblem(problem, ("columns",))


def _entries(raw: object) -> list[_Entry]:
    if raw is None:
        return []
    if isinstance(raw, list):
        return [_row_entry(index, row) for index, row in enumerate(raw)]
    if not isinstance(raw, Mapping):
        _fail(Problem("rules-columns-shape"))
    entries = []
    for key, value in raw.items():
        if isinstance(value, Mapping):
            entries += [_Entry(key, h, f, (key,), (key, h), (key, h)) for h, f in value.items()]
        else:
            kind, dot, field = str(value).partition(".")
            if not dot:
                _fail(Problem("rules-column-no-kind", (key,), {"value": str(value)}))
            entries.append(_Entry(kind, key, field, (key,), (key,), (key,)))
    return entries


def _row_entry(index: int, row: object) -> _Entry:
    if not isinstance(row, Mapping):
        _fail(Problem("rules-columns-shape", (index,)))
    kind, header, field = (row.get(part) for part in ("kind", "header", "field"))
    return _Entry(kind, header, field, (index, "kind"), (index, "header"), (index, "field"))


def _blank(value: object) -> bool:
    return value is None or not str(value).strip()


def _resolve(entry: _Entry) -> tuple[SheetKind, str, str]:
    """The kind, the header as written and the canonical field of one mapping."""
    if _blank(entry.header):
        column = _both("rules.col.header")
        _fail(Problem("rules-column-blank", entry.header_loc, {"column": column}))
    kind = None if _blank(entry.kind) else KIND_TABLE.get(normalize_header(entry.kind))
    if kind is None:
        value = "" if entry.kind is None else str(entry.kind).strip()
        _fail(Problem("rules-column-unknown-kind", entry.kind_loc, {"value": value}))
    if _blank(entry.field):
        column = _both("rules.col.field")
        _fail(Problem("rules-column-blank", entry.field_loc, {"column": column}))
    name = _FIELD_TABLES[kind].get(normalize_header(entry.field))
    if name is None:
        value = str(entry.field).strip()
        params = {"value": value, "kind": _kind_both(kind), "allowed": _allowed(kind)}
        _fail(Problem("rules-column-unknown-field", entry.field_loc, params))
    return kind, str(entry.header).strip(), name


def _kind_both(kind: SheetKind) -> ByLanguage:
    return _both(f"rules.kind.{kind}")


def _field_both(kind: SheetKind, name: str) -> ByLanguage:
    """A field as "金额 (amount)" / "Amount (amount)"."""
    spec = next(s for s in FIELDS_BY_SHEET[kind] if s.name == name)
    return ByLanguage(f"{spec.label_zh} ({name})", f"{spec.label_en} ({name})")


def _allowed(kind: SheetKind) -> ByLanguage:
    fields = [_field_both(kind, spec.name) for spec in FIELDS_BY_SHEET[kind]]
    return ByLanguage("、".join(f.zh for f in fields), ", ".join(f.en for f in fields))


def _same_header(kind: SheetKind, entry: _Entry, first: _Entry) -> Problem:
    params = {"header": str(entry.header).strip(), "kind": _kind_both(kind)}
    return Problem("rules-column-duplicate-header", entry.header_loc, params, first.header_loc)


def _same_field(kind: SheetKind, name: str, entry: _Entry, first: _Entry) -> Problem:
    params = {
        "header": str(entry.header).strip(),
        "other_header": str(first.header).strip(),
        "field": _field_both(kind, name),
    }
    return Problem("rules-column-duplicate-field", entry.field_loc, params, first.field_loc)
