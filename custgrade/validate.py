"""Normalise and validate a read sheet, column by column, reporting every bad cell.

A cell that cannot be understood (an e-mail without a domain, an age of
250) is emptied and reported; the row is kept.  A row that cannot be used
at all (a customer with neither ID nor name, an order without a customer)
is rejected and reported.  Nothing is dropped without an issue row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, TypeAdapter, ValidationError

from custgrade import clean
from custgrade.errors import CELL, NOTE, REJECTED, IssueCode
from custgrade.fields import FieldKind, field_spec
from custgrade.ingest.tables import SheetTable
from custgrade.issues import concat_issues, issue_frame
from custgrade.models import CustomerRow, InteractionRow, OrderRow, column_adapter
from custgrade.parallel import side_by_side

Normaliser = Callable[[pd.Series], tuple[pd.Series, pd.Series]]


def _text_only(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    return clean.normalize_text(raw), pd.Series(False, index=raw.index)


NORMALISERS: dict[FieldKind, tuple[Normaliser, IssueCode]] = {
    "id": (_text_only, IssueCode.OUT_OF_RANGE),
    "text": (_text_only, IssueCode.OUT_OF_RANGE),
    "phone": (clean.normalize_phones, IssueCode.INVALID_PHONE),
    "email": (clean.normalize_emails, IssueCode.INVALID_EMAIL),
    "gender": (clean.normalize_gender, IssueCode.INVALID_GENDER),
    "date": (clean.parse_dates, IssueCode.INVALID_DATE),
    "amount": (clean.parse_amounts, IssueCode.INVALID_AMOUNT),
    "count": (clean.parse_numbers, IssueCode.INVALID_NUMBER),
    "number": (clean.parse_numbers, IssueCode.INVALID_NUMBER),
    "score": (clean.parse_numbers, IssueCode.INVALID_NUMBER),
}

#: Columns later stages rely on, added empty when the input lacks them.
ALWAYS_PRESENT: dict[str, tuple[str, ...]] = {"customers": ("customer_id", "name")}

MODELS: dict[str, type[BaseModel]] = {
    "customers": CustomerRow,
    "orders": OrderRow,
    "interactions": InteractionRow,
}


@dataclass
class CleanSheet:
    """A sheet after normalisation: typed canonical columns plus carried-through ones.

    ``frame`` keeps only usable rows; its ``row`` column is the Excel row
    number and ``sheet`` the sheet name, so later stages can cite the source.
    """

    frame: pd.DataFrame
    issues: pd.DataFrame
    input_rows: int
    rejected_rows: int
    fields: list[str]  # canonical fields present in the input
    extra_columns: list[str]  # carried-through input columns

    def without_rows(self) -> CleanSheet:
        """The sheet's issues and counts without its rows, once they are merged into customers."""
        return replace(self, frame=self.frame.iloc[:0].copy())  # a copy: a view holds every row


def clean_sheet(table: SheetTable) -> CleanSheet:
    """Normalise, validate and filter one recognised sheet.

    Returns the usable rows with typed canonical columns and every problem
    found, each with the row number and column letter the user sees.
    """
    raw = table.frame
    mapped = [m.field for m in table.mapping if m.field and m.field in raw.columns]
    fields = list(dict.fromkeys(mapped))
    extras = [c for c in raw.columns if c not in fields]
    columns: dict[str, pd.Series] = {}
    issues: list[pd.DataFrame] = []
    # each column reads the sheet and nothing else: they are cleaned side by side
    cleaned = side_by_side(*(partial(_clean_field, table, name) for name in fields))
    for name, (values, found) in zip(fields, cleaned, strict=True):
        columns[name] = values
        issues += found
    for name in ALWAYS_PRESENT.get(table.kind, ()):
        columns.setdefault(name, pd.Series(None, index=raw.index, dtype=object))
    for name in extras:
        columns[name] = raw[name].mask(raw[name].eq(""), None)
    out = pd.DataFrame(columns, index=raw.index)
    out = _derive_columns(table.kind, out)
    rejected = _rejected_mask(table.kind, out)
    issues.append(_rejection_issues(table, out, rejected))
    kept = out[~rejected.any(axis=1)]
    source = pd.DataFrame(
        {"row": table.excel_rows.loc[kept.index].astype("int64"), "sheet": table.sheet_name},
        index=kept.index,
    )
    frame = pd.concat([kept, source], axis=1)
    return CleanSheet(
        frame=frame.reset_index(drop=True),
        issues=concat_issues(issues),
        input_rows=len(raw),
        rejected_rows=int(rejected.any(axis=1).sum()),
        fields=fields,
        extra_columns=extras,
    )


