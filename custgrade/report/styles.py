"""Cell formats and column widths shared by every output sheet.

XlsxWriter formats are workbook-wide objects; creating one per cell
bloats styles.xml and slows writing, so every format is made once here
and looked up by name (or by tier name for the coloured tier cells).

One font everywhere: Microsoft YaHei, the CJK font every Windows Excel
has, set as the workbook's default too, so that empty and unformatted
cells match.  The font record carries the GB2312 character set, so where
YaHei is missing (LibreOffice on Linux, Excel on a Mac) the application
substitutes a Chinese sans-serif (Noto Sans CJK, PingFang) instead of a
Latin font with boxes.  Numbers are right-aligned with one indent, so they
never sit flush against the text of the next column.
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

FONT_NAME = "Microsoft YaHei"
FONT_SIZE = 10
#: Windows character set 134 (GB2312): tells a font substitute to pick a Chinese font.
FONT_CHARSET = 134
_FONT: dict[str, object] = {"font_name": FONT_NAME, "font_size": FONT_SIZE}
#: The workbook's default cell format (XlsxWriter ``default_format_properties``).
DEFAULT_FORMAT: dict[str, object] = {**_FONT, "font_charset": FONT_CHARSET}
#: Line height in points of wrapped text at FONT_SIZE, measured in Excel and LibreOffice.
LINE_HEIGHT = 15.0
_NUMBER: dict[str, object] = {"align": "right", "indent": 1}


class Styles:
    """The formats of one workbook, created once and reused for every cell."""

    def __init__(self, workbook: Workbook, tiers: Iterable[TierRule]) -> None:
        self._workbook = workbook
        self._named: dict[str, Format] = {}
        specs: dict[str, dict[str, object]] = {
            "text": {},
            "wrap": {"text_wrap": True, "valign": "top"},
            "top": {"valign": "top"},
            "header": {
                "bold": True,
                "bg_color": HEADER_FILL,
                "border": 1,
                "valign": "vcenter",
                "text_wrap": True,
            },
            "title": {"bold": True, "font_size": 16},
            "section": {"bold": True, "font_size": 12},
            "bold": {"bold": True},
            "left": {"align": "left"},
            "note": {"font_color": "#595959", "text_wrap": True, "valign": "top"},
            "warning": {"font_color": "#9C5700", "text_wrap": True, "valign": "top"},
            "link": {"font_color": "#0563C1", "underline": 1},
            "date": {"num_format": DATE_FORMAT, "align": "left", "indent": 1},
            "datetime": {"num_format": DATETIME_FORMAT, "align": "left", "indent": 1},
            "money": {"num_format": MONEY_FORMAT, **_NUMBER},
            "score": {"num_format": SCORE_FORMAT, **_NUMBER},
            "count": {"num_format": COUNT_FORMAT, **_NUMBER},
            "number": {"num_format": "General", **_NUMBER},
            "percent": {"num_format": PERCENT_FORMAT, **_NUMBER},
            "center": {"align": "center"},
            # 等级变化 of a re-run: up in green, down in red (Excel's good / bad cell colours)
            "change_up": {"font_color": "#006100", "bg_color": "#C6EFCE"},
            "change_down": {"font_color": "#9C0006", "bg_color": "#FFC7CE"},
        }
        for name, spec in specs.items():
            self._named[name] = workbook.add_format({**_FONT, "valign": "top", **spec})
        self.tiers = list(tiers)
        self.tier: dict[str, Format] = {t.name: self._tier_format(t.color) for t in self.tiers}

    def __getitem__(self, name: str) -> Format:
        return self._named[name]

    def _tier_format(self, color: str) -> Format:
        spec = {**_FONT, "bg_color": color, "font_color": readable_font_color(color)}
        return self._workbook.add_format({**spec, "valign": "top"})

    def money(self, currency: str, *, left: bool = False) -> Format:
        """The money format in the run's currency (made once per currency and alignment)."""
        key = f"money:{currency}:{left}"
        if key not in self._named:
            symbol = currency.replace('"', "")
            align = {"align": "left"} if left else _NUMBER
            spec = {**_FONT, **align, "valign": "top", "num_format": f'"{symbol}"#,##0.00'}
            self._named[key] = self._workbook.add_format(spec)
        return self._named[key]

    def tier_fill(self, name: str) -> Format:
        """The conditional-format version of a tier's fill (font colour, fill; no font)."""
        key = f"fill:{name}"
        if key not in self._named:
            color = next(t.color for t in self.tiers if t.name == name)
            spec = {"bg_color": color, "font_color": readable_font_color(color)}
            self._named[key] = self._workbook.add_format(spec)
        return self._named[key]

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
