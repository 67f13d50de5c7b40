"""Generate the workbooks office staff start from: 客户信息模板.xlsx and 评级规则.xlsx.

The templates are generated rather than drawn by hand so that their
headers always come from `custgrade.fields` (every header is one the
reader recognises) and the rules template from the default `Rules`.
``python -m custgrade.templates`` rewrites the committed copies in
``templates/``; a test checks they are in sync.  A fixed creation date
makes regeneration give the same file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from custgrade.fields import (
    AGGREGATE_FIELDS,
    EXPORT_ONLY_ORDER_FIELDS,
    FIELDS_BY_SHEET,
    SPLIT_NAME,
    FieldSpec,
    SheetKind,
)
from custgrade.messages import text
from custgrade.rules.model import DEFAULT_RULES
from custgrade.rules.workbook import write_rules_sheet

INPUT_TEMPLATE_NAME = "客户信息模板.xlsx"
RULES_TEMPLATE_NAME = "评级规则.xlsx"
TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"

#: Fixed so that regenerating a template gives identical content.
_CREATED = dt.datetime(2024, 1, 1)
_LAST_ROW = 1_048_575
_TEMPLATE_AGGREGATES = (
    "purchase_count",
    "total_amount",
    "last_purchase_at",
    "interaction_count",
    "satisfaction",
)
_NUM_FORMATS = {
    "id": "@",
    "phone": "@",
    "date": "yyyy-mm-dd",
    "amount": "¥#,##0.00",
    "count": "0",
    "number": "0.##",
    "score": "0.0",
}
_WIDTHS = {"id": 14, "phone": 16, "email": 26, "date": 14, "amount": 14, "text": 16}


def template_columns(kind: SheetKind) -> tuple[FieldSpec, ...]:
    """The columns of a template sheet; the customer sheet adds the common aggregates."""
    if kind == "orders":
        return tuple(s for s in FIELDS_BY_SHEET[kind] if s.name not in EXPORT_ONLY_ORDER_FIELDS)
    if kind != "customers":
        return FIELDS_BY_SHEET[kind]
    aggregates = tuple(spec for spec in AGGREGATE_FIELDS if spec.name in _TEMPLATE_AGGREGATES)
    own = (
        s for s in FIELDS_BY_SHEET[kind] if s not in AGGREGATE_FIELDS and s.name not in SPLIT_NAME
    )
    return tuple(own) + aggregates


def write_input_template(path: Path, lang: str = "zh") -> None:
    """Write the input template: 客户信息, 购买记录, 互动记录 and a 说明 sheet.

    Each data sheet has its recognised headers with a help message, one
    example row, number formats per column and dropdowns where the values
    are a known list.
    """
    workbook = _new_workbook(path, text("template.title", lang))
    header = workbook.add_format(
        {
            "bold": True,
            "bg_color": "#DDEBF7",
            "font_color": "#1F4E79",
            "border": 1,
            "border_color": "#BFBFBF",
            "align": "center",
            "valign": "vcenter",
        }
    )
    for kind in ("customers", "orders", "interactions"):
        _write_data_sheet(workbook, kind, lang, header)
    _write_guide(workbook, lang)
    workbook.close()


def write_rules_template(path: Path, lang: str = "zh") -> None:
    """Write the rules template: the default rules as an editable 评级规则 sheet."""
    workbook = _new_workbook(path, text("rules.title", lang))
    write_rules_sheet(workbook, DEFAULT_RULES, lang)
    workbook.close()


def main() -> None:
    """Regenerate the committed templates in the repository's templates/ folder."""
    TEMPLATE_DIR.mkdir(exist_ok=True)
    write_input_template(TEMPLATE_DIR / INPUT_TEMPLATE_NAME)
    write_rules_template(TEMPLATE_DIR / RULES_TEMPLATE_NAME)


def _new_workbook(path: Path, title: str) -> Workbook:
    workbook = Workbook(str(path))
    workbook.set_properties({"title": title, "author": "custgrade", "created": _CREATED})
    return workbook


def _write_data_sheet(workbook: Workbook, kind: SheetKind, lang: str, header: Format) -> None:
    sheet = workbook.add_worksheet(text(f"template.sheet.{kind}", lang))
    columns = template_columns(kind)
    example = text(f"template.example.{kind}", lang).split("|")
    for column, (spec, value) in enumerate(zip(columns, example, strict=True)):
        body = workbook.add_format({"num_format": _NUM_FORMATS.get(spec.kind, "General")})
        sheet.set_column(
            column, column, max(_WIDTHS.get(spec.kind, 12), len(spec.label(lang)) + 4), body
        )
        sheet.write_string(0, column, spec.label(lang), header)
        _write_example(sheet, column, spec, value, body)
        help_text = text(f"template.help.{kind}.{spec.name}", lang)
        sheet.data_validation(
            0,
            column,
            0,
            column,
            {"validate": "any", "input_title": spec.label(lang)[:32], "input_message": help_text},
        )
        _add_validation(sheet, column, kind, spec, lang)
    sheet.set_row(0, 22)
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    if kind == "customers":
        sheet.activate()


def _write_example(
    sheet: Worksheet, column: int, spec: FieldSpec, value: str, body: Format
) -> None:
    if spec.kind == "date":
        sheet.write_datetime(1, column, dt.datetime.fromisoformat(value), body)
    elif spec.kind in ("amount", "count", "number", "score"):
        sheet.write_number(1, column, float(value), body)
    else:
        sheet.write_string(1, column, value, body)


def _add_validation(
    sheet: Worksheet, column: int, kind: SheetKind, spec: FieldSpec, lang: str
) -> None:
    """Dropdowns and ranges that catch typing slips while the data is entered."""
    options: dict[str, object] | None = None
    if spec.name == "gender":
        options = {"validate": "list", "source": text("template.gender", lang).split("|")}
    elif spec.name == "industry":
        options = {
            "validate": "list",
            "source": text("template.industries", lang).split("|"),
            "error_type": "information",
        }
    elif spec.name == "status":
        options = {
            "validate": "list",
            "source": text("template.statuses", lang).split("|"),
            "error_type": "warning",
        }
    elif spec.name == "type":
        options = {
            "validate": "list",
            "source": text("template.interaction-types", lang).split("|"),
            "error_type": "warning",
        }
    elif spec.name == "satisfaction" and kind == "interactions":
        options = {"validate": "integer", "criteria": "between", "minimum": 1, "maximum": 5}
    elif spec.name == "satisfaction":
        options = {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": 10,
            "error_type": "warning",
        }
    if options is not None:
        sheet.data_validation(1, column, _LAST_ROW, column, options)


def _write_guide(workbook: Workbook, lang: str) -> None:
    sheet = workbook.add_worksheet(text("template.sheet.guide", lang))
    title = workbook.add_format({"bold": True, "font_size": 14, "font_color": "#1F4E79"})
    body = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 110)
    sheet.hide_gridlines(2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    lines = text("template.guide", lang).split("\n")
    sheet.write_string(0, 0, lines[0], title)
    for row, line in enumerate(lines[1:], start=1):
        sheet.write_string(row, 0, line, body)
        sheet.set_row(row, 34)


if __name__ == "__main__":
    main()
