"""Run a column normaliser once per distinct value and spread the result back.

Exports repeat values (cities, sources, genders, even phones of repeat
buyers); normalising each distinct value once keeps million-row columns fast.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import numpy as np
import pandas as pd

R = TypeVar("R", pd.Series, tuple[pd.Series, pd.Series])


def on_uniques(normaliser: Callable[[pd.Series], R]) -> Callable[[pd.Series], R]:
    """Run a normaliser once per distinct value and spread the result back.

    An orders sheet repeats the same customer IDs, statuses, products and
    amounts across a million rows; normalising the few distinct values and
    indexing back is what keeps cleaning a small part of a run.
    """

    @wraps(normaliser)
    def run(raw: pd.Series) -> R:
        factorized: tuple[Any, Any] = pd.factorize(raw.to_numpy(dtype=object))
        codes: np.ndarray = np.asarray(factorized[0])
        uniques: np.ndarray = np.asarray(factorized[1], dtype=object)
        if len(uniques) * 2 > len(raw):
            return normaliser(raw)
        values: list[object] = [*uniques.tolist(), None]
        distinct = pd.Series(values, dtype=object)
        codes = np.where(codes < 0, len(uniques), codes)
        result = normaliser(distinct)
        if isinstance(result, tuple):
            return tuple(_spread(part, codes, raw.index) for part in result)  # type: ignore[return-value,unused-ignore]
        return _spread(result, codes, raw.index)  # type: ignore[return-value,unused-ignore]

    return run


def _spread(values: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    return pd.Series(values.to_numpy()[codes], index=index, dtype=values.dtype)
