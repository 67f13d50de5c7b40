"""评级规则: the rules that produced this result, and what they meant in this run.

The rule rows come from `custgrade.rules.sheet.rules_to_rows`, the same
layout a user edits in an input workbook; below them this run's actual
cut-offs, effective weights and notes (e.g. collapsed quantile bands or
renormalised weights), so the result explains itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from custgrade import messages
from custgrade.messages import CATALOGUE, text
from custgrade.report.customer_sheets import label
from custgrade.report.styles import MAX_WIDTH, Styles
from custgrade.report.table import write_rows, write_value
from custgrade.result import Note, RunResult
from custgrade.rules.model import DIMENSIONS, Rules
from custgrade.rules.sheet import rules_to_rows


def write_rules(ws: Worksheet, result: RunResult, styles: Styles) -> None:
    """Write the rules, the cut-offs used, the effective weights and the notes."""
    lang = result.lang
    ws.set_column(0, 0, 24)
    ws.set_column(1, 4, 18)
    ws.set_column(5, 5, MAX_WIDTH)
    row = _write_rule_rows(ws, result.rules, lang, styles)
    row = _write_cutoffs(ws, row + 1, result.cutoffs, lang, styles)
    row = _write_weights(ws, row + 1, result, styles)
    _write_notes(ws, row + 1, result.notes, lang, styles)


def note_text(note: Note, lang: str) -> str:
    """The localised text of a run note; its key when the catalogue lacks it."""
    if note.key not in CATALOGUE:
        return note.key
    return messages.note_text(note.key, note.params, lang)


def _write_rule_rows(ws: Worksheet, rules: Rules, lang: str, styles: Styles) -> int:
    rows = rules_to_rows(rules, lang)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            write_value(ws, r, c, value, styles, _rule_cell_format(value, rules, styles))
    return len(rows)


def _rule_cell_format(value: object, rules: Rules, styles: Styles) -> Any:
    """Colour a tier's name and colour code with the tier colour."""
    for tier in rules.tiers:
        if value in (tier.name, tier.color):
            return styles.tier[tier.name]
    return None


def _write_cutoffs(
    ws: Worksheet, row: int, cutoffs: pd.DataFrame, lang: str, styles: Styles
) -> int:
    ws.write_string(row, 0, text("report.rules.cutoffs_title", lang), styles["section"])
    headers = [_cutoff_header(str(name), lang) for name in cutoffs.columns]
    ws.write_row(row + 1, 0, headers, styles["header"])
    localisers = {"dimension": _dimension, "measure": label, "method": _method}
    frame = cutoffs.astype(object).where(cutoffs.notna(), None)
    for name, localise in localisers.items():
        if name in frame.columns:
            frame[name] = frame[name].map(lambda v, f=localise: _known(v, lang, f))
    return write_rows(ws, row + 2, frame.values.tolist(), styles)


def _write_weights(ws: Worksheet, row: int, result: RunResult, styles: Styles) -> int:
    lang = result.lang
    ws.write_string(row, 0, text("report.rules.weights_title", lang), styles["section"])
    headers = [
        text(f"report.rules.{k}", lang) for k in ("dimension", "rule_weight", "effective_weight")
    ]
    ws.write_row(row + 1, 0, headers, styles["header"])
    rows = [
        [
            _dimension(name, lang),
            result.rules.dimensions[name].weight,
            result.effective_weights.get(name, 0.0),
        ]
        for name in DIMENSIONS
    ]
    return write_rows(ws, row + 2, rows, styles)


def _write_notes(ws: Worksheet, row: int, notes: list[Note], lang: str, styles: Styles) -> None:
    if not notes:
        return
    ws.write_string(row, 0, text("report.rules.notes_title", lang), styles["section"])
    for r, note in enumerate(notes, start=row + 1):
        ws.write_string(r, 0, note_text(note, lang))


def _cutoff_header(name: str, lang: str) -> str:
    key = f"report.cutoff.{name}"
    return text(key, lang) if key in CATALOGUE else name


def _dimension(name: str, lang: str) -> str:
    return text(f"report.dim.{name}", lang)


def _method(name: str, lang: str) -> str:
    return text(f"report.method.{name}", lang)


def _known(value: Any, lang: str, localise: Callable[[str, str], str]) -> Any:
    """The localised label of a dimension/measure/method name; the value if unknown."""
    if not isinstance(value, str):
        return value
    try:
        return localise(value, lang)
    except KeyError:
        return value
