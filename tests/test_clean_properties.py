"""Invariants of the normalisers: idempotent, fold-invariant keys, work per distinct value."""

import datetime as dt
import unicodedata

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custgrade import clean
from custgrade.clean import amounts, contacts, dates, uniques
from custgrade.clean import text as clean_text

CLEAN_MODULES = (clean_text, contacts, dates, amounts)

#: Pieces real cells are made of, so generated cells look like exports.
PIECES = st.sampled_from(
    [
        "13812345678", "+86 ", "138****1234", "##########", '="', '"', "'", "\t", "\u3000",
        "\u00a0", " ", "Ｃ００１", "c001", "¥", "US$", "EUR", "元", "万", "(", ")", "−", "-",
        "1,280.00", "2024-03-05", "T14:23:11", " -0700", "+08:00", "Z", "0000-00-00", "年",
        "月", "日", "无", "N/A", "男", "female", "li@example.com", "（集团）", "，", ".5",
    ]
)  # fmt: skip
CELLS = st.one_of(
    st.text(max_size=12),
    st.lists(PIECES, max_size=5).map("".join),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.none(),
)
COLUMNS = st.lists(CELLS, max_size=12)
QUICK = settings(max_examples=60, deadline=None)

PARSERS = {
    "phones": clean.normalize_phones,
    "emails": clean.normalize_emails,
    "gender": clean.normalize_gender,
    "dates": clean.parse_dates,
    "amounts": clean.parse_amounts,
    "numbers": clean.parse_numbers,
}


def as_cells(values: pd.Series) -> pd.Series:
    """A normaliser's output as the object cells a reader would hand over."""
    return values.astype(object).where(values.notna(), None)


@pytest.mark.parametrize("normaliser", PARSERS.values(), ids=PARSERS.keys())
@QUICK
@given(COLUMNS)
def test_parsers_are_idempotent_on_their_output(normaliser, values):
    once, _ = normaliser(pd.Series(values, dtype=object))
    twice, bad = normaliser(as_cells(once))
    assert as_cells(twice).tolist() == as_cells(once).tolist()
    assert not bad.any()


@pytest.mark.parametrize(
    "normaliser", [clean.normalize_text, clean.normalize_ids, clean.key_of], ids=str
)
@QUICK
@given(COLUMNS)
def test_text_normalisers_are_idempotent(normaliser, values):
    once = normaliser(pd.Series(values, dtype=object))
    assert normaliser(once).tolist() == once.tolist()


@QUICK
@given(COLUMNS)
def test_masked_phones_stay_masked_after_normalising(values):
    raw = pd.Series(values, dtype=object)
    normalised, bad = clean.normalize_phones(raw)
    masked = clean.masked_phones(raw)
    assert clean.masked_phones(normalised)[masked].all()
    assert not bad[masked].any()


