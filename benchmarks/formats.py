"""The many ways real exports spell the same phone number, date or amount.

Each function takes a clean value and a style code and returns the cell a
CRM, a shop backend or a hand-typing office worker would have produced.
"""

from __future__ import annotations

from benchmarks.sheets import Cell, serial_to_date, serial_to_datetime

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

#: Mobile phone styles and how often an export uses each.
PHONE_STYLES: tuple[tuple[str, float], ...] = (
    ("plain", 0.76),
    ("number", 0.05),
    ("+86 spaced", 0.05),
    ("dashed", 0.05),
    ("spaced", 0.04),
    ("+86", 0.03),
    ("full-width 86", 0.02),
)
#: Date cell styles for registration dates (a real Excel date most of the time).
DATE_STYLES: tuple[tuple[str, float], ...] = (
    ("excel", 0.92),
    ("iso text", 0.02),
    ("slash text", 0.02),
    ("chinese text", 0.02),
    ("yyyymmdd number", 0.02),
)


def format_phone(phone: str, style: str) -> Cell:
    """One mobile or landline number in an export style."""
    if "-" in phone:  # landline "010-12345678"
        area, local = phone.split("-")
        return {"plain": phone, "dashed": phone, "spaced": f"{area} {local}"}.get(
            style, f"({area}){local}"
        )
    spaced = f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    styles: dict[str, Cell] = {
        "plain": phone,
        "number": int(phone),
        "+86 spaced": f"+86 {spaced}",
        "dashed": spaced.replace(" ", "-"),
        "spaced": spaced,
        "+86": f"+86{phone}",
        "full-width 86": ("86" + phone).translate(FULL_WIDTH),
    }
    return styles[style]


def format_date(serial: float, style: str) -> Cell:
    """A whole-day serial as an Excel date or one of the text spellings."""
    if style == "excel":
        return float(serial)
    d = serial_to_date(serial)
    styles: dict[str, Cell] = {
        "iso text": d.isoformat(),
        "slash text": f"{d.year}/{d.month}/{d.day}",
        "chinese text": f"{d.year}年{d.month}月{d.day}日",
        "yyyymmdd number": int(d.strftime("%Y%m%d")),
    }
    return styles[style]


def format_time_text(serial: float, chinese: bool) -> str:
    """An order time typed as text: "2024/10/4 13:05" or "2024年10月4日 13:05"."""
    t = serial_to_datetime(serial)
    day = f"{t.year}年{t.month}月{t.day}日" if chinese else f"{t.year}/{t.month}/{t.day}"
    return f"{day} {t.hour:02d}:{t.minute:02d}"


def format_amount_text(amount: float, style: str) -> str:
    """An amount typed as text: "¥1,280.00", "1280元" or "1.28万"."""
    if style == "yuan sign":
        return f"¥{amount:,.2f}"
    if style == "wan":
        return f"{amount / 10000:g}万"
    return f"{amount:g}元"
