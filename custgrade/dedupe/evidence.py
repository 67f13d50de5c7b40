"""问题数据 rows of the merge: which key joined each row, and the shared lines set aside.

Each merged row gets one issue whose code names the key that matched
(merged-same-id, merged-same-phone …, exact-duplicate), so the reason is
written in the user's language; its value shows the evidence as the user
wrote it — the shared phone or e-mail, the name and address, and for names
that differ the two names with their similarity ("陳大文 ≈ 陈大文 (100%)").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from custgrade.dedupe.keys import MatchKeys, column
from custgrade.dedupe.pairs import NO_LINK, Link, Pairs, link_pairs
from custgrade.dedupe.shared import SharedLines
from custgrade.errors import MERGED, NOTE, IssueCode
from custgrade.issues import concat_issues, issue_frame

#: The issue code of a row merged by each key.
LINK_CODES: dict[int, IssueCode] = {
    Link.EXACT: IssueCode.EXACT_DUPLICATE,
    Link.SAME_ID: IssueCode.MERGED_SAME_ID,
    Link.SAME_PHONE: IssueCode.MERGED_SAME_PHONE,
    Link.SAME_EMAIL: IssueCode.MERGED_SAME_EMAIL,
    Link.SAME_NAME_ADDRESS: IssueCode.MERGED_SAME_NAME_ADDRESS,
    Link.SIMILAR_NAME: IssueCode.MERGED_SIMILAR_NAME,
}


def best_links(
    keys: MatchKeys, pairs: Pairs, labels: np.ndarray, gone: np.ndarray, keep_of: np.ndarray
) -> pd.DataFrame:
    """For each merged row, its strongest link inside its customer, the survivor preferred.

    Args:
        gone: positions of the rows merged into another.
        keep_of: the survivor position of each of those rows.

    Returns:
        Columns row, partner, link, similarity; one line per merged row.
    """
    direct = link_pairs(keys, gone, keep_of)
    inside = labels[pairs.a] == labels[pairs.b]
    a, b = pairs.a[inside], pairs.b[inside]
    candidates = pd.DataFrame(
        {
            "row": np.r_[gone, a, b],
            "partner": np.r_[keep_of, b, a],
            "link": np.r_[direct.link, pairs.link[inside], pairs.link[inside]].astype(int),
            "similarity": np.r_[
                direct.similarity, pairs.similarity[inside], pairs.similarity[inside]
            ],
            "direct": np.r_[np.zeros(len(gone)), np.ones(2 * len(a))],
        }
    )
    candidates = candidates[candidates["row"].isin(gone)]
    candidates["rank"] = candidates["link"].where(candidates["link"] != NO_LINK, 99)
    candidates = candidates.sort_values(
        ["row", "rank", "similarity", "direct"], ascending=[True, True, False, True]
    )
    best = candidates.drop_duplicates("row").set_index("row").reindex(gone)
    return best.reset_index()


def _text(frame: pd.DataFrame, name: str, at: np.ndarray) -> pd.Series:
    values = column(frame, name).iloc[at].astype(object)
    return values.where(values.notna(), "").astype(str).reset_index(drop=True)


def evidence(frame: pd.DataFrame, best: pd.DataFrame) -> pd.Series:
    """The value shown for each merged row: what matched, as the user wrote it."""
    rows = best["row"].to_numpy()
    partners = best["partner"].to_numpy()
    link = best["link"].to_numpy()
    name, other = _text(frame, "name", rows), _text(frame, "name", partners)
    score = np.floor(best["similarity"].to_numpy()).astype("float")
    names = name + " ≈ " + other + " (" + pd.Series(score).map("{:.0f}".format) + "%)"
    # 陳大文 / 陈大文 fold to one name (100 %) but are written differently: show both
    differ = (name.str.strip() != other.str.strip()) & pd.Series(~np.isnan(score))
    ident = _text(frame, "customer_id", rows)
    label = ident.where(ident != "", name)
    address = _text(frame, "address", rows)
    with_names = differ | (link == Link.SIMILAR_NAME)
    choices = {
        Link.SAME_ID: ident,
        Link.SAME_PHONE: _text(frame, "phone", rows),
        Link.SAME_EMAIL: _text(frame, "email", rows),
        Link.SAME_NAME_ADDRESS: name + " / " + address,
        Link.SIMILAR_NAME: address,
    }
    value = label.copy()
    for key, shown in choices.items():
        value = value.mask(link == key, shown)
    names_first = (link == Link.SIMILAR_NAME) & with_names
    value = value.mask(names_first, names + " / " + value)
    also = with_names & ~names_first & np.isin(link, [Link.SAME_PHONE, Link.SAME_EMAIL])
    return value.mask(also, value + " · " + names)


def merge_issues(
    frame: pd.DataFrame, best: pd.DataFrame, final_id: pd.Series, copies: np.ndarray
) -> pd.DataFrame:
    """One MERGED issue per merged row, coded by the key that matched."""
    if best.empty:
        return concat_issues([])
    rows = best["row"].to_numpy()
    link = np.where(copies[rows], int(Link.EXACT), best["link"].to_numpy())
    table = pd.DataFrame(
        {
            "sheet": frame["sheet"].iloc[rows].astype(str).to_numpy(),
            "row": frame["row"].iloc[rows].to_numpy(),
            "value": evidence(frame, best.assign(link=link)).to_numpy(),
            "target": final_id.iloc[rows].to_numpy(),
            "code": [LINK_CODES.get(int(k), IssueCode.MERGED_DUPLICATE) for k in link],
        }
    )
    frames = [
        issue_frame(
            sheet=str(sheet),
            rows=part["row"],
            code=IssueCode(str(code)),
            kind=MERGED,
            values=part["value"],
            target=part["target"],
        )
        for (sheet, code), part in table.groupby(["sheet", "code"], sort=False)
    ]
    return concat_issues(frames)


def shared_line_issues(frame: pd.DataFrame, shared: SharedLines) -> pd.DataFrame:
    """One note per shared phone or e-mail, at the first row that gives it."""
    frames = []
    for field, lines, code in (
        ("phone", shared.phone, IssueCode.SHARED_PHONE),
        ("email", shared.email, IssueCode.SHARED_EMAIL),
    ):
        if not len(lines):
            continue
        at = np.sort(lines.to_numpy())
        part = pd.DataFrame(
            {
                "sheet": frame["sheet"].iloc[at].astype(str).to_numpy(),
                "row": frame["row"].iloc[at].to_numpy(),
                "value": _text(frame, field, at).to_numpy(),
            }
        )
        frames += [
            issue_frame(sheet=str(s), rows=p["row"], code=code, kind=NOTE, values=p["value"])
            for s, p in part.groupby("sheet", sort=False)
        ]
    return concat_issues(frames)
