"""Write the 评级规则 sheet into an XlsxWriter workbook, formatted and guarded for office staff.

One builder for every place a user meets the sheet — templates/评级规则.xlsx
and the 评级规则 sheet of every result — so it looks and checks the same
wherever it is edited: white cells for what may be changed, grey
explanations, a dropdown wherever a value comes from a list (scoring
method, tier colour, sheet kind), a number or length check and an input
message on every editable cell, and tier colour cells filled with their
colour (live: picking another colour name recolours the cell).

The checks here only catch typing slips while editing; the rules checks
(`custgrade.rules.checks`) decide, and name the cell, when the sheet is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from custgrade.cellref import column_letter
from custgrade.messages import CATALOGUE, text
from custgrade.rules.colors import color_names, palette
from custgrade.rules.columns import KINDS, kind_label
from custgrade.rules.labels import METHODS, SECTION_COLUMNS, label
from custgrade.rules.model import Rules
from custgrade.rules.sheet import EXPLAIN_COLUMN, LayoutRow, rules_layout, sheet_name

#: Makes a cell format from XlsxWriter format properties (``Workbook.add_format``).
AddFormat = Callable[[dict[str, Any]], Format]

#: The font of the sheet: a CJK font, so Chinese and Latin text share one typeface.
SHEET_FONT: Mapping[str, object] = {"font_name": "Microsoft YaHei", "font_size": 10}
#: Empty rows below the 列对应 header that get its checks, for mappings to add (template).
TEMPLATE_MAPPING_ROWS = 30

_WIDTHS = (18, 14, 16, 34, 62)
_BORDER = {"border": 1, "border_color": "#BFBFBF", "valign": "vcenter"}
_MAX_DAYS = 36500
#: The column of a tier's minimum total score (B).
_CUTOFF_LETTER = column_letter(list(SECTION_COLUMNS["tiers"]).index("min_score"))
#: Excel's own limits on data validation texts.
_TITLE_LIMIT, _MESSAGE_LIMIT = 32, 255


@dataclass(frozen=True)
class RulesSheet:
    """What the builder wrote: the row below the rule tables and the sheet's formats.

    A result adds its own tables from ``next_row`` on, formatted alike.
    """

    next_row: int
    formats: Mapping[str, Format]


def write_rules_sheet(
    workbook: Workbook, rules: Rules, lang: str, name: str | None = None
) -> Worksheet:
    """Add the 评级规则 sheet for ``rules`` to ``workbook`` and return it (the template).

    Args:
        workbook: an open XlsxWriter workbook.
        rules: the rules to show (tiers highest first, as `Rules` keeps them).
        lang: "zh" or "en", for labels, explanations and the sheet name.
        name: the sheet name; defaults to 评级规则 / Rules.
    """
    sheet = workbook.add_worksheet(name or sheet_name(lang))
    fill_rules_sheet(sheet, workbook.add_format, rules, lang)
    return sheet


def fill_rules_sheet(
    sheet: Worksheet,
    add_format: AddFormat,
    rules: Rules,
    lang: str,
    *,
    spare_rows: int = TEMPLATE_MAPPING_ROWS,
    font: Mapping[str, object] = SHEET_FONT,
    note: str | None = None,
) -> RulesSheet:
    """Write the rule tables onto an empty sheet, top to bottom, with their checks.

    Rows are written strictly in order, so the sheet can be part of a
    workbook in XlsxWriter's ``constant_memory`` mode.

    Args:
        sheet: the empty worksheet.
        add_format: the workbook's ``add_format``.
        rules: the rules to show.
        lang: "zh" or "en".
        spare_rows: empty rows below the 列对应 header that get the checks
            of a mapping (the result keeps few, so its own tables follow).
        font: font properties given to every format of the sheet.
        note: the sheet's first note instead of the template's (a result
            says how to grade again with the edited rules).

    Returns:
        The first row below the rule tables (and their spare rows) and the formats.
    """
    formats = _formats(add_format, rules, font)
    for column, width in enumerate(_WIDTHS):
        sheet.set_column(column, column, width)
    layout = rules_layout(rules, lang)
    if note is not None:
        first = next(i for i, row in enumerate(layout) if row.role == "note")
        layout[first] = LayoutRow("note", [note])
    for index, row in enumerate(layout):
        _write_row(sheet, index, row, formats, lang)
    _add_validations(sheet, layout, lang, spare_rows)
    _add_colour_fills(sheet, layout, add_format, lang)
    sheet.hide_gridlines(2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    return RulesSheet(rules_table_end(layout, spare_rows), formats)


def rules_table_end(layout: list[LayoutRow], spare_rows: int) -> int:
    """The first row below the rule tables and the spare 列对应 rows that get its checks."""
    header = max(i for i, row in enumerate(layout) if row.role == "header")
    mapped = sum(1 for row in layout[header + 1 :] if row.role == "column")
    return max(len(layout), header + 1 + max(spare_rows, mapped))


def _formats(add_format: AddFormat, rules: Rules, font: Mapping[str, object]) -> dict[str, Format]:
    specs: dict[str, dict[str, object]] = {
        "title": {"bold": True, "font_size": 16, "font_color": "#1F4E79"},
        "section": {"bold": True, "font_size": 12, "font_color": "#1F4E79"},
        "note": {"text_wrap": True, "font_color": "#595959", "valign": "top"},
        "header": {**_BORDER, "bold": True, "bg_color": "#DDEBF7", "font_color": "#1F4E79"},
        "input": {**_BORDER, "bg_color": "#FFFFFF"},
        "label": {**_BORDER, "bold": True, "bg_color": "#F2F2F2"},
        "value": {**_BORDER, "bg_color": "#F2F2F2"},
        "weight": {**_BORDER, "bg_color": "#F2F2F2", "num_format": "0.00"},
        "wrap": {**_BORDER, "bg_color": "#F2F2F2", "text_wrap": True, "valign": "top"},
        "date": {**_BORDER, "num_format": "yyyy-mm-dd", "align": "left"},
        "explain": {
            **_BORDER,
            "text_wrap": True,
            "italic": True,
            "font_color": "#595959",
            "bg_color": "#F2F2F2",
        },
    }
    formats = {name: add_format({**font, **spec}) for name, spec in specs.items()}
    for index, tier in enumerate(rules.tiers):
        formats[f"tier{index}"] = add_format({**font, **_BORDER, **_fill(tier.color)})
    return formats


def _fill(color: str) -> dict[str, object]:
    """A fill with white text on dark colours, so the name on it stays legible."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    dark = 0.299 * red + 0.587 * green + 0.114 * blue < 140
    return {"bg_color": color, "font_color": "#FFFFFF" if dark else "#000000"}


