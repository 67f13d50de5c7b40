"""Golden digests of the graded sample workbooks, cell by cell.

Each golden file lists every non-empty cell of the graded sample with its
value, number format and fill (one cell per line, see `golden_cells`), plus
the ledger, the tier counts and each sheet's size and frozen panes.  A
failure names the cells that changed.  Refresh on purpose with
``pytest tests/test_golden.py --update-golden`` and review the diff.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from custgrade import grade_workbook
from tests.golden_cells import differences, dump, workbook_cells

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize(
    ("sample", "lang"),
    [("客户导出_CRM.xlsx", "zh"), ("手工客户台账.xlsx", "zh"), ("客户导出_CRM.xlsx", "en")],
    ids=["crm-zh", "handkept-zh", "crm-en"],
)
def test_sample_output_matches_golden_cells(sample, lang, tmp_path, request):
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
        **workbook_cells(result.output_path),
    }
    golden = GOLDEN / f"{Path(sample).stem}.{lang}.json"
    if request.config.getoption("--update-golden"):
        golden.write_text(dump(current), encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert current["ledger"] == expected["ledger"]
    assert current["tiers"] == expected["tiers"]
    assert current["sheets"] == expected["sheets"]
    changed = differences(expected["cells"], current["cells"])
    assert not changed, "cells differ from the golden file:\n" + "\n".join(changed)
