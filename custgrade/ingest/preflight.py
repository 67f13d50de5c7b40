"""Checks made before a file is handed to a native reader.

A native reader can misbehave on absurd input: python-calamine aborts the
whole process (SIGABRT, no ``try`` catches it) when a sheet's used area is
too large to allocate, and a zip bomb inflates to gigabytes.  Its error
texts ("not a zip file") also mislead users whose real problem is a
password or a web page saved as .xls.  So the file's kind, name, size and
first bytes are checked here, and each problem gets its own message key;
the zip package of the OOXML/ODS formats is checked by `custgrade.ingest.package`.
"""

from __future__ import annotations

import hashlib
import mmap
import re
from pathlib import Path
from typing import Literal

from custgrade.errors import InputFileError

ACCEPTED_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb", ".csv")
FileFamily = Literal["excel", "csv"]
TextKind = Literal["html", "xml-spreadsheet", "text"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# Excel 2.x-4.0 worksheets are a bare BIFF stream: BOF record 0x0009/0x0209/0x0409
# (xlrd's biff4_no_format_no_window2.xls starts with 09 04).
_OLD_BIFF_MAGICS: tuple[bytes, ...] = (b"\x09\x00", b"\x09\x02", b"\x09\x04")
# An encrypted OOXML file is an OLE container with these streams (ECMA-376 part 2).
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_CHUNK = 1 << 20
_SNIFF_BYTES = 8192
# Web pages saved as .xls by report systems (the "HTML Excel" export of many
# Chinese ERPs and banks) start with one of these tags, after an optional BOM,
# XML declaration or comment.
_HTML_START = re.compile(r"<\s*(!doctype\s+html|html|head|body|table|meta|style|title|div)\b")
_XML_SPREADSHEET = "urn:schemas-microsoft-com:office:spreadsheet"
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def check_file(path: Path) -> FileFamily:
    """Refuse files no reader should open, and say which reader fits the rest.

    The reader is chosen by content where the extension lies: an .xlsx
    renamed .csv is read as a workbook, a text file renamed .xlsx is named
    for what it is.

    Raises:
        InputFileError: input-is-folder, file-not-found, lock-file,
            unsupported-format, empty-file, encrypted, not-a-spreadsheet,
            too-old-format, text-not-workbook, html-as-xls or xml-spreadsheet.
    """
    name = path.name
    if path.is_dir():
        raise InputFileError("input-is-folder", file=name)
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
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if suffix == ".csv":
        return "excel" if head.startswith((ZIP_MAGIC, OLE_MAGIC)) else "csv"
    _check_signature(path, suffix, head)
    return "excel"


def _check_signature(path: Path, suffix: str, head: bytes) -> None:
    if head.startswith(OLE_MAGIC):
        if suffix != ".xls" and _holds_encrypted_package(path):
            raise InputFileError("encrypted", file=path.name)
        return
    if head.startswith(ZIP_MAGIC):
        # A ZIP with an .xls name is an .xlsx saved under the wrong name and
        # is read by content.
        return
    kind = sniff_text(head)
    if kind == "html":
        raise InputFileError("html-as-xls", file=path.name, ext=suffix)
    if kind == "xml-spreadsheet":
        raise InputFileError("xml-spreadsheet", file=path.name, ext=suffix)
    if kind == "text":
        raise InputFileError("text-not-workbook", file=path.name)
    if suffix == ".xls":
        key = "too-old-format" if head[:2] in _OLD_BIFF_MAGICS else "not-a-spreadsheet"
        raise InputFileError(key, file=path.name)
    # Binary that is neither ZIP nor OLE under an .xlsx/.ods name.
    raise InputFileError("damaged", file=path.name)


def sniff_text(head: bytes) -> TextKind | None:
    """What the first bytes of a file are when they are text, else None.

    Tried as UTF-8, UTF-16 by BOM, then GB18030 (what Chinese Windows writes);
    text is what decodes without control characters other than tab and
    line breaks.
    """
    decoded = _decode_head(head)
    if decoded is None or _CONTROL.search(decoded):
        return None
    start = decoded.lstrip().lower()
    start = re.sub(r"^(<\?xml[^>]*>|<!--.*?-->|\s)+", "", start, flags=re.DOTALL)
    if _XML_SPREADSHEET in decoded[:_SNIFF_BYTES].lower():
        return "xml-spreadsheet"
    if _HTML_START.match(start):
        return "html"
    return "text"


def _decode_head(head: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            candidates: tuple[str, ...] = (encoding,)
            head = head[len(bom) :]
            break
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        # The sniffed head may end inside a multi-byte character.
        for cut in range(4):
            try:
                return head[: len(head) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
    return None


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
