"""Per-cell golden digests: one readable JSON line per non-empty cell.

A graded workbook holds timestamps, so its bytes cannot be compared; its
cells can.  Each cell becomes ``"基本信息!C5": value`` or, when it carries a
number format or a fill, ``"基本信息!C5": [value, "0.00", "FFD700"]``.  The
golden file has one cell per line, so its diff and a failing test both name
the cell that changed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell

from custgrade.messages import text

#: 运行信息 rows that change from run to run (paths, clock, version).
VOLATILE = {
    text(f"report.run.{key}", lang)
    for key in ("input_file", "output_file", "started_at", "duration", "version")
    for lang in ("zh", "en")
}


def cell_value(value: object) -> object:
    """A JSON-stable form: dates as ISO text, floats rounded to 6 places."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 6)
    return value


def cell_entry(cell: Cell) -> object:
    value = cell_value(cell.value)
    fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type == "solid" else ""
    number_format = "" if cell.number_format == "General" else cell.number_format
    if not fill and not number_format:
        return value
    return [value, number_format, str(fill)]


def workbook_cells(path: Path) -> dict[str, Any]:
    """Sheets in order, each sheet's size and frozen panes, and every non-empty cell."""
    book = openpyxl.load_workbook(path)
    cells: dict[str, object] = {}
    sheets: dict[str, object] = {}
    for ws in book.worksheets:
        sheets[ws.title] = {"size": [ws.max_row, ws.max_column], "freeze": ws.freeze_panes}
        for row in ws.iter_rows():
            if row and row[0].value in VOLATILE:
                continue
            for cell in row:
                entry = cell_entry(cell)
                if entry is not None and entry != "":
                    cells[f"{ws.title}!{cell.coordinate}"] = entry
    return {"sheets": sheets, "cells": cells}


def dump(digest: dict[str, Any]) -> str:
    """JSON with one cell per line (a diff names the cell)."""
    lines = ["{"]
    keys = list(digest)
    for index, key in enumerate(keys):
        comma = "," if index < len(keys) - 1 else ""
        value = digest[key]
        if key == "cells":
            lines.append(' "cells": {')
            items = list(value.items())
            for i, (ref, entry) in enumerate(items):
                tail = "," if i < len(items) - 1 else ""
                lines.append(
                    f"  {json.dumps(ref, ensure_ascii=False)}: "
                    f"{json.dumps(entry, ensure_ascii=False)}{tail}"
                )
            lines.append(f" }}{comma}")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def differences(
    expected: dict[str, object], current: dict[str, object], limit: int = 20
) -> list[str]:
    """The cells that differ, as ``基本信息!C5: expected … got …`` lines."""
    out = []
    for ref in sorted(expected.keys() | current.keys()):
        want, got = expected.get(ref), current.get(ref)
        if want != got:
            out.append(f"{ref}: expected {want!r}, got {got!r}")
            if len(out) >= limit:
                out.append("…")
                break
    return out
