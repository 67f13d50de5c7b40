"""The ``custgrade`` command: a thin translation onto `custgrade.grade_workbook`.

Parse options → call one library function → render its result → exit
code.  This is the only module that prints, draws progress or exits, and
the one place where exceptions become a localised two-line message.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from custgrade import __version__
from custgrade.errors import CustgradeError, ExitCode, InternalError
from custgrade.messages import note_text, text
from custgrade.pipeline import grade_workbook
from custgrade.result import RunResult
from custgrade.sheet_text import describe_sheet

EXIT_CODES_HELP = """\b
Exit codes / 退出码:
  0  success / 成功
  1  a problem with the input file, data, rules or output location
     that you can fix; the message says what to do / 输入、规则或输出位置有问题
  2  wrong command-line usage / 命令行用法错误
  3  internal error (a bug; rerun with --debug and report it) / 程序内部错误
"""

#: Where each stage sits on the overall progress bar (start, share).
STAGE_SPAN: dict[str, tuple[float, float]] = {
    "read": (0.0, 0.4),
    "clean": (0.4, 0.1),
    "score": (0.5, 0.1),
    "write": (0.6, 0.4),
}


@click.group(epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="custgrade")
def main() -> None:
    """custgrade: grade the customers of a spreadsheet into VIP / 金牌 / 银牌 / 铜牌 tiers.

    将客户表格评级为带颜色的客户等级工作簿（基本信息、等级信息、评分信息、分析报告）。
    """


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("input_file", metavar="INPUT", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Output workbook (default: <name>_评级.xlsx beside the input). 输出文件。",
)
@click.option(
    "--rules",
    "rules_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Rules file (.toml/.yaml); a 评级规则 sheet in the input overrides it. 规则文件。",
)
@click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="YYYY-MM-DD",
    help="Analysis date (default: the latest date in the data). 分析基准日。",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the workbook and messages. 语言。",
)
@click.option(
    "--debug", is_flag=True, help="Show the full traceback on errors. 出错时显示完整调用栈。"
)
def run(
    input_file: Path,
    output: Path | None,
    rules_file: Path | None,
    as_of: str | None,
    lang: str,
    debug: bool,
) -> None:
    """Grade INPUT and write the graded workbook beside it. 评级一个客户工作簿。

    INPUT is an .xlsx, .xlsm, .xls, .ods, .xlsb or .csv file exported from a
    CRM, a shop system or kept by hand.  The input is never modified.
    """
    console = Console(stderr=True)
    with _errors_translated(lang, debug, console):
        as_of_date = _parse_as_of(as_of)
        with _progress_bar(lang, console) as on_progress:
            result = grade_workbook(
                input_file,
                output,
                rules_file=rules_file,
                as_of=as_of_date,
                lang=lang,
                on_progress=on_progress,
            )
        click.echo(render_summary(result))


def render_summary(result: RunResult) -> str:
    """The closing summary: as-of date, customers per tier, the ledger, where the output is."""
    lang, ledger = result.lang, result.ledger
    total = max(ledger.graded, 1)
    lines = [
        text("cli.summary.title", lang),
        text("cli.summary.as_of", lang, as_of=result.as_of, start=result.window_start),
    ]
    for tier in result.rules.tiers:
        count = result.tier_counts[tier.name]
        lines.append(
            "  "
            + text(
                "cli.summary.tier",
                lang,
                icon=tier.icon,
                tier=tier.name,
                count=count,
                share=f"{count / total:.1%}",
            )
        )
    lines.append(
        text(
            "cli.summary.ledger-derived" if ledger.customers_derived else "cli.summary.ledger",
            lang,
            input=ledger.input_rows,
            graded=ledger.graded,
            merged=ledger.merged,
            rejected=ledger.rejected,
        )
    )
    if ledger.order_rows:
        lines.append(
            text(
                "cli.summary.orders",
                lang,
                rows=ledger.order_rows,
                used=ledger.orders_used,
                rejected=ledger.orders_rejected,
            )
        )
    if ledger.interaction_rows:
        lines.append(
            text(
                "cli.summary.interactions",
                lang,
                rows=ledger.interaction_rows,
                used=ledger.interactions_used,
                rejected=ledger.interactions_rejected,
            )
        )
    lines.extend("  " + describe_sheet(sheet, lang) for sheet in result.sheets)
    lines.append(text("cli.summary.issues", lang, count=len(result.issues)))
    for note in result.notes:
        if note.key != "note.as-of-from-data":
            lines.append(
                text("cli.summary.note", lang, note=note_text(note.key, note.params, lang))
            )
    lines.append(text("cli.summary.output", lang, path=result.output_path))
    return "\n".join(lines)


def _parse_as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip().replace("/", "-"))
    except ValueError:
        raise CustgradeError("as-of-invalid", value=value) from None


@contextmanager
def _errors_translated(lang: str, debug: bool, console: Console) -> Iterator[None]:
    """Turn a custgrade error into its two-line message and exit code; a bug into exit code 3."""
    try:
        yield
    except CustgradeError as exc:
        if debug:
            raise
        console.print(
            f"[bold red]{text('cli.error.prefix', lang)}:[/] {exc.render(lang)}",
            highlight=False,
            markup=True,
            soft_wrap=True,
        )
        sys.exit(int(exc.exit_code))
    except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException):
        raise
    except Exception as exc:  # the last line of defence: a bug, never a raw traceback
        if debug:
            raise
        message = InternalError(f"{type(exc).__name__}: {exc}").render(lang)
        console.print(
            f"[bold red]{text('cli.error.prefix', lang)}:[/] {message}",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(int(ExitCode.INTERNAL))


@contextmanager
def _progress_bar(lang: str, console: Console) -> Iterator[Callable[[str, float], None]]:
    """A progress bar on the terminal (nothing when stderr is not a terminal)."""
    if not console.is_terminal:
        yield lambda stage, fraction: None
        return
    columns: list[Any] = [TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(text("cli.progress.read", lang), total=1.0)

        def on_progress(stage: str, fraction: float) -> None:
            start, share = STAGE_SPAN.get(stage, (0.0, 0.0))
            key = f"cli.progress.{stage}"
            description = text(key, lang) if stage in STAGE_SPAN else stage
            progress.update(
                task,
                completed=start + share * min(max(fraction, 0.0), 1.0),
                description=description,
            )

        yield on_progress