def fullwidth(text: str) -> str:
    """ASCII letters, digits and punctuation as their full-width forms (NFKC undoes it)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@QUICK
@given(st.lists(st.text(max_size=12), max_size=12))
def test_key_of_ignores_nfkc_variants(values):
    raw = pd.Series(values, dtype=object)
    nfkc = raw.map(lambda v: unicodedata.normalize("NFKC", v))
    assert clean.key_of(raw).tolist() == clean.key_of(nfkc).tolist()


@QUICK
@given(st.lists(st.text(st.characters(min_codepoint=33, max_codepoint=126)), max_size=12))
def test_key_of_ignores_width_case_and_spacing(values):
    raw = pd.Series(values, dtype=object)
    variant = raw.map(lambda v: " ".join(fullwidth(v.upper())))
    assert clean.key_of(raw.str.lower()).tolist() == clean.key_of(variant).tolist()


# --- a million repeated values take the distinct-values path ---------------------------

MILLION = 1_000_000


def test_on_uniques_calls_the_inner_function_once_with_the_distinct_values():
    seen = []

    @clean.on_uniques
    def spy(raw: pd.Series) -> pd.Series:
        seen.append(len(raw))
        return raw

    out = spy(pd.Series(["C001", "C002", None] * (MILLION // 3) + ["C001"], dtype=object))
    assert seen == [3]  # two distinct values and the empty slot
    assert len(out) == MILLION and out.iloc[-1] == "C001"


REPEATED = {
    "text": (clean.normalize_text, "  张三  "),
    "ids": (clean.normalize_ids, '="A001"'),
    "phones": (clean.normalize_phones, "+86 138-1234-5678"),
    "masked-phones": (clean.masked_phones, "138****1234"),
    "emails": (clean.normalize_emails, "Li@Example.com"),
    "gender": (clean.normalize_gender, "女士"),
    "dates": (clean.parse_dates, "2024-03-05 14:23:11 -0700"),
    "amounts": (clean.parse_amounts, "¥1,280.00"),
    "numbers": (clean.parse_numbers, "12次"),
}


@pytest.mark.parametrize(("normaliser", "value"), REPEATED.values(), ids=REPEATED.keys())
def test_a_million_repeated_values_are_normalised_once(monkeypatch, normaliser, value):
    sizes = []
    for name in ("_fold", "_fold_general"):  # the fold and its general (non-plain) path
        fold = getattr(clean_text, name)
        for module in CLEAN_MODULES:  # every module that folds, spied on at once
            if hasattr(module, name):
                spy = lambda text, fold=fold: sizes.append(len(text)) or fold(text)  # noqa: E731
                monkeypatch.setattr(module, name, spy)
    seen = []
    original = uniques._spread
    monkeypatch.setattr(
        uniques, "_spread", lambda v, codes, index: seen.append(len(v)) or original(v, codes, index)
    )
    normaliser(pd.Series([value] * MILLION, dtype=object))
    # the one distinct value went through once, spread back to the million cells
    assert seen and max(seen) <= 2
    # folded for the one distinct value and the empty slot; plain text is never folded
    assert max(sizes, default=0) <= 2


def test_a_million_repeated_keys_are_folded_once(monkeypatch):
    calls = []
    plain = clean._plain_text
    monkeypatch.setattr(clean_text, "_plain_text", lambda v: calls.append(v) or plain(v))
    keys = clean.key_of(pd.Series([1001.0] * MILLION, dtype=object))
    assert calls == [1001.0]
    assert keys.iloc[0] == keys.iloc[-1] == "1001"


def test_a_million_foreign_phones_are_parsed_once(monkeypatch):
    calls = []
    parse = clean._parse_phone
    monkeypatch.setattr(contacts, "_parse_phone", lambda v: calls.append(v) or parse(v))
    values, bad = clean.normalize_phones(pd.Series(["+852 9123 4567"] * MILLION, dtype=object))
    assert calls == ["+852 9123 4567"]
    assert values.iloc[-1] == "+85291234567" and not bad.any()


def test_date_cells_in_bulk_keep_the_wall_clock():
    stamp = dt.datetime(2024, 3, 5, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-7)))
    values, bad = clean.parse_dates(pd.Series([stamp, None] * 10, dtype=object))
    assert values.dropna().unique().tolist() == [pd.Timestamp("2024-03-05 23:30")]
    assert not bad.any()


@pytest.mark.parametrize("first", ["naive", "aware"])
def test_date_cells_with_and_without_a_zone_all_keep_their_wall_clock(first: str) -> None:
    naive = [dt.datetime(2024, 3, 5, 23, 30), dt.date(2024, 3, 6), pd.Timestamp("2024-03-07 08:00")]
    aware = [
        dt.datetime(2024, 3, 8, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-7))),
        pd.Timestamp("2024-03-09 01:15", tz="Asia/Shanghai"),
    ]
    cells = naive + aware if first == "naive" else aware + naive
    values, bad = clean.parse_dates(pd.Series(cells * 3000, dtype=object))
    wall = {
        "2024-03-05 23:30", "2024-03-06 00:00", "2024-03-07 08:00",
        "2024-03-08 23:30", "2024-03-09 01:15",
    }  # fmt: skip
    assert set(values.dt.strftime("%Y-%m-%d %H:%M")) == wall
    assert not values.isna().any() and not bad.any()


def test_key_of_composes_a_mark_left_alone_by_removed_whitespace():
    # "A \u0308": dropping the space leaves a combining diaeresis that must compose to "ä"
    once = clean.key_of(pd.Series(["A \u0308"], dtype=object))
    assert once.tolist() == ["ä"]
    assert clean.key_of(once).tolist() == once.tolist()


def test_a_column_of_numbers_has_the_distinct_values_that_hashing_each_gives() -> None:
    """Numbers are factorized as float64; the codes and values are those of the objects."""
    cells = np.array([3.5, None, 0.0, float("nan"), 3.5, -0.0, 1e300, 0.0, 2.25], dtype=object)
    codes, distinct = uniques._factorized(cells)
    expected_codes, expected_distinct = pd.factorize(cells)
    assert codes.tolist() == list(expected_codes)
    assert distinct.tolist() == list(expected_distinct)
    assert all(type(value) is float for value in distinct)
