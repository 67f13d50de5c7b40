"""Known export layouts (placeholder until the layout files land)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from custgrade.fields import SheetKind


@dataclass(frozen=True)
class Layout:
    """One known export layout."""

    name: str
    label_zh: str
    label_en: str
    kind: SheetKind
    level: Literal["order", "line"] | None
    currency: str | None
    signature: tuple[str, ...]
    min_match: int
    columns: dict[str, str]
    status: dict[str, frozenset[str]]
    source: str

    def label(self, lang: str) -> str:
        """The layout's name in a language."""
        return self.label_en if lang == "en" else self.label_zh


def load_layouts() -> tuple[Layout, ...]:
    """Every known layout."""
    return ()


def match_layout(header_cells: list[str]) -> Layout | None:
    """The known layout a header belongs to, if any."""
    return None


def classify_statuses(status: pd.Series) -> pd.Series:
    """Each status as counted / cancelled / unpaid / refunded / unknown ("" when empty)."""
    text = status.fillna("").astype(str).str.strip()
    out = pd.Series("unknown", index=status.index, dtype=object)
    out[text.str.contains("退款|退货|refund", case=False)] = "refunded"
    out[text.str.contains("取消|关闭|cancel|void", case=False)] = "cancelled"
    out[text.str.contains("未付款|待付款|等待买家付款|pending|unpaid", case=False)] = "unpaid"
    out[text.str.contains("成功|完成|已发货|已付款|paid|complete|fulfilled", case=False)] = (
        "counted"
    )
    return out.mask(text.eq(""), "")