def _clean_field(table: SheetTable, name: str) -> tuple[pd.Series, list[pd.DataFrame]]:
    """One mapped column normalised and validated, with the issues of its cells."""
    values, bad = _normalise_field(table, name)
    issues = [_cell_issues(table, name, bad)]
    values, bad = _validate_column(table.kind, name, values)
    issues.append(_cell_issues(table, name, bad, IssueCode.OUT_OF_RANGE))
    if field_spec(table.kind, name).kind == "date":
        values, bad = set_aside_implausible(values)
        issues.append(_cell_issues(table, name, bad, IssueCode.IMPLAUSIBLE_DATE))
    if name == "phone":
        issues.append(_masked_phone_note(table, values))
    return values, issues


def _normalise_field(table: SheetTable, name: str) -> tuple[pd.Series, pd.Series]:
    kind = field_spec(table.kind, name).kind
    normaliser, _ = NORMALISERS[kind]
    values, bad = normaliser(table.frame[name])
    if kind == "count":
        values = values.round()
    return values, bad


def _masked_phone_note(table: SheetTable, phones: pd.Series) -> pd.DataFrame:
    """One note counting the masked phones (138****1234) of a sheet, at the first of them.

    Platforms mask the buyer's number on purpose: it is not a bad cell per
    row, but the user should know these numbers cannot match anyone.
    """
    masked = clean.masked_phones(phones)
    if not masked.any():
        return concat_issues([])
    first = int(np.flatnonzero(masked.to_numpy())[0])
    return issue_frame(
        sheet=table.sheet_name,
        rows=[int(table.excel_rows.iloc[first])],
        code=IssueCode.MASKED_PHONES,
        kind=NOTE,
        column=table.headers.get("phone", ""),
        letter=table.letters.get("phone", ""),
        values=str(phones.iloc[first]),
        target=int(masked.sum()),
    )


#: Fewer dates than this in a column cannot tell a typo from the latest record.
_MIN_DATES_FOR_OUTLIERS = 10


