"""Columns mapped by hand: ``[columns]`` in TOML/YAML, the 列对应 section of 评级规则."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from custgrade.errors import RulesError
from custgrade.rules import DEFAULT_RULES, Rules, load_rules, rules_from_rows, rules_to_rows
from custgrade.rules.workbook import write_rules_sheet

# Excel rows of the default layout: 列对应 title 24, its header 25, mappings from 26.
COLUMNS_TITLE, COLUMNS_HEADER, FIRST_MAPPING = 24, 25, 26

INTERACTION_FIELDS_ZH = (
    "客户ID (customer_id)、互动日期 (date)、互动类型 (type)、渠道 (channel)、"
    "满意度 (satisfaction)、内容 (content)"
)
INTERACTION_FIELDS_EN = (
    "Customer ID (customer_id), Date (date), Type (type), Channel (channel), "
    "Satisfaction (satisfaction), Content (content)"
)


def write(tmp_path: Path, source: str, name: str = "rules.toml") -> Path:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return path


def file_error(path: Path) -> RulesError:
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    return caught.value


def with_mappings(*mappings: list[object], lang: str = "zh") -> list[list[object]]:
    """The default sheet with rows added under the 列对应 header."""
    rows = rules_to_rows(DEFAULT_RULES, lang)
    assert len(rows) == COLUMNS_HEADER
    return [*rows, *(list(m) for m in mappings)]


def sheet_error(rows: list[list[object]]) -> RulesError:
    with pytest.raises(RulesError) as caught:
        rules_from_rows(rows, "评级规则")
    return caught.value


# --- what is accepted ----------------------------------------------------------------


def test_toml_maps_columns_per_sheet_kind(tmp_path: Path) -> None:
    source = '[columns.orders]\n"钱" = "amount"\n"下单时间" = "购买日期"\n'
    rules = load_rules(write(tmp_path, source))
    assert rules.columns == {"orders": {"钱": "amount", "下单时间": "date"}}
    assert rules.dimensions == DEFAULT_RULES.dimensions


def test_flat_toml_table_names_the_kind_in_the_value(tmp_path: Path) -> None:
    source = '[columns]\n"钱" = "orders.amount"\n"会员名" = "客户.customer_id"\n'
    rules = load_rules(write(tmp_path, source))
    assert rules.columns == {"orders": {"钱": "amount"}, "customers": {"会员名": "customer_id"}}


def test_yaml_maps_columns_per_kind_or_as_a_list(tmp_path: Path) -> None:
    nested = "columns:\n  interactions:\n    打分: satisfaction\n  orders:\n    Pay: Amount\n"
    listed = (
        "columns:\n"
        "  - {kind: 互动记录, header: 打分, field: 满意度}\n"
        "  - {kind: Orders, header: Pay, field: amount}\n"
    )
    expected = {"interactions": {"打分": "satisfaction"}, "orders": {"Pay": "amount"}}
    assert load_rules(write(tmp_path, nested, "a.yaml")).columns == expected
    assert load_rules(write(tmp_path, listed, "b.yml")).columns == expected


def test_column_overrides_are_keyed_by_the_normalised_header() -> None:
    rules = Rules(columns={"orders": {"Pay Amount (CNY)": "amount", "钱": "order_total"}})
    assert rules.column_overrides("orders") == {"payamountcny": "amount", "钱": "order_total"}
    assert rules.column_overrides("customers") == {}


def test_default_rules_map_no_columns() -> None:
    assert DEFAULT_RULES.columns == {}
    assert DEFAULT_RULES.column_overrides("orders") == {}


# --- the 评级规则 sheet ----------------------------------------------------------------


def test_sheet_shows_an_empty_mapping_table_with_its_header() -> None:
    rows = rules_to_rows(DEFAULT_RULES, "zh")
    assert rows[COLUMNS_TITLE - 1][0] == "列对应"
    assert rows[COLUMNS_HEADER - 1] == ["工作表类型", "原列名", "对应字段", "", "说明"]
    assert rules_to_rows(DEFAULT_RULES, "en")[COLUMNS_HEADER - 1][:3] == [
        "Sheet kind",
        "Column in your file",
        "Field",
    ]


def test_sheet_writes_each_mapping_in_the_users_language() -> None:
    rules = Rules(columns={"orders": {"钱": "amount"}, "customers": {"会员名": "customer_id"}})
    zh = rules_to_rows(rules, "zh")[FIRST_MAPPING - 1 :]
    en = rules_to_rows(rules, "en")[FIRST_MAPPING - 1 :]
    assert [row[:3] for row in zh] == [["购买记录", "钱", "金额"], ["客户", "会员名", "客户ID"]]
    assert [row[:3] for row in en] == [
        ["Orders", "钱", "Amount"],
        ["Customers", "会员名", "Customer ID"],
    ]


def through_workbook(rules: Rules, lang: str) -> tuple[list[list[object]], str]:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    write_rules_sheet(workbook, rules, lang)
    workbook.close()
    buffer.seek(0)
    book = CalamineWorkbook.from_filelike(buffer)
    name = book.sheet_names[0]
    return [list(r) for r in book.get_sheet_by_name(name).to_python(skip_empty_area=False)], name


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_mapping_round_trips_through_the_sheet(lang: str) -> None:
    rules = Rules(
        columns={
            "orders": {"钱": "amount", "下单时间": "date", "2024": "product"},
            "interactions": {"打分": "satisfaction"},
        }
    )
    assert rules_from_rows(rules_to_rows(rules, lang), "评级规则") == rules
    rows, name = through_workbook(rules, lang)
    assert rules_from_rows(rows, name) == rules


def test_sheet_accepts_labels_in_either_language_and_canonical_names() -> None:
    rows = with_mappings(["orders", "实付", "Amount"], ["客户", "会员名", "customer_id"])
    rules = rules_from_rows(rows, "评级规则")
    assert rules.columns == {"orders": {"实付": "amount"}, "customers": {"会员名": "customer_id"}}


def test_a_table_added_below_the_mapping_is_not_read_as_one() -> None:
    rows = with_mappings(["购买记录", "钱", "金额"], [], ["实际使用的分界值"], ["维度", "指标"])
    assert rules_from_rows(rows, "评级规则").columns == {"orders": {"钱": "amount"}}


def test_sheet_mapping_replaces_the_rules_files_and_an_empty_one_keeps_it() -> None:
    base = Rules(columns={"orders": {"钱": "amount"}})
    empty = rules_to_rows(DEFAULT_RULES, "zh")
    assert rules_from_rows(empty, "评级规则", base=base).columns == base.columns
    replaced = rules_from_rows(with_mappings(["购买记录", "实付", "金额"]), "评级规则", base=base)
    assert replaced.columns == {"orders": {"实付": "amount"}}


# --- what is refused, with the key or cell named ---------------------------------------

FILE_ERRORS = [
    pytest.param(
        '[columns.goods]\n"钱" = "amount"\n',
        "rules.toml › columns.goods：未知的工作表类型“goods”\n"
        "工作表类型只能是 客户、购买记录、互动记录（customers、orders、interactions）",
        "rules.toml › columns.goods: unknown sheet kind 'goods'\n"
        "The sheet kinds are customers, orders and interactions (客户、购买记录、互动记录)",
        id="unknown-kind",
    ),
    pytest.param(
        '[columns.interactions]\n"钱" = "money"\n',
        'rules.toml › columns.interactions."钱"：互动记录中没有字段“money”\n'
        f"请填写以下字段之一：{INTERACTION_FIELDS_ZH}",
        "rules.toml › columns.interactions.\"钱\": Interactions have no field 'money'\n"
        f"Use one of these fields: {INTERACTION_FIELDS_EN}",
        id="unknown-field",
    ),
    pytest.param(
        '[columns]\n"钱" = "amount"\n',
        'rules.toml › columns."钱"：“amount”没有写明是哪种工作表的字段\n'
        "请写成“工作表类型.字段”，例如 orders.amount（customers、orders、interactions）",
        "rules.toml › columns.\"钱\": 'amount' does not say which kind of sheet the field "
        "belongs to\nWrite it as kind.field, e.g. orders.amount (customers, orders, interactions)",
        id="flat-without-kind",
    ),
    pytest.param(
        '[columns.orders]\n"钱" = "amount"\n"金额(元)" = "金额"\n',
        'rules.toml › columns.orders."金额(元)"：列“金额(元)”和 rules.toml › columns.orders."钱" '
        "的列“钱”都对应到字段“金额 (amount)”\n一个字段只能对应一列：请删除其中一项，或改成别的字段",
        "rules.toml › columns.orders.\"金额(元)\": the columns '金额(元)' and '钱' "
        "(at rules.toml › columns.orders.\"钱\") are both mapped to the field 'Amount (amount)'\n"
        "A field takes one column only: delete one of them, or map it to another field",
        id="same-field-twice",
    ),
    pytest.param(
        '[columns.orders]\n"Pay Amount" = "amount"\npay_amount = "order_total"\n',
        "rules.toml › columns.orders.pay_amount：购买记录的列“pay_amount”已在 "
        'rules.toml › columns.orders."Pay Amount" 对应过一次\n请删除重复的这一项',
        "rules.toml › columns.orders.pay_amount: the Orders column 'pay_amount' is already mapped "
        'at rules.toml › columns.orders."Pay Amount"\nDelete the repeated mapping',
        id="same-header-twice",
    ),
    pytest.param(
        "columns = 3\n",
        "rules.toml › columns：列对应的写法无法识别\n"
        '请按工作表类型分表填写，例如 [columns.orders] 下写 "钱" = "amount"；'
        '或在 [columns] 下写 "钱" = "orders.amount"',
        "rules.toml › columns: the column mapping cannot be read\n"
        'Write one table per sheet kind, e.g. "钱" = "amount" under [columns.orders], '
        'or "钱" = "orders.amount" under [columns]',
        id="not-a-table",
    ),
]


@pytest.mark.parametrize(("source", "zh", "en"), FILE_ERRORS)
def test_invalid_mapping_in_a_file_names_the_key(
    tmp_path: Path, source: str, zh: str, en: str
) -> None:
    error = file_error(write(tmp_path, source))
    assert error.render("zh") == zh
    assert error.render("en") == en


def test_yaml_mapping_error_names_the_key_in_the_yaml_file(tmp_path: Path) -> None:
    error = file_error(write(tmp_path, "columns:\n  orders:\n    钱: 金钱\n", "rules.yaml"))
    assert error.params["where"] == 'rules.yaml › columns.orders."钱"'
    assert error.key == "rules-column-unknown-field"


SHEET_ERRORS = [
    pytest.param(
        [["商品", "钱", "金额"]],
        "评级规则!A26：未知的工作表类型“商品”\n"
        "工作表类型只能是 客户、购买记录、互动记录（customers、orders、interactions）",
        "评级规则!A26: unknown sheet kind '商品'\n"
        "The sheet kinds are customers, orders and interactions (客户、购买记录、互动记录)",
        id="unknown-kind",
    ),
    pytest.param(
        [["互动记录", "打分", "评分"]],
        f"评级规则!C26：互动记录中没有字段“评分”\n请填写以下字段之一：{INTERACTION_FIELDS_ZH}",
        f"评级规则!C26: Interactions have no field '评分'\nUse one of these fields: "
        f"{INTERACTION_FIELDS_EN}",
        id="unknown-field",
    ),
    pytest.param(
        [["购买记录", "钱", ""]],
        "评级规则!C26：列对应缺少“对应字段”\n请把这一行填写完整，或删除这一行",
        "评级规则!C26: the column mapping has no 'Field'\nComplete this row, or delete it",
        id="blank-field",
    ),
    pytest.param(
        [["购买记录", "钱", "金额"], ["购买记录", "实付", "amount"]],
        "评级规则!C27：列“实付”和 评级规则!C26 的列“钱”都对应到字段“金额 (amount)”\n"
        "一个字段只能对应一列：请删除其中一项，或改成别的字段",
        "评级规则!C27: the columns '实付' and '钱' (at 评级规则!C26) are both mapped to the field "
        "'Amount (amount)'\nA field takes one column only: delete one of them, "
        "or map it to another field",
        id="same-field-twice",
    ),
    pytest.param(
        [["购买记录", "钱", "金额"], ["orders", "钱", "订单总额"]],
        "评级规则!B27：购买记录的列“钱”已在 评级规则!B26 对应过一次\n请删除重复的这一项",
        "评级规则!B27: the Orders column '钱' is already mapped at 评级规则!B26\n"
        "Delete the repeated mapping",
        id="same-header-twice",
    ),
]


@pytest.mark.parametrize(("mappings", "zh", "en"), SHEET_ERRORS)
def test_invalid_mapping_in_the_sheet_names_the_cell(
    mappings: list[list[object]], zh: str, en: str
) -> None:
    error = sheet_error(with_mappings(*mappings))
    assert error.render("zh") == zh
    assert error.render("en") == en
