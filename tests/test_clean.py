"""Normalisers: messy cell in, canonical value out (or a bad-cell flag)."""

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custgrade import clean


def one(normaliser, value):
    values, bad = normaliser(pd.Series([value], dtype=object))
    return values.iloc[0], bool(bad.iloc[0])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("13812345678", "13812345678", id="plain-mobile"),
        pytest.param("+86 138-1234-5678", "13812345678", id="plus86-dashes"),
        pytest.param("0086 13812345678", "13812345678", id="0086-prefix"),
        pytest.param("８６１３８１２３４５６７８", "13812345678", id="fullwidth-86"),
        pytest.param(13812345678.0, "13812345678", id="number-cell"),
        pytest.param("(010) 1234 5678", "010-12345678", id="beijing-landline"),
        pytest.param("0755-8765432", "0755-8765432", id="shenzhen-landline-7"),
        pytest.param("+852 9123 4567", "+85291234567", id="hongkong-e164"),
    ],
)
def test_phones_normalise_to_one_form(raw, expected):
    assert one(clean.normalize_phones, raw) == (expected, False)


@pytest.mark.parametrize(
    "raw", ["123", "138123456789999", "abc"], ids=["too-short", "too-long", "letters"]
)
def test_bad_phones_are_flagged(raw):
    value, bad = one(clean.normalize_phones, raw)
    assert value is None and bad


@pytest.mark.parametrize(
    "raw",
    ["无", "N/A", "-", "空", "　", None],
    ids=["wu", "na", "dash", "kong", "fullwidth-space", "none"],
)
def test_placeholders_are_empty_not_bad(raw):
    value, bad = one(clean.normalize_phones, raw)
    assert value is None and not bad


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            dt.datetime(2024, 10, 4, 9, 30), dt.datetime(2024, 10, 4, 9, 30), id="datetime-cell"
        ),
        pytest.param(dt.date(2024, 10, 4), dt.datetime(2024, 10, 4), id="date-cell"),
        pytest.param(45569.0, dt.datetime(2024, 10, 4), id="excel-serial"),
        pytest.param(20241004, dt.datetime(2024, 10, 4), id="yyyymmdd-number"),
        pytest.param("20241004", dt.datetime(2024, 10, 4), id="yyyymmdd-text"),
        pytest.param("2024/10/4", dt.datetime(2024, 10, 4), id="slashes"),
        pytest.param("2024-10-04", dt.datetime(2024, 10, 4), id="iso"),
        pytest.param("2024年10月4日", dt.datetime(2024, 10, 4), id="chinese"),
        pytest.param("２０２４年１０月４日", dt.datetime(2024, 10, 4), id="chinese-fullwidth"),
        pytest.param("2024.10.04 13:05", dt.datetime(2024, 10, 4, 13, 5), id="dots-with-time"),
    ],
)
def test_dates_parse(raw, expected):
    value, bad = one(clean.parse_dates, raw)
    assert (value.to_pydatetime(), bad) == (expected, False)


@pytest.mark.parametrize(
    "raw",
    ["明天", "2024-13-45", 2994626.0, "1800-01-01"],
    ids=["words", "impossible", "serial-beyond-9999", "before-1900"],
)
def test_bad_dates_are_flagged_not_crashing(raw):
    value, bad = one(clean.parse_dates, raw)
    assert pd.isna(value) and bad


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("¥1,280.00", 1280.0, id="yuan-sign-commas"),
        pytest.param("1280元", 1280.0, id="yuan-suffix"),
        pytest.param("1.2万", 12000.0, id="wan"),
        pytest.param("￥３００", 300.0, id="fullwidth"),
        pytest.param("(300)", -300.0, id="accounting-negative"),
        pytest.param(-58.5, -58.5, id="negative-number"),
        pytest.param("RMB 12", 12.0, id="rmb-prefix"),
    ],
)
def test_amounts_parse(raw, expected):
    assert one(clean.parse_amounts, raw) == (expected, False)


def test_amount_words_are_bad():
    value, bad = one(clean.parse_amounts, "一千")
    assert pd.isna(value) and bad


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("M", "男"), ("female", "女"), ("女士", "女"), ("男性", "男")],
    ids=["M", "female", "nvshi", "nanxing"],
)
def test_gender_words(raw, expected):
    assert one(clean.normalize_gender, raw) == (expected, False)


def test_emails_lowercase_and_reject_malformed():
    values, bad = clean.normalize_emails(
        pd.Series([" Zhang.San@Example.COM ", "abc@", None], dtype=object)
    )
    assert values.tolist()[:2] == ["zhang.san@example.com", None]
    assert bad.tolist() == [False, True, False]


def test_text_is_trimmed_not_folded_and_keeps_formula_like_text():
    values = clean.normalize_text(
        pd.Series(["　张三　", "ＡＢＣ１２３", "=1+1", 12.0], dtype=object)
    )
    assert values.tolist() == ["张三", "ＡＢＣ１２３", "=1+1", "12"]


@given(st.lists(st.one_of(st.text(max_size=12), st.integers(0, 10**12), st.none()), max_size=20))
def test_phone_normalisation_is_idempotent(values):
    once, _ = clean.normalize_phones(pd.Series(values, dtype=object))
    twice, bad = clean.normalize_phones(once)
    assert twice.fillna("<none>").tolist() == once.fillna("<none>").tolist()
    assert not bad.any()


@given(
    st.lists(
        st.one_of(
            st.text(max_size=12), st.floats(allow_nan=False, allow_infinity=False), st.none()
        ),
        max_size=20,
    )
)
def test_text_normalisation_is_idempotent(values):
    once = clean.normalize_text(pd.Series(values, dtype=object))
    assert clean.normalize_text(once).tolist() == once.tolist()
