"""Attach every order and interaction row to its final customer.

Rows name their customer by ID; Shopify's orders name the buyer by e-mail
and some shops only by phone, so a row whose ID is unknown (or absent) is
tried against the customers' e-mail addresses and phones before it is
rejected.  Every row ends up linked or rejected with a reason, so the
orders and interactions ledgers balance.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from custgrade.clean import key_of
from custgrade.errors import REJECTED, IssueCode
from custgrade.issues import concat_issues, issue_frame

#: Columns of a row tried in turn against the map of the same name.
LINK_KEYS: tuple[tuple[str, str], ...] = (
    ("customer_id", "customer_id"),
    ("customer_id", "email"),  # Shopify orders: the buyer's e-mail stands in the ID column
    ("email", "email"),
    ("phone", "phone"),
)


@dataclass
class Linked:
    """Rows of an orders or interactions sheet linked to final customer IDs."""

    frame: pd.DataFrame  # usable rows, with ``cid`` the final customer ID
    issues: pd.DataFrame
    used: int
    rejected: int


def link_rows(
    frame: pd.DataFrame,
    maps: dict[str, pd.Series],
    code: IssueCode,
    *,
    column: str = "",
    letter: str = "",
) -> Linked:
    """Attach each row to its final customer; rows for unknown customers are rejected.

    Args:
        maps: folded key -> final customer ID, for "customer_id" and the
            contact columns ("email", "phone"), as deduplication built them.
    """
    cid = pd.Series(None, index=frame.index, dtype=object)
    for source, target in LINK_KEYS:
        if source in frame and target in maps and cid.isna().any():
            found = key_of(frame[source].where(cid.isna())).map(maps[target])
            cid = cid.fillna(found)
    unknown = cid.isna()
    issues = concat_issues([])
    if unknown.any():
        bad = frame[unknown]
        values = bad.get("customer_id", "")
        issues = concat_issues(
            issue_frame(
                sheet=str(sheet),
                rows=part["row"],
                code=code,
                kind=REJECTED,
                column=column,
                letter=letter,
                values=values[part.index] if isinstance(values, pd.Series) else values,
            )
            for sheet, part in bad.groupby("sheet", sort=False)
        )
    linked = frame[~unknown].assign(cid=cid[~unknown])
    return Linked(linked, issues, used=len(linked), rejected=int(unknown.sum()))
