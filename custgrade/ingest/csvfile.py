"""Reading CSV files as exported by Excel, WPS, shop systems and old Macs.

Every value stays text: cleaning parses numbers and dates later, and an ID
such as 0123 keeps its leading zero.  The encoding is found by trying
UTF-8 (with or without BOM) and then GB18030, the superset of GBK that
Chinese Excel writes by default; UTF-16 is recognised by its BOM, or
without one by the NUL byte in every other position that ASCII text has
in UTF-16 (Excel's "Unicode text" export).  Stray NUL bytes are dropped
(csvkit's null_byte.csv); a file that is mostly binary is refused.

Arrow parses the records, on both cores and into text columns, when every
record has the first record's field count; for it, the file is first made
UTF-8.
Where it reports a ragged record, a line break inside an unquoted field or
a record larger than a block, the csv module reads the file instead: it
pads ragged records and keeps their field counts.  On the records both can
read, the two give the same cells (the tests compare them).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv

from custgrade.errors import InputFileError
from custgrade.ingest.raw import RawSheet, TextColumns

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
_SNIFF_RECORDS = 50
_UTF16_BOMS: tuple[bytes, ...] = (b"\xff\xfe", b"\xfe\xff")
_SAMPLE = 4096
#: Characters the delimiter is guessed from.
_SNIFF_CHARS = 64 * 1024
# Control characters other than tab, line breaks and NUL: text has almost none.
_BINARY = re.compile(rb"[\x01-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_BINARY_SHARE = 0.05
# csv's default field limit is 128 KiB; a note or an address pasted from a
# document can be larger (a 2 MB cell is real).  A field can never be larger
# than the text it comes from, so the limit is raised to that size.
_INT_MAX = 2**31 - 1  # field_size_limit takes a C long: 32 bits on Windows
#: Bytes decoded at a time while the file is made UTF-8.
_CHUNK = 4 << 20
#: Bytes Arrow parses at a time; a record larger than this goes to the csv module.
_BLOCK = 16 << 20
_UTF8 = frozenset({"utf-8", "utf-8-sig"})


def read_csv_sheet(path: Path) -> RawSheet:
    """The records of a CSV file as one sheet named after the file stem.

    Arrow's text columns when every record has the first record's field
    count, else the csv module's records, decoded as they are parsed.
    Short records are then padded with empty cells so that all rows have
    one length; ``field_counts`` keeps the original counts for the
    ragged-row report.

    Raises:
        InputFileError: unknown-encoding when the bytes are neither UTF-8,
            UTF-16 nor GB18030; binary-not-csv when they are not text.
    """
    with path.open("rb") as handle:
        head = handle.read(_SAMPLE)
    if _looks_binary(head):
        raise InputFileError("binary-not-csv", file=path.name)
    encodings = ("utf-16",) if head.startswith(_UTF16_BOMS) else _guess_encodings(head)
    for encoding in encodings:
        try:
            data = _as_utf8(path, encoding)
        except UnicodeDecodeError:
            continue  # not this encoding: decode with the next
        table = _arrow_records(data)
        del data  # the UTF-8 copy of the file lives no longer than the parse
        if table is not None:
            return RawSheet(name=path.stem, rows=TextColumns(table))
        return _padded(path.stem, _records(path, encoding))
    raise InputFileError("unknown-encoding", file=path.name)


def _as_utf8(path: Path, encoding: str) -> bytes:
    """The file's text as UTF-8, without a byte-order mark or NUL characters.

    Decoded a chunk at a time, so that a file in the wrong encoding fails
    without ever being held as a Python string (twice or four times its size).

    Raises:
        UnicodeDecodeError: the file is not text in ``encoding``.
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    as_is = codecs.lookup(encoding).name in _UTF8  # UTF-8 already: checked, kept as read
    parts: list[bytes] = []
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            decoded = decoder.decode(chunk)
            parts.append(chunk if as_is else decoded.encode("utf-8"))
    rest = decoder.decode(b"", final=True)
    parts.append(b"" if as_is else rest.encode("utf-8"))
    data = b"".join(parts)
    del parts
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return data.replace(b"\x00", b"") if b"\x00" in data else data


def _arrow_records(data: bytes) -> pa.Table | None:
    """Every record of the UTF-8 text as text columns, or None where Arrow cannot parse it so.

    Arrow fails on what it reads differently from the csv module: a record
    whose field count differs from the first record's, a line break (CR)
    inside an unquoted field, a record larger than a block.  Records of a
    single field are left to the csv module, which tells a blank line from
    an empty field.
    """
    sample = data[: _SNIFF_CHARS * 4].decode("utf-8", "ignore")[:_SNIFF_CHARS]
    delimiter = sniff_delimiter(sample)
    first = next(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), [])
    if len(first) < 2:
        return None
    names = [str(i) for i in range(len(first))]
    try:
        return pa_csv.read_csv(
            pa.py_buffer(data),
            read_options=pa_csv.ReadOptions(column_names=names, block_size=_BLOCK),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=True,
                ignore_empty_lines=False,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None


def _records(path: Path, encoding: str) -> list[list[str]]:
    """Every record of the file decoded as ``encoding``; stray NUL characters dropped."""
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as text:
        delimiter = sniff_delimiter(text.read(_SNIFF_CHARS).replace("\x00", ""))
        text.seek(0)
        lines = (line.replace("\x00", "") for line in text)
        with _field_limit(path.stat().st_size):
            return list(csv.reader(lines, delimiter=delimiter))


def _padded(name: str, records: list[list[str]]) -> RawSheet:
    """The records as a sheet of equal-length rows, with each record's own field count."""
    counts = [len(record) for record in records]
    width = max(counts, default=0)
    for index in (i for i, n in enumerate(counts) if n < width):
        records[index] = records[index] + [""] * (width - counts[index])
    return RawSheet(name=name, rows=records, field_counts=counts)


def _guess_encodings(data: bytes) -> tuple[str, ...]:
    """UTF-16 without BOM when NULs fill one of the two byte positions, else UTF-8/GB18030."""
    sample = data[:_SAMPLE]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if half and odd > 0.4 * half and even < 0.05 * half:
        return ("utf-16-le", "utf-8-sig", "gb18030")
    if half and even > 0.4 * half and odd < 0.05 * half:
        return ("utf-16-be", "utf-8-sig", "gb18030")
    return ("utf-8-sig", "gb18030")


def _looks_binary(data: bytes) -> bool:
    """Control bytes that no text encoding here produces (NUL aside: UTF-16 is full of it)."""
    if data.startswith(_UTF16_BOMS) or _guess_encodings(data)[0].startswith("utf-16"):
        return False  # a UTF-16 code unit often has a byte below 0x20
    sample = data[:_SAMPLE]
    return len(_BINARY.findall(sample)) > _BINARY_SHARE * len(sample)


@contextmanager
def _field_limit(size: int) -> Iterator[None]:
    """Allow fields up to ``size`` characters while reading, then restore the limit."""
    previous = csv.field_size_limit()
    csv.field_size_limit(min(max(previous, size + 1), _INT_MAX))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first records into the most, most regular fields.

    csv.Sniffer guesses from character frequencies and is easily fooled by
    a comma inside a Chinese address; parsing a sample with each candidate
    and preferring a consistent field count is more robust.
    """
    sample = text[:_SNIFF_CHARS]
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
