"""Load rules from a TOML, YAML or rules workbook file.

TOML and YAML are for technical users and use the field names of `Rules`
(``dimensions.amount.weight``, ``[[tiers]]``); errors name that key path
as the user wrote it.  A rules workbook (评级规则.xlsx, e.g. in the watched
folder) holds the 评级规则 sheet that office staff edit.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from custgrade.errors import RulesError
from custgrade.rules.build import build_rules
from custgrade.rules.checks import Loc, Locator, key_path
from custgrade.rules.model import DEFAULT_RULES, Rules

_TOML_LINE = re.compile(r"line (\d+)")
_WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}


def load_rules(path: Path, *, base: Rules = DEFAULT_RULES) -> Rules:
    """Read and validate a rules file; settings it leaves out keep their ``base`` value.

    Args:
        path: a .toml, .yaml/.yml file, or a rules workbook (.xlsx, .xlsm,
            .xls, .ods) with a 评级规则 sheet.
        base: the rules the file refines (the defaults unless layered).

    Raises:
        RulesError: unknown file type, unreadable or malformed file, or
            invalid rules; the message names the line or key path.
    """
    suffix = path.suffix.lower()
    if suffix in _WORKBOOK_SUFFIXES:
        from custgrade.rules.sheet import read_rules_workbook

        return read_rules_workbook(path, base=base)
    if suffix not in (".toml", ".yaml", ".yml"):
        raise RulesError("rules-unknown-suffix", file=path.name)
    try:
        source = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError("rules-file-unreadable", file=path.name, detail=_reason(exc)) from None
    data = _parse_toml(source, path.name) if suffix == ".toml" else _parse_yaml(source, path.name)
    return build_rules(data, base, key_path_locator(path.name))


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


def _parse_toml(source: str, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE.search(str(exc))
        line = match.group(1) if match else "?"
        detail = _TOML_LINE.sub("", str(exc)).replace("(at , column", "(column").strip()
        raise RulesError("rules-syntax", file=name, line=line, detail=detail) from None


def _parse_yaml(source: str, name: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(source)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        raise RulesError("rules-syntax", file=name, line=line, detail=exc.problem or "") from None
    except yaml.YAMLError as exc:
        raise RulesError("rules-syntax", file=name, line="?", detail=str(exc)) from None
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise RulesError("rules-not-a-table", file=name)
    return dict(data)


def key_path_locator(file_name: str) -> Locator:
    """A locator naming places as ``rules.toml › dimensions.amount.weight``."""

    def locate(loc: Loc) -> str:
        path = key_path(loc)
        return f"{file_name} › {path}" if path else file_name

    return locate
