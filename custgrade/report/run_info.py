"""运行信息: where the result came from, the ledger, and the header mapping.

Everything a person needs to trust or reproduce the result without the
terminal output: the input file and its digest, the analysis date, the
rules, the version, the ledger that shows no row was lost, and which input
column became which field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from custgrade.fields import FIELDS_BY_SHEET, SheetKind
from custgrade.messages import text
from custgrade.report.styles import LINE_HEIGHT, Styles, display_width
from custgrade.report.table import write_rows, write_value
from custgrade.result import ColumnMapping, RunResult
from custgrade.sheet_text import describe_sheet

VALUE_WIDTH = 70
LEDGER_FIELDS: tuple[str, ...] = (
    "input_rows",
    "graded",
    "merged",
    "rejected",
    "order_rows",
    "orders_used",
    "orders_rejected",
    "interaction_rows",
    "interactions_used",
    "interactions_rejected",
)


def write_run_info(ws: Worksheet, result: RunResult, styles: Styles, output: Path) -> None:
    """Write the run facts, the ledger and the header mapping, top to bottom."""
    lang = result.lang
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, VALUE_WIDTH)
    ws.set_column(2, 3, 16)
    ws.write_row(0, 0, [_t("key", lang), _t("value", lang)], styles["header"])
    row = _write_facts(ws, 1, _facts(result, output), styles)
    row = _write_ledger(ws, row + 1, result, styles)
    row = _write_sheets(ws, row + 1, result, styles)
    _write_mapping(ws, row + 1, result.mapping, lang, styles)
    ws.freeze_panes(1, 0)


def _write_facts(ws: Worksheet, row: int, facts: list[list[Any]], styles: Styles) -> int:
    """Key / value rows; long texts wrap in a row tall enough for them."""
    for r, (key, value) in enumerate(facts, start=row):
        if isinstance(value, str):
            width = int(display_width(pd.Series([value])).iloc[0])
            lines = -(-width // (VALUE_WIDTH - 2))
            if lines > 1:
                ws.set_row(r, LINE_HEIGHT * lines + 3)
            ws.write_string(r, 0, key, styles["top"])
            ws.write_string(r, 1, value, styles["wrap"])
        else:
            ws.write_string(r, 0, key, styles["top"])
            write_value(ws, r, 1, value, styles)
    return row + len(facts)


def _facts(result: RunResult, output: Path) -> list[list[Any]]:
    lang = result.lang
    window = f"{result.window_start:%Y-%m-%d} – {result.as_of:%Y-%m-%d}"
    duration = text("report.run.duration_value", lang, seconds=result.duration_seconds)
    return [
        [_t("input_file", lang), str(result.input_path)],
        [_t("sha256", lang), result.input_sha256],
        [_t("output_file", lang), str(output)],
        [_t("as_of", lang), result.as_of],
        [_t("window", lang), window],
        [_t("rules_source", lang), result.rules_source],
        [_t("version", lang), result.version],
        [_t("started_at", lang), result.started_at],
        [_t("duration", lang), duration],
        [_t("tables", lang), _tables_text(result)],
        [_t("live", lang), _t("live_value", lang)],
    ]


def _tables_text(result: RunResult) -> str:
    """Whether the per-customer sheets are Excel Tables (see `custgrade.report.workbook`)."""
    from custgrade.report.workbook import TABLE_LIMIT, uses_tables

    if uses_tables(result):
        return _t("tables_on", result.lang)
    return text("report.run.tables_off", result.lang, limit=f"{TABLE_LIMIT:,}")


def _write_ledger(ws: Worksheet, row: int, result: RunResult, styles: Styles) -> int:
    lang, ledger = result.lang, result.ledger
    ws.write_string(row, 0, _t("ledger_title", lang), styles["section"])
    rows: list[list[Any]] = [[_t(name, lang), getattr(ledger, name)] for name in LEDGER_FIELDS]
    balance = _t("balanced" if ledger.balanced else "unbalanced", lang)
    equation = "{} = {} + {} + {}".format(*(_t(n, lang) for n in LEDGER_FIELDS[:4]))
    rows.insert(4, [_t("balance", lang), f"{equation}: {balance}"])
    return write_rows(ws, row + 1, rows, styles, styles["left"])


def _write_sheets(ws: Worksheet, row: int, result: RunResult, styles: Styles) -> int:
    """Every input sheet: used as what (and which export layout), or why not."""
    lang = result.lang
    ws.write_string(row, 0, _t("sheets_title", lang), styles["section"])
    rows: list[list[Any]] = [[sheet.sheet, describe_sheet(sheet, lang)] for sheet in result.sheets]
    return write_rows(ws, row + 1, rows, styles, styles["left"])


def _write_mapping(
    ws: Worksheet, row: int, mapping: list[ColumnMapping], lang: str, styles: Styles
) -> None:
    ws.write_string(row, 0, _t("mapping_title", lang), styles["section"])
    headers = [_t(k, lang) for k in ("map_sheet", "map_header", "map_letter", "map_field")]
    ws.write_row(row + 1, 0, headers, styles["header"])
    kinds = _sheet_kinds(mapping)
    rows = [
        [m.sheet, m.header, m.letter, _field_label(m.field, kinds[m.sheet], lang)] for m in mapping
    ]
    write_rows(ws, row + 2, rows, styles)


def _sheet_kinds(mapping: list[ColumnMapping]) -> dict[str, SheetKind]:
    """Guess each input sheet's kind from its mapped fields ("date" differs by kind)."""
    fields: dict[str, set[str]] = {}
    for m in mapping:
        fields.setdefault(m.sheet, set()).update([m.field] if m.field else [])
    kinds: dict[str, SheetKind] = {}
    for sheet, names in fields.items():
        kinds[sheet] = "customers"
        for kind, specs in FIELDS_BY_SHEET.items():
            if names <= {spec.name for spec in specs}:
                kinds[sheet] = kind
                break
    return kinds


def _field_label(name: str | None, kind: SheetKind, lang: str) -> str:
    if name is None:
        return _t("carried", lang)
    for spec in FIELDS_BY_SHEET[kind]:
        if spec.name == name:
            return spec.label(lang)
    return name


def _t(key: str, lang: str) -> str:
    return text(f"report.run.{key}", lang)
