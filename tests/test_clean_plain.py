"""The plain-text fast paths give exactly what the general paths give, on any cell.

Each normaliser settles plain cells (printable ASCII and CJK ideographs) with
Arrow kernels and hands every other cell to its general Python path.  These
tests run both over generated columns that mix plain cells with the awkward
ones (spaces of every kind, full-width forms, quotes, combining marks, line
breaks, non-text cells) and require identical cells, types included.
"""

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custgrade.clean import contacts, plain
from custgrade.clean import text as clean_text

#: Characters and pieces of real cells: plain ones and the ones that are not.
PIECES = st.sampled_from(
    [
        "a", "Z", "0", "1", "3", "8", "9", "+", "-", "(", ")", ".", "/", "_", "*", "#", "x",
        "X", "@", ":", "'", "=", '"', "张", "陳", "公司", "集团", "n/a", "NULL", "无", "-",
        "mailto:", "MailTo:", "+86", "0086", "86", "138", "1381234", "5678", "010", "0755",
        "@qq.com", "Li.Wei", ".cn", "****", " ", "\t", "\n", "\u3000", "\u00a0", "\u200b",
        "\ufeff", "（", "）", "Ｃ", "０", "·", "•", "é", "e\u0301", "İ", "ß", "ﬁ", "㈱", "\u2212",
        "\U0001f600", "㐀", "\uf900",
    ]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=6).map("".join)
CELLS = st.one_of(
    TEXTS,
    TEXTS,
    st.text(max_size=8),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=False),
    st.none(),
)
COLUMNS = st.lists(CELLS, max_size=20).map(lambda cells: pd.Series(cells, dtype=object))
TEXT_COLUMNS = st.lists(st.one_of(TEXTS, st.none()), max_size=20).map(
    lambda cells: pd.Series(cells, dtype=object)
)
MANY = settings(max_examples=300, deadline=None)


def cells_of(values: pd.Series) -> list[tuple[str, object]]:
    """Each cell with its type, NaN made comparable, so None and NaN differ as they do."""
    return [
        (type(v).__name__, "nan" if isinstance(v, float) and math.isnan(v) else v)
        for v in values.tolist()
    ]


@MANY
@given(TEXT_COLUMNS)
def test_plain_path_of_folding_is_the_general_one(values):
    assert cells_of(clean_text._fold(values)) == cells_of(clean_text._fold_general(values))


def parts_of(result: pd.Series | tuple[pd.Series, ...]) -> list[list[tuple[str, object]]]:
    """The cells of a normaliser's result: one column, or the values and the bad-cell flags."""
    return [cells_of(part) for part in (result if isinstance(result, tuple) else (result,))]


@pytest.mark.parametrize(
    ("fast", "general"),
    [
        (clean_text.key_of.__wrapped__, clean_text._key_of_general),
        (contacts.masked_phones.__wrapped__, contacts._masked_phones_general),
        (contacts.normalize_phones.__wrapped__, contacts._normalize_phones_general),
        (contacts.normalize_emails.__wrapped__, contacts._normalize_emails_general),
    ],
    ids=["key_of", "masked_phones", "phones", "emails"],
)
@MANY
@given(COLUMNS)
def test_plain_path_of_a_normaliser_is_the_general_one(fast, general, values):
    assert parts_of(fast(values)) == parts_of(general(values))


@MANY
@given(COLUMNS)
def test_placeholders_found_on_plain_cells_as_in_general(values):
    text, cells = clean_text._user_text(values)
    found = clean_text._is_placeholder(text, cells)
    assert found.tolist() == clean_text._is_placeholder_general(text).tolist()


def user_text_by_regex(raw: pd.Series) -> list[object]:
    """The user's text as unwrapping every cell with the full regex test gives it."""
    text = raw.where(raw.map(type).isin([str])).astype(object)
    values = text.tolist()
    for i, value in enumerate(values):
        for _ in range(clean_text._MAX_UNWRAP):
            if not isinstance(value, str) or not re.search(clean_text._MAY_UNWRAP, value):
                break
            after = clean_text._unwrap(pd.Series([value], dtype=object)).iloc[0]
            if after == value:
                break
            value = after
        values[i] = value
    return values


