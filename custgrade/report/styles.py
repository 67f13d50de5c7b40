"""Cell formats and column widths shared by every output sheet.

XlsxWriter formats are workbook-wide objects; creating one per cell
bloats styles.xml and slows writing, so every format is made once here
and looked up by name (or by tier name for the coloured tier cells).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from custgrade.rules.model import TierRule

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
MONEY_FORMAT = "¥#,##0.00"
SCORE_FORMAT = "0.0"
COUNT_FORMAT = "0"
PERCENT_FORMAT = "0.0%"
HEADER_FILL = "#DDEBF7"
MAX_WIDTH = 60
MIN_WIDTH = 6
#: Rows sampled per column to size it: enough to see typical values,
#: few enough that a million-row sheet costs nothing to measure.
WIDTH_SAMPLE = 2000

# East Asian wide and full-width characters take two columns in Excel.
_WIDE = (
    r"[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF"
    r"\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]"
)

_FONT = {"font_name": "Microsoft YaHei", "font_size": 10}


class Styles:
    """The formats of one workbook, created once and reused for every cell."""

    def __init__(self, workbook: Workbook, tiers: Iterable[TierRule]) -> None:
        self._workbook = workbook
        self._named: dict[str, Format] = {}
        specs: dict[str, dict[str, object]] = {
            "text": {},
            "wrap": {"text_wrap": True, "valign": "top"},
            "header": {"bold": True, "bg_color": HEADER_FILL, "border": 1, "valign": "vcenter"},
            "title": {"bold": True, "font_size": 16},
            "section": {"bold": True, "font_size": 12},
            "bold": {"bold": True},
            "left": {"align": "left"},
            "date": {"num_format": DATE_FORMAT, "align": "left"},
            "datetime": {"num_format": DATETIME_FORMAT, "align": "left"},
            "money": {"num_format": MONEY_FORMAT},
            "score": {"num_format": SCORE_FORMAT},
            "count": {"num_format": COUNT_FORMAT},
            "number": {"num_format": "General"},
            "percent": {"num_format": PERCENT_FORMAT},
        }
        for name, spec in specs.items():
            self._named[name] = workbook.add_format({**_FONT, **spec})
        self.tier: dict[str, Format] = {t.name: self._tier_format(t.color) for t in tiers}

    def __getitem__(self, name: str) -> Format:
        return self._named[name]

    def _tier_format(self, color: str) -> Format:
        spec = {**_FONT, "bg_color": color, "font_color": readable_font_color(color)}
        return self._workbook.add_format(spec)

    def tier_formats(self, tier_names: pd.Series) -> list[Format | None]:
        """One cached format per row, by tier name (None for an unknown tier)."""
        return [self.tier.get(name) for name in tier_names.astype(object).tolist()]


def readable_font_color(background: str) -> str:
    """Dark text on a light fill, white text on a dark one (perceived luminance)."""
    red, green, blue = (int(background.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return "#1F1F1F" if luminance >= 140 else "#FFFFFF"


def display_width(values: pd.Series) -> pd.Series:
    """Width of each text in Excel columns: wide (CJK) characters count 2."""
    text = values.astype("string").fillna("")
    return text.str.len() + text.str.count(_WIDE)


def column_width(header: str, values: pd.Series, *, minimum: int = MIN_WIDTH) -> float:
    """A width that fits the header and a sample of the values, capped at MAX_WIDTH."""
    sample = pd.concat([pd.Series([header]), values.head(WIDTH_SAMPLE).astype(object)])
    widest = int(display_width(sample).max())
    return float(min(max(widest + 2, minimum), MAX_WIDTH))
