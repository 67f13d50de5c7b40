"""Read a 评级规则 sheet back into `Rules`, naming cells in every error.

The tables are found by their header rows (in Chinese or English, in any
column order), so a sheet that someone re-arranged, padded with blank
lines or typed numbers into as text still reads.  A table that is absent
keeps the base rules' values: a sheet with only the tier table changes
only the tiers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from python_calamine import CalamineError, CalamineWorkbook

from custgrade.cellref import column_letter
from custgrade.errors import RulesError
from custgrade.fields import normalize_header
from custgrade.rules.build import build_rules
from custgrade.rules.checks import Loc
from custgrade.rules.columns import KIND_TABLE
from custgrade.rules.explain import unknown_key_error
from custgrade.rules.labels import (
    DIMENSION_TABLE,
    LIFECYCLE_SETTINGS,
    MEASURE_TABLE,
    METHOD_TABLE,
    REQUIRED_COLUMNS,
    SECTION_COLUMNS,
    SETTING_TABLE,
    both,
    header_aliases,
    is_rules_sheet_name,
    setting_choices,
)
from custgrade.rules.model import DEFAULT_RULES, DIMENSION_MEASURES, DimensionName, Rules
from custgrade.rules.values import fold_text, format_number, parse_date, parse_number

_HEADERS = {
    section: {column: header_aliases(key) for column, key in columns.items()}
    for section, columns in SECTION_COLUMNS.items()
}
_PLAIN_SHEET_NAME = re.compile(r"^[\w\u3400-\u9fff]+$")
#: The column that names a row of each table (its first column).
_NAME_COLUMN = {section: next(iter(columns)) for section, columns in SECTION_COLUMNS.items()}


def rules_from_rows(
    rows: list[list[object]], sheet_name: str, *, base: Rules = DEFAULT_RULES
) -> Rules:
    """Read the rules from the cells of a 评级规则 sheet.

    Args:
        rows: cell values as python-calamine gives them; ``rows[0]`` is
            Excel row 1 and ``rows[r][c]`` the cell in column ``c``.
        sheet_name: the sheet's name, used to name cells in messages.
        base: the rules that tables missing from the sheet keep.

    Raises:
        RulesError: the sheet holds no rules table or an invalid value;
            the message names the cell, e.g. "评级规则!B13".
    """
    reader = _SheetReader(sheet_name)
    data = reader.read(rows)
    return build_rules(data, base, reader.locate)


def read_rules_workbook(path: Path, *, base: Rules = DEFAULT_RULES) -> Rules:
    """Read a rules workbook (评级规则.xlsx): its 评级规则 sheet, else its first sheet."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        chosen = next((n for n in names if is_rules_sheet_name(n)), names[0])
        cells = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
        rows: list[list[object]] = [list(row) for row in cells]
    except (OSError, CalamineError, IndexError, ValueError) as exc:
        detail = getattr(exc, "strerror", None) or type(exc).__name__
        raise RulesError("rules-file-unreadable", file=path.name, detail=detail) from None
    return rules_from_rows(rows, chosen, base=base)


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value: object) -> str:
    if isinstance(value, float):
        return format_number(value)
    return str(value).strip()


