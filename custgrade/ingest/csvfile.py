"""Reading CSV files as exported by Excel, WPS, shop systems and old Macs.

Every value stays text: cleaning parses numbers and dates later, and an ID
such as 0123 keeps its leading zero.  The encoding is found by trying
UTF-8 (with or without BOM) and then GB18030, the superset of GBK that
Chinese Excel writes by default; UTF-16 is recognised by its BOM.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from custgrade.errors import InputFileError
from custgrade.ingest.raw import RawSheet

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
_SNIFF_RECORDS = 50
_UTF16_BOMS: tuple[bytes, ...] = (b"\xff\xfe", b"\xfe\xff")


def read_csv_sheet(path: Path) -> RawSheet:
    """The records of a CSV file as one sheet named after the file stem.

    Short records are padded with empty cells so that all rows have one
    length; ``field_counts`` keeps the original counts for the ragged-row
    report.

    Raises:
        InputFileError: unknown-encoding when the bytes are neither UTF-8,
            UTF-16 with BOM nor GB18030.
    """
    text = decode_csv_bytes(path.read_bytes(), path.name).replace("\x00", "")
    delimiter = sniff_delimiter(text)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    counts = [len(record) for record in records]
    width = max(counts, default=0)
    for index in (i for i, n in enumerate(counts) if n < width):
        records[index] = records[index] + [""] * (width - counts[index])
    return RawSheet(name=path.stem, rows=records, field_counts=counts)


def decode_csv_bytes(data: bytes, file_name: str) -> str:
    """Decode CSV bytes: UTF-16 by BOM, else UTF-8 (BOM optional), else GB18030.

    Raises:
        InputFileError: unknown-encoding.
    """
    encodings = ("utf-16",) if data.startswith(_UTF16_BOMS) else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputFileError("unknown-encoding", file=file_name)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first records into the most, most regular fields.

    csv.Sniffer guesses from character frequencies and is easily fooled by
    a comma inside a Chinese address; parsing a sample with each candidate
    and preferring a consistent field count is more robust.
    """
    sample = text[: 64 * 1024]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        counts = [len(r) for _, r in zip(range(_SNIFF_RECORDS), reader, strict=False) if r]
        if not counts:
            continue
        width, frequency = Counter(counts).most_common(1)[0]
        score = (frequency if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best
