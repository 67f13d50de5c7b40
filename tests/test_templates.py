"""templates/ is what the generator writes, and every template reads back as intended."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from custgrade.fields import SheetKind, alias_table, normalize_header
from custgrade.rules import DEFAULT_RULES, rules_from_rows
from custgrade.rules.colors import color_names
from custgrade.templates import (
    INPUT_TEMPLATE_NAME,
    RULES_TEMPLATE_NAME,
    TEMPLATE_DIR,
    write_input_template,
    write_rules_template,
)

GENERATORS = {INPUT_TEMPLATE_NAME: write_input_template, RULES_TEMPLATE_NAME: write_rules_template}
SHEET_KINDS: dict[str, SheetKind] = {
    "客户信息": "customers",
    "购买记录": "orders",
    "互动记录": "interactions",
}


def digest(path: Path) -> dict[str, Any]:
    """What a person sees in a workbook: values, formats, fills, validations, panes."""
    workbook = openpyxl.load_workbook(path)
    result: dict[str, Any] = {}
    for sheet in workbook.worksheets:
        cells = [
            (c.coordinate, c.value, c.number_format, c.fill.fgColor.rgb, c.font.b)
            for row in sheet.iter_rows()
            for c in row
            if c.value is not None or c.fill.fill_type is not None
        ]
        validations = sorted(
            (str(v.sqref), v.type, v.formula1, v.formula2, v.prompt, v.errorStyle)
            for v in sheet.data_validations.dataValidation
        )
        columns = sorted((k, d.width) for k, d in sheet.column_dimensions.items())
        result[sheet.title] = {
            "cells": cells,
            "validations": validations,
            "columns": columns,
            "freeze": sheet.freeze_panes,
        }
    return result


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_committed_template_is_in_sync_with_the_generator(tmp_path: Path, name: str) -> None:
    fresh = tmp_path / name
    GENERATORS[name](fresh)
    assert digest(TEMPLATE_DIR / name) == digest(fresh), (
        f"templates/{name} is out of date: run python -m custgrade.templates"
    )


def test_regenerating_gives_identical_content(tmp_path: Path) -> None:
    write_rules_template(tmp_path / "a.xlsx")
    write_rules_template(tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rules_template_reads_back_as_the_default_rules(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "rules.xlsx"
    write_rules_template(path, lang)
    book = CalamineWorkbook.from_path(str(path))
    name = book.sheet_names[0]
    rows = [list(r) for r in book.get_sheet_by_name(name).to_python(skip_empty_area=False)]
    assert rules_from_rows(rows, name) == DEFAULT_RULES


def test_committed_rules_template_is_the_default_rules() -> None:
    book = CalamineWorkbook.from_path(str(TEMPLATE_DIR / RULES_TEMPLATE_NAME))
    rows = [list(r) for r in book.get_sheet_by_name("评级规则").to_python(skip_empty_area=False)]
    assert rules_from_rows(rows, "评级规则") == DEFAULT_RULES


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_input_template_header_is_recognised(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "input.xlsx"
    write_input_template(path, lang)
    workbook = openpyxl.load_workbook(path)
    kinds = dict(zip(SHEET_KINDS.values(), workbook.sheetnames[:3], strict=True))
    for kind, title in kinds.items():
        headers = [c.value for c in workbook[title][1]]
        table = alias_table(kind)
        assert [h for h in headers if normalize_header(h) not in table] == [], title


def test_input_template_sheets_formats_and_dropdowns() -> None:
    workbook = openpyxl.load_workbook(TEMPLATE_DIR / INPUT_TEMPLATE_NAME)
    assert workbook.sheetnames == ["客户信息", "购买记录", "互动记录", "说明"]
    customers = workbook["客户信息"]
    header = [c.value for c in customers[1]]
    assert header[-5:] == ["购买次数", "消费总额", "最近购买日期", "互动次数", "满意度评分"]
    example = {h: c for h, c in zip(header, customers[2], strict=True)}
    assert example["注册日期"].value == dt.datetime(2023, 3, 15)
    assert example["注册日期"].number_format == "yyyy-mm-dd"
    assert example["消费总额"].number_format == "¥#,##0.00"
    assert example["联系电话"].number_format == "@"
    assert customers.freeze_panes == "A2"
    lists = {v.formula1 for v in customers.data_validations.dataValidation if v.type == "list"}
    assert '"男,女"' in lists
    interactions = workbook["互动记录"].data_validations.dataValidation
    satisfaction = [v for v in interactions if v.type == "whole"]
    assert [(v.formula1, v.formula2) for v in satisfaction] == [("1", "5")]
    statuses = [v.formula1 for v in workbook["购买记录"].data_validations.dataValidation]
    assert '"已完成,已退款,已取消"' in statuses


def test_rules_template_colours_tier_cells_and_offers_methods() -> None:
    sheet = openpyxl.load_workbook(TEMPLATE_DIR / RULES_TEMPLATE_NAME)["评级规则"]
    assert sheet["C12"].value == "金色"  # the colour's name, not #FFD700
    assert sheet["C12"].fill.fgColor.rgb == "FFFFD700"
    lists = {v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    # the scoring methods, the tier colours and the sheet kinds of the 列对应 section
    colours = '"' + ",".join(color_names("zh")) + '"'
    assert lists == {'"百分位排名,五档分位,固定阈值"', colours, '"客户,购买记录,互动记录"'}
