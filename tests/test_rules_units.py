"""Cut-offs read as rules in the data's units: "≥ 6 次：100 分", "> ¥12,000", "≤ 30 天"."""

from __future__ import annotations

import pytest

from custgrade.report.rules_sheet import cutoff_values
from custgrade.rules.units import describe_cutoffs, format_measure, format_money


@pytest.mark.parametrize(
    ("method", "measure", "cuts", "lang", "currency", "shown"),
    [
        pytest.param(
            "thresholds",
            "purchase_count",
            [2, 4, 6],
            "zh",
            "¥",
            "≥ 2 次：33.3 分；≥ 4 次：66.7 分；≥ 6 次：100 分",
            id="thresholds-count",
        ),
        pytest.param(
            "thresholds",
            "net_amount",
            [1000, 12000],
            "zh",
            "¥",
            "≥ ¥1,000：50 分；≥ ¥12,000：100 分",
            id="thresholds-money",
        ),
        pytest.param(
            "thresholds",
            "recency_days",
            [90, 30],
            "en",
            "¥",
            "≤ 90 days: 50 points; ≤ 30 days: 100 points",
            id="thresholds-days-fewer-is-better",
        ),
        pytest.param(
            "bands",
            "net_amount",
            [1200, 9600, 28500],
            "zh",
            "¥",
            "> ¥1,200：50 分；> ¥9,600：75 分；> ¥28,500：100 分",
            id="bands-above-each-edge",
        ),
        pytest.param(
            "bands",
            "recency_days",
            [317, 168, 76, 38],
            "zh",
            "¥",
            "< 317 天：40 分；< 168 天：60 分；< 76 天：80 分；< 38 天：100 分",
            id="bands-days",
        ),
        pytest.param(
            "percentile",
            "net_amount",
            [502.75, 1360.55, 3029.82, 7402.82],
            "en",
            "$",
            "top 80%: ≥ $502.75; top 60%: ≥ $1,360.55; top 40%: ≥ $3,029.82; top 20%: ≥ $7,402.82",
            id="percentile-quintiles-in-dollars",
        ),
        pytest.param(
            "thresholds",
            "contact_count",
            [1, 3],
            "en",
            "¥",
            "≥ 1 contact: 50 points; ≥ 3 contacts: 100 points",
            id="english-singular",
        ),
        pytest.param(
            "penalty", "complaint_count", [-10], "zh", "¥", "每次投诉扣 10 分", id="penalty"
        ),
        pytest.param("percentile", "satisfaction", [], "zh", "¥", "—", id="nothing-to-show"),
    ],
)
def test_cut_offs_are_described_in_the_data_units(
    method: str, measure: str, cuts: list[float], lang: str, currency: str, shown: str
) -> None:
    assert describe_cutoffs(method, measure, cuts, lang, currency) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(12000, "¥12,000"), (502.754, "¥502.75"), (-200, "-¥200"), (0, "¥0")],
)
def test_money_has_its_currency_and_thousands_separators(value: float, shown: str) -> None:
    assert format_money(value, "¥") == shown


def test_a_measure_value_has_its_unit() -> None:
    assert format_measure(6, "purchase_count", "zh") == "6 次"
    assert format_measure(45.5, "recency_days", "en") == "45.5 days"


def test_cut_off_numbers_come_from_values_when_scoring_gives_them() -> None:
    assert cutoff_values({"cutoffs": "1200 / 9600 / 28500"}) == [1200, 9600, 28500]
    assert cutoff_values({"cutoffs": "1.23457e+06", "values": [1234567.0]}) == [1234567.0]
    assert cutoff_values({"cutoffs": ""}) == []
