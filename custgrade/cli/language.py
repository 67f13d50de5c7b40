"""Which language the command speaks before it has parsed a single option.

Help and usage errors are printed while the options are still being
parsed, so the language cannot come from the parsed ``--lang``: it is read
from the raw arguments first, then from the environment.  Chinese is the
default; an English environment (``LANG=en_US.UTF-8``, an English Windows)
gets English, and ``--lang`` always wins.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping, Sequence

from custgrade.messages import LANGS, Lang

DEFAULT_LANG: Lang = "zh"

#: Environment variables that name the user's language, strongest first
#: (``CUSTGRADE_LANG`` for this command only, then the POSIX order).
LANG_VARIABLES: tuple[str, ...] = ("CUSTGRADE_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def lang_from_args(args: Sequence[str]) -> Lang | None:
    """The value of ``--lang zh|en`` or ``--lang=en`` among raw arguments, if any."""
    for index, arg in enumerate(args):
        if arg == "--":
            return None
        value = None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGS:
            return value
    return None


def lang_from_locale_name(name: str | None) -> Lang | None:
    """``zh_CN.UTF-8`` → zh, ``en_US`` / ``English_United States`` → en; C and POSIX → None."""
    if not name:
        return None
    folded = name.strip().lower()
    if folded.startswith(("zh", "chinese")):
        return "zh"
    if folded.startswith(("en", "english")):
        return "en"
    return None


def lang_from_environment(environ: Mapping[str, str] | None = None) -> Lang | None:
    """The language the environment asks for, or None when it does not say."""
    env = os.environ if environ is None else environ
    for variable in LANG_VARIABLES:
        value = env.get(variable, "")
        if value:
            # the first variable that is set decides, as the C library does
            return lang_from_locale_name(value)
    if os.name == "nt" and environ is None:  # Windows sets no LANG: ask the system
        return lang_from_locale_name(locale.getlocale()[0])
    return None


def resolve_lang(args: Sequence[str], environ: Mapping[str, str] | None = None) -> Lang:
    """``--lang`` on the command line, else the environment's language, else Chinese."""
    return lang_from_args(args) or lang_from_environment(environ) or DEFAULT_LANG
