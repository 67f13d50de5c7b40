"""评级规则: the rules that produced this result, and what they meant in this run.

The sheet is a rules input like any other: the rule tables come from the
one builder (`custgrade.rules.workbook.fill_rules_sheet`) that also writes
templates/评级规则.xlsx, with the same dropdowns, checks and input messages,
so a result handed back as rules (``--rules result.xlsx``) or a copied
sheet is read by the same reader with the same checks.  Below the rules,
this run's weights (live formulas over the rule weights), the cut-offs
each measure was scored with in the data's units, and the notes; the
reader stops at them.

`rule_cells` says where the weights and tiers are, for formulas elsewhere.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from custgrade import messages
from custgrade.cellref import column_letter
from custgrade.errors import InternalError
from custgrade.messages import CATALOGUE, text
from custgrade.report.styles import Styles
from custgrade.result import Note, RunResult
from custgrade.rules.labels import label
from custgrade.rules.model import DIMENSIONS, DimensionName, Rules
from custgrade.rules.sheet import rules_layout
from custgrade.rules.units import describe_cutoffs
from custgrade.rules.workbook import AddFormat, fill_rules_sheet, rules_table_end

#: Empty rows a result keeps below its 列对应 header for mappings to add.
RESULT_MAPPING_ROWS = 3
#: Columns of the rule tables: a row's name (A) and its number (B: weight or cut-off).
_NAME_COLUMN, _NUMBER_COLUMN = 0, 1
#: Column of the effective weight in the table of weights used in this run (C).
_EFFECTIVE_COLUMN = 2
#: Width in characters of columns A–E together and of D–E (see rules.workbook).
_NOTE_WIDTH, _CUTOFF_WIDTH = 140, 92
_LINE_HEIGHT = 15


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

    A live 总评分 weighs each dimension score by its effective weight over
    the weights of the scores the customer has (a blank score is left
    out, as `custgrade.score.weighted_total` does), e.g. for row 2 with
    the four scores in B–E and ``w = cells.ref(cells.effective_weights[d])``::

        =IFERROR(ROUND((N(B2)*w1+N(C2)*w2+N(D2)*w3+N(E2)*w4)
               /(IF(B2<>"",w1,0)+IF(C2<>"",w2,0)+IF(D2<>"",w3,0)+IF(E2<>"",w4,0)),1),0)

    and the tier is the first of ``tier_names`` whose cut-off the total
    reaches: ``INDEX(names, COUNTIF(cutoffs, ">"&total)+1)`` over the
    `range_ref` of ``tier_names`` and ``tier_cutoffs``.
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
    end = rules_table_end(layout, RESULT_MAPPING_ROWS)
    weights: dict[DimensionName, str] = {}
    names: list[str] = []
    cutoffs: list[str] = []
    for index, row in enumerate(layout):
        if row.role == "dimension":
            weights[_dimension_key(row.key)] = _cell(index, _NUMBER_COLUMN)
        elif row.role == "tier":
            names.append(_cell(index, _NAME_COLUMN))
            cutoffs.append(_cell(index, _NUMBER_COLUMN))
    first = _weights_table_row(end) + 2  # below the table's title and header
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


def write_rules(
    ws: Worksheet, result: RunResult, styles: Styles, workbook: Workbook | None = None
) -> None:
    """Write the rules, this run's weights, the cut-offs used and the notes.

    The rule tables come first and the weights table right below them, at
    the cells `rule_cells` names, so formulas elsewhere can point at them.

    Args:
        ws: the empty 评级规则 worksheet of the result.
        result: the run.
        styles: the result's shared formats (unused: the sheet has its own,
            those of the rules template).
        workbook: the workbook, for its formats; by default the one that
            created ``ws``.
    """
    del styles  # the sheet is styled like the rules template, by its builder
    lang = result.lang
    cells = rule_cells(result.rules, lang)
    add_format = workbook.add_format if workbook is not None else _sheet_add_format(ws)
    built = fill_rules_sheet(
        ws,
        add_format,
        result.rules,
        lang,
        spare_rows=RESULT_MAPPING_ROWS,
        note=text("rules.note-result", lang),
    )
    formats = built.formats
    row = _write_weights(ws, _weights_table_row(built.next_row), result, cells, formats)
    row = _write_cutoffs(ws, row + 1, result, formats)
    _write_notes(ws, row + 1, result.notes, lang, formats)


def _sheet_add_format(ws: Worksheet) -> AddFormat:
    """The ``add_format`` of the workbook that created ``ws`` (XlsxWriter gives it to each)."""
    add_format: AddFormat | None = getattr(ws, "workbook_add_format", None)
    if add_format is None:
        raise InternalError("the 评级规则 sheet needs its workbook: pass workbook=")
    return add_format


def note_text(note: Note, lang: str) -> str:
    """The localised text of a run note; its key when the catalogue lacks it."""
    if note.key not in CATALOGUE:
        return note.key
    return messages.note_text(note.key, note.params, lang)


def _write_weights(
    ws: Worksheet, row: int, result: RunResult, cells: RuleCells, formats: Mapping[str, Format]
) -> int:
    """This run's weights: the rule weight and, live, the weight it had in the total.

    The effective weight is a formula over the rule weights of the
    dimensions in play, so a weight edited above shows its effect here;
    it is shown with two decimals (35.29, not 35.294117647058826).
    """
    lang = result.lang
    ws.write_string(row, 0, text("rules.used.weights-title", lang), formats["section"])
    headers = [text(f"rules.used.col.{k}", lang) for k in ("dimension", "weight", "effective")]
    ws.write_row(row + 1, 0, headers, formats["header"])
    in_play = dimensions_in_play(result)
    for offset, name in enumerate(DIMENSIONS, start=row + 2):
        ws.write_string(offset, 0, label("rules.dimension", name, lang), formats["label"])
        weight = result.rules.dimensions[name].weight
        ws.write_formula(offset, 1, f"={cells.weights[name]}", formats["weight"], weight)
        effective = result.effective_weights.get(name, 0.0)
        formula = effective_weight_formula(name, in_play, cells)
        ws.write_formula(offset, _EFFECTIVE_COLUMN, formula, formats["weight"], effective)
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


def _write_cutoffs(
    ws: Worksheet, row: int, result: RunResult, formats: Mapping[str, Format]
) -> int:
    """The cut-offs each measure was scored with, in the data's units ("≥ 6 次")."""
    lang = result.lang
    ws.write_string(row, 0, text("rules.used.cutoffs-title", lang), formats["section"])
    headers = [text(f"rules.used.col.{k}", lang) for k in ("dimension", "measure", "method")]
    ws.write_row(row + 1, 0, headers, formats["header"])
    ws.merge_range(row + 1, 3, row + 1, 4, text("rules.used.col.cutoffs", lang), formats["header"])
    row += 2
    for entry in result.cutoffs.to_dict("records"):
        method, measure = str(entry["method"]), str(entry["measure"])
        shown = describe_cutoffs(method, measure, cutoff_values(entry), lang, result.currency)
        _fit_row(ws, row, shown, _CUTOFF_WIDTH)
        ws.write_string(
            row, 0, _known("rules.dimension", entry["dimension"], lang), formats["value"]
        )
        ws.write_string(row, 1, _known("rules.measure", measure, lang), formats["value"])
        ws.write_string(row, 2, _method(method, lang), formats["value"])
        ws.merge_range(row, 3, row, 4, shown, formats["wrap"])
        row += 1
    return row