@MANY
@given(COLUMNS)
def test_user_text_unwraps_the_cells_the_full_test_finds(values):
    text, _ = clean_text._user_text(values)
    assert cells_of(text) == cells_of(pd.Series(user_text_by_regex(values), dtype=object))


@pytest.mark.parametrize(
    ("cell", "is_plain"),
    [
        ("13812345678", True),
        ("张三", True),
        ("li.wei@qq.com", True),
        ("", True),
        ("张 三", False),  # a space
        ("Ｃ００１", False),  # full-width: NFKC changes it
        ("café", False),
        ("陳大文\n", False),
        ("\uf900", False),  # a CJK compatibility ideograph: NFKC changes it
        ("㐀", False),  # outside the unified block
    ],
)
def test_plain_cells_are_printable_ascii_and_cjk_ideographs(cell, is_plain):
    assert plain.plain_cells(pd.Series([cell], dtype=object)).plain.tolist() == [is_plain]


def test_non_text_cells_are_never_plain():
    cells = plain.plain_cells(pd.Series([1, 2.5, None, np.nan, True], dtype=object))
    assert not cells.plain.any()


def test_str_cells_are_the_cells_of_type_str():
    values = pd.Series(["a", 1, 2.5, None, True, pd.Timestamp("2024-01-01")], dtype=object)
    assert plain.is_str(values).tolist() == [True, False, False, False, False, False]


WRAPPED = {
    "text": clean_text.normalize_text,
    "key_of": clean_text.key_of,
    "masked_phones": contacts.masked_phones,
    "phones": contacts.normalize_phones,
    "emails": contacts.normalize_emails,
}


@pytest.mark.parametrize("normaliser", WRAPPED.values(), ids=WRAPPED.keys())
@MANY
@given(st.one_of(COLUMNS, TEXT_COLUMNS, TEXT_COLUMNS.map(lambda c: pd.concat([c] * 3))))
def test_plain_cells_whole_and_the_rest_per_distinct_value_is_every_cell_alone(normaliser, values):
    values = values.reset_index(drop=True)
    got, expected = normaliser(values), normaliser.__wrapped__(values)
    if isinstance(got, tuple):
        assert [cells_of(part) for part in got] == [cells_of(part) for part in expected]
    else:
        assert cells_of(got) == cells_of(expected)


@pytest.mark.parametrize(
    "cell",
    [
        "+86 138 1234 5678",
        "138 1234 5678",
        " 0086 13812345678 ",
        "(010) 1234 5678",
        "0755 8888 6666",
        "86 138-1234-5678",
        "138 **** 5678",
        "'138 1234 5678",
        "138 1234 567",
        "+1 415 555 0100",
    ],
)
def test_phones_written_with_spaces_normalise_as_the_general_path_does(cell):
    values = pd.Series([cell, "13812345678"], dtype=object)
    fast = contacts.normalize_phones.__wrapped__(values)
    assert parts_of(fast) == parts_of(contacts._normalize_phones_general(values))


def test_spaced_mobiles_and_landlines_are_settled_without_the_general_path(monkeypatch):
    handed_on: list[object] = []
    general = contacts._normalize_phones_general

    def recording(raw):
        handed_on.extend(raw.tolist())
        return general(raw)

    monkeypatch.setattr(contacts, "_normalize_phones_general", recording)
    values = pd.Series(["+86 138 1234 5678", "(010) 1234 5678", "138 **** 5678"], dtype=object)
    result, bad = contacts.normalize_phones.__wrapped__(values)
    assert result.tolist() == ["13812345678", "010-12345678", "138 **** 5678"]
    assert not bad.any()
    assert handed_on == ["138 **** 5678"]  # a masked number keeps the general path
