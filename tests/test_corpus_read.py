"""Every file of the public corpus of odd and broken spreadsheets is read or refused cleanly.

The whole corpus is first read in a child process with a time limit, so a
native reader that aborts or hangs fails these tests instead of taking the
test run down; the values of well-formed files are then checked in process.
The corpus lives in ``../shared/corpus/public`` beside the repository (see
its MANIFEST.md for what each file tests); without it every test here is
skipped with that reason, so a fresh clone still passes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from custgrade.ingest import read_workbook
from custgrade.ingest.csvfile import read_csv_sheet
from custgrade.ingest.excel import read_excel_sheets
from custgrade.ingest.header import find_header

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "public"
FILES = sorted(p.name for p in CORPUS.glob("*") if p.name not in ("MANIFEST.md", "SHA256SUMS"))
pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared/corpus/public not found: corpus tests skipped"
)

# The child prints one JSON line per file: its outcome ("ok", an error key, or "bug: ...").
CHILD = """
import json, sys, time
from pathlib import Path
from custgrade.errors import CustgradeError
from custgrade.ingest import read_workbook
for name in sys.argv[1:]:
    start = time.perf_counter()
    try:
        read_workbook(Path(name))
        outcome = "ok"
    except CustgradeError as error:
        outcome = error.key
    except BaseException as error:
        outcome = f"bug: {type(error).__name__}: {error}"
    print(json.dumps({"file": Path(name).name, "outcome": outcome,
                      "seconds": time.perf_counter() - start}), flush=True)
