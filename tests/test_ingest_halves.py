"""A large worksheet read as two halves gives exactly the rows a whole read gives.

Each case is a small workbook read with the size threshold lowered so that
its sheet is cut; the expected rows are calamine's own whole read of the
same file.  The cases are what could shift a cell across the cut: data
that starts below and right of A1, a second half wider than the first or
starting further right, blank rows at the cut, shared and inline strings,
dates, a namespace prefix, rows out of order, rows without numbers.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from custgrade.ingest import excel, halves
from custgrade.parallel import WORKERS

pytestmark = pytest.mark.skipif(WORKERS < 2, reason="sheets are cut only on two cores or more")


@pytest.fixture
def cut_everything(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Lower the threshold so every sheet is cut; the list collects the sheets read in halves."""
    monkeypatch.setattr(halves, "SPLIT_CELLS", 1)
    joined: list[str] = []
    read = halves.read_halves

    def spy(parts: halves.Halves, name: str) -> list[list[Any]] | None:
        rows = read(parts, name)
        if rows is not None:
            joined.append(name)
        return rows

    monkeypatch.setattr(excel, "read_halves", spy)
    return joined


def whole(path: Path, sheet: str = "Data") -> list[list[Any]]:
    rows: list[list[Any]] = (
        CalamineWorkbook.from_path(str(path))
        .get_sheet_by_name(sheet)
        .to_python(skip_empty_area=False)
    )
    return rows


def read(path: Path, sheet: str = "Data") -> list[list[Any]]:
    return next(s.rows for s in excel.read_excel_sheets(path) if s.name == sheet)


def book(path: Path, rows: list[tuple[int, int, Any]], constant_memory: bool = False) -> Path:
    """A workbook with (row, column, value) cells on sheet Data, dates formatted as dates."""
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    sheet = workbook.add_worksheet("Data")
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for r, c, value in sorted(rows):
        if isinstance(value, dt.date):
            sheet.write_datetime(r, c, value, date)
        else:
            sheet.write(r, c, value)
    workbook.close()
    return path


def mixed_cells(first_row: int, count: int, column: int = 0) -> list[tuple[int, int, Any]]:
    cells: list[tuple[int, int, Any]] = []
    for i in range(count):
        r = first_row + i
        cells += [
            (r, column, f"C{i:05d}"),
            (r, column + 1, i * 1.5),
            (r, column + 2, dt.date(2024, 1, 1) + dt.timedelta(days=i)),
            (r, column + 3, i % 2 == 0),
        ]
    return cells


@pytest.mark.parametrize("constant_memory", [False, True], ids=["shared strings", "inline strings"])
def test_halves_give_the_whole_reads_rows(
    tmp_path: Path, cut_everything: list[str], constant_memory: bool
) -> None:
    path = book(tmp_path / "book.xlsx", mixed_cells(2, 200, column=2), constant_memory)
    assert read(path) == whole(path)
    assert cut_everything == ["Data"]


def test_each_large_sheet_of_a_workbook_is_cut_and_read_as_its_own(
    tmp_path: Path, cut_everything: list[str]
) -> None:
    path = tmp_path / "two.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    for name, offset in (("Data", 0), ("More", 1000)):
        sheet = workbook.add_worksheet(name)
        for r in range(120):
            sheet.write_row(r, 0, [f"{name}{r + offset}", r + offset, f"shared {r % 7}"])
    workbook.close()
    assert read(path, "Data") == whole(path, "Data")
    assert read(path, "More") == whole(path, "More")
    assert cut_everything == ["Data", "More"] * 2


def test_a_second_half_wider_and_further_right_is_placed_where_its_cells_are(
    tmp_path: Path, cut_everything: list[str]
) -> None:
    cells = mixed_cells(0, 50) + mixed_cells(5000, 50, column=6)
    path = book(tmp_path / "book.xlsx", cells)
    rows = read(path)
    assert rows == whole(path)
    assert cut_everything == ["Data"]
    assert len(rows) == 5050 and all(len(row) == 10 for row in rows)
    assert rows[5000][6] == "C00000" and rows[49][0] == "C00049"


