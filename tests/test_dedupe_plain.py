"""The whole-column folds of the match keys give what folding each text in Python gives.

Names, addresses and contacts of plain text (ASCII and CJK ideographs) are
folded by Arrow kernels, the rest text by text; generated names mixing
both, with legal-form suffixes, group marks, punctuation of both widths,
traditional characters and odd spaces, must fold the same either way.
"""

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from custgrade.clean import key_of
from custgrade.dedupe import keys

PIECES = st.sampled_from(
    [
        "张", "陳", "大文", "廣州", "盛世", "醫藥", "华彩", "集团", "(集团)", "（集团）", "[集团]",
        "【集团】", "股份有限公司", "有限公司", "公司", "Co.,Ltd.", "co.ltd", "Limited", "Inc.",
        "LLC", "corp", "ACME", "a", "B", "0", "7", "(", ")", "[", "]", "{", "}", "<", ">", ".",
        ",", ";", ":", "'", '"', "!", "?", "-", "_", "/", "\\", "&", "+", "*", "#", "@", "=",
        "·", "•", "，", "、", "“", "”", " ", "\u3000", "\t", "\n", "Ｃ", "０", "é", "e\u0301",
        "ß", "\uf900", "㐀", "138****1234", "li@qq.com", "＊", "＃",
    ]
)  # fmt: skip
TEXT_COLUMNS = st.lists(
    st.one_of(st.lists(PIECES, max_size=6).map("".join), st.none()), max_size=20
).map(lambda cells: pd.Series(cells, dtype=object))
MANY = settings(max_examples=300, deadline=None)


def cells_of(values: pd.Series) -> list[object]:
    """The cells with every kind of missing value read as one."""
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in values]


@MANY
@given(TEXT_COLUMNS)
def test_punctuation_goes_as_text_by_text(texts):
    expected = keys._each(texts, keys._unpunctuated)
    assert cells_of(keys._unpunctuated_texts(texts)) == cells_of(expected)


@MANY
@given(TEXT_COLUMNS)
def test_plain_texts_held_as_arrow_fold_as_the_general_chain_folds_them(texts):
    assert cells_of(keys._folded_text(texts)) == cells_of(keys._folded_text_general(texts))


def test_traditional_plain_names_fold_to_simplified_without_punctuation():
    texts = pd.Series(["廣州盛世(集团)醫藥", "ACME.Ltd", "", "陳大文", "張 三", None], dtype=object)
    assert cells_of(keys._folded_text(texts)) == [
        "广州盛世集团医药",
        "acmeltd",
        None,
        "陈大文",
        "张三",  # a space: the general path
        None,
    ]


@MANY
@given(TEXT_COLUMNS)
def test_legal_forms_go_as_text_by_text(texts):
    folded = keys._folded_text(texts)
    expected = keys._each(folded, keys._legal_form_removed)
    assert cells_of(keys._legal_forms_removed(folded)) == cells_of(expected)


@MANY
@given(TEXT_COLUMNS)
def test_empty_texts_are_missing_as_by_their_length(texts):
    expected = texts.where(texts.str.len() > 0)
    assert cells_of(keys._empty_as_missing(texts)) == cells_of(expected)


@MANY
@given(TEXT_COLUMNS)
def test_contact_keys_are_the_unmasked_keys(texts):
    key = key_of(texts)
    usable = ~key.str.contains(keys.MASK_CHARS, regex=True).fillna(True).astype(bool)
    expected = key.where(usable & (key.str.len() > 0))
    assert cells_of(keys.contact_key(texts)) == cells_of(expected)


def test_a_name_that_is_only_a_suffix_keeps_its_folded_text():
    names = pd.Series(["有限公司", "廣州盛世生物醫藥有限公司", "ACME Co.,Ltd.", None])
    assert cells_of(keys.fold_names(names)) == ["有限公司", "广州盛世生物医药", "acme", None]


def test_signatures_join_every_folded_key_of_a_row():
    frame = pd.DataFrame({"customer_id": ["C1", "C1"], "name": ["张三", "张三"], "row": [2, 3]})
    folded = keys.fold_frame(frame)
    match = keys.match_keys(frame, folded, keys.fold_codes(folded))
    assert match.signatures(np.array([1])) == ["c1\x1f张三\x1f\x1f\x1f\x1f" + match.parts[-1][1]]
    assert match.exact_code.tolist() == [0, 0]


@MANY
@given(st.lists(st.tuples(st.integers(-1, 3), st.integers(-1, 2), st.integers(-1, 5)), max_size=30))
def test_repeated_rows_are_the_rows_whose_codes_all_recur(rows):
    codes = [np.array([r[i] for r in rows], dtype=np.int64) for i in range(3)]
    expected = pd.DataFrame(rows, columns=list("abc")).duplicated(keep=False).tolist()
    assert keys.repeated_rows(codes).tolist() == expected


@MANY
@given(TEXT_COLUMNS)
def test_simplified_converts_each_text_as_opencc_converts_it_alone(texts):
    converter = keys._to_simplified()
    expected = [None if t is None else converter.convert(t) for t in cells_of(texts)]
    assert cells_of(keys.simplified(texts)) == expected


@MANY
@given(TEXT_COLUMNS)
def test_text_held_as_arrow_folds_as_the_same_text_held_as_python_strings(texts):
    arrow = texts.astype("str")
    assert cells_of(keys.fold_text(arrow)) == cells_of(keys.fold_text(texts))
    assert cells_of(keys.fold_names(arrow)) == cells_of(keys.fold_names(texts))
