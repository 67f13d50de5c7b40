"""Generate the workbooks office staff start from: 客户信息模板.xlsx and 评级规则.xlsx.

The templates are generated rather than drawn by hand so that their
headers always come from `custgrade.fields` (every header is one the
reader recognises) and the rules template from the default `Rules`.
``custgrade template DIR`` writes them for a user (generated on the spot,
so the installed package needs no copies of them), and
``python -m custgrade.templates`` rewrites the committed copies in
``templates/``; a test checks they are in sync.  A fixed creation date
makes regeneration give the same file.

The data sheets hold no example rows: an example typed over for the first
customer but kept for the second became real data (a phantom 张三 with
¥5,680 of purchases).  Examples live on the 说明 sheet as a table of
column, example and how to fill it, laid out one column per row so that
no reader can take it for data, and in the input message of every cell.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable
from pathlib import Path

import click
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from custgrade.errors import CustgradeError, OutputError
from custgrade.fields import (
    AGGREGATE_FIELDS,
    EXPORT_ONLY_ORDER_FIELDS,
    FIELDS_BY_SHEET,
    SPLIT_NAME,
    FieldSpec,
    SheetKind,
)
from custgrade.messages import text
from custgrade.rules.model import default_rules
from custgrade.rules.workbook import SHEET_FONT, write_rules_sheet

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
_GUIDE_WIDTHS = (20, 34, 70)
#: Excel's limits on the title and text of an input message.
_TITLE_LIMIT, _MESSAGE_LIMIT = 32, 255
_KINDS: tuple[SheetKind, ...] = ("customers", "orders", "interactions")


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

    Each data sheet has its recognised headers and no data rows; every
    column has a number format, an input message with an example, and a
    dropdown or range check where the values are a known list.  The 说明
    sheet explains the workbook and shows an example of every column.
    """
    workbook = _new_workbook(path, text("template.title", lang))
    header = workbook.add_format(
        {
            **SHEET_FONT,
            "bold": True,
            "bg_color": "#DDEBF7",
            "font_color": "#1F4E79",
            "border": 1,
            "border_color": "#BFBFBF",
            "align": "center",
            "valign": "vcenter",
        }
    )
    for kind in _KINDS:
        _write_data_sheet(workbook, kind, lang, header)
    _write_guide(workbook, lang)
    workbook.close()


def write_rules_template(path: Path, lang: str = "zh") -> None:
    """Write the rules template: the default rules as an editable 评级规则 sheet."""
    workbook = _new_workbook(path, text("rules.title", lang))
    write_rules_sheet(workbook, default_rules(lang), lang)
    workbook.close()


#: The templates by file name, and the function writing each.
TEMPLATES: dict[str, Callable[[Path, str], None]] = {
    INPUT_TEMPLATE_NAME: write_input_template,
    RULES_TEMPLATE_NAME: write_rules_template,
}


def write_templates(folder: Path, lang: str = "zh", *, overwrite: bool = False) -> list[Path]:
    """Write the input template and the rules workbook into ``folder``.

    The file names stay 客户信息模板.xlsx and 评级规则.xlsx in English too:
    评级规则.xlsx is the name the watched folder looks for.  Each file is
    written to a hidden temporary name and moved into place, so a
    half-written template is never left behind.

    Args:
        folder: where to write; created when missing.
        lang: "zh" or "en", for every label, message and example.
        overwrite: replace templates that already exist (they may hold
            a user's data, so by default they are kept).

    Returns:
        The paths written, input template first.

    Raises:
        OutputError: a template already exists (and ``overwrite`` is
            false), or the folder cannot be written; nothing is written.
    """
    targets = [folder / name for name in TEMPLATES]
    existing = [path for path in targets if path.exists()]
    if existing and not overwrite:
        raise OutputError("template-exists", file=str(existing[0]))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, write in zip(targets, TEMPLATES.values(), strict=True):
            temp = folder / f"~${secrets.token_hex(4)}.xlsx"
            try:
                write(temp, lang)
                os.replace(temp, path)
            finally:
                temp.unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError("output-not-writable", file=str(folder), detail=str(exc)) from exc
    return targets


# help texts: cli.help.template.* in the message catalogue (custgrade.cli.localised)
@click.command("template")
@click.argument(
    "folder",
    metavar="[DIR]",
    default=".",
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
)
@click.option("--force", is_flag=True)
def template_command(folder: Path, lang: str, force: bool) -> None:
    """Write the input template and the rules workbook into DIR. 生成客户信息模板和评级规则工作簿。

    DIR defaults to the current folder and is created when missing.  Fill
    客户信息模板.xlsx and grade it with ``custgrade run``; edit 评级规则.xlsx
    and pass it with ``--rules`` or put it into the watched folder.
    """
    try:
        written = write_templates(folder, lang, overwrite=force)
    except CustgradeError as exc:
        click.echo(f"{text('cli.error.prefix', lang)}: {exc.render(lang)}", err=True)
        raise click.exceptions.Exit(int(exc.exit_code)) from None
    for path in written:
        click.echo(text("template.written", lang, file=str(path)))


