"""Click commands that speak the user's language: help, headings and usage errors.

click prints "Usage:", "Options" and its usage errors in English.  The
classes here draw the same help from the message catalogue instead
(``cli.help.<command>[.<param>]``) and turn every usage error into a
two-line message — what is wrong, then how to get help — in the language
`resolve_lang` chose from the raw arguments and the environment, because
help and usage errors happen before ``--lang`` is parsed.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from contextvars import ContextVar
from typing import Any, NoReturn

import click

from custgrade.cli.language import DEFAULT_LANG, resolve_lang
from custgrade.cli.streams import echo_safely, make_streams_safe
from custgrade.errors import ExitCode
from custgrade.messages import CATALOGUE, Lang, text

_LANG: ContextVar[Lang] = ContextVar("custgrade_cli_lang", default=DEFAULT_LANG)


def current_lang() -> Lang:
    """The language of the command being run (the default outside a run)."""
    return _LANG.get()


class LocalisedCommand(click.Command):
    """A command whose help headings and built-in options follow `current_lang`."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        prefix = text("cli.help.usage", current_lang())
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [
            record
            for param in self.get_params(ctx)
            if not isinstance(param, click.Argument)
            and (record := param.get_help_record(ctx)) is not None
        ]
        if records:
            with formatter.section(text("cli.help.options", current_lang())):
                formatter.write_dl(records)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = text("cli.help.help-option", current_lang())
        return option


class UnknownCommand(click.UsageError):
    """``custgrade frobnicate``: a command name that does not exist."""

    def __init__(self, name: str, ctx: click.Context) -> None:
        super().__init__(f"No such command {name!r}.", ctx)
        self.name = name


class LocalisedGroup(LocalisedCommand, click.Group):
    """The ``custgrade`` group: localises itself and its commands, then runs one."""

    command_class = LocalisedCommand

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        LocalisedCommand.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section(text("cli.help.commands", current_lang())):
                formatter.write_dl(rows)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            raise UnknownCommand(args[0], ctx)
        return super().resolve_command(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Choose the language, make the console safe, run, and localise usage errors."""
        arguments = list(sys.argv[1:] if args is None else args)
        lang = resolve_lang(arguments)
        token = _LANG.set(lang)
        try:
            localise(self, lang)
            make_streams_safe()
            try:
                value = super().main(
                    arguments, prog_name, complete_var, standalone_mode=False, **extra
                )
            except click.UsageError as exc:
                if not standalone_mode:
                    raise
                _exit_with_usage_error(exc, lang)
            except click.Abort:
                if not standalone_mode:
                    raise
                echo_safely(text("cli.aborted", lang), err=True)
                sys.exit(int(ExitCode.INPUT_PROBLEM))
            except click.ClickException as exc:
                if not standalone_mode:
                    raise
                exc.show()
                sys.exit(exc.exit_code)
            if standalone_mode:
                sys.exit(value if isinstance(value, int) else 0)
            return value
        finally:
            _LANG.reset(token)


def localised(command: click.Command) -> LocalisedCommand:
    """A command defined elsewhere with plain ``@click.command``, made a `LocalisedCommand`."""
    if isinstance(command, LocalisedCommand):
        return command
    return LocalisedCommand(
        name=command.name,
        callback=command.callback,
        params=command.params,
        help=command.help,
        epilog=command.epilog,
        short_help=command.short_help,
        context_settings=command.context_settings,
    )


def localise(command: click.Command, lang: Lang, name: str = "main") -> None:
    """Set the help of ``command``, its options and its subcommands from the catalogue.

    Keys that do not exist leave the command's own text alone, so a command
    is only as localised as its catalogue entries; a test checks every
    command has them.
    """
    prefix = f"cli.help.{name}"
    if prefix in CATALOGUE:
        command.help = text(prefix, lang)
    command.epilog = text(
        f"{prefix}.epilog" if f"{prefix}.epilog" in CATALOGUE else "cli.help.exit-codes", lang
    )
    command.options_metavar = text("cli.help.options-metavar", lang)
    if isinstance(command, click.Group):
        command.subcommand_metavar = text("cli.help.subcommand-metavar", lang)
    for param in command.params:
        if not isinstance(param, click.Option):
            continue
        if param.name == "version":
            param.help = text("cli.help.version-option", lang)
        elif f"{prefix}.{param.name}" in CATALOGUE:
            param.help = text(f"{prefix}.{param.name}", lang)
        if param.name == "lang":
            param.default = lang
        param.show_default = False  # each help text says its default in words
    if isinstance(command, click.Group):
        for sub_name, sub in command.commands.items():
            localise(sub, lang, sub_name)


def usage_error_text(exc: click.UsageError, lang: Lang) -> str:
    """The two-line message for a usage error: what is wrong, how to see the help."""
    command = exc.ctx.command_path if exc.ctx is not None else "custgrade"
    return text("cli.usage.error", lang, detail=_detail(exc, lang), command=command)


def _exit_with_usage_error(exc: click.UsageError, lang: Lang) -> NoReturn:
    prefix = text("cli.help.usage", lang)
    if exc.ctx is not None:
        usage = exc.ctx.get_usage()
        echo_safely(usage if usage.startswith(prefix) else f"{prefix}{usage}", err=True)
    echo_safely(usage_error_text(exc, lang), err=True)
    sys.exit(int(ExitCode.USAGE))


def _detail(exc: click.UsageError, lang: Lang) -> str:
    if isinstance(exc, UnknownCommand):
        group = exc.ctx.command if exc.ctx is not None else None
        names = sorted(group.commands) if isinstance(group, click.Group) else []
        return text("cli.usage.no-such-command", lang, name=exc.name, commands=", ".join(names))
    if isinstance(exc, click.NoSuchOption):
        detail = text("cli.usage.no-such-option", lang, option=exc.option_name)
        if exc.possibilities:
            options = ", ".join(sorted(exc.possibilities))
            detail += text("cli.usage.did-you-mean", lang, options=options)
        return detail
    if isinstance(exc, click.BadOptionUsage) and "requires an argument" in exc.message:
        return text("cli.usage.option-needs-value", lang, name=exc.option_name)
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        key = "argument" if isinstance(exc.param, click.Argument) else "option"
        return text(f"cli.usage.missing-{key}", lang, name=_param_name(exc.param))
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        return _bad_value(exc, exc.param, lang)
    if exc.message.startswith(("Got unexpected extra argument", "Got unexpected extra arguments")):
        extra = exc.message.partition("(")[2].rstrip(")")
        return text("cli.usage.extra-argument", lang, args=extra)
    return exc.format_message()


def _bad_value(exc: click.BadParameter, param: click.Parameter, lang: Lang) -> str:
    name = _param_name(param)
    if isinstance(param.type, click.Choice):
        # click says "'fr' is not one of 'zh', 'en'." and keeps the value nowhere else
        match = re.match(r"'(.*)' is not", exc.message)
        value = match.group(1) if match else ""
        choices = ", ".join(str(choice) for choice in param.type.choices)
        return text("cli.usage.bad-choice", lang, name=name, value=value, choices=choices)
    kind = getattr(param.type, "name", "")
    if kind in ("integer", "float", "integer range", "float range"):
        kind_text = text(f"cli.usage.kind.{kind.split()[0]}", lang)
        return text("cli.usage.bad-number", lang, name=name, kind=kind_text)
    return text("cli.usage.bad-value", lang, name=name, detail=exc.message)


def _param_name(param: click.Parameter) -> str:
    if isinstance(param, click.Option):
        return "/".join(param.opts)
    return param.human_readable_name
