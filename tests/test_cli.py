"""The custgrade command: exit codes, exact messages in zh and en, the closing summary."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pyarrow as pa
import pytest
from click.testing import CliRunner

from custgrade import cli, grade_workbook
from custgrade.errors import ExitCode

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "public"
CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*") if p.suffix not in (".md", ""))
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared/corpus/public not found: corpus tests skipped"
)


def invoke(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def test_run_writes_the_workbook_and_prints_the_summary(crm_workbook: Path):
    outcome = invoke("run", str(crm_workbook))
    assert outcome.exit_code == ExitCode.OK, outcome.output
    assert crm_workbook.with_name("客户导出_评级.xlsx").exists()
    assert "客户行：输入 7 = 已评级 5 + 已合并 1 + 已拒绝 1" in outcome.output
    assert "购买记录：8 行 = 已使用 7 + 已拒绝 1" in outcome.output


def test_summary_is_what_the_library_returns(crm_workbook: Path, tmp_path: Path):
    outcome = invoke("run", str(crm_workbook), "-o", str(tmp_path / "cli.xlsx"))
    (tmp_path / "cli.xlsx").unlink()  # else the second run compares with the first
    result = grade_workbook(crm_workbook, tmp_path / "cli.xlsx")
    assert outcome.output.strip() == cli.render_summary(result).strip()


def test_english_summary(crm_workbook: Path):
    outcome = invoke("run", str(crm_workbook), "--lang", "en")
    assert outcome.exit_code == 0
    assert "Customer rows: input 7 = graded 5 + merged 1 + rejected 1" in outcome.output
    assert crm_workbook.with_name("客户导出_graded.xlsx").exists()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            "错误: 找不到输入文件：不存在.xlsx\n"
            "请检查文件名和所在文件夹是否正确（文件夹不能作为输入）。",
        ),
        (
            "en",
            "Error: Input file not found: 不存在.xlsx\n"
            "Check the file name and its folder (a folder cannot be used as input).",
        ),
    ],
)
def test_missing_file_gives_two_lines_and_exit_code_1(tmp_path: Path, lang: str, expected: str):
    outcome = invoke("run", str(tmp_path / "不存在.xlsx"), "--lang", lang)
    assert outcome.exit_code == ExitCode.INPUT_PROBLEM
    assert outcome.output.strip() == expected


def test_bad_as_of_is_a_user_error(crm_workbook: Path):
    outcome = invoke("run", str(crm_workbook), "--as-of", "明天")
    assert outcome.exit_code == ExitCode.INPUT_PROBLEM
    assert (
        outcome.output.strip()
        == "错误: 分析基准日“明天”不是有效日期。\n请写成 2025-06-30 这样的格式。"
    )


def test_output_must_be_xlsx(crm_workbook: Path, tmp_path: Path):
    outcome = invoke("run", str(crm_workbook), "-o", str(tmp_path / "out.csv"), "--lang", "en")
    assert outcome.exit_code == ExitCode.INPUT_PROBLEM
    assert "is not an .xlsx file" in outcome.output


def test_unknown_option_is_a_usage_error(crm_workbook: Path):
    assert invoke("run", str(crm_workbook), "--colour").exit_code == ExitCode.USAGE


def test_a_bug_gives_exit_code_3_without_traceback(crm_workbook: Path, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "grade_workbook", broken)
    outcome = invoke("run", str(crm_workbook))
    assert outcome.exit_code == ExitCode.INTERNAL
    assert "Traceback" not in outcome.output
    assert "custgrade 内部出错：ZeroDivisionError: division by zero" in outcome.output


def test_debug_shows_the_exception(crm_workbook: Path, monkeypatch):
    monkeypatch.setattr(cli, "grade_workbook", lambda *a, **k: 1 / 0)
    outcome = invoke("run", str(crm_workbook), "--debug")
    assert isinstance(outcome.exception, ZeroDivisionError)


def test_every_command_and_option_has_help_text():
    commands = [cli.main, *cli.main.commands.values()]
    for command in commands:
        assert command.help, command.name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{command.name} {param.name}"


def test_help_documents_the_exit_codes():
    assert "退出码" in invoke("run", "--help").output
    assert "Exit codes" in invoke("run", "--help", "--lang", "en").output


@needs_corpus
@pytest.mark.parametrize("name", CORPUS_FILES or ["(no corpus)"])
def test_corpus_file_is_graded_or_refused_clearly(name: str, tmp_path: Path):
    source = tmp_path / name
    shutil.copyfile(CORPUS / name, source)
    outcome = invoke("run", str(source))
    output = tmp_path / f"{source.stem}_评级.xlsx"
    assert "Traceback" not in outcome.output
    assert outcome.exit_code in (ExitCode.OK, ExitCode.INPUT_PROBLEM), outcome.output
    if outcome.exit_code == ExitCode.OK:
        assert output.exists()
    else:
        assert not output.exists()
        assert outcome.output.startswith("错误: ") and name in outcome.output
    assert sorted(p.name for p in tmp_path.iterdir()) in ([name], sorted([name, output.name]))


RULES_TOML = """
[[tiers]]
name = "重点客户"
min_score = 40
color = "#FFD700"