def set_aside_implausible(dates: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Empty the dates more than a year past the 99.9th percentile of their column.

    One interaction typed as 2099 would otherwise become the analysis date
    and put every purchase outside the window.  The percentile is the
    lower nearest rank, so a single far date never pulls the bar up to itself.
    """
    present = dates.dropna()
    if len(present) < _MIN_DATES_FOR_OUTLIERS:
        return dates, pd.Series(False, index=dates.index)
    ordered = present.sort_values().to_numpy()
    bar = pd.Timestamp(ordered[int(0.999 * (len(ordered) - 1))]) + pd.Timedelta(days=365)
    bad = dates.gt(bar).fillna(False).astype(bool)
    return dates.mask(bad), bad


def _validate_column(kind: str, name: str, values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Check a normalised column against the row model; failing cells are emptied."""
    model = MODELS[kind]
    if name not in model.model_fields:
        return values, pd.Series(False, index=values.index)
    bad = pd.Series(_invalid_cells(column_adapter(model, name), values), index=values.index)
    return values.mask(bad), bad


def _invalid_cells(adapter: TypeAdapter[list[Any]], values: pd.Series) -> np.ndarray:
    """Which cells the validator rejects (missing cells never are).

    A column of numbers or dates repeats its values: each distinct value is
    checked once, which also spares turning a million dates into objects.
    """
    if values.dtype == object:
        return _invalid_items(adapter, values)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    bad_unique = _invalid_items(adapter, pd.Series(uniques))
    invalid: np.ndarray = np.r_[bad_unique, False][codes]  # code -1 (missing): valid
    return invalid


def _invalid_items(adapter: TypeAdapter[list[Any]], values: pd.Series) -> np.ndarray:
    items = values.astype(object).where(values.notna(), None)
    bad = np.zeros(len(values), dtype=bool)
    try:
        adapter.validate_python(items.tolist())
    except ValidationError as exc:
        positions = sorted({int(e["loc"][0]) for e in exc.errors() if e["loc"]})
        bad[positions] = True
    return bad


def _derive_columns(kind: str, out: pd.DataFrame) -> pd.DataFrame:
    """Fill what real exports leave implicit.

    An order amount from quantity × unit price (a negative quantity is a
    return line); a customer's name from First Name + Last Name (Shopify,
    HubSpot), with a space between Latin names and none between Chinese ones.
    """
    if kind == "orders" and {"quantity", "unit_price"} <= set(out.columns):
        product = out["quantity"] * out["unit_price"]
        out["amount"] = out["amount"].fillna(product) if "amount" in out else product
    if kind == "customers" and out.columns.isin(["first_name", "last_name"]).any():
        out["name"] = out["name"].fillna(_joined_name(out))
    return out


def _joined_name(out: pd.DataFrame) -> pd.Series:
    empty = pd.Series(None, index=out.index, dtype=object)
    first, last = out.get("first_name", empty), out.get("last_name", empty)
    latin = first.fillna("").str.contains(r"[A-Za-z]") | last.fillna("").str.contains(r"[A-Za-z]")
    western = (first.fillna("") + " " + last.fillna("")).str.strip()
    chinese = last.fillna("") + first.fillna("")
    joined = western.where(latin, chinese)
    return joined.where(joined.ne(""), None)


#: Columns that must hold a value for a row to be usable, per sheet kind:
#: each entry is (columns of which at least one is needed, issue code).
REQUIRED: dict[str, list[tuple[tuple[str, ...], IssueCode]]] = {
    "customers": [(("customer_id", "name", "phone", "email"), IssueCode.NO_ID_OR_NAME)],
    "orders": [
        (("customer_id", "email", "phone", "name"), IssueCode.ORDER_NO_CUSTOMER),
        # the lines after the first of a Shopify order carry only the order number
        (("amount", "order_total", "_order_total_line"), IssueCode.ORDER_NO_AMOUNT),
        (("date",), IssueCode.ORDER_NO_DATE),
    ],
    "interactions": [
        (("customer_id",), IssueCode.INTERACTION_NO_CUSTOMER),
        (("date",), IssueCode.INTERACTION_NO_DATE),
    ],
}


def _rejected_mask(kind: str, out: pd.DataFrame) -> pd.DataFrame:
    """One boolean column per requirement; a row failing several is reported once."""
    masks = {}
    if kind == "orders" and "order_total" in out and "order_id" in out:
        out = out.assign(_order_total_line=out["order_id"])
    for columns, code in REQUIRED[kind]:
        present = [c for c in columns if c in out.columns]
        has_any = out[present].notna().any(axis=1) if present else pd.Series(False, index=out.index)
        masks[str(code)] = ~has_any
    frame = pd.DataFrame(masks, index=out.index)
    first = frame.cumsum(axis=1).eq(1) & frame
    return first


def _rejection_issues(table: SheetTable, out: pd.DataFrame, rejected: pd.DataFrame) -> pd.DataFrame:
    frames = []
    for (columns, code), mask_col in zip(REQUIRED[table.kind], rejected.columns, strict=True):
        mask = rejected[mask_col]
        if not mask.any():
            continue
        column = next((c for c in columns if c in table.frame.columns), columns[0])
        values = table.frame[column][mask] if column in table.frame.columns else ""
        frames.append(
            issue_frame(
                sheet=table.sheet_name,
                rows=table.excel_rows[mask],
                code=code,
                kind=REJECTED,
                column=table.headers.get(column, field_spec(table.kind, column).label_zh),
                letter=table.letters.get(column, ""),
                values=values,
            )
        )
    return concat_issues(frames)


def _cell_issues(
    table: SheetTable, name: str, bad: pd.Series, code: IssueCode | None = None
) -> pd.DataFrame:
    if not bad.any():
        return concat_issues([])
    kind = field_spec(table.kind, name).kind
    return issue_frame(
        sheet=table.sheet_name,
        rows=table.excel_rows[bad],
        code=code or NORMALISERS[kind][1],
        kind=CELL,
        column=table.headers.get(name, name),
        letter=table.letters.get(name, ""),
        values=table.frame[name][bad],
    )
