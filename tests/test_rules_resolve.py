"""Which rules a run uses: input sheet over rules file over defaults; --as-of over all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from custgrade.messages import CATALOGUE
from custgrade.rules import DEFAULT_RULES, resolve_rules

SHEET = [["设置", "值"], ["分析窗口(天)", 90]]


def rules_file(tmp_path: Path) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text("window_days = 180\nlifecycle.churn_days = 400\n", encoding="utf-8")
    return path


def test_defaults_when_nothing_is_given() -> None:
    rules, source = resolve_rules(rules_file=None, sheet_rows=None, sheet_name=None, as_of=None)
    assert (rules, source) == (DEFAULT_RULES, "默认规则")


def test_rules_file_overrides_defaults(tmp_path: Path) -> None:
    rules, source = resolve_rules(
        rules_file=rules_file(tmp_path), sheet_rows=None, sheet_name=None, as_of=None, lang="en"
    )
    assert (rules.window_days, source) == (180, "rules file rules.toml")


def test_input_sheet_overrides_the_file_and_keeps_what_it_leaves_out(tmp_path: Path) -> None:
    rules, source = resolve_rules(
        rules_file=rules_file(tmp_path), sheet_rows=SHEET, sheet_name="评级规则", as_of=None
    )
    assert (rules.window_days, rules.lifecycle.churn_days) == (90, 400)
    assert source == "输入工作表“评级规则”，未填写的部分取自规则文件 rules.toml"


def test_as_of_overrides_every_source() -> None:
    sheet = [*SHEET, ["分析基准日", dt.datetime(2023, 1, 1)]]
    rules, source = resolve_rules(
        rules_file=None, sheet_rows=sheet, sheet_name="评级规则", as_of=dt.date(2024, 10, 4)
    )
    assert rules.as_of == dt.date(2024, 10, 4)
    assert source == "输入工作表“评级规则”；分析基准日 2024-10-04 由命令行指定"


@pytest.mark.parametrize("key", sorted(k for k in CATALOGUE if k.startswith("error.rules-")))
def test_every_rules_error_has_two_lines_in_both_languages(key: str) -> None:
    zh, en = CATALOGUE[key]
    assert len(zh.split("\n")) == len(en.split("\n")) == 2
