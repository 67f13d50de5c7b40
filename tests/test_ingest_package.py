"""Measuring a package before calamine opens it: the extent each worksheet really has.

The sheets are written by hand into a zip, so each case shows one thing a
real or hostile file may do: rows out of order, a styled empty last row,
a cell far to the right, a row number past any sheet's, a namespace prefix.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custgrade.cellref import column_letter
from custgrade.ingest import package

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def scan(tmp_path: Path, rows: str, prefix: str = "") -> package.SheetScan:
    """The scan of a package holding one worksheet whose <sheetData> is ``rows``."""
    p = f"{prefix}:" if prefix else ""
    ns = NS.replace("xmlns=", f"xmlns:{prefix}=") if prefix else NS
    xml = f"<{p}worksheet {ns}><{p}sheetData>{rows}</{p}sheetData></{p}worksheet>"
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    return package.scan_package(path).sheets["xl/worksheets/sheet1.xml"]


def row(number: int, *cells: str, p: str = "") -> str:
    inner = "".join(f'<{p}c r="{c}{number}"><{p}v>1</{p}v></{p}c>' for c in cells)
    return f'<{p}row r="{number}">{inner}</{p}row>'


def test_rows_in_order_end_at_the_last_row_and_column(tmp_path: Path) -> None:
    found = scan(tmp_path, "".join(row(r, "A", "B", "C") for r in range(1, 2001)))
    assert (found.max_row, found.max_col, found.cells) == (2000, 3, 6000)


def test_a_row_out_of_order_still_counts_as_the_last(tmp_path: Path) -> None:
    rows = row(1, "A") + row(987_654, "A") + "".join(row(r, "A") for r in range(2, 500))
    assert scan(tmp_path, rows).max_row == 987_654


@pytest.mark.parametrize("late", [10, 99, 100, 1000, 5_000])
def test_a_larger_row_of_the_same_number_of_digits_is_found(tmp_path: Path, late: int) -> None:
    rows = row(late, "A") + "".join(row(r, "A") for r in range(1, late // 2 + 1))
    assert scan(tmp_path, rows).max_row == late


def test_a_styled_empty_last_row_does_not_extend_the_sheet(tmp_path: Path) -> None:
    rows = "".join(row(r, "A") for r in range(1, 11)) + '<row r="1048576" s="1"/>'
    assert scan(tmp_path, rows).max_row == 10


def test_a_cell_far_to_the_right_is_named(tmp_path: Path) -> None:
    rows = "".join(row(r, "A", "B") for r in range(1, 50)) + row(50, "A", "XFD")
    found = scan(tmp_path, rows)
    assert (found.max_col, found.far_cell) == (16_384, "XFD50")


def test_a_cell_on_a_row_past_any_sheets_is_found_inside_an_ordinary_row(tmp_path: Path) -> None:
    rows = row(1, "A", "B") + '<row r="2"><c r="A123456789"><v>1</v></c></row>'
    assert scan(tmp_path, rows).max_row == 123_456_789


def test_a_styled_empty_cell_far_to_the_right_does_not_widen_the_sheet(tmp_path: Path) -> None:
    rows = (
        "".join(row(r, "A", "B") for r in range(1, 50)) + '<row r="50"><c r="XFD50" s="1"/></row>'
    )
    assert scan(tmp_path, rows).max_col == 2


_CELLS = st.tuples(
    st.integers(1, 16_384), st.integers(1, 2_000_000_000), st.booleans(), st.binary(max_size=3)
)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(_CELLS, max_size=6), seen=st.integers(0, 16_384))
def test_the_quick_look_for_far_cells_finds_what_the_full_pattern_finds(cells, seen) -> None:
    """RE2 looks first and Python's pattern only where RE2 saw something: never fewer cells."""
    xml = b"".join(
        b'<c r="%s%d"%s' % (column_letter(c - 1).encode(), r, b' s="1"/>' if empty else b">")
        + noise
        + (b"" if empty else b"<v>1</v></c>")
        for c, r, empty, noise in cells
    )
    assert package._far_cells(xml, seen) == package._beyond_pattern(seen).findall(xml)


def test_a_namespace_prefix_is_read_like_none(tmp_path: Path) -> None:
    rows = "".join(row(r, "A", "D", p="x:") for r in (1, 7, 3))
    found = scan(tmp_path, rows, prefix="x")
    assert (found.prefix, found.max_row, found.max_col, found.cells) == (b"x:", 7, 4, 6)


def test_only_the_sheets_named_are_inflated_and_each_is_held_to_the_limit_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A previous result is read a sheet at a time: the others are not even inflated."""
    sheets = {n: "".join(row(r, "A", "B") for r in range(1, 101)) for n in (1, 2, 3)}
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, rows in sheets.items():
            xml = f"<worksheet {NS}><sheetData>{rows}</sheetData></worksheet>"
            archive.writestr(f"xl/worksheets/sheet{n}.xml", xml)
        archive.writestr("xl/styles.xml", "<styleSheet/>")
    sizes = {i.filename: i.file_size for i in zipfile.ZipFile(path).infolist()}
    monkeypatch.setattr(package, "CELL_LIMIT", 250)  # one sheet's 200 cells, not all 600
    member = "xl/worksheets/sheet2.xml"
    alone = package.scan_package(path, only={member}, parts=False)
    assert list(alone.sheets) == [member] and alone.inflated == sizes[member]
    package.check_limits(alone, "book.xlsx", {})
    parts = package.scan_package(path, only=set())
    assert parts.sheets == {} and parts.inflated == sizes["xl/styles.xml"]
    with pytest.raises(package.InputFileError, match="holds"):  # all 600 together
        package.check_limits(package.scan_package(path), "book.xlsx", {})
