"""概览: the one screen a manager opens first.

Analysis date, the ledger, customers per tier with their share and
averages, and a native Excel chart drawn from that table (so it stays
live if someone edits the numbers).  Per-customer data stays on the other
sheets so that this one fits a screen whatever the number of customers.
"""

from __future__ import annotations

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from custgrade.messages import text
from custgrade.report.styles import Styles
from custgrade.result import RunResult

TABLE_ROW = 6  # zero-based row of the tier table's header


def tier_summary(result: RunResult) -> pd.DataFrame:
    """Customers, share, average total score and net spend per tier, in tier order."""
    frame = result.customers
    names = [tier.name for tier in result.rules.tiers]
    if "tier_name" not in frame.columns:
        frame = frame.assign(tier_name=pd.Series(dtype=object))
    for name in ("total_score", "net_amount"):
        if name not in frame.columns:
            frame = frame.assign(**{name: float("nan")})
    grouped = frame.groupby("tier_name", sort=False).agg(
        count=("tier_name", "size"),
        avg_score=("total_score", "mean"),
        avg_spend=("net_amount", "mean"),
    )
    summary = grouped.reindex(names)
    summary["count"] = summary["count"].fillna(0).astype("int64")
    total = int(summary["count"].sum())
    summary["share"] = summary["count"] / total if total else 0.0
    return summary


def write_overview(wb: Workbook, ws: Worksheet, result: RunResult, styles: Styles) -> None:
    """Write the heading, the ledger line, the tier table and the chart."""
    lang = result.lang
    ws.set_column(0, 0, 16)
    ws.set_column(1, 4, 14)
    ws.hide_gridlines(2)
    ws.set_row(0, 28)
    ws.write_string(0, 0, text("report.overview.title", lang), styles["title"])
    ws.write_string(2, 0, text("report.run.as_of", lang), styles["bold"])
    ws.write_datetime(2, 1, pd.Timestamp(result.as_of).to_pydatetime(), styles["date"])
    ws.write_string(3, 0, text("report.run.window", lang), styles["bold"])
    ws.write_string(3, 1, f"{result.window_start:%Y-%m-%d} – {result.as_of:%Y-%m-%d}")
    ws.write_string(4, 0, _ledger_line(result), styles["bold"])
    summary = tier_summary(result)
    _write_tier_table(ws, summary, lang, styles)
    _insert_chart(wb, ws, result, len(summary))


def _ledger_line(result: RunResult) -> str:
    ledger = result.ledger
    line = text(
        "report.overview.ledger",
        result.lang,
        input_rows=ledger.input_rows,
        graded=ledger.graded,
        merged=ledger.merged,
        rejected=ledger.rejected,
    )
    balance = text(
        "report.run.balanced" if ledger.balanced else "report.run.unbalanced", result.lang
    )
    return f"{line}  {balance}"


def _write_tier_table(ws: Worksheet, summary: pd.DataFrame, lang: str, styles: Styles) -> None:
    keys = ("customers", "share", "avg_score", "avg_spend")
    headers = [text("report.col.tier_name", lang)] + [
        text(f"report.overview.{k}", lang) for k in keys
    ]
    ws.write_row(TABLE_ROW, 0, headers, styles["header"])
    formats = [styles["count"], styles["percent"], styles["score"], styles["money"]]
    columns = ("count", "share", "avg_score", "avg_spend")
    for r, (name, values) in enumerate(summary.iterrows(), start=TABLE_ROW + 1):
        ws.write_string(r, 0, str(name), styles.tier[str(name)])
        for c, (column, fmt) in enumerate(zip(columns, formats, strict=True), start=1):
            if pd.notna(values[column]):
                ws.write_number(r, c, float(values[column]), fmt)
    total_row = TABLE_ROW + 1 + len(summary)
    ws.write_string(total_row, 0, text("report.overview.total", lang), styles["bold"])
    ws.write_number(total_row, 1, float(summary["count"].sum()), styles["count"])
    ws.write_number(total_row, 2, 1.0 if summary["count"].sum() else 0.0, styles["percent"])


def _insert_chart(wb: Workbook, ws: Worksheet, result: RunResult, n_tiers: int) -> None:
    """A column chart of customers per tier, each bar in its tier's colour."""
    chart = wb.add_chart({"type": "column"})
    first, last = TABLE_ROW + 1, TABLE_ROW + n_tiers
    sheet = ws.get_name()
    chart.add_series(
        {
            "name": text("report.overview.customers", result.lang),
            "categories": [sheet, first, 0, last, 0],
            "values": [sheet, first, 1, last, 1],
            "points": [{"fill": {"color": tier.color}} for tier in result.rules.tiers],
            "data_labels": {"value": True},
        }
    )
    chart.set_title({"name": text("report.overview.chart_title", result.lang)})
    chart.set_legend({"none": True})
    chart.set_y_axis({"major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}}})
    chart.set_size({"width": 520, "height": 300})
    ws.insert_chart(TABLE_ROW + n_tiers + 3, 0, chart)
