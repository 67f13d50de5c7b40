"""Values as platforms export them, and the user's text kept as the user wrote it.

Every expected value here is written out by hand from the input beside it.
"""

import datetime as dt

import pandas as pd
import pytest

from custgrade import clean


def column(*values):
    return pd.Series(list(values), dtype=object)


def one(normaliser, value):
    values, bad = normaliser(column(value))
    return values.iloc[0], bool(bad.iloc[0])


def one_date(value):
    parsed, bad = one(clean.parse_dates, value)
    return (None if pd.isna(parsed) else parsed.to_pydatetime()), bad


# --- timestamps with offsets: the local wall clock the platform wrote ------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            "2024-03-05 14:23:11 -0700", dt.datetime(2024, 3, 5, 14, 23, 11), id="shopify-0700"
        ),
        pytest.param(
            "2024-11-05 09:01:02 -0800", dt.datetime(2024, 11, 5, 9, 1, 2), id="shopify-0800"
        ),
        pytest.param(
            "2024-03-05 23:30:00 -0700", dt.datetime(2024, 3, 5, 23, 30), id="late-evening-same-day"
        ),
        pytest.param(
            "2024-03-05T14:23:11+08:00", dt.datetime(2024, 3, 5, 14, 23, 11), id="iso-plus-0800"
        ),
        pytest.param("2024-03-05T14:23:11Z", dt.datetime(2024, 3, 5, 14, 23, 11), id="iso-zulu"),
        pytest.param(
            "2024-03-05 14:23:11 +0800", dt.datetime(2024, 3, 5, 14, 23, 11), id="space-plus0800"
        ),
        pytest.param(
            "2024-03-05T14:23:11.250+08:00",
            dt.datetime(2024, 3, 5, 14, 23, 11, 250000),
            id="iso-fraction-offset",
        ),
        pytest.param(
            "2024-03-05T14:23:11.123456Z",
            dt.datetime(2024, 3, 5, 14, 23, 11, 123456),
            id="iso-microseconds-zulu",
        ),
        pytest.param(
            "2024-03-05 14:23:11.5", dt.datetime(2024, 3, 5, 14, 23, 11, 500000), id="fraction"
        ),
        pytest.param("2024-03-05T14:23+08", dt.datetime(2024, 3, 5, 14, 23), id="hours-only"),
        pytest.param("2024-03-05 14:23:11 UTC", dt.datetime(2024, 3, 5, 14, 23, 11), id="utc-word"),
        pytest.param(
            "2024-03-05 14:23:11 GMT+8", dt.datetime(2024, 3, 5, 14, 23, 11), id="gmt-plus8"
        ),
        pytest.param(
            "２０２４-０３-０５Ｔ１４：２３：１１＋０８：００",
            dt.datetime(2024, 3, 5, 14, 23, 11),
            id="fullwidth-iso",
        ),
        pytest.param(
            '="2024-03-05 14:23:11 -0700"',
            dt.datetime(2024, 3, 5, 14, 23, 11),
            id="wrapped-offset",
        ),
    ],
)
def test_timestamps_with_offsets_keep_the_written_date_and_time(raw, expected):
    assert one_date(raw) == (expected, False)


def test_a_column_mixing_offsets_never_fails():
    values, bad = clean.parse_dates(
        column(
            "2024-03-05 14:23:11 -0800",
            "2024-07-05 14:23:11 -0700",
            "2024-03-05T14:23:11+08:00",
            "2024-03-05T06:23:11Z",
            "2024-03-05",
            "2024年3月6日",
        )
    )
    assert [v.to_pydatetime() for v in values] == [
        dt.datetime(2024, 3, 5, 14, 23, 11),
        dt.datetime(2024, 7, 5, 14, 23, 11),
        dt.datetime(2024, 3, 5, 14, 23, 11),
        dt.datetime(2024, 3, 5, 6, 23, 11),
        dt.datetime(2024, 3, 5),
        dt.datetime(2024, 3, 6),
    ]
    assert not bad.any()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            pd.Timestamp("2024-03-05 23:30", tz="America/Los_Angeles"),
            dt.datetime(2024, 3, 5, 23, 30),
            id="pandas-aware",
        ),
        pytest.param(
            dt.datetime(2024, 3, 5, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
            dt.datetime(2024, 3, 5, 8, 0),
            id="datetime-aware",
        ),
        pytest.param(
            dt.datetime(2024, 3, 5, 8, 0, tzinfo=dt.UTC), dt.datetime(2024, 3, 5, 8, 0), id="utc"
        ),
    ],
)
def test_tz_aware_cells_become_naive_local(raw, expected):
    assert one_date(raw) == (expected, False)