def test_a_first_half_wider_than_the_second_pads_the_second(
    tmp_path: Path, cut_everything: list[str]
) -> None:
    cells = mixed_cells(0, 50, column=3) + [(r, 0, r) for r in range(50, 100)]
    path = book(tmp_path / "book.xlsx", cells)
    assert read(path) == whole(path)
    assert cut_everything == ["Data"]


def test_a_second_half_of_empty_rows_leaves_the_first_as_it_is(
    tmp_path: Path, cut_everything: list[str]
) -> None:
    xml = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 6))
    xml += "".join(f'<row r="{r}"><c r="B{r}" s="0"/></row>' for r in range(6, 40))
    path = package(tmp_path, xml)
    assert read(path) == whole(path) == [[float(r)] for r in range(1, 6)]
    assert cut_everything == ["Data"]


def test_a_namespace_prefix_is_cut_like_none(tmp_path: Path, cut_everything: list[str]) -> None:
    rows = "".join(
        f'<x:row r="{r}"><x:c r="B{r}"><x:v>{r}</x:v></x:c><x:c r="D{r}" t="inlineStr">'
        f"<x:is><x:t>n{r}</x:t></x:is></x:c></x:row>"
        for r in range(3, 60)
    )
    path = package(tmp_path, rows, prefix="x")
    assert read(path) == whole(path)
    assert cut_everything == ["Data"]


def test_rows_out_of_order_are_read_whole(tmp_path: Path, cut_everything: list[str]) -> None:
    later = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(30, 60))
    earlier = "".join(f'<row r="{r}"><c r="B{r}"><v>{r}</v></c></row>' for r in range(1, 30))
    path = package(tmp_path, later + earlier)
    assert read(path) == whole(path)
    assert cut_everything == []


def test_rows_without_numbers_are_read_whole(tmp_path: Path, cut_everything: list[str]) -> None:
    rows = "".join(f"<row><c><v>{r}</v></c><c><v>{r * 2}</v></c></row>" for r in range(1, 60))
    path = package(tmp_path, rows)
    assert read(path) == whole(path)
    assert cut_everything == []


def test_no_room_for_the_copies_reads_the_sheet_whole(
    tmp_path: Path, cut_everything: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(halves.package, "write_copy", full_disk)
    path = book(tmp_path / "book.xlsx", mixed_cells(0, 100))
    assert read(path) == whole(path)
    assert cut_everything == []


def test_a_sheet_below_the_threshold_is_not_cut(tmp_path: Path) -> None:
    path = book(tmp_path / "book.xlsx", mixed_cells(0, 100))
    scan = halves.package.scan_package(path)
    names = halves.package.worksheet_names(path)
    assert scan.sheets[next(iter(scan.sheets))].cells == 400 < halves.SPLIT_CELLS
    assert halves.plan_halves(path, scan, names, tmp_path) == {}


def test_the_input_is_untouched_and_the_copies_are_gone(
    tmp_path: Path, cut_everything: list[str]
) -> None:
    path = book(tmp_path / "book.xlsx", mixed_cells(0, 100))
    before = path.read_bytes()
    read(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def package(tmp_path: Path, rows: str, prefix: str = "") -> Path:
    """An .xlsx whose one sheet, Data, has ``rows`` as its <sheetData>, written by hand."""
    p = f"{prefix}:" if prefix else ""
    ns = NS.replace("xmlns=", f"xmlns:{prefix}=") if prefix else NS
    sheet = f"<{p}worksheet {ns}><{p}sheetData>{rows}</{p}sheetData></{p}worksheet>"
    path = tmp_path / "hand.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook {NS} xmlns:r="{REL}"><sheets>'
            '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path
