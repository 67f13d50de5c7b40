"""Golden digests of the graded sample workbooks, read back with openpyxl.

A digest, not the bytes: an .xlsx holds timestamps, so the digest records
sheet names, headers, sizes, the first rows, a hash over every cell's value,
number format and fill, and the ledger.  Refresh on purpose with
``pytest tests/test_golden.py --update-golden`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from custgrade import grade_workbook
from custgrade.messages import text

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
#: 运行信息 rows that change from run to run (paths, clock, version).
VOLATILE = {
    text(f"report.run.{key}", lang)
    for key in ("input_file", "output_file", "started_at", "duration", "version")
    for lang in ("zh", "en")
}


def cell_text(value: object) -> object:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 6)
    return value


def digest(path: Path) -> dict[str, object]:
    book = openpyxl.load_workbook(path)
    sheets = {}
    for ws in book.worksheets:
        rows = [row for row in ws.iter_rows() if not (row and row[0].value in VOLATILE)]
        h = hashlib.sha256()
        fills: dict[str, int] = {}
        for row in rows:
            for c in row:
                colour = c.fill.fgColor.rgb if c.fill and c.fill.fill_type == "solid" else ""
                fills[str(colour)] = fills.get(str(colour), 0) + 1
                h.update(repr((cell_text(c.value), c.number_format, colour, c.data_type)).encode())
        sheets[ws.title] = {
            "size": [ws.max_row, ws.max_column],
            "header": [cell_text(c.value) for c in rows[0]] if rows else [],
            "first_rows": [[cell_text(c.value) for c in row] for row in rows[1:4]],
            "fills": dict(sorted(fills.items())),
            "freeze": ws.freeze_panes,
            "sha256": h.hexdigest(),
        }
    return {"sheets": list(sheets), "detail": sheets}


@pytest.mark.parametrize(
    ("sample", "lang"),
    [("客户导出_CRM.xlsx", "zh"), ("手工客户台账.xlsx", "zh"), ("客户导出_CRM.xlsx", "en")],
    ids=["crm-zh", "handkept-zh", "crm-en"],
)
def test_sample_output_matches_golden_digest(sample, lang, tmp_path, request):
    source = tmp_path / sample
    shutil.copyfile(ROOT / "sample_data" / sample, source)
    result = grade_workbook(source, lang=lang)
    ledger = result.ledger
    current = {
        "ledger": [
            ledger.input_rows,
            ledger.graded,
            ledger.merged,
            ledger.rejected,
            ledger.order_rows,
            ledger.orders_used,
            ledger.orders_rejected,
        ],
        "tiers": result.tier_counts,
        **digest(result.output_path),
    }
    golden = GOLDEN / f"{Path(sample).stem}.{lang}.json"
    if request.config.getoption("--update-golden"):
        golden.write_text(
            json.dumps(current, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert current["ledger"] == expected["ledger"]
    assert current["tiers"] == expected["tiers"]
    assert current["sheets"] == expected["sheets"]
    for name, sheet in expected["detail"].items():
        assert current["detail"][name] == sheet, name
