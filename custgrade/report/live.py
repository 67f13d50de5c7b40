"""Live grading in the result: 总评分 and the tier as formulas over the 评级规则 sheet.

Office staff adjust the grading in Excel: editing a weight or a cut-off in
the result's 评级规则 sheet must re-grade on the spot, without a re-run.
So the weights, tier names and cut-offs that `custgrade.report.rules_sheet`
writes get workbook-level defined names (权重_购买频率, 等级_1, 最低分_1 ...;
Weight_frequency, Tier_1, MinScore_1 ... in English), and

* 总评分 (评分信息, 等级信息) is ``ROUND(Σ score × weight / Σ weight, 1)`` over
  the dimension scores of the same row and the dimensions this run could
  measure; a blank score (no data for that customer) shares its weight
  among the others, exactly as `custgrade.score.weighted_total` does;
* 等级图标 (等级信息) is the row's tier level (4 = top of four) from 总评分 and
  the cut-offs, shown as an icon set; 等级名称 and 等级颜色 pick the name and
  the colour's name by that level, and the tier fills are conditional
  formats driven by the tier cell.

Every formula reference stays within its own row, so sorting or filtering
a sheet (they are Excel Tables) never mixes customers up; that is why
等级信息 carries the four dimension scores itself instead of referring to
评分信息.  What stays a value, and why: the scores of the dimensions (they
rank each customer against the whole file, which a cell formula cannot
redo cheaply for 100,000 customers), the written analysis and advice in
分析报告 (sentences about the grading of this run; its tier column is the
tier the sentences speak of), and the 概览 lists of top and at-risk customers.

Formulas carry their computed value (`live_totals`, `live_tiers`), so a
program that does not calculate shows the same numbers.  The values are
computed here, from the rounded dimension scores shown in the sheet and
with Excel's half-up rounding, so a recalculation in Excel or LibreOffice
never changes them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook

from custgrade.messages import text
from custgrade.report.rules_sheet import rule_cells as sheet_rule_cells
from custgrade.result import RunResult
from custgrade.rounding import excel_round
from custgrade.rules.model import DIMENSIONS, DimensionRule, Rules
from custgrade.score import effective_weights
from custgrade.tiers import assign_tiers


@dataclass(frozen=True)
class RuleCells:
    """Where the 评级规则 sheet holds each editable rule value: (row, col), zero-based."""

    sheet: str
    weights: dict[str, tuple[int, int]]
    tier_names: list[tuple[int, int]]
    min_scores: list[tuple[int, int]]


@dataclass(frozen=True)
class LiveNames:
    """The defined names the formulas use, and the dimensions in play."""

    weights: dict[str, str]  # dimension -> name of its weight cell
    tiers: list[str]  # names of the tier-name cells, highest tier first
    min_scores: list[str]  # names of the cut-off cells, highest tier first
    kept: tuple[str, ...]  # dimensions the total is made of in this run


def rule_cells(result: RunResult) -> RuleCells:
    """The cells of the weights, tier names and cut-offs, as (row, col) for XlsxWriter.

    The positions are those `custgrade.report.rules_sheet.rule_cells` gives
    and its writer uses, so a defined name always points at the value it means.
    """
    cells = sheet_rule_cells(result.rules, result.lang)
    return RuleCells(
        cells.sheet,
        {dim: xl_cell_to_rowcol(at) for dim, at in cells.weights.items()},
        [xl_cell_to_rowcol(at) for at in cells.tier_names],
        [xl_cell_to_rowcol(at) for at in cells.tier_cutoffs],
    )


def define_names(workbook: Workbook, result: RunResult) -> LiveNames:
    """Define the workbook-level names of the rule cells; return them with the dimensions kept."""
    cells, lang = rule_cells(result), result.lang
    sheet = cells.sheet.replace("'", "''")

    def define(name: str, at: tuple[int, int]) -> str:
        workbook.define_name(name, f"='{sheet}'!{xl_rowcol_to_cell(*at, True, True)}")
        return name

    weights = {
        dim: define(text("report.name.weight", lang, dimension=_dim_word(dim, lang)), at)
        for dim, at in cells.weights.items()
    }
    tiers = [
        define(text("report.name.tier", lang, n=i), at)
        for i, at in enumerate(cells.tier_names, start=1)
    ]
    cuts = [
        define(text("report.name.min_score", lang, n=i), at)
        for i, at in enumerate(cells.min_scores, start=1)
    ]
    return LiveNames(weights, tiers, cuts, kept_dimensions(result))


def kept_dimensions(result: RunResult) -> tuple[str, ...]:
    """The dimensions the total is made of: those with data and differences between customers.

    The same decision as `custgrade.score.effective_weights`, asked with
    equal weights so that a dimension whose rule weight is 0 still counts
    as in play (a user may raise its weight in 评级规则).
    """
    frame = result.customers
    dims: dict[str, np.ndarray] = {
        dim: frame[f"{dim}_score"].to_numpy(dtype="float64")
        for dim in DIMENSIONS
        if f"{dim}_score" in frame.columns and frame[f"{dim}_score"].notna().any()
    }
    equal = {d: DimensionRule(weight=100 / len(DIMENSIONS)) for d in DIMENSIONS}
    weights, _ = effective_weights(result.rules.model_copy(update={"dimensions": equal}), dims)
    return tuple(d for d in DIMENSIONS if weights.get(d, 0.0) > 0)


def total_formula(score_columns: dict[str, int], names: LiveNames) -> str | None:
    """The 总评分 formula of one row, with ``{row}`` for the Excel row number.

    None when no dimension is in play (the total is 0 for everyone).
    """
    parts = [(xl_col_to_name(score_columns[d]), names.weights[d]) for d in names.kept]
    if not parts:
        return None
    num = "+".join(f"{col}{{row}}*{weight}" for col, weight in parts)
    den = "+".join(f"ISNUMBER({col}{{row}})*{weight}" for col, weight in parts)
    return f"=IFERROR(ROUND(({num})/({den}),1),0)"


def tier_formula(total_col: int, names: LiveNames, values: list[str]) -> str:
    """A formula choosing ``values[i]`` for the i-th tier (highest first) by the row's 总评分.

    ``values`` are formula terms: the tier-name names, or quoted texts, or numbers.
    """
    total = f"{xl_col_to_name(total_col)}{{row}}"
    formula = values[-1]
    for cut, value in zip(reversed(names.min_scores[:-1]), reversed(values[:-1]), strict=True):
        formula = f"IF({total}>={cut},{value},{formula})"
    return "=" + formula


def level_choice(level_col: int, values: list[str]) -> str:
    """``CHOOSE(level, values...)``: the tier's name or colour from the row's tier level.

    ``values`` run from the lowest tier (level 1) up.  The level cell holds
    the one comparison of 总评分 with the cut-offs, so the name and colour
    formulas stay short (less to write, less to recalculate).
    """
    return f"=CHOOSE({xl_col_to_name(level_col)}{{row}},{','.join(values)})"


def live_totals(result: RunResult, kept: tuple[str, ...]) -> pd.Series:
    """What the 总评分 formula computes for each customer, with the rules as written."""
    frame = result.customers
    num = pd.Series(0.0, index=frame.index)
    den = pd.Series(0.0, index=frame.index)
    for dim in kept:
        weight = result.rules.dimensions[dim].weight  # type: ignore[index]
        scores = frame[f"{dim}_score"].astype("float64")
        num += scores.fillna(0.0) * weight
        den += scores.notna() * weight
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (num / den).where(den > 0, 0.0)
    return pd.Series(excel_round(mean), index=frame.index)


def live_tiers(totals: pd.Series, rules: Rules) -> pd.DataFrame:
    """The tier of each live total: what the tier formulas compute (`assign_tiers`)."""
    return assign_tiers(totals, rules)


def _dim_word(dim: str, lang: str) -> str:
    """The dimension as it appears inside a defined name (no spaces)."""
    return text(f"report.dim.{dim}", lang) if lang != "en" else dim
