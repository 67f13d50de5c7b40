"""templates/ is what the generator writes, and every template reads back as intended."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from custgrade.fields import SheetKind, alias_table, normalize_header
from custgrade.rules import DEFAULT_RULES, rules_from_rows
from custgrade.rules.colors import color_names
from custgrade.rules.model import default_rules
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
    assert rules_from_rows(rows, name) == default_rules(lang)  # tier names in the language


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
    assert customers.max_row == 1  # headers only: no example row to type over
    formats = {
        h: customers.column_dimensions[get_column_letter(i)].number_format
        for i, h in enumerate(header, 1)
    }
    assert formats["注册日期"] == "yyyy-mm-dd"
    assert formats["消费总额"] == "¥#,##0.00"
    assert formats["联系电话"] == "@"
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
    assert sheet["C12"].value == "钻石蓝"  # the colour's name, not #B4C7E7
    assert sheet["C12"].fill.fgColor.rgb == "FFB4C7E7"
    lists = {v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    # the scoring methods, the tier colours and the sheet kinds of the 列对应 section
    colours = '"' + ",".join(color_names("zh")) + '"'
    assert lists == {'"百分位排名,五档分位,固定阈值"', colours, '"客户,购买记录,互动记录"'}


# --- examples that cannot become data ----------------------------------------------


def test_every_column_has_an_input_message_with_an_example() -> None:
    workbook = openpyxl.load_workbook(TEMPLATE_DIR / INPUT_TEMPLATE_NAME)
    for title in SHEET_KINDS:
        sheet = workbook[title]
        prompts = {
            str(v.sqref): v.prompt for v in sheet.data_validations.dataValidation if v.prompt
        }
        for cell in sheet[1]:
            letter = cell.column_letter
            data_rows = f"{letter}2:{letter}1048576"
            assert data_rows in prompts, (title, cell.value)
            assert "例如：" in prompts[data_rows]
    customer_id = next(
        v.prompt
        for v in workbook["客户信息"].data_validations.dataValidation
        if str(v.sqref) == "A2:A1048576"
    )
    assert (
        customer_id == "每位客户唯一的编号，如 C0001。购买记录和互动记录用它关联客户。例如：C0001"
    )


def test_examples_are_on_the_guide_sheet_one_column_per_row() -> None:
    guide = openpyxl.load_workbook(TEMPLATE_DIR / INPUT_TEMPLATE_NAME)["说明"]
    rows = [row for row in guide.iter_rows(values_only=True) if any(row)]
    start = rows.index(("填写示例：客户信息", None, None))
    assert rows[start + 1] == ("列名", "示例", "怎么填")
    assert rows[start + 2][:2] == ("客户ID", "C0001")
    assert rows[start + 3][:2] == ("客户姓名", "张三")
    assert ("填写示例：购买记录", None, None) in rows


def _fill_first_rows(path: Path, target: Path) -> Path:
    """A user fills one customer and one order, as they would in Excel."""
    workbook = openpyxl.load_workbook(path)
    customers, orders = workbook["客户信息"], workbook["购买记录"]
    columns = {c.value: c.column for c in customers[1]}
    customers.cell(2, columns["客户ID"], "K001")
    customers.cell(2, columns["客户姓名"], "李雷")
    columns = {c.value: c.column for c in orders[1]}
    orders.cell(2, columns["客户ID"], "K001")
    orders.cell(2, columns["购买日期"], dt.datetime(2025, 3, 1))
    orders.cell(2, columns["金额"], 300)
    workbook.save(target)
    return target


def test_a_filled_template_grades_only_what_the_user_typed(tmp_path: Path) -> None:
    from custgrade import grade_workbook

    filled = _fill_first_rows(TEMPLATE_DIR / INPUT_TEMPLATE_NAME, tmp_path / "我的客户.xlsx")
    result = grade_workbook(filled, tmp_path / "我的客户_评级.xlsx")
    assert result.customers["customer_id"].tolist() == ["K001"]
    assert (result.ledger.input_rows, result.ledger.order_rows) == (1, 1)
    assert result.customers["net_amount"].tolist() == [300]
    guide = next(s for s in result.sheets if s.sheet == "说明")
    assert guide.used_as is None  # instructions and examples, never data
    written = openpyxl.load_workbook(tmp_path / "我的客户_评级.xlsx")
    values = {
        str(v) for ws in written.worksheets for row in ws.iter_rows(values_only=True) for v in row
    }
    assert not values & {"C0001", "张三", "D20240928001"}


# --- custgrade template [DIR] -----------------------------------------------------


def test_template_command_writes_both_templates(tmp_path: Path) -> None:
    from custgrade.templates import template_command

    folder = tmp_path / "新文件夹"
    outcome = CliRunner().invoke(template_command, [str(folder)])
    assert outcome.exit_code == 0, outcome.output
    assert outcome.output.splitlines() == [
        f"已生成 {folder / INPUT_TEMPLATE_NAME}",
        f"已生成 {folder / RULES_TEMPLATE_NAME}",
    ]
    for name in GENERATORS:
        assert digest(folder / name) == digest(TEMPLATE_DIR / name), name
    assert sorted(p.name for p in folder.iterdir()) == sorted(GENERATORS)  # no temp files


def test_template_command_in_english(tmp_path: Path) -> None:
    from custgrade.templates import template_command

    outcome = CliRunner().invoke(template_command, [str(tmp_path), "--lang", "en"])
    assert outcome.exit_code == 0, outcome.output
    assert outcome.output.splitlines()[0] == f"Written: {tmp_path / INPUT_TEMPLATE_NAME}"
    sheets = openpyxl.load_workbook(tmp_path / INPUT_TEMPLATE_NAME).sheetnames
    assert sheets == ["Customers", "Orders", "Interactions", "Instructions"]
    assert openpyxl.load_workbook(tmp_path / RULES_TEMPLATE_NAME).sheetnames == ["Rules"]


def test_template_command_never_replaces_a_template_without_force(tmp_path: Path) -> None:
    from custgrade.templates import template_command

    kept = tmp_path / INPUT_TEMPLATE_NAME
    kept.write_bytes(b"filled in by someone")
    outcome = CliRunner().invoke(template_command, [str(tmp_path)])
    assert outcome.exit_code == 1
    assert outcome.output == (
        f"错误: {kept} 已经存在，没有覆盖\n"
        "如要用新模板替换它（其中填写的内容会丢失），请加 --force；或换一个文件夹\n"
    )
    assert kept.read_bytes() == b"filled in by someone"
    assert not (tmp_path / RULES_TEMPLATE_NAME).exists()
    forced = CliRunner().invoke(template_command, [str(tmp_path), "--force"])
    assert forced.exit_code == 0 and digest(kept) == digest(TEMPLATE_DIR / INPUT_TEMPLATE_NAME)


def test_template_command_has_help_in_both_languages() -> None:
    from custgrade.templates import template_command

    outcome = CliRunner().invoke(template_command, ["--help"])
    assert outcome.exit_code == 0
    assert "生成客户信息模板和评级规则工作簿" in outcome.output and "[DIR]" in outcome.output
