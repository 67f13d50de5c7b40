"""Tier colours by name: the palette of ``vocab/colors.toml``.

Office staff pick a colour from a dropdown rather than typing ``#F4B183``;
the rules keep hex codes (what Excel fills a cell with), so a name is read
as its code and a code with a name is shown as the name.  Any other
``#RRGGBB`` stays valid and is shown as written.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from custgrade.fields import normalize_header


@dataclass(frozen=True)
class NamedColor:
    """One colour of the palette: its hex code and its name in both languages."""

    hex: str
    zh: str
    en: str

    def name(self, lang: str) -> str:
        """The colour's name in a language."""
        return self.en if lang == "en" else self.zh


@cache
def palette() -> tuple[NamedColor, ...]:
    """The named colours, in dropdown order."""
    source = (resources.files("custgrade") / "vocab" / "colors.toml").read_text("utf-8")
    entries = tomllib.loads(source)["color"]
    return tuple(NamedColor(e["hex"].upper(), e["zh"], e["en"]) for e in entries)


@cache
def _by_name() -> dict[str, str]:
    return {normalize_header(word): c.hex for c in palette() for word in (c.zh, c.en)}


def color_from_name(value: str) -> str | None:
    """The hex code of a colour name in either language ("金色", "gold"); None if unnamed."""
    return _by_name().get(normalize_header(value))


def color_name(hex_code: str, lang: str) -> str | None:
    """The palette name of a hex code in a language; None for a colour without a name."""
    upper = hex_code.upper()
    return next((c.name(lang) for c in palette() if c.hex == upper), None)


def nearest_color_name(hex_code: str, lang: str) -> str:
    """The name of a colour for people: its palette name, else the nearest palette colour's.

    Office staff talk about colours by name; a hex code in 等级颜色 means
    nothing to them.  Nearness is the "redmean" distance, which weighs the
    RGB channels roughly as the eye does, so #F4B183 is named 浅橙色, not 金色.
    """
    exact = color_name(hex_code, lang)
    if exact is not None:
        return exact
    target = _rgb(hex_code)
    nearest = min(palette(), key=lambda known: _redmean(target, _rgb(known.hex)))
    return nearest.name(lang)


def _rgb(hex_code: str) -> tuple[int, int, int]:
    code = hex_code.lstrip("#")
    return int(code[0:2], 16), int(code[2:4], 16), int(code[4:6], 16)


def _redmean(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    mean_red = (a[0] + b[0]) / 2
    dr, dg, db = a[0] - b[0], a[1] - b[1], a[2] - b[2]
    return (2 + mean_red / 256) * dr * dr + 4 * dg * dg + (2 + (255 - mean_red) / 256) * db * db


def color_names(lang: str) -> list[str]:
    """Every palette name in a language, in dropdown order."""
    return [c.name(lang) for c in palette()]
