"""The live tables of 概览: tiers with their share of customers and revenue, and the scores.

The counts, sums and averages are COUNTIF / SUMIF / AVERAGEIF formulas
over 等级信息 (whose tier and 总评分 columns are live themselves), so
editing a weight or a cut-off in 评级规则 moves customers between tiers
here too, and the native charts drawn from these cells follow.  Every
formula refers to columns of 等级信息 only, so sorting that sheet keeps the
sums right.  The cached values are computed here with pandas, from the
same live totals the tier formulas carry.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from custgrade.messages import text
from custgrade.report.customer_sheets import (
    NET_AT,
    TIER_AT,
    TIER_SCORES_AT,
    TOTAL_AT,
)
from custgrade.report.live import LiveNames, live_tiers, live_totals
from custgrade.report.styles import Styles
from custgrade.report.table import formula_writer, write_value
from custgrade.result import RunResult
from custgrade.rules.model import DIMENSIONS
from custgrade.sheet_parts import part_names, part_slices

#: Score bands of the distribution table and chart: [0, 10), ... [90, 100].
SCORE_BANDS: tuple[int, ...] = tuple(range(0, 100, 10))
CHART_SIZE = {"width": 340, "height": 280}
CHART_ROWS = 16  # rows the chart band takes below the tier table
#: One cell of a small table: (column, value, format).
Cell = tuple[int, object, Format | None]


@dataclass(frozen=True)
class Block:
    """Where a written table sits: first data row, number of rows, zero-based."""

    first: int
    rows: int


def tier_table(result: RunResult, names: LiveNames) -> pd.DataFrame:
    """Per tier, highest first: customers, share, net spend, its share, averages.

    Grouped by the live tier (what 等级信息 shows), not the pipeline's.
    """
    frame = result.customers
    tiers = live_tiers(live_totals(result, names.kept), result.rules)["tier_name"]
    columns: dict[str, pd.Series] = {
        "tier": tiers,
        "total": live_totals(result, names.kept),
        "net": _column(frame, "net_amount"),
    }
    columns.update({dim: _column(frame, f"{dim}_score") for dim in DIMENSIONS})
    data = pd.DataFrame(columns)
    grouped = data.groupby("tier", sort=False)
    order = [t.name for t in result.rules.tiers]
    summary = pd.DataFrame(
        {
            "count": grouped.size(),
            "net": grouped["net"].sum(min_count=1),
            "avg_total": grouped["total"].mean(),
            **{f"avg_{dim}": grouped[dim].mean() for dim in DIMENSIONS},
            "avg_net": grouped["net"].mean(),
        }
    ).reindex(order)
    summary["count"] = summary["count"].fillna(0).astype("int64")
    summary["net"] = summary["net"].fillna(0.0)
    customers, revenue = summary["count"].sum(), summary["net"].sum()
    summary["share"] = summary["count"] / customers if customers else 0.0
    summary["net_share"] = summary["net"] / revenue if revenue else 0.0
    return summary


def score_bands(result: RunResult, names: LiveNames) -> pd.Series:
    """Customers per band of 10 points of the live 总评分 (100 in the last band)."""
    totals = live_totals(result, names.kept).clip(0, 100)
    band = (totals // 10).astype("int64").clip(upper=len(SCORE_BANDS) - 1)
    counts: pd.Series = band.value_counts().reindex(range(len(SCORE_BANDS)), fill_value=0)
    return counts


def write_tier_table(
    ws: Worksheet, row: int, result: RunResult, styles: Styles, names: LiveNames
) -> tuple[int, Block]:
    """The tier table with live COUNTIF/SUMIF/AVERAGEIF cells; returns (next row, block)."""
    lang, summary = result.lang, tier_table(result, names)
    keys = ["customers", "share", "revenue", "revenue_share", "avg_score"]
    keys += [f"avg_{dim}" for dim in DIMENSIONS] + ["avg_spend"]
    headers = [text("report.col.tier_name", lang)] + [
        text(f"report.overview.{k}", lang) for k in keys
    ]
    ws.set_row(row, 32)
    ws.write_row(row, 0, headers, styles["header"])
    ref = _TierRefs(result, row + 1 + len(summary))
    money = styles.money(result.currency)
    formats = [styles["count"], styles["percent"], money, styles["percent"]]
    formats += [styles["score"]] * (1 + len(DIMENSIONS)) + [money]
    for i, (name, values) in enumerate(summary.iterrows()):
        r = row + 1 + i
        me = xl_rowcol_to_cell(r, 0, col_abs=True)
        formula_writer(ws, f"={names.tiers[i]}")(r, 0, str(name), styles.tier[str(name)])
        cells = [
            (f"={ref.count_if(me)}", values["count"]),
            (f"=IF({ref.sum(1)}=0,0,B{r + 1}/{ref.sum(1)})", values["share"]),
            (f"={ref.sum_if(me, NET_AT)}", values["net"]),
            (f"=IF({ref.sum(3)}=0,0,D{r + 1}/{ref.sum(3)})", values["net_share"]),
            (ref.average_if(me, TOTAL_AT), values["avg_total"]),
            *[
                (ref.average_if(me, TIER_SCORES_AT + k), values[f"avg_{dim}"])
                for k, dim in enumerate(DIMENSIONS)
            ],
            (ref.average_if(me, NET_AT), values["avg_net"]),
        ]
        for c, ((formula, value), fmt) in enumerate(zip(cells, formats, strict=True), start=1):
            cached = 0.0 if pd.isna(value) else float(value)
            formula_writer(ws, formula)(r, c, cached, fmt)
    total_row = row + 1 + len(summary)
    ws.write_string(total_row, 0, text("report.overview.total", lang), styles["bold"])
    for c in (1, 2, 3, 4):
        column = xl_col_to_name(c)
        cached = float(summary[["count", "share", "net", "net_share"][c - 1]].sum())
        formula = f"=SUM({column}{row + 2}:{column}{total_row})"
        formula_writer(ws, formula)(total_row, c, cached, formats[c - 1])
    return total_row + 2, Block(row + 1, len(summary))


def write_score_bands(
    ws: Worksheet,
    row: int,
    result: RunResult,
    styles: Styles,
    names: LiveNames,
    beside: dict[int, list[Cell]],
) -> tuple[int, Block]:
    """总评分 in bands of 10 points (live COUNTIFS over 等级信息's 总评分), and ``beside`` it.

    ``beside`` holds the cells of small tables to the right, by row offset
    from ``row``; they are written row by row with the bands.
    """
    lang, counts = result.lang, score_bands(result, names)
    ref = _TierRefs(result, 0)
    height = max(len(SCORE_BANDS) + 1, max(beside, default=0) + 1)
    for offset in range(height):
        r, i = row + offset, offset - 1
        if offset == 0:
            ws.write_row(r, 0, [_t("score_band", lang), _t("customers", lang)], styles["header"])
        elif i < len(SCORE_BANDS):
            low = SCORE_BANDS[i]
            upper = "<=" if low + 10 == 100 else "<"
            ws.write_string(r, 0, f"{low}–{low + 10}", styles["center"])
            formula = "=" + ref.count_between(TOTAL_AT, f">={low}", f"{upper}{low + 10}")
            formula_writer(ws, formula)(r, 1, float(counts.iloc[i]), styles["count"])
        for c, value, fmt in beside.get(offset, []):
            write_value(ws, r, c, value, styles, fmt)
    return row + height + 1, Block(row + 1, len(SCORE_BANDS))


def insert_charts(
    wb: Workbook, ws: Worksheet, row: int, result: RunResult, tiers: Block, bands: Block
) -> int:
    """Three native charts side by side at ``row``: customers, revenue, score distribution."""
    sheet, lang = ws.get_name(), result.lang
    points = [
        {"fill": {"color": tier.color}, "border": {"color": "#7F7F7F"}}
        for tier in result.rules.tiers
    ]
    first, last = tiers.first, tiers.first + tiers.rows - 1
    specs = [
        ("chart_customers", [sheet, first, 0, last, 0], [sheet, first, 1, last, 1], points, "0"),
        ("chart_revenue", [sheet, first, 0, last, 0], [sheet, first, 3, last, 3], points, "#,##0"),
        (
            "chart_scores",
            [sheet, bands.first, 0, bands.first + bands.rows - 1, 0],
            [sheet, bands.first, 1, bands.first + bands.rows - 1, 1],
            None,
            "0",
        ),
    ]
    for i, (key, categories, values, colours, number) in enumerate(specs):
        chart = wb.add_chart({"type": "column"})
        series: dict[str, object] = {
            "name": _t(key, lang),
            "categories": categories,
            "values": values,
            "data_labels": {"value": True, "num_format": number},
            "gap": 60 if colours else 15,
        }
        series["points" if colours else "fill"] = colours or {"color": "#5B9BD5"}
        chart.add_series(series)
        chart.set_title({"name": _t(key, lang), "name_font": {"size": 12, "bold": True}})
        chart.set_legend({"none": True})
        chart.set_y_axis(
            {
                "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}},
                "num_format": number,
            }
        )
        chart.set_size(CHART_SIZE)
        ws.insert_chart(
            row, 0, chart, {"x_offset": 4 + i * (CHART_SIZE["width"] + 12), "y_offset": 4}
        )
    return row + CHART_ROWS


class _TierRefs:
    """Absolute references to whole data columns of 等级信息, and the formulas over them.

    A result with more customers than a sheet holds has 等级信息 on several
    sheets (`custgrade.sheet_parts`); each count, sum and average then adds
    up its terms over every part.  With one sheet the formulas are the plain
    COUNTIF / SUMIF / AVERAGEIF a user would write.
    """

    def __init__(self, result: RunResult, total_row: int) -> None:
        lang, rows = result.lang, len(result.customers)
        names = part_names(text("report.sheet.tiers", lang), rows, lang)
        self.parts = [
            (name.replace("'", "''"), max(part.stop - part.start, 1) + 1)
            for name, part in zip(names, part_slices(rows), strict=True)
        ]
        self.total_row = total_row  # zero-based row of the table's 合计 line

    def col(self, c: int) -> list[str]:
        """The data cells of column ``c`` on each part: '等级信息'!$K$2:$K$101."""
        name = xl_col_to_name(c)
        return [f"'{sheet}'!${name}$2:${name}${last}" for sheet, last in self.parts]

    def count_if(self, me: str) -> str:
        """Customers of the tier named in cell ``me``."""
        return "+".join(f"COUNTIF({tier},{me})" for tier in self.col(TIER_AT))

    def sum_if(self, me: str, c: int) -> str:
        """The sum of column ``c`` over the customers of the tier in ``me``."""
        pairs = zip(self.col(TIER_AT), self.col(c), strict=True)
        return "+".join(f"SUMIF({tier},{me},{values})" for tier, values in pairs)

    def average_if(self, me: str, c: int) -> str:
        """AVERAGEIF over the tier in ``me`` (blank cells left out); 0, not #DIV/0!, if none."""
        if len(self.parts) == 1:
            return f"=IFERROR(AVERAGEIF({self.col(TIER_AT)[0]},{me},{self.col(c)[0]}),0)"
        pairs = list(zip(self.col(TIER_AT), self.col(c), strict=True))
        counts = "+".join(f'COUNTIFS({tier},{me},{values},"<>")' for tier, values in pairs)
        return f"=IFERROR(({self.sum_if(me, c)})/({counts}),0)"

    def count_between(self, c: int, low: str, high: str) -> str:
        """Customers whose column ``c`` meets both criteria, e.g. ">=10" and "<20"."""
        return "+".join(f'COUNTIFS({v},"{low}",{v},"{high}")' for v in self.col(c))

    def sum(self, c: int) -> str:
        return str(xl_rowcol_to_cell(self.total_row, c, row_abs=True, col_abs=True))


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return pd.to_numeric(frame[name], errors="coerce").astype("float64")
    return pd.Series(np.nan, index=frame.index)


def _t(key: str, lang: str) -> str:
    return text(f"report.overview.{key}", lang)
