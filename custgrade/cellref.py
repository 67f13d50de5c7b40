"""Excel cell references as users see them: column letters and "Sheet!B7".

Reading and the rules sheet name cells in messages; they need the letters
without depending on the workbook writer (XlsxWriter stays behind report/).
"""

from __future__ import annotations


def column_letter(index: int) -> str:
    """The Excel letters of a 0-based column index: 0 → "A", 25 → "Z", 26 → "AA"."""
    if index < 0:
        raise ValueError(f"column index must be >= 0, got {index}")
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