"""

REFUSED: dict[str, str] = {
    "calamine__pass_protected.xlsx": "encrypted",
    "pycalamine__password.xlsx": "encrypted",
    "calamine__pass_protected.ods": "encrypted",
    "pycalamine__password.xls": "encrypted",
    "calamine__issue_385.xls": "encrypted",
    "pycalamine__empty_file.ods": "empty-file",
    "frictionless__empty.csv": "empty-file",
    "openpyxl__null_archive.xlsx": "damaged",
    "calamine__issue252.xlsx": "damaged",
    "calamine__OOM_alloc3.xls": "damaged",
    "calamine__too_small.xls": "text-not-workbook",
    "xlrd__biff4_no_format_no_window2.xls": "too-old-format",
    "calamine__issue_594_dos.ods": "sheet-too-large",
    "openpyxl__empty.xltx": "unsupported-format",
    "csvkit__test_latin1.csv": "unknown-encoding",
    "calamine__empty_sheet.xlsx": "no-data",
    "calamine__no-header.xlsx": "no-customer-sheet",
    "xlsxwriter__table01.xlsx": "no-customer-sheet",
    "csvkit__sheets.xlsx": "no-customer-sheet",
    "frictionless__without-rows.csv": "no-customer-rows",
}
READ_OUTCOMES = {"ok", "no-customer-sheet", "no-data"}


@pytest.fixture(scope="module")
def outcomes() -> dict[str, dict[str, Any]]:
    before = {name: _fingerprint(CORPUS / name) for name in FILES}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *(str(CORPUS / n) for n in FILES)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    results = {r["file"]: r for r in map(json.loads, done.stdout.splitlines())}
    for name in FILES:
        results.setdefault(name, {"outcome": f"crash: {done.stderr[-500:]}", "seconds": 0.0})
        results[name]["unchanged"] = _fingerprint(CORPUS / name) == before[name]
    return results


def _fingerprint(path: Path) -> tuple[int, str]:
    return path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()


def _expected_sums() -> dict[str, str]:
    lines = (CORPUS / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name.lstrip("*"): digest for digest, name in (line.split(maxsplit=1) for line in lines)}


@pytest.mark.parametrize("name", FILES or ["(no corpus)"])
def test_file_is_read_or_refused_with_a_message(outcomes: dict[str, Any], name: str) -> None:
    result = outcomes[name]
    expected = REFUSED.get(name)
    if expected:
        assert result["outcome"] == expected
    else:
        assert result["outcome"] in READ_OUTCOMES
    assert result["seconds"] < 10
    assert result["unchanged"]
    assert hashlib.sha256((CORPUS / name).read_bytes()).hexdigest() == _expected_sums()[name]


def test_expansion_bomb_is_refused_within_seconds(outcomes: dict[str, Any]) -> None:
    assert outcomes["calamine__issue_594_dos.ods"]["seconds"] < 5


def sheet_rows(name: str, sheet: str | None = None) -> list[list[object]]:
    sheets = read_excel_sheets(CORPUS / name)
    return next(s.rows for s in sheets if sheet is None or s.name == sheet)


def test_sst_continue_keeps_all_136_strings() -> None:
    # The last string starts a new CONTINUE record (calamine's own test checks A136).
    column = [row[0] for row in sheet_rows("calamine__sst_continue.xls")]
    assert len(column) == 136 and len(set(column)) == 136
    serials = [
        f"This is a long string with a serial number at the end {n:04d}" for n in range(1, 135)
    ]
    assert column[:134] == serials
    assert column[135] == "New CONTINUE block"


@pytest.mark.parametrize("sheet", ["System Level Data", "Provider Level Data"])
def test_gh548_last_shared_string_is_readable(sheet: str) -> None:
    assert sheet_rows("calamine__gh548_incorrect_sst_unique_count.xls", sheet)[9][2] == (
        "11th May 2023"
    )


def test_x000d_escape_is_decoded() -> None:
    assert sheet_rows("calamine__has_x000D_.xlsx")[0][0] == "ABC\r\nDEF"


def test_phonetic_runs_are_not_appended() -> None:
    assert sheet_rows("calamine__rph.xlsx")[0][0] == "課きく　毛こ"


@pytest.mark.parametrize("name", ["calamine__date_1904.xls", "calamine__date_1904.xlsx"])
def test_1904_date_system(name: str) -> None:
    rows = sheet_rows(name)
    assert [rows[0][0], rows[1][0]] == [dt.date(2021, 1, 1), dt.date(2021, 1, 2)]


def test_biff5_values_and_text_number_kept() -> None:
    rows = sheet_rows("calamine__biff5_write.xls")
    assert rows[1][:2] == [True, False]
    assert rows[2][2:4] == [dt.datetime(2014, 2, 19, 14, 30), "0.3"]


def test_hidden_autofiltered_rows_are_read() -> None:
    assert len(sheet_rows("xlsxwriter__autofilter02.xlsx")) == 51


def test_header_found_on_row_4_from_column_c() -> None:
    header = find_header(sheet_rows("calamine__issue_530.xlsx"))
    assert header is not None
    assert header.excel_row == 4
    assert header.cells[:2] == ["", ""] and header.cells[2] != ""


def test_sheets_xlsx_message_names_the_data_sheet_headers() -> None:
    with pytest.raises(Exception) as caught:
        read_workbook(CORPUS / "csvkit__sheets.xlsx")
    assert "data [text | date | integer | boolean | float | datetime …]" in str(caught.value)


def test_semicolon_csv_keeps_leading_zero() -> None:
    rows = list(read_csv_sheet(CORPUS / "frictionless__issue-1009-semicolon.csv").rows)
    assert rows == [["fieldNameA", "fieldNameB"], ["0123", "c"]]


def test_bom_is_stripped_from_first_header() -> None:
    table = read_workbook(CORPUS / "frictionless__bom.csv").customers
    assert table.mapping[0].header == "id"
    assert table.frame["name"].tolist() == ["english", "中国人"]


def test_mac_newlines_keep_quoted_cr_in_one_field() -> None:
    rows = list(read_csv_sheet(CORPUS / "csvkit__mac_newlines.csv").rows)
    assert rows == [["a", "b", "c"], ["1", "2", "3"], ["Once upon\ra time", "5", "6"]]


def test_utf16_csv() -> None:
    rows = list(read_csv_sheet(CORPUS / "csvkit__test_utf16_little.csv").rows)
    assert rows == [["a", "b", "c"], ["1", "2", "3"], ["4", "5", "ʤ"]]


def test_duplicate_headers_csv_keeps_every_id_column() -> None:
    book = read_workbook(CORPUS / "frictionless__duplicate-headers.csv")
    assert list(book.customers.frame.columns) == ["customer_id", "name", "id (2)", "age", "id (3)"]
    assert book.customers.frame["id (3)"].tolist() == ["001101", "001102"]
    assert book.issues is not None
    assert book.issues["code"].tolist() == ["duplicate-header", "duplicate-header"]
