"""评级规则: the rules that produced this result, and what they meant in this run.

The rule rows come from `custgrade.rules.sheet.rules_to_rows`, the same
layout a user edits in an input workbook; below them this run's actual
cut-offs, effective weights and notes (e.g. collapsed quantile bands or
renormalised weights), so the result explains itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from custgrade import messages
from custgrade.cellref import column_letter
from custgrade.messages import CATALOGUE, text
from custgrade.report.customer_sheets import label
from custgrade.report.styles import MAX_WIDTH, Styles
from custgrade.report.table import write_rows, write_value
from custgrade.result import Note, RunResult
from custgrade.rules.model import DIMENSIONS, DimensionName, Rules
from custgrade.rules.sheet import rules_layout, rules_to_rows

#: Columns of the rule tables: a row's name (A) and its number (B: weight or cut-off).
_NAME_COLUMN, _NUMBER_COLUMN = 0, 1
#: Column of the effective weight in the table of weights used in this run (C).
_EFFECTIVE_COLUMN = 2


@dataclass(frozen=True)
class RuleCells:
    """Where the rules sit on a result's 评级规则 sheet, for formulas on other sheets.

    Cells are plain A1 references on the sheet (``"B6"``); `ref` and
    `range_ref` make them absolute and sheet-qualified for a formula
    elsewhere (``'评级规则'!$B$6``).  The writer of the sheet places every
    one of these cells from this same object, so a formula built from it
    always points at the value it means.

    Attributes:
        sheet: the sheet's name in the result's language (评级规则 / Rules).
        weights: each dimension's weight as the rules give it (editable, %).
        effective_weights: each dimension's weight in this run (%), a formula
            over ``weights``: 0 for a dimension the data could not measure or
            that was the same for everyone, the others scaled up to 100.
        tier_names: each tier's name, highest tier first.
        tier_cutoffs: each tier's minimum total score, highest tier first
            (descending, as the rules check guarantees).
    """

    sheet: str
    weights: Mapping[DimensionName, str]
    effective_weights: Mapping[DimensionName, str]
    tier_names: tuple[str, ...]
    tier_cutoffs: tuple[str, ...]

    def ref(self, cell: str) -> str:
        """An absolute reference to one cell from another sheet: ``'评级规则'!$B$6``."""
        return f"{self._quoted()}!{_absolute(cell)}"

    def range_ref(self, cells: tuple[str, ...]) -> str:
        """An absolute reference to a column of cells: ``'评级规则'!$B$12:$B$15``."""
        return f"{self._quoted()}!{_absolute(cells[0])}:{_absolute(cells[-1])}"

    def _quoted(self) -> str:
        return "'" + self.sheet.replace("'", "''") + "'"


def rule_cells(rules: Rules, lang: str) -> RuleCells:
    """The cells of the weights, effective weights and tiers on the 评级规则 sheet of a result.

    Pure: it depends only on the rules and the language, because the sheet
    starts with the rule tables (`custgrade.rules.sheet.rules_layout`) and
    the table of this run's weights follows them at a fixed distance.

    Args:
        rules: the rules the result was graded with.
        lang: the result's language ("zh" or "en").

    Returns:
        The sheet name and the A1 cell of every weight, effective weight,
        tier name and tier cut-off.
    """
    layout = rules_layout(rules, lang)
    weights: dict[DimensionName, str] = {}
    names: list[str] = []
    cutoffs: list[str] = []
    for index, row in enumerate(layout):
        if row.role == "dimension":
            weights[_dimension_key(row.key)] = _cell(index, _NUMBER_COLUMN)
        elif row.role == "tier":
            names.append(_cell(index, _NAME_COLUMN))
            cutoffs.append(_cell(index, _NUMBER_COLUMN))
    first = _weights_table_row(len(layout)) + 2  # below the table's title and header
    effective = {d: _cell(first + i, _EFFECTIVE_COLUMN) for i, d in enumerate(DIMENSIONS)}
    return RuleCells(
        sheet=text("report.sheet.rules", lang),
        weights=weights,
        effective_weights=effective,
        tier_names=tuple(names),
        tier_cutoffs=tuple(cutoffs),
    )


def _weights_table_row(layout_rows: int) -> int:
    """The row of the weights table's title: one blank row below the rule tables."""
    return layout_rows + 1