def _write_row(
    sheet: Worksheet, index: int, row: LayoutRow, formats: Mapping[str, Format], lang: str
) -> None:
    if row.role in ("title", "note"):
        if row.role == "note":
            sheet.set_row(index, 48)
            sheet.merge_range(index, 0, index, EXPLAIN_COLUMN, "", formats["note"])
        sheet.write_string(index, 0, str(row.cells[0]), formats[row.role])
        return
    for column, value in enumerate(row.cells):
        cell_format = _cell_format(row, column, formats)
        if row.role == "tier" and column == 2:
            cell_format = formats[f"tier{row.key}"]
        if row.role == "tier" and column == EXPLAIN_COLUMN:
            formula = tier_explanation_formula(index, int(row.key), lang)
            sheet.write_formula(index, column, formula, cell_format, str(value))
            continue
        write_cell(sheet, index, column, value, cell_format, formats["date"])


def tier_explanation_formula(row: int, tier: int, lang: str) -> str:
    """The 说明 of a tier as a formula over the cut-offs, so it follows an edited cut-off.

    ``row`` is the tier's 0-based sheet row and ``tier`` its place in the
    list; the tier above it sits on the row before.
    """
    key = "rules.explain.tier-top" if tier == 0 else "rules.explain.tier"
    template = CATALOGUE[key][lang == "en"].replace('"', '""')  # quotes inside a string
    low = f'"&{_CUTOFF_LETTER}{row + 1}&"'
    high = f'"&{_CUTOFF_LETTER}{row}&"'
    formula = '="' + template.format(low=low, high=high) + '"'
    return formula.removesuffix('&""').replace('=""&', "=", 1)


def _cell_format(row: LayoutRow, column: int, formats: Mapping[str, Format]) -> Format:
    if row.role == "section":
        return formats["section"] if column == 0 else formats["note"]
    if row.role == "header":
        return formats["header"]
    if column == EXPLAIN_COLUMN:
        return formats["explain"]
    if column == 0 and row.role in ("dimension", "setting"):
        return formats["label"]
    return formats["input"]


def write_cell(
    sheet: Worksheet, row: int, column: int, value: object, cell_format: Format, date: Format
) -> None:
    """Write a value as what it is: a date, a number, a blank or text (never a formula)."""
    if isinstance(value, dt.date):
        sheet.write_datetime(row, column, value, date)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, cell_format)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value, cell_format)
    elif value == "":
        sheet.write_blank(row, column, None, cell_format)
    else:
        # write_string, never write(): a tier name starting with "=" stays text
        sheet.write_string(row, column, str(value), cell_format)


