"""custgrade.heap: freed memory goes back, Arrow shares the C heap, text is held as Arrow."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from custgrade import grade_workbook
from custgrade.heap import _malloc_trim, as_arrow_text, give_back_freed, share_one_heap


def _resident_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or _malloc_trim() is None,
    reason="needs glibc's malloc_trim (Linux)",
)
def test_freed_blocks_in_the_middle_of_the_heap_go_back_to_the_system() -> None:
    # 200 MiB of blocks below the mmap threshold, every 50th kept: the heap cannot
    # shrink from its top, only trimming gives the free pages in between back
    blocks = [np.ones(1024) for _ in range(25_000)]
    kept = blocks[::50]
    del blocks
    before = _resident_mib()
    give_back_freed()
    after = _resident_mib()
    assert before - after > 100, (before, after)
    assert all(block.sum() == 1024 for block in kept)  # what is held stays intact


def test_arrow_allocates_on_the_c_librarys_heap_once_shared() -> None:
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.mimalloc_memory_pool())
    try:
        kept = pa.array(["客户"] * 1000)  # allocated by mimalloc, freed by it later
        share_one_heap()
        assert pa.default_memory_pool().backend_name == "system"
        assert pa.array(["等级"] * 10).to_pylist() == ["等级"] * 10
        assert kept.to_pylist()[0] == "客户"
    finally:
        pa.set_memory_pool(previous)


def test_text_columns_become_arrow_text_with_every_value_as_it_was() -> None:
    frame = pd.DataFrame(
        {
            "name": ["张三", None, "  李四 ", ""],
            "mixed": [12, "十二", None, 3.5],  # a number the user typed stays a number
            "blank": [None, None, None, None],
            "amount": [1.0, 2.0, np.nan, 4.0],
        },
        dtype=object,
    ).astype({"amount": float})
    out = as_arrow_text(frame)
    assert str(out["name"].dtype) == "str"
    assert out["name"].iloc[[0, 2, 3]].tolist() == ["张三", "  李四 ", ""]
    assert out["name"].isna().tolist() == [False, True, False, False]
    assert out["mixed"].dtype == object and out["mixed"].tolist() == [12, "十二", None, 3.5]
    assert out["blank"].dtype == object
    assert out["amount"].dtype == float
    assert frame["name"].dtype == object  # the frame given is left as it was


def test_a_column_utf8_cannot_encode_stays_as_python_strings() -> None:
    frame = pd.DataFrame(
        {"note": ["ok", "\ud800 lone surrogate"], "name": ["张三", "李四"]}, dtype=object
    )
    out = as_arrow_text(frame)
    assert out["note"].dtype == object and out["note"].tolist() == ["ok", "\ud800 lone surrogate"]
    assert str(out["name"].dtype) == "str"


def test_a_graded_run_holds_its_customers_text_as_arrow(crm_workbook) -> None:
    result = grade_workbook(crm_workbook, write=False)
    for column in ("customer_id", "name", "merged_ids"):
        assert str(result.customers[column].dtype) == "str", column
