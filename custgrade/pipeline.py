"""grade_workbook(): read → validate/clean → dedupe → score → tier → analyse → write.

The pipeline owns the ledger: every customer row read ends up graded,
merged into another customer or rejected, and every order and interaction
row is used or rejected; a ledger that does not balance is a bug and
stops the run before anything is written.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from custgrade import __version__
from custgrade.analyse import analyse_customers
from custgrade.dedupe import merge_duplicates
from custgrade.errors import InternalError, IssueCode, OutputError
from custgrade.ingest import read_workbook
from custgrade.ingest.tables import InputWorkbook, SheetTable
from custgrade.issues import concat_issues
from custgrade.measures import (
    Linked,
    Window,
    combine_measures,
    interaction_measures,
    latest_date,
    link_rows,
    order_measures,
)
from custgrade.result import Ledger, Note, RunResult
from custgrade.rules import resolve_rules
from custgrade.score import score_customers
from custgrade.tiers import assign_tiers, next_tier_gaps
from custgrade.validate import CleanSheet, clean_sheet

ProgressCallback = Callable[[str, float], None]

OUTPUT_SUFFIX = {"zh": "_评级", "en": "_graded"}


def default_output_path(input_path: Path, lang: str = "zh") -> Path:
    """``<name>_评级.xlsx`` beside the input (``<name>_graded.xlsx`` in English)."""
    return input_path.with_name(f"{input_path.stem}{OUTPUT_SUFFIX.get(lang, '_评级')}.xlsx")


def grade_workbook(
    input_path: Path | str,
    output_path: Path | str | None = None,
    *,
    rules_file: Path | str | None = None,
    as_of: dt.date | None = None,
    lang: str = "zh",
    on_progress: ProgressCallback | None = None,
    write: bool = True,
) -> RunResult:
    """Grade the customers of one workbook and write the graded workbook.

    Args:
        input_path: the customer workbook (.xlsx/.xlsm/.xls/.ods/.xlsb/.csv);
            never modified.
        output_path: where to write; default `default_output_path`.
        rules_file: a TOML/YAML rules file; a 评级规则 sheet in the input wins.
        as_of: the analysis date; default the latest date in the data.
        lang: "zh" or "en" for every label and message of the output.
        on_progress: called with (stage, fraction) as the run advances.
        write: False to grade without writing (for previews and tests).

    Returns:
        The RunResult with the graded customers, issues and ledger.

    Raises:
        CustgradeError: the input, the rules or the output location is
            unusable; the message says what to do.
    """
    started, clock = dt.datetime.now().replace(microsecond=0), time.perf_counter()
    progress = on_progress or (lambda stage, fraction: None)
    source = Path(input_path)
    target = Path(output_path) if output_path else default_output_path(source, lang)
    _check_output(source, target)
    book = read_workbook(source, on_progress=progress)
    rules, rules_source = resolve_rules(
        rules_file=Path(rules_file) if rules_file else None,
        sheet_rows=book.rules_rows,
        sheet_name=book.rules_sheet_name,
        as_of=as_of,
        lang=lang,
    )
    progress("clean", 0.0)
    customers = clean_sheet(book.customers)
    orders = clean_sheet(book.orders) if book.orders else None
    interactions = clean_sheet(book.interactions) if book.interactions else None
    deduped = merge_duplicates(customers.frame)
    progress("clean", 1.0)

    progress("score", 0.0)
    window, notes = _window(rules.as_of, rules.window_days, deduped.customers, orders, interactions)
    linked_orders = _link(orders, book.orders, deduped.id_map, IssueCode.ORDER_UNKNOWN_CUSTOMER)
    linked_inter = _link(
        interactions, book.interactions, deduped.id_map, IssueCode.INTERACTION_UNKNOWN_CUSTOMER
    )
    measured = combine_measures(
        deduped.customers,
        order_measures(linked_orders.frame, window) if linked_orders else None,
        interaction_measures(linked_inter.frame, window) if linked_inter else None,
        window,
    )
    scored = score_customers(measured.frame, measured.available, rules)
    tiers = assign_tiers(scored.scores["total_score"], rules)
    gaps = next_tier_gaps(measured.frame, scored.scores, tiers, rules, scored.weights)
    analysis = analyse_customers(
        deduped.customers,
        measured.frame,
        scored.scores,
        tiers,
        gaps,
        rules,
        window.as_of,
        lang,
        has_orders=linked_orders is not None,
    )
    progress("score", 1.0)

    base = deduped.customers.drop(columns=[c for c in measured.frame if c in deduped.customers])
    graded = pd.concat([base, measured.frame, scored.scores, tiers, analysis], axis=1)
    ledger = _ledger(
        customers,
        len(graded),
        deduped.merged_rows,
        orders,
        linked_orders,
        interactions,
        linked_inter,
    )
    issues = concat_issues(
        [
            book.issues if book.issues is not None else concat_issues([]),
            customers.issues,
            deduped.issues,
        ]
        + [s.issues for s in (orders, interactions) if s]
        + [lk.issues for lk in (linked_orders, linked_inter) if lk]
    )
    issues = _in_reading_order(issues, book)
    result = RunResult(
        input_path=source.resolve(),
        input_sha256=book.sha256,
        output_path=target.resolve() if write else None,
        lang=lang,
        as_of=window.as_of.date(),
        window_start=window.start.date(),
        rules=rules,
        rules_source=rules_source,
        customers=graded.reset_index(drop=True),
        extra_columns=[c for c in customers.extra_columns if c in graded.columns],
        issues=issues,
        ledger=ledger,
        mapping=[
            m for t in (book.customers, book.orders, book.interactions) if t for m in t.mapping
        ],
        cutoffs=scored.cutoffs,
        effective_weights=scored.weights,
        notes=notes + scored.notes,
        started_at=started,
        version=__version__,
    )
    if not ledger.balanced:
        raise InternalError(f"ledger does not balance: {ledger}")
    if write:
        from custgrade.report import write_workbook

        result.duration_seconds = time.perf_counter() - clock
        write_workbook(result, target, on_progress=progress)
    result.duration_seconds = time.perf_counter() - clock
    return result


def _in_reading_order(issues: pd.DataFrame, book: InputWorkbook) -> pd.DataFrame:
    """Issues sorted as the user reads the file: customer sheet first, then by row and column."""
    tables = (book.customers, book.orders, book.interactions)
    order = {t.sheet_name: i for i, t in enumerate(tables) if t is not None}
    rank = issues["sheet"].map(order).fillna(len(order))
    keys = pd.DataFrame({"rank": rank, "row": issues["row"], "letter": issues["letter"]})
    return issues.loc[keys.sort_values(["rank", "row", "letter"], kind="stable").index].reset_index(
        drop=True
    )


def _check_output(source: Path, target: Path) -> None:
    if target.suffix.lower() != ".xlsx":
        raise OutputError("output-not-xlsx", file=target.name)
    if source.exists() and target.resolve() == source.resolve():
        raise OutputError("output-is-input", file=target.name)


def _window(
    rules_as_of: dt.date | None,
    days: int,
    customers: pd.DataFrame,
    orders: CleanSheet | None,
    interactions: CleanSheet | None,
) -> tuple[Window, list[Note]]:
    """The as-of date: from the rules, else the latest date in the data, never silently today."""
    if rules_as_of:
        return Window(pd.Timestamp(rules_as_of), days), []
    found = latest_date(
        orders.frame.get("date") if orders else None,
        interactions.frame.get("date") if interactions else None,
        customers.get("last_purchase_at"),
        customers.get("last_contact_at"),
    ) or latest_date(customers.get("registered_at"))
    if found is None:
        today = dt.date.today()
        return Window(pd.Timestamp(today), days), [Note("note.as-of-today")]
    return Window(pd.Timestamp(found), days), [Note("note.as-of-from-data", {"as_of": str(found)})]


def _link(
    sheet: CleanSheet | None, table: SheetTable | None, id_map: pd.Series, code: IssueCode
) -> Linked | None:
    if sheet is None or table is None:
        return None
    return link_rows(
        sheet.frame,
        id_map,
        code,
        column=table.headers.get("customer_id", ""),
        letter=table.letters.get("customer_id", ""),
    )


def _ledger(
    customers: CleanSheet,
    graded: int,
    merged: int,
    orders: CleanSheet | None,
    linked_orders: Linked | None,
    interactions: CleanSheet | None,
    linked_inter: Linked | None,
) -> Ledger:
    return Ledger(
        input_rows=customers.input_rows,
        graded=graded,
        merged=merged,
        rejected=customers.rejected_rows,
        order_rows=orders.input_rows if orders else 0,
        orders_used=linked_orders.used if linked_orders else 0,
        orders_rejected=(orders.rejected_rows + linked_orders.rejected)
        if orders and linked_orders
        else 0,
        interaction_rows=interactions.input_rows if interactions else 0,
        interactions_used=linked_inter.used if linked_inter else 0,
        interactions_rejected=(interactions.rejected_rows + linked_inter.rejected)
        if interactions and linked_inter
        else 0,
    )
