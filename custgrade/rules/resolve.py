"""Decide which rules a run uses: defaults, then a rules file, then the input's sheet.

Each layer refines the one below, so a 评级规则 sheet that only lists
tiers keeps the weights of the rules file.  ``--as-of`` is an explicit
request on the command line and overrides every layer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from custgrade.messages import text
from custgrade.rules.files import load_rules
from custgrade.rules.model import Rules, default_rules
from custgrade.rules.sheet_read import rules_from_rows


def resolve_rules(
    *,
    rules_file: Path | None,
    sheet_rows: list[list[object]] | None,
    sheet_name: str | None,
    as_of: dt.date | None,
    lang: str = "zh",
) -> tuple[Rules, str]:
    """The rules for a run and a sentence saying where they came from.

    Args:
        rules_file: a rules file (.toml/.yaml/.yml or a rules workbook), if any.
        sheet_rows: the cells of a 评级规则 sheet found in the input workbook.
        sheet_name: that sheet's name, for messages and the description.
        as_of: the analysis date given on the command line; overrides the rules.
        lang: language of the returned description ("zh" or "en").

    Returns:
        The rules, and the source in plain words in ``lang``, e.g. "默认规则",
        "规则文件 rules.toml", "输入工作表“评级规则”", for 运行信息 and the log.

    Raises:
        RulesError: the rules file or the sheet is invalid.
    """
    rules = default_rules(lang)
    source = text("rules.source.default", lang)
    if rules_file is not None:
        rules = load_rules(rules_file, base=rules)
        source = text("rules.source.file", lang, file=rules_file.name)
    if sheet_rows is not None:
        name = sheet_name or text("rules.sheet-name", lang)
        rules = rules_from_rows(sheet_rows, name, base=rules)
        source = (
            text("rules.source.sheet-over-file", lang, sheet=name, file=rules_file.name)
            if rules_file is not None
            else text("rules.source.sheet", lang, sheet=name)
        )
    if as_of is not None:
        rules = Rules.model_validate({**rules.model_dump(), "as_of": as_of})
        source = text("rules.source.as-of", lang, source=source, date=as_of.isoformat())
    return rules, source
