"""Checks made before a file is handed to a native reader.

A native reader can misbehave on absurd input (a fuzzer-made OLE file once
asked for gigabytes), and its error texts ("not a zip file") mislead users
whose real problem is a password.  So the file's name, size and first bytes
are checked here first, and each problem gets its own message key.
"""

from __future__ import annotations

import hashlib
import mmap
from pathlib import Path
from typing import Literal

from custgrade.errors import InputFileError

ACCEPTED_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb", ".csv")
FileFamily = Literal["excel", "csv"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# Excel 2.x-4.0 worksheets are a bare BIFF stream: BOF record 0x0009/0x0209/0x0409
# (xlrd's biff4_no_format_no_window2.xls starts with 09 04).
_OLD_BIFF_MAGICS: tuple[bytes, ...] = (b"\x09\x00", b"\x09\x02", b"\x09\x04")
# An encrypted OOXML file is an OLE container with these streams (ECMA-376 part 2).
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_CHUNK = 1 << 20


def check_file(path: Path) -> FileFamily:
    """Refuse files no reader should open, and say which reader fits the rest.

    Raises:
        InputFileError: file-not-found, lock-file, unsupported-format,
            empty-file, encrypted, not-a-spreadsheet or too-old-format.
    """
    name = path.name
    if not path.is_file():
        raise InputFileError("file-not-found", file=name)
    if name.startswith(("~$", ".~lock.")):
        raise InputFileError("lock-file", file=name)
    suffix = path.suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise InputFileError(
            "unsupported-format",
            file=name,
            ext=suffix or name,
            formats=" ".join(ACCEPTED_SUFFIXES),
        )
    if path.stat().st_size == 0:
        raise InputFileError("empty-file", file=name)
    if suffix == ".csv":
        return "csv"
    _check_signature(path, suffix)
    return "excel"


def _check_signature(path: Path, suffix: str) -> None:
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE_MAGIC):
        if suffix != ".xls" and _holds_encrypted_package(path):
            raise InputFileError("encrypted", file=path.name)
        return
    if suffix == ".xls" and not head.startswith(ZIP_MAGIC):
        # A ZIP with an .xls name is an .xlsx saved under the wrong name and
        # is read by content; anything else is no Excel workbook.
        key = "too-old-format" if head[:2] in _OLD_BIFF_MAGICS else "not-a-spreadsheet"
        raise InputFileError(key, file=path.name)


def _holds_encrypted_package(path: Path) -> bool:
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        return mm.find(_ENCRYPTED_PACKAGE) >= 0


def file_sha256(path: Path) -> str:
    """SHA-256 of the file's bytes, read in chunks so a large file costs no memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
