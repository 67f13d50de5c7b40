"""Write the 评级规则 sheet into an XlsxWriter workbook, formatted for office staff.

Used for templates/评级规则.xlsx and available to the output workbook, so
that the sheet a user edits looks the same wherever they meet it: tier
colour cells filled with their colour, a dropdown of scoring methods, grey
explanations, white cells for what may be changed.
"""

from __future__ import annotations

import datetime as dt

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from custgrade.rules.columns import KINDS, kind_label
from custgrade.rules.labels import METHODS, label
from custgrade.rules.model import Rules
from custgrade.rules.sheet import EXPLAIN_COLUMN, LayoutRow, rules_layout, sheet_name

_WIDTHS = (18, 14, 16, 34, 62)
#: Rows below the 列对应 header that get the sheet-kind dropdown, for mappings to add.
_MAPPING_ROWS = 30
_BORDER = {"border": 1, "border_color": "#BFBFBF", "valign": "vcenter"}


def write_rules_sheet(
    workbook: Workbook, rules: Rules, lang: str, name: str | None = None
) -> Worksheet:
    """Add the 评级规则 sheet for ``rules`` to ``workbook`` and return it.

    Args:
        workbook: an open XlsxWriter workbook.
        rules: the rules to show (tiers highest first, as `Rules` keeps them).
        lang: "zh" or "en", for labels, explanations and the sheet name.
        name: the sheet name; defaults to 评级规则 / Grading rules.
    """
    sheet = workbook.add_worksheet(name or sheet_name(lang))
    formats = {**_formats(workbook), **_tier_formats(workbook, rules)}
    for column, width in enumerate(_WIDTHS):
        sheet.set_column(column, column, width)
    layout = rules_layout(rules, lang)
    for index, row in enumerate(layout):
        _write_row(sheet, index, row, formats)
    _add_validations(sheet, layout, lang)
    sheet.hide_gridlines(2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    return sheet


def _formats(workbook: Workbook) -> dict[str, Format]:
    add = workbook.add_format
    return {
        "title": add({"bold": True, "font_size": 16, "font_color": "#1F4E79"}),
        "section": add({"bold": True, "font_size": 12, "font_color": "#1F4E79"}),
        "note": add({"text_wrap": True, "font_color": "#595959", "valign": "top"}),
        "header": add({**_BORDER, "bold": True, "bg_color": "#DDEBF7", "font_color": "#1F4E79"}),
        "input": add({**_BORDER, "bg_color": "#FFFFFF"}),
        "label": add({**_BORDER, "bold": True, "bg_color": "#F2F2F2"}),
        "number": add({**_BORDER, "num_format": "0.##"}),
        "date": add({**_BORDER, "num_format": "yyyy-mm-dd", "align": "left"}),
        "explain": add(
            {
                **_BORDER,
                "text_wrap": True,
                "italic": True,
                "font_color": "#595959",
                "bg_color": "#F2F2F2",
            }
        ),
    }


def _write_row(sheet: Worksheet, index: int, row: LayoutRow, formats: dict[str, Format]) -> None:
    if row.role in ("title", "note"):
        if row.role == "note":
            sheet.merge_range(index, 0, index, EXPLAIN_COLUMN, "", formats["note"])
            sheet.set_row(index, 48)
        sheet.write_string(index, 0, str(row.cells[0]), formats[row.role])
        return
    for column, value in enumerate(row.cells):
        cell_format = _cell_format(row, column, formats)
        if row.role == "tier" and column == 2:
            cell_format = formats[f"tier{row.key}"]
        _write_cell(sheet, index, column, value, cell_format, formats)


def _cell_format(row: LayoutRow, column: int, formats: dict[str, Format]) -> Format:
    if row.role == "section":
        return formats["section"] if column == 0 else formats["note"]
    if row.role == "header":
        return formats["header"]
    if column == EXPLAIN_COLUMN:
        return formats["explain"]
    if column == 0 and row.role in ("dimension", "setting"):
        return formats["label"]
    return formats["input"]


def _tier_formats(workbook: Workbook, rules: Rules) -> dict[str, Format]:
    """One fill per tier colour, with white text on dark colours so the name stays legible."""
    formats = {}
    for index, tier in enumerate(rules.tiers):
        red, green, blue = (int(tier.color[i : i + 2], 16) for i in (1, 3, 5))
        dark = 0.299 * red + 0.587 * green + 0.114 * blue < 140
        props = {**_BORDER, "bg_color": tier.color, "font_color": "#FFFFFF" if dark else "#000000"}
        formats[f"tier{index}"] = workbook.add_format(props)
    return formats


def _write_cell(
    sheet: Worksheet,
    row: int,
    column: int,
    value: object,
    cell_format: Format,
    formats: dict[str, Format],
) -> None:
    if isinstance(value, dt.date):
        sheet.write_datetime(row, column, value, formats["date"])
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, cell_format)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value, cell_format)
    elif value == "":
        sheet.write_blank(row, column, None, cell_format)
    else:
        # write_string, never write(): a tier name starting with "=" stays text
        sheet.write_string(row, column, str(value), cell_format)


def _add_validations(sheet: Worksheet, layout: list[LayoutRow], lang: str) -> None:
    methods = [label("rules.method", method, lang) for method in METHODS]
    kinds = [kind_label(kind, lang) for kind in KINDS]
    for index, row in enumerate(layout):
        if row.role == "header" and row.key == "columns":
            last = index + max(_MAPPING_ROWS, len(layout) - index)
            sheet.data_validation(index + 1, 0, last, 0, {"validate": "list", "source": kinds})
        if row.role == "dimension":
            sheet.data_validation(index, 2, index, 2, {"validate": "list", "source": methods})
            sheet.data_validation(
                index,
                1,
                index,
                1,
                {
                    "validate": "decimal",
                    "criteria": "between",
                    "minimum": 0,
                    "maximum": 100,
                    "error_type": "warning",
                },
            )
        elif row.role == "tier":
            sheet.data_validation(
                index,
                1,
                index,
                1,
                {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100},
            )
