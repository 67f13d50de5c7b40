"""A stage's input, once let go, is freed: an emptied table holds none of its rows.

The pipeline empties each stage's input when the next stage holds what it
needs (the raw cells once cleaned, the cleaned rows once merged, the ID
map once records are linked).  An empty *view* of a frame would keep its
whole block alive, a Python object per cell, to the end of the run; these
tests watch the cell objects themselves through weak references.
"""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pandas as pd

from custgrade.dedupe import Deduplicated
from custgrade.ingest.tables import SheetTable
from custgrade.validate import CleanSheet


class Cell:
    """A cell value that can be watched: a weak reference dies with the last holder."""


def _cells(rows: int, columns: int) -> tuple[np.ndarray, list[weakref.ref[Cell]]]:
    matrix = np.empty((rows, columns), dtype=object)
    for i in range(rows):
        for j in range(columns):
            matrix[i, j] = Cell()
    return matrix, [weakref.ref(cell) for cell in matrix.ravel()]


def _alive(refs: list[weakref.ref[Cell]]) -> int:
    gc.collect()
    return sum(ref() is not None for ref in refs)


def test_a_table_without_its_cells_lets_every_cell_go() -> None:
    matrix, refs = _cells(4, 3)
    table = SheetTable(
        kind="customers",
        sheet_name="客户",
        frame=pd.DataFrame(matrix, columns=["customer_id", "name", "备注"], copy=False),
        excel_rows=pd.Series([2, 3, 4, 5]),
        letters={"customer_id": "A", "name": "B", "备注": "C"},
        headers={"customer_id": "客户ID", "name": "姓名", "备注": "备注"},
        mapping=[],
        header_row=1,
    )
    del matrix
    emptied = table.without_cells()
    del table
    assert _alive(refs) == 0
    assert list(emptied.frame.columns) == ["customer_id", "name", "备注"]
    assert len(emptied.frame) == 0 and len(emptied.excel_rows) == 0


def test_a_cleaned_sheet_without_its_rows_lets_every_row_go() -> None:
    matrix, refs = _cells(5, 2)
    sheet = CleanSheet(
        frame=pd.DataFrame(matrix, columns=["customer_id", "name"], copy=False),
        issues=pd.DataFrame(),
        input_rows=5,
        rejected_rows=0,
        fields=["customer_id", "name"],
        extra_columns=[],
    )
    del matrix
    emptied = sheet.without_rows()
    del sheet
    assert _alive(refs) == 0
    assert list(emptied.frame.columns) == ["customer_id", "name"]
    assert (emptied.input_rows, emptied.rejected_rows) == (5, 0)


def test_merged_customers_without_their_maps_let_the_id_map_go() -> None:
    keys, refs = _cells(6, 1)
    deduped = Deduplicated(
        customers=pd.DataFrame({"customer_id": ["C1"]}),
        id_map=pd.Series(keys[:, 0], dtype=object, copy=False),
        issues=pd.DataFrame(),
        merged_rows=0,
        key_maps={"phone": pd.Series(["C1"], index=["13800000000"])},
    )
    del keys
    emptied = deduped.without_maps()
    del deduped
    assert _alive(refs) == 0
    assert emptied.key_maps == {} and len(emptied.id_map) == 0
    assert emptied.customers["customer_id"].tolist() == ["C1"]
