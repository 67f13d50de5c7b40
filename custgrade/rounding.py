"""Rounding as Excel and LibreOffice do it, so a recalculated workbook shows our numbers.

The result's 总评分 is a live ``ROUND(…, 1)`` formula over the dimension
scores the sheet shows; the grading must compute the very same number, or
a recalculation would move a customer across a cut-off.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd


def excel_round(values: pd.Series | npt.ArrayLike, digits: int = 1) -> npt.NDArray[np.float64]:
    """ROUND as Excel computes it: half away from zero, on the decimal value.

    numpy rounds half to even on the binary value (72.25 → 72.2); Excel
    gives 72.3.  Rounding to 9 decimals first removes the binary noise of a
    weighted mean, so a true tie is seen as one.  NaN stays NaN.
    """
    raw = np.round(np.asarray(values, dtype="float64"), 9)
    scale = 10.0**digits
    result: npt.NDArray[np.float64] = np.sign(raw) * np.floor(np.abs(raw) * scale + 0.5) / scale
    return result