def main() -> None:
    """Regenerate the committed templates in the repository's templates/ folder."""
    TEMPLATE_DIR.mkdir(exist_ok=True)
    write_input_template(TEMPLATE_DIR / INPUT_TEMPLATE_NAME)
    write_rules_template(TEMPLATE_DIR / RULES_TEMPLATE_NAME)


def _new_workbook(path: Path, title: str) -> Workbook:
    workbook = Workbook(str(path))
    workbook.set_properties({"title": title, "author": "custgrade", "created": _CREATED})
    return workbook


def examples(kind: SheetKind, lang: str) -> dict[str, str]:
    """The example value of every template column of a sheet kind, by field name."""
    values = text(f"template.example.{kind}", lang).split("|")
    columns = template_columns(kind)
    return {spec.name: value for spec, value in zip(columns, values, strict=True)}


def _write_data_sheet(workbook: Workbook, kind: SheetKind, lang: str, header: Format) -> None:
    sheet = workbook.add_worksheet(text(f"template.sheet.{kind}", lang))
    shown = examples(kind, lang)
    for column, spec in enumerate(template_columns(kind)):
        body = workbook.add_format(
            {**SHEET_FONT, "num_format": _NUM_FORMATS.get(spec.kind, "General")}
        )
        title = spec.label(lang)
        sheet.set_column(column, column, max(_WIDTHS.get(spec.kind, 12), len(title) + 4), body)
        sheet.write_string(0, column, title, header)
        prompt = _prompt(title, _help(kind, spec, lang, shown[spec.name]))
        sheet.data_validation(0, column, 0, column, {"validate": "any", **prompt})
        check = _validation(kind, spec, lang) or {"validate": "any"}
        sheet.data_validation(1, column, _LAST_ROW, column, {**check, **prompt})
    sheet.set_row(0, 22)
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    if kind == "customers":
        sheet.activate()


def _help(kind: SheetKind, spec: FieldSpec, lang: str, example: str) -> str:
    return text(
        "template.help-example",
        lang,
        help=text(f"template.help.{kind}.{spec.name}", lang),
        example=example,
    )


def _prompt(title: str, message: str) -> dict[str, object]:
    return {"input_title": title[:_TITLE_LIMIT], "input_message": message[:_MESSAGE_LIMIT]}


def _validation(kind: SheetKind, spec: FieldSpec, lang: str) -> dict[str, object] | None:
    """Dropdowns and ranges that catch typing slips while the data is entered."""
    if spec.name == "gender":
        return {"validate": "list", "source": text("template.gender", lang).split("|")}
    lists = {"industry": "industries", "status": "statuses", "type": "interaction-types"}
    if spec.name in lists:
        return {
            "validate": "list",
            "source": text(f"template.{lists[spec.name]}", lang).split("|"),
            "error_type": "information" if spec.name == "industry" else "warning",
        }
    if spec.name == "satisfaction" and kind == "interactions":
        return {"validate": "integer", "criteria": "between", "minimum": 1, "maximum": 5}
    if spec.name == "satisfaction":
        return {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": 10,
            "error_type": "warning",
        }
    return None


def _write_guide(workbook: Workbook, lang: str) -> None:
    """The 说明 sheet: how to fill the workbook, then an example of every column.

    The examples are listed one column per row (列名 — 示例 — 怎么填), so
    that the sheet never looks like a table of customers to the reader.
    """
    sheet = workbook.add_worksheet(text("template.sheet.guide", lang))
    title = workbook.add_format(
        {**SHEET_FONT, "bold": True, "font_size": 14, "font_color": "#1F4E79"}
    )
    section = workbook.add_format(
        {**SHEET_FONT, "bold": True, "font_size": 12, "font_color": "#1F4E79"}
    )
    body = workbook.add_format({**SHEET_FONT, "text_wrap": True, "valign": "top"})
    border = {"border": 1, "border_color": "#BFBFBF", "valign": "top", "text_wrap": True}
    head = workbook.add_format({**SHEET_FONT, **border, "bold": True, "bg_color": "#DDEBF7"})
    cell = workbook.add_format({**SHEET_FONT, **border})
    for column, width in enumerate(_GUIDE_WIDTHS):
        sheet.set_column(column, column, width)
    sheet.hide_gridlines(2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    lines = text("template.guide", lang).split("\n")
    sheet.write_string(0, 0, lines[0], title)
    row = 1
    for line in lines[1:]:
        sheet.set_row(row, 34)
        sheet.merge_range(row, 0, row, len(_GUIDE_WIDTHS) - 1, line, body)
        row += 1
    for kind in _KINDS:
        row += 1
        sheet_name = text(f"template.sheet.{kind}", lang)
        sheet.write_string(row, 0, text("template.examples-title", lang, sheet=sheet_name), section)
        headers = [text(f"template.examples.{key}", lang) for key in ("column", "example", "how")]
        sheet.write_row(row + 1, 0, headers, head)
        row += 2
        for spec in template_columns(kind):
            values = [spec.label(lang), examples(kind, lang)[spec.name]]
            sheet.write_row(
                row, 0, [*values, text(f"template.help.{kind}.{spec.name}", lang)], cell
            )
            row += 1


if __name__ == "__main__":
    main()