class _SheetReader:
    """Walks the rows once, collecting settings and the cell of each setting."""

    def __init__(self, sheet_name: str) -> None:
        quoted = sheet_name if _PLAIN_SHEET_NAME.match(sheet_name) else f"'{sheet_name}'"
        self.prefix = quoted
        self.places: dict[Loc, str] = {}
        self.data: dict[str, Any] = {}
        self.sheet_name = sheet_name
        self.sections: set[str] = set()

    def cell(self, row: int, column: int) -> str:
        return f"{self.prefix}!{column_letter(column)}{row + 1}"

    def locate(self, loc: Loc) -> str:
        """The cell or range of a location, or of its nearest enclosing one."""
        while loc:
            if loc in self.places:
                return self.places[loc]
            loc = loc[:-1]
        return self.prefix

    def read(self, rows: list[list[object]]) -> dict[str, Any]:
        """Collect the settings of every table; see `_ends_table` for where a table ends."""
        section: str | None = None
        columns: dict[str, int] = {}
        after_blank = False
        for index, row in enumerate(rows):
            header = self._header(row)
            if header is not None and header[0] in self.sections:
                break  # a second table of the same kind: notes added below the rules
            if header is not None:
                section, columns = header
                self._start(section, index, columns)
                after_blank = False
            elif all(_empty(cell) for cell in row):
                after_blank = True
            elif section is not None and not all(_empty(_at(row, c)) for c in columns.values()):
                name = _at(row, columns[_NAME_COLUMN[section]])
                if after_blank and self._ends_table(section, name):
                    section = None
                    continue
                self._read_row(section, index, row, columns)
        if not self.sections:
            raise RulesError("rules-sheet-empty", sheet=self.sheet_name)
        self._ranges()
        return self.data

    @staticmethod
    def _ends_table(section: str, name: object) -> bool:
        """Whether a row below a blank line is something else than this table's next row.

        The output workbook adds tables (cut-offs used, effective weights)
        below the rules; a blank line followed by a name that is no
        dimension, setting or sheet kind marks such an addition, not a typo.
        """
        tables: dict[str, Mapping[str, str]] = {
            "dimensions": DIMENSION_TABLE,
            "settings": SETTING_TABLE,
            "columns": KIND_TABLE,
        }
        table = tables.get(section)
        return table is not None and normalize_header(name) not in table

    def _header(self, row: list[object]) -> tuple[str, dict[str, int]] | None:
        folded = [normalize_header(c) if isinstance(c, str) else "" for c in row]
        for section, headers in _HEADERS.items():
            columns: dict[str, int] = {}
            for column, aliases in headers.items():
                found = next((i for i, word in enumerate(folded) if word in aliases), None)
                if found is not None:
                    columns[column] = found
            if _NAME_COLUMN[section] in columns and len(columns) >= 2:
                return section, columns
        return None

    def _start(self, section: str, index: int, columns: dict[str, int]) -> None:
        where = self.cell(index, columns[_NAME_COLUMN[section]])
        self.sections.add(section)
        for required in REQUIRED_COLUMNS[section]:
            if required not in columns:
                zh, en = both(SECTION_COLUMNS[section][required])
                raise RulesError("rules-missing-column", where=where, column=f"{zh} / {en}")
        if section == "dimensions":
            self.data.setdefault("dimensions", {})
        elif section == "tiers":
            self.data["tiers"] = []
            self.places[("tiers",)] = where
        elif section == "settings":
            self.data.setdefault("lifecycle", {})
        else:
            self.places[("columns",)] = where

    def _read_row(
        self, section: str, index: int, row: list[object], columns: dict[str, int]
    ) -> None:
        if section == "dimensions":
            self._dimension(index, row, columns)
        elif section == "tiers":
            self._tier(index, row, columns)
        elif section == "settings":
            self._setting(index, row, columns)
        else:
            self._column(index, row, columns)

    def _dimension(self, index: int, row: list[object], columns: dict[str, int]) -> None:
        raw = _at(row, columns["name"])
        name_cell = self.cell(index, columns["name"])
        found = DIMENSION_TABLE.get(normalize_header(raw))
        if found is None:
            raise RulesError("rules-unknown-dimension", where=name_cell, value=_as_text(raw))
        name = cast(DimensionName, found)
        dimensions: dict[str, Any] = self.data["dimensions"]
        if name in dimensions:
            raise RulesError("rules-duplicate-dimension", where=name_cell, value=_as_text(raw))
        entry: dict[str, Any] = {}
        for column, position in columns.items():
            self.places[("dimensions", name, column)] = self.cell(index, position)
        self.places[("dimensions", name)] = name_cell
        entry["weight"] = _at(row, columns["weight"])  # a blank one is named by its cell
        if "method" in columns:
            method = _at(row, columns["method"])
            text = _as_text(method)
            entry["method"] = (
                METHOD_TABLE.get(normalize_header(text), text) if text else "percentile"
            )
        if "thresholds" in columns:
            entry["thresholds"] = self._thresholds(name, _at(row, columns["thresholds"]))
        dimensions[name] = entry

    def _thresholds(self, dimension: DimensionName, value: object) -> dict[str, list[float]]:
        """Read "购买次数: 2, 4, 8, 12; ..."; a bare list is for the dimension's first measure.

        The first measure is the plain one people count (购买次数, 净消费额);
        the recency-weighted companions are scored by percentile then.
        """
        where = self.places[("dimensions", dimension, "thresholds")]
        if _empty(value):
            return {}
        measures = DIMENSION_MEASURES[dimension]
        if isinstance(value, int | float):
            return {measures[0]: [float(value)]}
        result: dict[str, list[float]] = {}
        for part in re.split(r"[;\n]+", fold_text(_as_text(value))):
            if not part.strip():
                continue
            label, _, numbers = part.rpartition(":")
            measure = MEASURE_TABLE.get(normalize_header(label)) if label else None
            if label and measure not in measures:
                measure = label.strip()  # not this dimension's: the rules check names it
            if measure is None and label:
                raise RulesError("rules-thresholds-syntax", where=where, value=_as_text(value))
            cuts = [parse_number(n) for n in re.split(r"[,、\s]+", numbers.strip()) if n]
            if not cuts or None in cuts:
                raise RulesError("rules-thresholds-syntax", where=where, value=_as_text(value))
            result[measure or measures[0]] = [c for c in cuts if c is not None]
        return result

    def _tier(self, index: int, row: list[object], columns: dict[str, int]) -> None:
        tiers: list[dict[str, Any]] = self.data["tiers"]
        position = len(tiers)
        entry: dict[str, Any] = {"name": _as_text(_at(row, columns["name"]))}
        for column, at in columns.items():
            self.places[("tiers", position, column)] = self.cell(index, at)
            value = _at(row, at)
            if column == "min_score" and not _empty(value):
                number = parse_number(value)
                entry[column] = value if number is None else number
            elif column in ("color", "icon") and not _empty(value):
                entry[column] = _as_text(value)
        entry.setdefault("icon", "")
        self.places[("tiers", position)] = self.cell(index, columns["name"])
        tiers.append(entry)

    def _setting(self, index: int, row: list[object], columns: dict[str, int]) -> None:
        raw = _at(row, columns["name"])
        where = self.cell(index, columns["name"])
        name = SETTING_TABLE.get(normalize_header(raw))
        if name is None:
            raise unknown_key_error(where, _as_text(raw), setting_choices())
        value = _at(row, columns["value"])
        loc: Loc = ("lifecycle", name) if name in LIFECYCLE_SETTINGS else (name,)
        self.places[loc] = self.cell(index, columns["value"])
        if name == "as_of":
            self.data["as_of"] = None if _empty(value) else parse_date(value)
            return
        if _empty(value):
            return
        number = parse_number(value)
        setting: object = (
            value if number is None else (int(number) if number.is_integer() else number)
        )
        target = self.data["lifecycle"] if name in LIFECYCLE_SETTINGS else self.data
        target[name] = setting
        if name == "churn_days":
            self.places[("lifecycle",)] = self.places[loc]

    def _column(self, index: int, row: list[object], columns: dict[str, int]) -> None:
        """One row of 列对应, passed on as written: the rules check resolves and names it."""
        mappings: list[dict[str, str]] = self.data.setdefault("columns", [])
        position = len(mappings)
        entry: dict[str, str] = {}
        for part, at in columns.items():
            value = _at(row, at)
            entry[part] = "" if _empty(value) else _as_text(value)
            self.places[("columns", position, part)] = self.cell(index, at)
        self.places[("columns", position)] = self.cell(index, columns["kind"])
        mappings.append(entry)

    def _ranges(self) -> None:
        """Name whole columns for problems of a table as a whole (weights, coverage)."""
        for section, column in (("dimensions", "weight"), ("tiers", "min_score")):
            cells = [
                where
                for loc, where in self.places.items()
                if loc[:1] == (section,) and len(loc) == 3 and loc[2] == column
            ]
            if cells:
                first, last = cells[0], cells[-1].split("!")[-1]
                self.places[(section,)] = first if len(cells) == 1 else f"{first}:{last}"


def _at(row: list[object], column: int) -> object:
    return row[column] if column < len(row) else ""
