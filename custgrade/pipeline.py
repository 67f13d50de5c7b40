"""grade_workbook(): the stages of a run, in order, and the ledger they must balance.

read → rules → recognise (`read_input`) → clean → (derive customers from orders) →
dedupe → link → window → measure → score → tier → advise → analyse →
write.  Each stage is a function below that takes and returns plain
DataFrames or small dataclasses; the stages' own modules know nothing of
each other.  The pipeline owns the ledger: every customer row read ends up
graded, merged into another customer or rejected, and every order and
interaction row is used or rejected; a ledger that does not balance is a
bug and stops the run before anything is written.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from custgrade import __version__, sheet_parts
from custgrade.analyse import analyse_customers
from custgrade.clean import detect_currency
from custgrade.dedupe import Deduplicated, merge_duplicates
from custgrade.derive import derive_customers
from custgrade.errors import InternalError, IssueCode, OutputError
from custgrade.fields import SheetKind
from custgrade.heap import as_arrow_text, give_back_freed
from custgrade.history import attach_history, read_prior
from custgrade.ingest.reader import read_raw_workbook, recognise_sheets
from custgrade.ingest.recognize import Overrides
from custgrade.ingest.tables import InputWorkbook, SheetTable
from custgrade.issues import concat_issues
from custgrade.link import Linked, link_rows
from custgrade.measures import (
    Measures,
    Window,
    combine_measures,
    interaction_measures,
    latest_date,
    order_measures,
)
from custgrade.messages import text
from custgrade.records import after_as_of_issues, unknown_status_issues
from custgrade.result import Ledger, Note, RunResult
from custgrade.rules import resolve_rules
from custgrade.rules.model import Rules
from custgrade.score import Scored, score_customers
from custgrade.tiers import assign_tiers, next_tier_gaps
from custgrade.validate import CleanSheet, clean_sheet

ProgressCallback = Callable[[str, float], None]

OUTPUT_SUFFIX = {"zh": "_评级", "en": "_graded"}


def default_output_path(input_path: Path, lang: str = "zh") -> Path:
    """``<name>_评级.xlsx`` beside the input (``<name>_graded.xlsx`` in English)."""
    return input_path.with_name(f"{input_path.stem}{OUTPUT_SUFFIX.get(lang, '_评级')}.xlsx")


@dataclass
class Cleaned:
    """The cleaned sheets of a run; customers derived from orders when there was no list."""

    customers: CleanSheet
    orders: CleanSheet | None
    interactions: CleanSheet | None
    derived_from_orders: bool


@dataclass
class Records:
    """Orders and interactions linked to the final customers."""

    orders: Linked | None
    interactions: Linked | None


def grade_workbook(
    input_path: Path | str,
    output_path: Path | str | None = None,
    *,
    rules_file: Path | str | None = None,
    as_of: dt.date | None = None,
    lang: str = "zh",
    on_progress: ProgressCallback | None = None,
    write: bool = True,
    previous: Path | str | None = None,
) -> RunResult:
    """Grade the customers of one workbook and write the graded workbook.

    Args:
        input_path: the customer workbook or order export
            (.xlsx/.xlsm/.xls/.ods/.xlsb/.csv); never modified.
        output_path: where to write; default `default_output_path`.
        rules_file: a TOML/YAML rules file; a 评级规则 sheet in the input wins.
        as_of: the analysis date; default the latest date in the data.
        lang: "zh" or "en" for every label and message of the output.
        on_progress: called with (stage, fraction) as the run advances.
        write: False to grade without writing (for previews and tests).
        previous: a previous result to compare the tiers with; default the
            output file when it exists (read before it is replaced).

    Returns:
        The RunResult with the graded customers, issues and ledger.

    Raises:
        CustgradeError: the input, the rules or the output location is
            unusable; the message says what to do.
        InternalError: a bug (e.g. a ledger that does not balance).
    """
    started, clock = dt.datetime.now().replace(microsecond=0), time.perf_counter()
    progress = on_progress or (lambda stage, fraction: None)
    source = Path(input_path)
    target = Path(output_path) if output_path else default_output_path(source, lang)
    _check_output(source, target)
    prior = read_prior(previous, target if write else None, lang)
    result = grade(source, rules_file, as_of, lang, progress)
    attach_history(result, prior)
    del prior  # the previous result's customers are compared: not held while writing
    give_back_freed()
    result.input_path, result.started_at = source.resolve(), started
    result.output_path = target.resolve() if write else None
    check_ledger(result.ledger)
    if write:
        from custgrade.report import write_workbook

        result.duration_seconds = time.perf_counter() - clock
        write_workbook(result, target, on_progress=progress)
    result.duration_seconds = time.perf_counter() - clock
    return result


def grade(
    source: Path,
    rules_file: Path | str | None,
    as_of: dt.date | None,
    lang: str,
    progress: ProgressCallback,
) -> RunResult:
    """Every stage from reading to the assembled result, before anything is written.

    A stage's input is let go as soon as the next stage holds what it
    needs: the raw cells once cleaned, the cleaned customer rows once
    merged, the ID and contact maps once orders are linked, and everything
    but the result before the workbook is written (at a million customers
    the workbook is written with some 200 MB less held than when every
    stage's frames lived to the end of the run).  Where an input is let go,
    the freed pages go back to the system, and the customers' text is held
    as Arrow before and after merging (`custgrade.heap`): a Python string
    per cell pinned the pages of everything read beside it.
    """
    book, rules, rules_source = read_input(source, rules_file, as_of, lang, progress)
    currency = detect_money(book)
    progress("clean", 0.0)
    sheets = clean_sheets(book)
    sheets.customers.frame = as_arrow_text(sheets.customers.frame)
    book = book.without_cells()
    give_back_freed()
    deduped = merge_duplicates(sheets.customers.frame)
    deduped.customers = as_arrow_text(deduped.customers)
    sheets.customers = sheets.customers.without_rows()
    give_back_freed()
    progress("clean", 1.0)
    progress("score", 0.0)
    records = link_records(sheets, book, deduped)
    deduped = deduped.without_maps()
    window, notes = choose_window(rules, sheets, deduped.customers)
    run = Run(book, rules, sheets, deduped, records, window, currency, notes, lang)
    graded, scored = grade_customers(run, measure_customers(deduped.customers, records, window))
    progress("score", 1.0)
    return assemble_result(run, graded, scored, rules_source)


@dataclass
class Run:
    """What the stages before scoring produced, handed on to scoring and the result."""

    book: InputWorkbook
    rules: Rules
    sheets: Cleaned
    deduped: Deduplicated
    records: Records
    window: Window
    currency: str
    notes: list[Note]
    lang: str


def read_input(
    source: Path,
    rules_file: Path | str | None,
    as_of: dt.date | None,
    lang: str,
    progress: ProgressCallback,
) -> tuple[InputWorkbook, Rules, str]:
    """Read the file, resolve the rules (its 评级规则 sheet first) and recognise its sheets.

    The raw cells (a Python list per row) are dropped when this returns:
    the recognised tables hold what is needed, and a million row lists
    kept alive for the whole run cost memory and garbage-collector time.
    """
    raw = read_raw_workbook(source, on_progress=progress)
    rules, rules_source = resolve_rules(
        rules_file=Path(rules_file) if rules_file else None,
        sheet_rows=raw.rules_cells(),
        sheet_name=raw.rules_sheet.name if raw.rules_sheet else None,
        as_of=as_of,
        lang=lang,
    )
    return recognise_sheets(raw, lang, column_overrides(rules)), rules, rules_source


def column_overrides(rules: Rules) -> Overrides:
    """Header → field per sheet kind, as the user mapped them in the rules."""
    kinds: tuple[SheetKind, ...] = ("customers", "orders", "interactions")
    overrides = {kind: rules.column_overrides(kind) for kind in kinds}
    return {kind: table for kind, table in overrides.items() if table}


def detect_money(book: InputWorkbook, default: str = "¥") -> str:
    """The currency of the amounts: written in the data, else the export layout's, else ¥."""
    columns = {
        "orders": ("currency", "amount", "order_total", "unit_price"),
        "customers": ("total_amount", "avg_amount"),
    }
    for table in (book.orders, book.customers):
        if table is None:
            continue
        for column in columns[table.kind]:
            if column in table.frame:
                found = detect_currency(table.frame[column])
                if found:
                    return found
        if table.layout is not None and table.layout.currency:
            return table.layout.currency
    return default


def clean_sheets(book: InputWorkbook) -> Cleaned:
    """Normalise and validate every recognised sheet; derive customers from an order export."""
    orders = clean_sheet(book.orders) if book.orders else None
    interactions = clean_sheet(book.interactions) if book.interactions else None
    if book.customers is not None:
        return Cleaned(clean_sheet(book.customers), orders, interactions, False)
    if orders is None:  # recognition guarantees customers or orders
        raise InternalError("neither a customer sheet nor an orders sheet was recognised")
    derived = derive_customers(orders)
    return Cleaned(derived.customers, derived.orders, interactions, True)


def link_records(sheets: Cleaned, book: InputWorkbook, deduped: Deduplicated) -> Records:
    """Attach orders and interactions to the final customers (by ID, e-mail or phone)."""
    maps = {"customer_id": deduped.id_map, **deduped.key_maps}

    def link(sheet: CleanSheet | None, table: SheetTable | None, code: IssueCode) -> Linked | None:
        if sheet is None or table is None:
            return None
        column = table.headers.get("customer_id", "")
        letter = table.letters.get("customer_id", "")
        return link_rows(sheet.frame, maps, code, column=column, letter=letter)

    return Records(
        link(sheets.orders, book.orders, IssueCode.ORDER_UNKNOWN_CUSTOMER),
        link(sheets.interactions, book.interactions, IssueCode.INTERACTION_UNKNOWN_CUSTOMER),
    )


def choose_window(
    rules: Rules, sheets: Cleaned, customers: pd.DataFrame
) -> tuple[Window, list[Note]]:
    """The as-of date: from the rules, else the latest activity date, never silently today.

    Purchase and interaction dates decide; registration dates only when
    the data has no other date, and then a note says so.
    """
    days = rules.window_days
    if rules.as_of:
        return Window(pd.Timestamp(rules.as_of), days), []
    found = latest_date(
        sheets.orders.frame.get("date") if sheets.orders else None,
        sheets.interactions.frame.get("date") if sheets.interactions else None,
        customers.get("last_purchase_at"),
        customers.get("last_contact_at"),
    )
    if found is not None:
        return Window(pd.Timestamp(found), days), [
            Note("note.as-of-from-data", {"as_of": str(found)})
        ]
    registered = latest_date(customers.get("registered_at"))
    if registered is not None:
        return Window(pd.Timestamp(registered), days), [
            Note("note.as-of-from-registration", {"as_of": str(registered)})
        ]
    return Window(pd.Timestamp(dt.date.today()), days), [Note("note.as-of-today")]


def measure_customers(customers: pd.DataFrame, records: Records, window: Window) -> Measures:
    """The raw measures behind the scores, one row per customer (docs/measures.md)."""
    orders, interactions = records.orders, records.interactions
    return combine_measures(
        customers,
        order_measures(orders.frame, window) if orders else None,
        interaction_measures(interactions.frame, window) if interactions else None,
        window,
    )


def grade_customers(run: Run, measured: Measures) -> tuple[pd.DataFrame, Scored]:
    """Scores, tiers, the gap to the next tier and the analysis: one row per customer."""
    rules, window, records = run.rules, run.window, run.records
    scored = score_customers(measured.frame, measured.available, rules)
    tiers = assign_tiers(scored.scores["total_score"], rules)
    gaps = next_tier_gaps(
        measured.frame,
        scored.scores,
        tiers,
        rules,
        scored.weights,
        window.as_of,
        available=measured.available,
    )
    give_back_freed()  # the searches' arrays, before the sentences are written
    has_orders = records.orders is not None or measured.available.get("net_amount", False)
    analysis = analyse_customers(
        run.deduped.customers,
        measured.frame,
        scored.scores,
        tiers,
        gaps,
        rules,
        window.as_of,
        run.lang,
        has_orders=bool(has_orders),
        has_interactions=records.interactions is not None,
        currency=run.currency,
    )
    customers = run.deduped.customers
    base = customers.drop(columns=[c for c in measured.frame if c in customers])
    graded = pd.concat([base, measured.frame, scored.scores, tiers, analysis], axis=1)
    return graded.reset_index(drop=True), scored


def assemble_result(run: Run, graded: pd.DataFrame, scored: Scored, rules_source: str) -> RunResult:
    """The RunResult of a graded run: customers, issues, ledger, notes and provenance."""
    book, sheets = run.book, run.sheets
    issues = collect_issues(book, sheets, run.deduped, run.records, run.window, run.rules)
    derived = [Note("sheet.derived", {"customers": sheets.customers.input_rows})]
    notes = [*run.notes, *(derived if sheets.derived_from_orders else []), *scored.notes]
    set_aside = int(issues["code"].eq(IssueCode.IMPLAUSIBLE_DATE).sum())
    if set_aside:
        notes.append(Note("note.dates-set-aside", {"count": set_aside}))
    notes += sheet_limit_notes(len(graded), len(issues), run.lang)
    tables = (book.customers, book.orders, book.interactions)
    return RunResult(
        input_path=book.path,
        input_sha256=book.sha256,
        output_path=None,
        lang=run.lang,
        as_of=run.window.as_of.date(),
        window_start=run.window.start.date(),
        rules=run.rules,
        rules_source=rules_source,
        customers=graded,
        extra_columns=[c for c in sheets.customers.extra_columns if c in graded.columns],
        issues=issues,
        ledger=build_ledger(sheets, len(graded), run.deduped.merged_rows, run.records),
        mapping=[m for t in tables if t for m in t.mapping],
        cutoffs=scored.cutoffs,
        effective_weights=scored.weights,
        notes=notes,
        started_at=dt.datetime.now().replace(microsecond=0),
        version=__version__,
        derived_from_orders=sheets.derived_from_orders,
        sheets=list(book.sheets),
        currency=run.currency,
    )


#: The sheets with a row per customer, which all continue when the customers do.
PER_CUSTOMER_SHEETS = ("customers", "tiers", "scores", "analysis")


def sheet_limit_notes(customers: int, problems: int, lang: str) -> list[Note]:
    """A note for each table longer than one Excel sheet (possible from a CSV).

    Such a table continues on sheets of its own (`custgrade.sheet_parts`):
    the user must hear that the customers or problems are not all on the first.
    """
    notes: list[Note] = []
    limit = f"{sheet_parts.SHEET_DATA_ROWS:,}"
    if (parts := sheet_parts.part_count(customers)) > 1:
        names = [text(f"report.sheet.{key}", lang) for key in PER_CUSTOMER_SHEETS]
        params = {
            "customers": f"{customers:,}",
            "limit": limit,
            "parts": parts,
            "sheet": sheet_parts.part_name(names[0], 1, lang),
            "sheets": ("、" if lang == "zh" else ", ").join(names),
            "overview": text("report.sheet.overview", lang),
        }
        notes.append(Note("note.beyond-sheet-rows", params))
    if (parts := sheet_parts.part_count(problems)) > 1:
        sheet = sheet_parts.part_name(text("report.sheet.problems", lang), 1, lang)
        params = {"rows": f"{problems:,}", "limit": limit, "parts": parts, "sheet": sheet}
        notes.append(Note("note.problems-beyond-sheet-rows", params))
    return notes


def collect_issues(
    book: InputWorkbook,
    sheets: Cleaned,
    deduped: Deduplicated,
    records: Records,
    window: Window,
    rules: Rules,
) -> pd.DataFrame:
    """Every row issue of the run, in the order the user reads the file."""
    linked = [r for r in (records.orders, records.interactions) if r]
    parts = [
        book.issues if book.issues is not None else concat_issues([]),
        sheets.customers.issues,
        deduped.issues,
        *[s.issues for s in (sheets.orders, sheets.interactions) if s],
        *[lk.issues for lk in linked],
    ]
    if records.orders is not None:
        parts.append(unknown_status_issues(records.orders.frame, book.orders))
    if rules.as_of is not None:
        parts += [after_as_of_issues(lk.frame, window.end, rules.as_of) for lk in linked]
    return _in_reading_order(concat_issues(parts), book)


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


def build_ledger(sheets: Cleaned, graded: int, merged: int, records: Records) -> Ledger:
    """Where every row went: customers graded, merged or rejected; records used or rejected."""
    orders, interactions = sheets.orders, sheets.interactions
    return Ledger(
        input_rows=sheets.customers.input_rows,
        graded=graded,
        merged=merged,
        rejected=sheets.customers.rejected_rows,
        order_rows=orders.input_rows if orders else 0,
        orders_used=records.orders.used if records.orders else 0,
        orders_rejected=orders.rejected_rows + records.orders.rejected
        if orders and records.orders
        else 0,
        interaction_rows=interactions.input_rows if interactions else 0,
        interactions_used=records.interactions.used if records.interactions else 0,
        interactions_rejected=interactions.rejected_rows + records.interactions.rejected
        if interactions and records.interactions
        else 0,
        customers_derived=sheets.derived_from_orders,
    )


def check_ledger(ledger: Ledger) -> None:
    """Stop before writing when a row went missing: that is a bug, never the user's data."""
    if not ledger.balanced:
        raise InternalError(f"ledger does not balance: {ledger}")