def test_aware_and_naive_cells_in_one_column():
    values, bad = clean.parse_dates(
        column(
            pd.Timestamp("2024-03-05 23:30", tz="America/Los_Angeles"),
            dt.datetime(2024, 3, 6, 1, 0),
            pd.Timestamp("2024-03-07 10:00", tz="Asia/Shanghai"),
        )
    )
    assert [v.to_pydatetime() for v in values] == [
        dt.datetime(2024, 3, 5, 23, 30),
        dt.datetime(2024, 3, 6, 1, 0),
        dt.datetime(2024, 3, 7, 10, 0),
    ]
    assert not bad.any()


@pytest.mark.parametrize(
    "raw",
    ["0000-00-00", "0000-00-00 00:00:00", "0000/00/00", "　0000-00-00 00:00　", '="0000-00-00"'],
    ids=["zero-date", "zero-datetime", "zero-slashes", "zero-padded", "zero-wrapped"],
)
def test_zero_dates_are_empty_not_bad(raw):
    assert one_date(raw) == (None, False)


@pytest.mark.parametrize(
    "raw",
    ["2024-03-05 14:23:11 EST", dt.time(14, 23), True],
    ids=["zone-name", "time-only-cell", "boolean-cell"],
)
def test_unreadable_date_cells_are_bad_not_lost(raw):
    assert one_date(raw) == (None, True)


# --- export wrappers, for every kind of field ----------------------------------------


@pytest.mark.parametrize(
    ("normaliser", "raw", "expected"),
    [
        pytest.param(clean.normalize_ids, '="A001"', "A001", id="id-formula-text"),
        pytest.param(clean.normalize_ids, '="0012345"', "0012345", id="id-leading-zeros"),
        pytest.param(clean.normalize_ids, "'0123", "0123", id="id-apostrophe"),
        pytest.param(clean.normalize_ids, "\t123456789012345678", "123456789012345678", id="tab"),
        pytest.param(clean.normalize_ids, "\u00a0A001\u00a0", "A001", id="id-nbsp"),
        pytest.param(clean.normalize_ids, "\u3000A001\u3000", "A001", id="id-fullwidth-space"),
        pytest.param(clean.normalize_ids, '= "A001" ', "A001", id="id-formula-spaced"),
        pytest.param(clean.normalize_text, '="say ""hi"""', 'say "hi"', id="text-doubled-quotes"),
        pytest.param(clean.normalize_text, '\'="A001"', "A001", id="text-nested-wrappers"),
        pytest.param(clean.normalize_text, "=1+1", "=1+1", id="text-formula-kept"),
        pytest.param(clean.normalize_text, "\ufeff张三", "张三", id="text-bom"),
    ],
)
def test_export_wrappers_are_removed_from_text(normaliser, raw, expected):
    assert normaliser(column(raw)).iloc[0] == expected


@pytest.mark.parametrize(
    "raw",
    ['=""', "'", "\t", "\u3000\u00a0"],
    ids=["empty-formula", "lone-apostrophe", "lone-tab", "only-spaces"],
)
def test_wrappers_around_nothing_are_empty(raw):
    assert clean.normalize_text(column(raw)).iloc[0] is None


@pytest.mark.parametrize(
    ("normaliser", "raw", "expected"),
    [
        pytest.param(clean.normalize_phones, '="13812345678"', "13812345678", id="phone-formula"),
        pytest.param(clean.normalize_phones, "'13812345678", "13812345678", id="phone-apostrophe"),
        pytest.param(clean.normalize_phones, "\t13812345678", "13812345678", id="phone-tab"),
        pytest.param(
            clean.normalize_phones, "\u3000138 1234 5678\u00a0", "13812345678", id="phone-spaces"
        ),
        pytest.param(clean.parse_amounts, '="1280.50"', 1280.5, id="amount-formula"),
        pytest.param(clean.parse_amounts, "'¥300", 300.0, id="amount-apostrophe"),
        pytest.param(clean.parse_numbers, '="12"', 12.0, id="number-formula"),
        pytest.param(
            clean.normalize_emails, '="Li@Example.com"', "li@example.com", id="email-formula"
        ),
        pytest.param(clean.normalize_gender, "'男", "男", id="gender-apostrophe"),
    ],
)
def test_export_wrappers_are_removed_before_parsing(normaliser, raw, expected):
    assert one(normaliser, raw) == (expected, False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("45569.5", dt.datetime(2024, 10, 4, 12), id="serial-text-with-fraction"),
        pytest.param(45569.5, dt.datetime(2024, 10, 4, 12), id="serial-cell-with-fraction"),
        pytest.param("2024.10.04", dt.datetime(2024, 10, 4), id="dotted-date-still-a-date"),
    ],
)
def test_fractions_are_fractions_and_dots_separate_dates(raw, expected):
    assert one_date(raw) == (expected, False)


