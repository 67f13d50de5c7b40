"""The fatal-error tree and the codes of row issues.

Two channels: a problem in the data is a *row issue* (a row of 问题数据,
identified by a stable code); only "cannot produce a workbook at all" is an
exception.  Every exception carries a message key and its parameters, so
the CLI and the watched folder render the same localised text; the
exception's own ``str()`` is the English text for logs and tracebacks.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any


class ExitCode(IntEnum):
    """Process exit codes of the CLI, documented in the README and --help."""

    OK = 0
    INPUT_PROBLEM = 1  # the user can fix it: the file, the data or the rules
    USAGE = 2  # wrong command line (click's own code for usage errors)
    INTERNAL = 3  # a bug in custgrade: please report it


class CustgradeError(Exception):
    """A run that cannot produce a workbook; the user can fix the cause.

    Args:
        key: message key in the catalogues (``custgrade.messages``); the
            catalogues hold a "what is wrong" and a "what to do" line per key.
        params: values for the message placeholders, e.g. ``file``.
    """

    exit_code: ExitCode = ExitCode.INPUT_PROBLEM

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(self.render("en"))

    def render(self, lang: str = "zh") -> str:
        """The two-line message (what is wrong; what to do) in a language."""
        from custgrade.messages import error_text

        return error_text(self.key, lang, **self.params)


class InputFileError(CustgradeError):
    """The input file is missing, unreadable, encrypted, damaged or unsupported."""


class NoCustomerSheetError(CustgradeError):
    """No sheet of the workbook looks like a customer list."""


class RulesError(CustgradeError):
    """The rules are invalid; the message names the cell or the key."""


class OutputError(CustgradeError):
    """The output workbook cannot be written where it was asked for."""


class InternalError(CustgradeError):
    """A bug in custgrade (a ledger that does not balance, an unexpected exception).

    The one internal-error type: the CLI turns it into exit code 3 and the
    "this is a bug, please report it" message.
    """

    exit_code = ExitCode.INTERNAL

    def __init__(self, detail: str) -> None:
        super().__init__("internal", detail=detail)

    @classmethod
    def from_exception(cls, exc: BaseException) -> InternalError:
        """The internal error for an unexpected exception, named by its type and text."""
        return cls(f"{type(exc).__name__}: {exc}")


class IssueCode(StrEnum):
    """Stable codes of row issues in 问题数据; messages are keyed by these."""

    # rows that cannot be used at all
    NO_ID_OR_NAME = "no-id-or-name"
    ORDER_NO_CUSTOMER = "order-no-customer"
    ORDER_UNKNOWN_CUSTOMER = "order-unknown-customer"
    ORDER_NO_AMOUNT = "order-no-amount"
    ORDER_NO_DATE = "order-no-date"
    INTERACTION_NO_CUSTOMER = "interaction-no-customer"
    INTERACTION_UNKNOWN_CUSTOMER = "interaction-unknown-customer"
    INTERACTION_NO_DATE = "interaction-no-date"
    RAGGED_ROW = "ragged-row"
    TOTAL_ROW = "total-row"
    # one bad cell: the row is kept, the cell emptied
    INVALID_PHONE = "invalid-phone"
    INVALID_EMAIL = "invalid-email"
    INVALID_DATE = "invalid-date"
    INVALID_AMOUNT = "invalid-amount"
    INVALID_NUMBER = "invalid-number"
    INVALID_GENDER = "invalid-gender"
    OUT_OF_RANGE = "out-of-range"
    # rows merged into another customer
    MERGED_DUPLICATE = "merged-duplicate"
    # row-level notes that do not change the ledger
    DUPLICATE_HEADER = "duplicate-header"
    # --- orders, interactions and the measures behind the scores
    ORDER_NO_BUYER = "order-no-buyer"
    UNKNOWN_STATUS = "unknown-status"
    AFTER_AS_OF = "after-as-of"
    IMPLAUSIBLE_DATE = "implausible-date"
    MASKED_PHONES = "masked-phones"
    STRAY_CELLS = "stray-cells"  # far cells trimmed off a sheet before reading
    # dedupe: the key that merged a row, exact copies, and contacts shared by many customers
    EXACT_DUPLICATE = "exact-duplicate"
    MERGED_SAME_ID = "merged-same-id"
    MERGED_SAME_PHONE = "merged-same-phone"
    MERGED_SAME_EMAIL = "merged-same-email"
    MERGED_SAME_NAME_ADDRESS = "merged-same-name-address"
    MERGED_SIMILAR_NAME = "merged-similar-name"
    SHARED_PHONE = "shared-phone"
    SHARED_EMAIL = "shared-email"


#: Issue kinds: how an issue counts in the ledger.
REJECTED = "rejected"  # the row is not used
CELL = "cell"  # the row is used, one cell was emptied
MERGED = "merged"  # the row became part of another customer
NOTE = "note"  # informational
