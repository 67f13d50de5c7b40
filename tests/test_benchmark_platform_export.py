"""The 淘宝 export the platform benchmark draws is graded to the counts drawn with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.platform_export import draw_export
from custgrade import grade_workbook


def test_a_drawn_taobao_export_grades_to_its_own_counts(tmp_path: Path):
    frame, expected = draw_export(3000, seed=7)
    source = tmp_path / "ExportOrderList.csv"
    frame.to_csv(source, index=False, encoding="gb18030")
    result = grade_workbook(source, write=False)
    assert result.ledger.customers_derived
    assert result.customers["purchase_count"].sum() == expected["purchases"]
    assert result.customers["net_amount"].sum() == pytest.approx(expected["net_spend"])