def _dimension_key(key: str) -> DimensionName:
    return next(d for d in DIMENSIONS if d == key)


def _cell(row: int, column: int) -> str:
    return f"{column_letter(column)}{row + 1}"


def _absolute(cell: str) -> str:
    letters = cell.rstrip("0123456789")
    return f"${letters}${cell[len(letters) :]}"


def write_rules(ws: Worksheet, result: RunResult, styles: Styles) -> None:
    """Write the rules, this run's weights, the cut-offs used and the notes.

    The rule tables come first and the weights table right below them, at
    the cells `rule_cells` names, so formulas elsewhere can point at them.
    """
    lang = result.lang
    cells = rule_cells(result.rules, lang)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 4, 18)
    ws.set_column(5, 5, MAX_WIDTH)
    row = _write_rule_rows(ws, result.rules, lang, styles)
    row = _write_weights(ws, _weights_table_row(row), result, cells, styles)
    row = _write_cutoffs(ws, row + 1, result.cutoffs, lang, styles)
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


def _write_weights(
    ws: Worksheet, row: int, result: RunResult, cells: RuleCells, styles: Styles
) -> int:
    """This run's weights: the rule weight and, live, the weight it had in the total.

    The effective weight is a formula over the rule weights of the
    dimensions in play, so a weight edited above shows its effect here.
    """
    lang = result.lang
    ws.write_string(row, 0, text("report.rules.weights_title", lang), styles["section"])
    headers = [
        text(f"report.rules.{k}", lang) for k in ("dimension", "rule_weight", "effective_weight")
    ]
    ws.write_row(row + 1, 0, headers, styles["header"])
    in_play = dimensions_in_play(result)
    for offset, name in enumerate(DIMENSIONS, start=row + 2):
        ws.write_string(offset, 0, _dimension(name, lang))
        weight = result.rules.dimensions[name].weight
        ws.write_formula(offset, 1, f"={cells.weights[name]}", styles["score"], weight)
        effective = result.effective_weights.get(name, 0.0)
        formula = effective_weight_formula(name, in_play, cells)
        ws.write_formula(offset, 2, formula, styles["score"], effective)
    return row + 2 + len(DIMENSIONS)


def dimensions_in_play(result: RunResult) -> list[DimensionName]:
    """The dimensions that count in this run's totals, whatever their weight.

    Those with an effective weight, and those weighted 0 by the rules that
    the data could measure and that told customers apart: giving them a
    weight in the sheet brings them in.
    """
    scored = set(result.cutoffs["dimension"]) if "dimension" in result.cutoffs else set()
    constant = {
        name
        for note in result.notes
        if note.key == "note.dimensions-constant"
        for name in note.params.get("dimensions", [])
    }
    return [
        d
        for d in DIMENSIONS
        if result.effective_weights.get(d, 0.0) > 0
        or (result.rules.dimensions[d].weight == 0 and d in scored and d not in constant)
    ]


def effective_weight_formula(
    name: DimensionName, in_play: list[DimensionName], cells: RuleCells
) -> str:
    """A dimension's share of the weights of the dimensions in play, in %, as a formula.

    The same arithmetic as `custgrade.score.effective_weights`: 0 out of
    play; the weight over the sum of weights in play; equal shares when
    every weight in play is 0.
    """
    if name not in in_play:
        return "=0"
    total = "+".join(cells.weights[d] for d in in_play)
    own = cells.weights[name]
    return f"=IF(({total})>0,{own}*100/({total}),100/{len(in_play)})"


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
