"""The command speaks the user's language: help, usage errors and the summary.

Chinese by default, English with ``--lang en`` or in an English
environment; usage errors are two lines (what is wrong, how to get help)
and exit 2, never click's English "Error: No such option".
"""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from custgrade import cli
from custgrade.cli.language import lang_from_locale_name, resolve_lang
from custgrade.errors import ExitCode


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli.main, list(args), env=env)


@pytest.mark.parametrize(
    ("args", "environ", "expected"),
    [
        ([], {}, "zh"),
        ([], {"LANG": "C.UTF-8"}, "zh"),
        ([], {"LANG": "en_US.UTF-8"}, "en"),
        ([], {"LANG": "zh_CN.UTF-8"}, "zh"),
        ([], {"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ([], {"CUSTGRADE_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        (["run", "x.xlsx", "--lang", "zh"], {"LANG": "en_US.UTF-8"}, "zh"),
        (["run", "--lang=en", "x.xlsx"], {}, "en"),
        (["run", "--lang", "fr"], {}, "zh"),
        (["run", "--", "--lang", "en"], {}, "zh"),
    ],
)
def test_language_comes_from_the_command_line_then_the_environment(args, environ, expected):
    assert resolve_lang(args, environ) == expected


def test_windows_locale_names_are_understood():
    assert lang_from_locale_name("Chinese (Simplified)_China") == "zh"
    assert lang_from_locale_name("English_United States") == "en"
    assert lang_from_locale_name("C") is None


def test_help_is_chinese_by_default():
    output = invoke("run", "--help").output
    assert output.startswith("用法：custgrade run [选项] INPUT")
    assert "选项" in output and "显示本帮助并退出。" in output
    assert "评级规则工作簿 .xlsx" in output  # --rules documents the rules workbook
    assert "Usage:" not in output and "Show this message" not in output


def test_help_is_english_with_lang_en_or_an_english_environment():
    for output in (
        invoke("run", "--help", "--lang", "en").output,
        invoke("run", "--help", env={"LANG": "en_US.UTF-8"}).output,
    ):
        assert output.startswith("Usage: custgrade run [OPTIONS] INPUT")
        assert "rules workbook .xlsx" in output
        assert "用法" not in output


def test_group_help_lists_the_commands_in_chinese():
    output = invoke("--help").output
    assert "命令" in output and "run" in output
    assert "显示版本号并退出。" in output


@pytest.mark.parametrize(
    ("args", "detail"),
    [
        (["run", "a.xlsx", "--colour"], "用法错误：没有选项 --colour。"),
        (["run", "a.xlsx", "--rule", "r.toml"], "您是不是要用 --rules？"),
        (["run"], "用法错误：缺少参数 INPUT。"),
        (["run", "a.xlsx", "--lang", "fr"], "--lang 的值“fr”无效；可选：zh, en。"),
        (["run", "a.xlsx", "--as-of"], "选项 --as-of 后面需要一个值。"),
        (["grade", "a.xlsx"], "没有命令“grade”；可用的命令："),
        (["run", "a.xlsx", "b.xlsx"], "多余的参数：b.xlsx。"),
    ],
)
def test_usage_errors_are_two_localised_lines_and_exit_2(args, detail):
    outcome = invoke(*args)
    assert outcome.exit_code == ExitCode.USAGE, outcome.output
    assert detail in outcome.output
    assert "查看用法。" in outcome.output
    assert "Error:" not in outcome.output and "Try '" not in outcome.output


def test_usage_errors_in_english():
    outcome = invoke("run", "a.xlsx", "--colour", "--lang", "en")
    assert outcome.exit_code == ExitCode.USAGE
    assert "Usage error: There is no option --colour." in outcome.output
    assert "Run “custgrade run --help” to see how to use it." in outcome.output


def test_summary_names_the_rules_used(crm_workbook: Path, tmp_path: Path):
    outcome = invoke("run", str(crm_workbook), "-o", str(tmp_path / "out.xlsx"))
    assert outcome.exit_code == ExitCode.OK, outcome.output
    assert "评级规则：默认规则" in outcome.output


def test_every_command_and_option_has_help_in_both_languages():
    from custgrade.messages import CATALOGUE

    for name, command in cli.main.commands.items():
        assert f"cli.help.{name}" in CATALOGUE, name
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert f"cli.help.{name}.{param.name}" in CATALOGUE, f"{name} {param.name}"


def test_template_command_speaks_the_language_too():
    assert invoke("template", "--help").output.startswith("用法：custgrade template [选项] [DIR]")
    english = invoke("template", "--help", "--lang", "en").output
    assert english.startswith("Usage: custgrade template [OPTIONS] [DIR]")
