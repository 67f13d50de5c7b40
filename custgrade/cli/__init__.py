"""The ``custgrade`` command: a thin translation onto `custgrade.grade_workbook`.

Parse options → call one library function → render its result → exit
code.  This package is the only code that prints, draws progress or
exits, and the one place where exceptions become a localised two-line
message.  Help, usage errors and the summary speak the user's language
(`custgrade.cli.language`); their texts live in ``messages/cli.py``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console

from custgrade import __version__
from custgrade.cli.language import DEFAULT_LANG
from custgrade.cli.localised import LocalisedGroup, localise, localised
from custgrade.cli.progress import progress_bar
from custgrade.cli.streams import echo_safely
from custgrade.cli.summary import render_summary
from custgrade.errors import CustgradeError, ExitCode, InternalError
from custgrade.heap import share_one_heap
from custgrade.messages import text
from custgrade.pipeline import grade_workbook
from custgrade.templates import template_command
from custgrade.watch.cli import watch_command

__all__ = ["errors_translated", "main", "render_summary", "run"]


@click.group(name="custgrade", cls=LocalisedGroup)
@click.version_option(__version__, prog_name="custgrade")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=DEFAULT_LANG)
def main(lang: str) -> None:
    """custgrade (help text from the catalogue: cli.help.main)."""


@main.command()
@click.argument("input_file", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None)
@click.option("--rules", "rules_file", type=click.Path(path_type=Path), default=None)
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD")
@click.option("--previous", type=click.Path(path_type=Path), default=None, metavar="RESULT.xlsx")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=DEFAULT_LANG)
@click.option("--debug", is_flag=True)
def run(
    input_file: Path,
    output: Path | None,
    rules_file: Path | None,
    as_of: str | None,
    previous: Path | None,
    lang: str,
    debug: bool,
) -> None:
    """Grade INPUT (help text from the catalogue: cli.help.run)."""
    console = Console(stderr=True)
    share_one_heap()
    with errors_translated(lang, debug, console):
        as_of_date = _parse_as_of(as_of)
        with progress_bar(lang, console) as on_progress:
            result = grade_workbook(
                input_file,
                output,
                rules_file=rules_file,
                as_of=as_of_date,
                previous=previous,
                lang=lang,
                on_progress=on_progress,
            )
    # outside the error translation: the workbook is written, printing cannot fail the run
    echo_safely(render_summary(result))


def _parse_as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip().replace("/", "-"))
    except ValueError:
        raise CustgradeError("as-of-invalid", value=value) from None


@contextmanager
def errors_translated(lang: str, debug: bool, console: Console) -> Iterator[None]:
    """Turn a custgrade error into its two-line message and exit code; a bug into exit code 3."""
    try:
        yield
    except CustgradeError as exc:
        if debug:
            raise
        _print_error(console, exc.render(lang), lang)
        sys.exit(int(exc.exit_code))
    except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException):
        raise
    except Exception as exc:  # the last line of defence: a bug, never a raw traceback
        if debug:
            raise
        _print_error(console, InternalError.from_exception(exc).render(lang), lang)
        sys.exit(int(ExitCode.INTERNAL))


def _print_error(console: Console, message: str, lang: str) -> None:
    # stderr closed or broken: the exit code still tells what happened
    with contextlib.suppress(OSError, ValueError):
        console.print(
            f"[bold red]{text('cli.error.prefix', lang)}:[/] {message}",
            highlight=False,
            markup=True,
            soft_wrap=True,
        )


main.add_command(localised(template_command))
main.add_command(localised(watch_command))

# Until the first run sets the language, help reads in the default language.
localise(main, DEFAULT_LANG)