def test_export_wrappers_are_removed_from_dates():
    assert one_date('="2024-10-04"') == (dt.datetime(2024, 10, 4), False)
    assert one_date("'20241004") == (dt.datetime(2024, 10, 4), False)


# --- masked phones ---------------------------------------------------------------------

MASKED = {
    "middle-four": "138****1234",
    "middle-six": "1******6198",
    "leading": "*******1234",
    "plus86": "+86 138****1234",
    "hashes": "##########",
    "fullwidth-stars": "138＊＊＊＊1234",
    "dashes": "138-****-1234",
    "x-mask": "138xxxx1234",
    "wrapped": '="138****1234"',
}


@pytest.mark.parametrize("raw", MASKED.values(), ids=MASKED.keys())
def test_masked_phones_are_kept_as_written_and_not_bad(raw):
    written = raw.removeprefix('="').removesuffix('"')
    assert one(clean.normalize_phones, raw) == (written, False)
    assert clean.masked_phones(column(raw)).tolist() == [True]


@pytest.mark.parametrize(
    "raw",
    ["13812345678", "010-12345678 x123", "+852 9123 4567", "abc", "", None, 13812345678.0],
    ids=["mobile", "extension", "hongkong", "letters", "empty", "none", "number-cell"],
)
def test_real_and_missing_phones_are_not_masked(raw):
    assert clean.masked_phones(column(raw)).tolist() == [False]


@pytest.mark.parametrize(
    "raw",
    ["tel:+86 138 1234 5678", "+86 (0)138 1234 5678"],
    ids=["tel-uri", "trunk-zero-in-brackets"],
)
def test_mainland_mobiles_found_by_phonenumbers_take_the_11_digit_form(raw):
    assert one(clean.normalize_phones, raw) == ("13812345678", False)


def test_masked_phones_work_on_normalised_values_too():
    values, _ = clean.normalize_phones(column("138****1234", "+86 138 1234 5678", None))
    assert clean.masked_phones(values).tolist() == [True, False, False]


def test_masked_phones_never_match():
    values, _ = clean.normalize_phones(column("138****1234", "138****1234", "13812345678"))
    assert clean.phone_keys(values).tolist() == [None, None, "13812345678"]


