"""custgrade: turn a customer spreadsheet into a graded customer workbook (客户等级管理).

Public API::

    import custgrade
    result = custgrade.grade_workbook("客户导出.xlsx")
    print(result.tier_counts, result.ledger)

The heavy parts (pandas, the pipeline) load on first use, so importing a
small piece such as `custgrade.fields` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("custgrade")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"

from custgrade.errors import (
    CustgradeError,
    ExitCode,
    InputFileError,
    InternalError,
    NoCustomerSheetError,
    OutputError,
    RulesError,
)

if TYPE_CHECKING:
    from custgrade.history.compare import TierHistory
    from custgrade.history.read import PreviousResultError
    from custgrade.pipeline import default_output_path, grade_workbook
    from custgrade.result import Ledger, RunResult
    from custgrade.rules import load_rules
    from custgrade.rules.model import Rules

_LAZY: dict[str, str] = {
    "grade_workbook": "custgrade.pipeline",
    "default_output_path": "custgrade.pipeline",
    "Ledger": "custgrade.result",
    "RunResult": "custgrade.result",
    "load_rules": "custgrade.rules",
    "Rules": "custgrade.rules.model",
    "TierHistory": "custgrade.history.compare",
    "PreviousResultError": "custgrade.history.read",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'custgrade' has no attribute {name!r}")


__all__ = [
    "CustgradeError",
    "ExitCode",
    "InputFileError",
    "InternalError",
    "Ledger",
    "NoCustomerSheetError",
    "OutputError",
    "PreviousResultError",
    "Rules",
    "RulesError",
    "RunResult",
    "TierHistory",
    "__version__",
    "default_output_path",
    "grade_workbook",
    "load_rules",
]