[[tiers]]
name = "普通客户"
min_score = 0
color = "#D9D9D9"
"""


def test_rules_file_changes_the_tiers(crm_workbook: Path, tmp_path: Path):
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES_TOML, encoding="utf-8")
    outcome = invoke("run", str(crm_workbook), "--rules", str(rules))
    assert outcome.exit_code == ExitCode.OK, outcome.output
    assert "重点客户：" in outcome.output and "普通客户：" in outcome.output
    assert "金牌会员" not in outcome.output


def test_rules_sheet_in_the_workbook_overrides_the_rules_file(tmp_path: Path):
    from custgrade.rules import Rules, TierRule, rules_to_rows
    from tests.conftest import CUSTOMERS, ORDERS, write_xlsx

    sheet_rules = Rules(
        tiers=[
            TierRule(name="A类", min_score=60, color="#FF0000"),
            TierRule(name="B类", min_score=0, color="#00FF00"),
        ]
    )
    rows = [[("" if v is None else v) for v in row] for row in rules_to_rows(sheet_rules, "zh")]
    book = write_xlsx(
        tmp_path / "带规则.xlsx", {"客户信息": CUSTOMERS, "购买记录": ORDERS, "评级规则": rows}
    )
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text(RULES_TOML, encoding="utf-8")
    outcome = invoke("run", str(book), "--rules", str(rules_file))
    assert outcome.exit_code == ExitCode.OK, outcome.output
    assert "A类：" in outcome.output and "重点客户" not in outcome.output


def test_invalid_rules_file_names_the_key_and_exits_1(crm_workbook: Path, tmp_path: Path):
    rules = tmp_path / "bad.toml"
    rules.write_text("[dimensions.amount]\nweight = 50\n", encoding="utf-8")
    outcome = invoke("run", str(crm_workbook), "--rules", str(rules))
    assert outcome.exit_code == ExitCode.INPUT_PROBLEM
    assert outcome.output.strip() == (
        "错误: bad.toml › dimensions：四个维度的权重合计为 110%，而不是 100%\n"
        "请修改权重，使四个维度合计为 100（例如 30、40、15、15）"
    )
    assert not crm_workbook.with_name("客户导出_评级.xlsx").exists()


def test_a_run_puts_arrows_allocations_on_the_c_librarys_heap(crm_workbook: Path, tmp_path):
    """One heap for numpy, Python and Arrow: what one frees, the other reuses (custgrade.heap)."""
    before = pa.default_memory_pool()
    pa.set_memory_pool(pa.mimalloc_memory_pool())
    try:
        outcome = invoke("run", str(crm_workbook), "-o", str(tmp_path / "heap.xlsx"))
        assert outcome.exit_code == 0, outcome.output
        assert pa.default_memory_pool().backend_name == "system"
    finally:
        pa.set_memory_pool(before)
