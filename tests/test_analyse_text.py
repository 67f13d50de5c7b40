"""Sentences built column-wise are the sentences ``str.format`` writes customer by customer.

The analysis of a million customers is filled from templates over whole
text columns; each test here formats the same awkward values one row at a
time with plain Python and compares.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from custgrade.analyse import (
    _by_name,
    _label_text,
    _money,
    _num,
    fill_template,
    load_decision_table,
)
from custgrade.messages import text
from custgrade.rules.units import format_money

# text as a sheet may hold it: Chinese, quotes, braces, blanks, emoji, newlines
cell_text = st.text(
    alphabet=st.sampled_from(list("ab 羽绒服“”{}\n%、😀")) | st.characters(codec="utf-8"),
    max_size=8,
)


def as_list(column: object) -> list[str]:
    return column.to_pylist()  # type: ignore[attr-defined]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(cell_text, cell_text), min_size=1, max_size=30), cell_text)
def test_a_template_is_filled_as_str_format_fills_each_row(rows, literal):
    template = literal.replace("{", "{{").replace("}", "}}") + "“{a}”，{b}{a}。"
    a = pd.Series([r[0] for r in rows], dtype=object)
    b = pd.Series([r[1] for r in rows], dtype="str")
    filled = as_list(fill_template(template, {"a": a, "b": b}, len(rows)))
    assert filled == [template.format(a=x, b=y) for x, y in rows]


def test_a_template_without_placeholders_is_repeated():
    assert as_list(fill_template("数据不足{{}}", {}, 3)) == ["数据不足{}"] * 3


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.just(np.nan),
            st.just(-0.0),
            st.just(0.5),
            st.just(-0.5),
            st.floats(-1e9, 1e9),
            st.integers(-5000, 5000).map(float),
        ),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(["¥", "$", "HK$"]),
)
def test_money_and_numbers_are_formatted_as_each_value_alone(values, currency):
    series = pd.Series(values, dtype="float64")
    expected = ["—" if np.isnan(v) else format_money(v, currency) for v in series.round(0)]
    assert as_list(_money(series, currency)) == expected
    unsigned = series + 0.0  # -0.0 and 0.0 are one value, written as the first one seen
    assert as_list(_num(unsigned)) == ["—" if np.isnan(v) else f"{v:.1f}" for v in unsigned]


def test_amounts_in_the_sentences_are_whole_with_sign_currency_and_separators():
    amounts = pd.Series([1234.6, -200.0, 0.4, float("nan"), 1234567.0])
    assert as_list(_money(amounts, "¥")) == ["¥1,235", "-¥200", "¥0", "—", "¥1,234,567"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["repeat", "one_time", "no_data", ""]), st.integers(0, 99)),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(["zh", "en"]),
)
def test_each_row_gets_its_own_template_filled_with_its_own_values(rows, lang):
    names = pd.Series([r[0] for r in rows], dtype=object)
    days = [str(r[1]) for r in rows]
    purchases = [str(r[1] * 3) for r in rows]
    values = {"days": pd.Series(days), "purchases": pd.Series(purchases)}
    values = {k: fill_template("{v}", {"v": v}, len(rows)) for k, v in values.items()}
    filled = as_list(_by_name(names, "analysis.history.", values, lang))
    expected = [
        text(f"analysis.history.{n}", lang).format(days=d, purchases=p) if n else ""
        for n, d, p in zip(names, days, purchases, strict=True)
    ]
    assert filled == expected


@settings(max_examples=60, deadline=None)
@given(st.data(), st.sampled_from(["zh", "en"]))
def test_tags_are_joined_in_table_order_as_a_loop_over_customers_joins_them(data, lang):
    table = load_decision_table()
    facts_needed = sorted(
        {f.removeprefix("!") for row in table.tables["tags"] for f in (*row.when, *row.any)}
    )
    n = data.draw(st.integers(1, 25))
    facts = pd.DataFrame(
        {f: data.draw(st.lists(st.booleans(), min_size=n, max_size=n)) for f in facts_needed}
    )
    written, said = _label_text(facts, table, lang)
    sep = text("label.separator", lang)
    for i in range(n):

        def holds(name: str, row: int = i) -> bool:
            value = bool(facts[name.removeprefix("!")][row])
            return not value if name.startswith("!") else value

        tags = [
            text(f"label.{r.name}", lang)
            for r in table.tables["tags"]
            if all(holds(f) for f in r.when) and (not r.any or any(holds(f) for f in r.any))
        ]
        assert written[i] == sep.join(tags)
        assert as_list(said)[i] == (sep.join(tags) or text("label.none", lang))