# --- currency ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param(["¥1,280.00", "¥300"], "¥", id="yen-sign"),
        pytest.param(["￥1,280.00"], "¥", id="fullwidth-yen"),
        pytest.param(["1280元", "300元"], "¥", id="yuan-word"),
        pytest.param(["RMB 12", "CNY"], "¥", id="rmb-cny"),
        pytest.param(["人民币"], "¥", id="renminbi"),
        pytest.param(["$12.50", "$3"], "$", id="dollar"),
        pytest.param(["USD", "usd"], "$", id="usd-code-any-case"),
        pytest.param(["US$1,234.50"], "$", id="us-dollar"),
        pytest.param(["£12", "GBP 3"], "£", id="pound"),
        pytest.param(["€5", "12.5 EUR"], "€", id="euro"),
        pytest.param(["HK$88", "HKD"], "HK$", id="hongkong-dollar"),
        pytest.param(["100港元"], "HK$", id="gangyuan-not-yuan"),
        pytest.param(["$1", "$2", "¥3"], "$", id="most-frequent-wins"),
        pytest.param(["$1", "¥3"], "¥", id="tie-goes-to-file-order"),
        pytest.param(["12", "13.5"], None, id="plain-numbers"),
        pytest.param([12.0, 13.5, None], None, id="number-cells"),
        pytest.param(["EUROPE", "USDA"], None, id="codes-only-as-words"),
        pytest.param([], None, id="empty-column"),
    ],
)
def test_detect_currency(values, expected):
    assert clean.detect_currency(column(*values)) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("US$1,234.50", 1234.5, id="us-dollar"),
        pytest.param("GBP 12", 12.0, id="gbp-prefix"),
        pytest.param("12.5 EUR", 12.5, id="eur-suffix"),
        pytest.param("12.5eur", 12.5, id="eur-lowercase"),
        pytest.param("¥1,280.00", 1280.0, id="yen-commas"),
        pytest.param("1.2万", 12000.0, id="wan"),
        pytest.param("1.2万元", 12000.0, id="wan-yuan"),
        pytest.param("(300)", -300.0, id="accounting-negative"),
        pytest.param("(¥300)", -300.0, id="accounting-negative-yen"),
        pytest.param("−300", -300.0, id="unicode-minus"),
        pytest.param("-¥300", -300.0, id="minus-before-yen"),
        pytest.param("¥-300", -300.0, id="minus-after-yen"),
        pytest.param("300-", -300.0, id="trailing-minus"),
        pytest.param("HK$ 88", 88.0, id="hk-dollar"),
        pytest.param("€5", 5.0, id="euro-sign"),
        pytest.param("£0.99", 0.99, id="pound-sign"),
        pytest.param("CNY 12", 12.0, id="cny"),
        pytest.param("100港元", 100.0, id="gangyuan"),
        pytest.param("＄１２", 12.0, id="fullwidth-dollar"),
    ],
)
def test_amounts_lose_every_currency_mark(raw, expected):
    assert one(clean.parse_amounts, raw) == (expected, False)


def test_numbers_are_not_stripped_of_currency_marks():
    value, bad = one(clean.parse_numbers, "12 EUR")
    assert pd.isna(value) and bad


def test_every_currency_mark_names_one_currency():
    from custgrade.clean import _currencies

    vocab = _currencies()
    assert set(vocab.symbol_of.values()) == set(vocab.order)
    assert len(vocab.order) == len(set(vocab.order))


# --- the user's text is the user's; folding is for matching ---------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            "广州盛世生物医药（集团）有限公司",
            "广州盛世生物医药（集团）有限公司",
            id="fullwidth-brackets-kept",
        ),
        pytest.param("老客户，注意维护", "老客户，注意维护", id="fullwidth-comma-kept"),
        pytest.param("Ｃ００１", "Ｃ００１", id="fullwidth-id-kept"),
        pytest.param("张  三", "张  三", id="inner-spaces-kept"),
        pytest.param("  Zhang San\u3000", "Zhang San", id="ends-trimmed"),
        pytest.param("ABC", "ABC", id="case-kept"),
        pytest.param("Ｎ／Ａ", None, id="fullwidth-na-placeholder"),
        pytest.param("　无　", None, id="wu-padded-placeholder"),
        pytest.param("ＮＵＬＬ", None, id="fullwidth-null-placeholder"),
        pytest.param("——", None, id="dashes-placeholder"),
        pytest.param('="-"', None, id="wrapped-placeholder"),
    ],
)
def test_text_keeps_what_the_user_wrote(raw, expected):
    assert clean.normalize_text(column(raw)).iloc[0] == expected


def test_ids_keep_the_users_spelling():
    assert clean.normalize_ids(column("Ｃ００１", " c001 ", 123.0)).tolist() == [
        "Ｃ００１",
        "c001",
        "123",
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Ｃ００１", "c001", id="fullwidth-vs-lower"),
        pytest.param("C 001", "c001", id="inner-space"),
        pytest.param("C\u3000001", "c001", id="fullwidth-space"),
        pytest.param(
            "广州盛世生物医药（集团）有限公司",
            "广州盛世生物医药(集团)有限公司",
            id="brackets",
        ),
        pytest.param("Li@Example.COM", "li@example.com", id="email-case"),
        pytest.param("STRASSE", "straße", id="casefold-not-lower"),
    ],
)
def test_key_of_folds_for_matching(a, b):
    keys = clean.key_of(column(a, b)).tolist()
    assert keys[0] == keys[1]


def test_key_of_has_no_key_for_empty_cells():
    assert clean.key_of(column("", "  ", None, 1001.0)).tolist() == [None, None, None, "1001"]
