"""Colour names for the tier colours: 金色 / 银色 / 铜色 ... instead of #FFD700.

Office staff pick and talk about colours by name; a hex code in 等级颜色
means nothing to them.  The palette below names the colours a tier is
likely to have (the medal colours first, then Excel's standard and theme
colours); any other colour is named after the nearest one, measured as the
distance in RGB weighted by how strongly the eye sees each channel
(the "redmean" approximation), so #F4B183 reads 浅橙色 rather than 金色.
"""

from __future__ import annotations

from functools import cache

#: Hex colour -> (zh, en) name.  Medal colours first, so a tie goes to them.
PALETTE: dict[str, tuple[str, str]] = {
    "#FFD700": ("金色", "gold"),
    "#FFD966": ("浅金色", "light gold"),
    "#BF9000": ("暗金色", "dark gold"),
    "#C0C0C0": ("银色", "silver"),
    "#D9D9D9": ("浅银色", "light silver"),
    "#CD7F32": ("铜色", "bronze"),
    "#E0A875": ("浅铜色", "light bronze"),
    "#E5E4E2": ("铂金色", "platinum"),
    "#B9F2FF": ("钻石蓝", "diamond blue"),
    "#FFFFFF": ("白色", "white"),
    "#000000": ("黑色", "black"),
    "#808080": ("灰色", "grey"),
    "#FF0000": ("红色", "red"),
    "#C00000": ("深红色", "dark red"),
    "#FFC7CE": ("浅红色", "light red"),
    "#FFC000": ("橙黄色", "amber"),
    "#ED7D31": ("橙色", "orange"),
    "#F4B183": ("浅橙色", "light orange"),
    "#C65911": ("深橙色", "dark orange"),
    "#FFFF00": ("黄色", "yellow"),
    "#FFEB9C": ("浅黄色", "light yellow"),
    "#00B050": ("绿色", "green"),
    "#92D050": ("浅绿色", "light green"),
    "#C6EFCE": ("淡绿色", "pale green"),
    "#00B0F0": ("浅蓝色", "light blue"),
    "#0070C0": ("蓝色", "blue"),
    "#002060": ("深蓝色", "dark blue"),
    "#DDEBF7": ("淡蓝色", "pale blue"),
    "#7030A0": ("紫色", "purple"),
    "#B4A7D6": ("浅紫色", "light purple"),
    "#8B4513": ("棕色", "brown"),
}


def _rgb(color: str) -> tuple[int, int, int]:
    code = color.lstrip("#")
    return int(code[0:2], 16), int(code[2:4], 16), int(code[4:6], 16)


def _distance(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """The 'redmean' colour distance: cheap and close to what the eye sees."""
    mean_red = (a[0] + b[0]) / 2
    dr, dg, db = a[0] - b[0], a[1] - b[1], a[2] - b[2]
    return (2 + mean_red / 256) * dr * dr + 4 * dg * dg + (2 + (255 - mean_red) / 256) * db * db


@cache
def color_name(color: str, lang: str = "zh") -> str:
    """The name of a #RRGGBB colour in a language: its own, else the nearest palette colour's."""
    target = _rgb(color.upper())
    nearest = min(PALETTE, key=lambda known: _distance(target, _rgb(known)))
    zh, en = PALETTE[nearest]
    return en if lang == "en" else zh