def _prompt(title: str, key: str, lang: str) -> dict[str, object]:
    """The input message Excel shows when the cell is selected."""
    return {
        "input_title": title[:_TITLE_LIMIT],
        "input_message": text(f"rules.prompt.{key}", lang)[:_MESSAGE_LIMIT],
        "error_title": title[:_TITLE_LIMIT],
        "error_message": text(f"rules.prompt.{key}", lang)[:_MESSAGE_LIMIT],
    }


def _checks(lang: str) -> dict[str, dict[str, object]]:
    """The data validation of each kind of editable cell, without its input message."""
    return {
        "weight": {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": 100,
            "error_type": "warning",  # "30%" and 0.3 are read as 30 too
        },
        "method": {
            "validate": "list",
            "source": [label("rules.method", m, lang) for m in METHODS],
            "error_type": "warning",  # the other language's label reads too
        },
        "thresholds": {"validate": "any"},
        "tier": {"validate": "length", "criteria": "between", "minimum": 1, "maximum": 30},
        "min_score": {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100},
        "color": {
            "validate": "list",
            "source": color_names(lang),
            "error_type": "information",  # any #RRGGBB is a colour too
        },
        "icon": {"validate": "length", "criteria": "<=", "value": 4, "error_type": "warning"},
        "days": {"validate": "integer", "criteria": "between", "minimum": 1, "maximum": _MAX_DAYS},
        "as_of": {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(1900, 1, 1),
            "maximum": dt.date(2199, 12, 31),
            "error_type": "warning",  # "2024/10/4" typed as text reads too
        },
        "kind": {
            "validate": "list",
            "source": [kind_label(kind, lang) for kind in KINDS],
            "error_type": "warning",
        },
        "header": {"validate": "any"},
        "field": {"validate": "any"},
    }


#: Which check each editable column of a table gets, by the column's field name.
_TABLE_CHECKS: dict[str, dict[str, str]] = {
    "dimension": {"weight": "weight", "method": "method", "thresholds": "thresholds"},
    "tier": {"name": "tier", "min_score": "min_score", "color": "color", "icon": "icon"},
    "column": {"kind": "kind", "header": "header", "field": "field"},
}
_SECTION_OF = {"dimension": "dimensions", "tier": "tiers", "column": "columns"}


def _add_validations(sheet: Worksheet, layout: list[LayoutRow], lang: str, spare: int) -> None:
    """Checks and input messages on every editable cell, and on the spare 列对应 rows."""
    checks = _checks(lang)
    for index, row in enumerate(layout):
        if row.role == "setting":
            key = "as_of" if row.key == "as_of" else "days"
            options = {**checks[key], **_prompt(str(row.cells[0]), row.key, lang)}
            sheet.data_validation(index, 1, index, 1, options)
        elif row.role in ("dimension", "tier"):
            _validate_row(sheet, index, index, row.role, checks, lang)
        elif row.role == "header" and row.key == "columns":
            last = rules_table_end(layout, spare) - 1
            if last > index:
                _validate_row(sheet, index + 1, last, "column", checks, lang)


def _validate_row(
    sheet: Worksheet,
    first: int,
    last: int,
    role: str,
    checks: Mapping[str, dict[str, object]],
    lang: str,
) -> None:
    columns = SECTION_COLUMNS[_SECTION_OF[role]]
    for field, check in _TABLE_CHECKS[role].items():
        column = list(columns).index(field)
        title = text(columns[field], lang)
        options = {**checks[check], **_prompt(title, check, lang)}
        sheet.data_validation(first, column, last, column, options)


def _add_colour_fills(
    sheet: Worksheet,
    layout: list[LayoutRow],
    add_format: AddFormat,
    lang: str,
) -> None:
    """Fill a tier colour cell with the colour whose name it holds, even after an edit."""
    rows = [index for index, row in enumerate(layout) if row.role == "tier"]
    if not rows:
        return
    column = list(SECTION_COLUMNS["tiers"]).index("color")
    for color in palette():
        fill = add_format(_fill(color.hex))  # a conditional format takes fill and colour only
        for name in dict.fromkeys((color.name(lang), color.hex)):  # in this order, once each
            sheet.conditional_format(
                rows[0],
                column,
                rows[-1],
                column,
                {"type": "cell", "criteria": "==", "value": f'"{name}"', "format": fill},
            )