def cutoff_values(entry: Mapping[Any, Any]) -> list[float]:
    """The numbers of one row of ``RunResult.cutoffs``: its ``values``, else its text.

    The text ("1200 / 9600 / 28500") is how scoring publishes them; a
    ``values`` list, when scoring provides one, keeps every digit.
    """
    values = entry.get("values")
    if isinstance(values, list | tuple):
        return [float(v) for v in values]
    shown = entry.get("cutoffs")
    if not isinstance(shown, str) or not shown.strip():
        return []
    return [float(part) for part in shown.split("/") if part.strip()]


def _write_notes(
    ws: Worksheet, row: int, notes: list[Note], lang: str, formats: Mapping[str, Format]
) -> None:
    if not notes:
        return
    ws.write_string(row, 0, text("rules.used.notes-title", lang), formats["section"])
    for r, note in enumerate(notes, start=row + 1):
        shown = note_text(note, lang)
        _fit_row(ws, r, shown, _NOTE_WIDTH)
        ws.merge_range(r, 0, r, 4, shown, formats["note"])


def _fit_row(ws: Worksheet, row: int, shown: str, width: int) -> None:
    """A row tall enough for wrapped text (Excel does not grow rows on opening a file)."""
    wide = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in shown)
    lines = max(1, math.ceil(wide / width))
    if lines > 1:
        ws.set_row(row, _LINE_HEIGHT * lines)


def _method(name: str, lang: str) -> str:
    if name == "penalty":
        return text("rules.used.method-penalty", lang)
    return _known("rules.method", name, lang)


def _known(prefix: str, name: object, lang: str) -> str:
    """The label of a dimension, measure or method; the name itself when it has none."""
    key = f"{prefix}.{name}"
    return text(key, lang) if key in CATALOGUE else str(name)
