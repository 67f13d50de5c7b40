"""概览: the one screen a manager opens first.

Top to bottom: the analysis date and window; the customer, order and
interaction ledgers and the number of problems; every data warning of the
run; the tiers with their share of customers and of revenue and their
average scores and spend (live, `overview_tiers`); three native charts;
总评分 in bands, lifecycle states and churn risk; the top customers and
the valuable customers at risk.  Sections that other parts of the report
add (the tier migration of a re-run) come last, each written by a
`SectionWriter`.  Per-customer data stays on the other sheets, so this one
fits a screen whatever the number of customers.

The sheet is written strictly top to bottom (constant_memory allows no
going back): each section returns the next free row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from custgrade import messages
from custgrade.analyse import load_decision_table
from custgrade.errors import CELL, MERGED, NOTE, REJECTED
from custgrade.messages import CATALOGUE, text
from custgrade.report.customer_sheets import customer_column, customer_row_links, label
from custgrade.report.live import LiveNames, live_tiers, live_totals
from custgrade.report.overview_tiers import (
    CHART_ROWS,
    Cell,
    insert_charts,
    write_score_bands,
    write_tier_table,
)
from custgrade.report.styles import LINE_HEIGHT, Styles, display_width
from custgrade.report.table import cell_text, write_value
from custgrade.result import Note, RunResult

#: write(ws, row, result, styles) -> the next free row; e.g. report.history.write_migration.
SectionWriter = Callable[[Worksheet, int, RunResult, Styles], int]
LIST_LENGTH = 10  # customers in each of the top and at-risk lists
WIDTHS = (20, 26, 12, 18, 15, 12, 12, 12, 12, 12, 14)  # B holds the customer names of the lists
SIDE_BY_SIDE = (0, 3, 7)  # first columns of the bands, lifecycle and risk tables
LINK_COLUMN = 6  # where the link to 问题数据 sits on the problems line


def write_overview(
    wb: Workbook,
    ws: Worksheet,
    result: RunResult,
    styles: Styles,
    names: LiveNames,
    sections: Sequence[SectionWriter] = (),
) -> None:
    """Write every section of 概览, then the extra ``sections`` below them."""
    lang = result.lang
    for c, width in enumerate(WIDTHS):
        ws.set_column(c, c, width)
    ws.hide_gridlines(2)
    ws.set_row(0, 30)
    ws.write_string(0, 0, text("report.overview.title", lang), styles["title"])
    row = _write_facts(ws, 2, result, styles)
    row = _write_warnings(ws, row + 1, result, styles)
    row = _section(ws, row + 1, "tiers_title", lang, styles)
    row, tiers = write_tier_table(ws, row, result, styles, names)
    chart_row = row
    row += CHART_ROWS
    row = _section(ws, row, "distribution_title", lang, styles)
    row, bands = write_score_bands(ws, row, result, styles, names, _count_cells(result, styles))
    insert_charts(wb, ws, chart_row, result, tiers, bands)
    ranking = _Ranking.of(result, names)
    row = _write_top(ws, row, result, styles, ranking)
    row = _write_at_risk(ws, row + 1, result, styles, ranking)
    for write in sections:
        row = write(ws, row + 1, result, styles)
    ws.print_area(0, 0, row, len(WIDTHS) - 1)


def note_text(note: Note, lang: str) -> str:
    """The localised text of a run note; its key when the catalogue lacks it."""
    if note.key not in CATALOGUE:
        return note.key
    return messages.note_text(note.key, note.params, lang)


def _write_facts(ws: Worksheet, row: int, result: RunResult, styles: Styles) -> int:
    """Analysis date and window, the three ledgers, the problem count, the revenue."""
    lang, ledger = result.lang, result.ledger
    facts: list[tuple[str, Any, Any]] = [
        (_t("as_of", lang), result.as_of, styles["date"]),
        (_t("window", lang), _window(result), None),
        (_t("customer_ledger", lang), _customer_ledger(result), None),
    ]
    for kind in ("orders", "interactions"):
        counts = ledger.record_counts(kind)
        if counts["rows"]:
            key = "order_ledger" if kind == "orders" else "interaction_ledger"
            facts.append((_t(key, lang), _t("rows_ledger", lang, **counts), None))
    facts.append((_t("problems", lang), _problem_line(result), None))
    net = pd.to_numeric(result.customers.get("net_amount", pd.Series(dtype=float)), errors="coerce")
    money = styles.money(result.currency, left=True)
    facts.append((_t("revenue_total", lang), float(net.sum()), money))
    problems_row = row + len(facts) - 2
    sheet = text("report.sheet.problems", lang).replace("'", "''")
    for r, (key, value, fmt) in enumerate(facts, start=row):
        ws.write_string(r, 0, key, styles["bold"])
        if fmt is not None and not isinstance(value, str):
            write_value(ws, r, 1, value, styles, fmt)
        else:
            ws.write_string(r, 1, str(value))
        if r == problems_row and len(result.issues):
            link = f"internal:'{sheet}'!A1"
            ws.write_url(r, LINK_COLUMN, link, styles["link"], _t("open_problems", lang))
    return row + len(facts)


def _window(result: RunResult) -> str:
    days = (result.as_of - result.window_start).days + 1
    return _t("window_value", result.lang, start=result.window_start, end=result.as_of, days=days)


def _customer_ledger(result: RunResult) -> str:
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


def _problem_line(result: RunResult) -> str:
    lang, issues = result.lang, result.issues
    kinds = issues["kind"].value_counts() if len(issues) else pd.Series(dtype="int64")
    parts = [
        f"{text(f'report.kind.{kind}', lang)} {int(kinds.get(kind, 0))}"
        for kind in (REJECTED, CELL, MERGED, NOTE)
        if kinds.get(kind, 0)
    ]
    detail = (
        f"（{'，'.join(parts)}）"
        if lang != "en" and parts
        else f" ({', '.join(parts)})"
        if parts
        else ""
    )
    return _t("problems_value", lang, count=len(issues)) + detail


def _write_warnings(ws: Worksheet, row: int, result: RunResult, styles: Styles) -> int:
    """Every note of the run, one per row across the sheet's width."""
    lang = result.lang
    if not result.notes:
        return row
    row = _section(ws, row, "warnings_title", lang, styles)
    for note in result.notes:
        message = note_text(note, lang)
        lines = max(1, -(-int(display_width(pd.Series([message])).iloc[0]) // 150))
        ws.set_row(row, LINE_HEIGHT * lines + 3)
        ws.merge_range(row, 0, row, len(WIDTHS) - 1, f"• {message}", styles["warning"])
        row += 1
    return row


def _states(result: RunResult, column: str) -> pd.Series:
    """Customers per lifecycle state or churn risk, in the decision table's order."""
    values = result.customers[column] if column in result.customers else pd.Series(dtype=object)
    counts = values.astype(object).value_counts()
    table, prefix = ("lifecycle", "lifecycle.") if column == "lifecycle" else ("risk", "risk.")
    order = [text(prefix + name, result.lang) for name in load_decision_table().names(table)]
    if column == "churn_risk":
        order = order[1:] + order[:1]  # 高 / 中 / 低, then 无法判断
    known = [name for name in order if counts.get(name, 0)]
    others = [name for name in counts.index if name not in order]
    return counts.reindex(known + others)


def _count_cells(result: RunResult, styles: Styles) -> dict[int, list[Cell]]:
    """Lifecycle and churn-risk counts with shares, by row offset, to sit beside the bands.

    Returned as cells rather than written, because constant_memory needs
    every row written once, left to right, top to bottom.
    """
    lang, total = result.lang, max(len(result.customers), 1)
    cells: dict[int, list[Cell]] = {}
    for first, column in zip(SIDE_BY_SIDE[1:], ("lifecycle", "churn_risk"), strict=True):
        headers = [label(column, lang), _t("customers", lang), _t("share", lang)]
        for c, head in enumerate(headers):
            cells.setdefault(0, []).append((first + c, head, styles["header"]))
        for r, (state, count) in enumerate(_states(result, column).items(), start=1):
            cells.setdefault(r, []).extend(
                [
                    (first, str(state), None),
                    (first + 1, int(count), styles["count"]),
                    (first + 2, int(count) / total, styles["percent"]),
                ]
            )
    return cells


def _write_top(
    ws: Worksheet, row: int, result: RunResult, styles: Styles, ranking: _Ranking
) -> int:
    """The customers with the highest 总评分 (ties: more net spend first)."""
    order = ranking.scores.sort_values(["total", "net"], ascending=False, kind="stable")
    picked = ranking.picked(result, order.index[:LIST_LENGTH].to_numpy())
    return _write_list(ws, row, "top_title", picked, result, styles)


def _write_at_risk(
    ws: Worksheet, row: int, result: RunResult, styles: Styles, ranking: _Ranking
) -> int:
    """Customers of the two highest tiers whose churn risk is high (then medium), by spend."""
    scores = ranking.scores
    valuable = scores[(scores["rank"] <= 1) & scores["risk_order"].notna()]
    order = valuable.sort_values(["risk_order", "net"], ascending=[True, False], kind="stable")
    picked = ranking.picked(result, order.index[:LIST_LENGTH].to_numpy())
    return _write_list(ws, row, "at_risk_title", picked, result, styles)


@dataclass(frozen=True)
class _Ranking:
    """What the two lists are ranked by, for every customer (positions as index).

    Only numbers are held for all customers; the texts shown are taken for
    the few picked (at a million customers, copying every customer's texts
    into a frame of their own cost 2 s a list).
    """

    scores: pd.DataFrame  # total, net, rank (tier, 0 = highest), risk_order (0 high, 1 medium)
    tiers: pd.Series  # the live tier's name

    @classmethod
    def of(cls, result: RunResult, names: LiveNames) -> _Ranking:
        frame, lang = result.customers, result.lang
        totals = live_totals(result, names.kept)
        tiers = live_tiers(totals, result.rules)
        risk = {text("risk.high", lang): 0, text("risk.medium", lang): 1}
        churn = customer_column(frame, "churn_risk").map(risk)
        scores = pd.DataFrame(
            {
                "total": totals.to_numpy(),
                "net": pd.to_numeric(
                    customer_column(frame, "net_amount"), errors="coerce"
                ).to_numpy(),
                "rank": tiers["tier_rank"].to_numpy(),
                "risk_order": pd.to_numeric(churn).to_numpy(),
            }
        )
        return cls(scores, tiers["tier_name"].reset_index(drop=True))

    def picked(self, result: RunResult, positions: np.ndarray) -> pd.DataFrame:
        """The picked customers' rows of a list, in the order given."""
        frame = result.customers.iloc[positions]
        scores = self.scores.iloc[positions]
        return pd.DataFrame(
            {
                "position": positions,
                "id": customer_column(frame, "customer_id").to_numpy(),
                "name": customer_column(frame, "name").to_numpy(),
                "tier": self.tiers.iloc[positions].to_numpy(),
                "total": scores["total"].to_numpy(),
                "net": scores["net"].to_numpy(),
                "last": customer_column(frame, "last_purchase_at").to_numpy(),
                "lifecycle": customer_column(frame, "lifecycle").to_numpy(),
                "risk": customer_column(frame, "churn_risk").to_numpy(),
            }
        )


def _write_list(
    ws: Worksheet,
    row: int,
    title: str,
    picked: pd.DataFrame,
    result: RunResult,
    styles: Styles,
) -> int:
    """A short customer list; each ID links to the customer's row in 基本信息."""
    lang = result.lang
    row = _section(ws, row, title, lang, styles)
    if picked.empty:
        ws.write_string(row, 0, _t("none", lang), styles["note"])
        return row + 1
    keys = ["customer_id", "name", "tier_name", "total_score", "net_amount", "last_purchase_at"]
    keys += ["lifecycle", "churn_risk"]
    ws.set_row(row, 30)  # two lines for the longer English headers
    ws.write_row(row, 0, [label(k, lang) for k in keys], styles["header"])
    money = styles.money(result.currency)
    links = customer_row_links(picked["position"].astype("float64"), result).tolist()
    records = [
        {str(k): v for k, v in rec.items()} for rec in picked.astype(object).to_dict("records")
    ]
    for r, (item, link) in enumerate(zip(records, links, strict=True), start=row + 1):
        shown = "" if pd.isna(item["id"]) else cell_text(item["id"])
        ws.write_url(r, 0, link, styles["link"], shown)
        write_value(ws, r, 1, item["name"], styles)
        ws.write_string(r, 2, str(item["tier"]), styles.tier[str(item["tier"])])
        write_value(ws, r, 3, item["total"], styles, styles["score"])
        write_value(ws, r, 4, item["net"], styles, money)
        write_value(ws, r, 5, item["last"], styles, styles["date"])
        write_value(ws, r, 6, item["lifecycle"], styles)
        write_value(ws, r, 7, item["risk"], styles)
    return row + 1 + len(picked)


def _section(ws: Worksheet, row: int, key: str, lang: str, styles: Styles) -> int:
    ws.set_row(row, 22)
    ws.write_string(row, 0, _t(key, lang), styles["section"])
    return row + 1


def _t(key: str, lang: str, **params: Any) -> str:
    return text(f"report.overview.{key}", lang, **params)
