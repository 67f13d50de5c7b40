"""The live result recalculated by LibreOffice: same numbers, and a weight edit re-grades.

LibreOffice headless opens the graded workbook with "recalculate on load:
always" (a private user profile sets it), saves it as .xlsx, and the
recomputed 总评分, tiers and 概览 counts are read back with openpyxl.  One
small workbook of 40 customers, graded once for the module, keeps it quick.
Skipped, saying so, where LibreOffice is not installed (.ci/run installs it).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from custgrade import grade_workbook, sheet_parts
from custgrade.report import workbook as report_workbook
from custgrade.result import RunResult

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: no recalculation check"
)
#: Recalculate every formula when loading .xlsx and .ods files (0 = always).
PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
N = 40
#: Customers a sheet holds in the "parts" run: 40 customers on three sheets.
PART_ROWS = 15


def make_ledger(path: Path) -> None:
    """A hand-kept ledger of N customers with spread-out, partly missing aggregates."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "客户台账"
    headers = ["客户ID", "客户姓名", "购买次数", "消费总额", "最近购买日期", "活动参与次数"]
    ws.append([*headers, "互动次数", "满意度评分"])
    for i in range(N):
        bought = (i * 7) % 13
        ws.append(
            [
                f"K{i:03d}",
                f"客户{i}",
                bought,
                round(bought * (150 + (i * 37) % 400) * 1.0, 2) if bought else 0,
                dt.datetime(2025, 6, 30) - dt.timedelta(days=(i * 23) % 300) if bought else None,
                (i * 5) % 4,
                (i * 3) % 7,
                None if i % 5 == 0 else 1 + (i % 5),
            ]
        )
    book.save(path)


def recalculate(source: Path, folder: Path) -> Path:
    """Open ``source`` in LibreOffice, recalculating everything, and save it into ``folder``."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE, encoding="utf-8")
    out = folder / "out"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--calc",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return out / source.name


def values(path: Path, sheet: str, column: int) -> list[Any]:
    """One column's values for the N customers, over ``sheet`` and its parts (等级信息 (2) ...)."""
    book = openpyxl.load_workbook(path, data_only=True)
    found: list[Any] = []
    names = [sheet, *(f"{sheet} ({n})" for n in range(2, N + 2))]
    for name in (name for name in names if name in book.sheetnames):
        found += [row[column] for row in book[name].iter_rows(min_row=2, values_only=True)]
    assert len(found) == N
    return found


@pytest.fixture(scope="module", params=["tables", "streamed", "parts"])
def graded(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> tuple[Path, RunResult, Path]:
    """The ledger graded into Excel Tables, streamed as results above the Table limit are
    (whole-column XML with shared formulas), and streamed onto sheets of PART_ROWS customers
    (as a result of more customers than a sheet holds is)."""
    folder = tmp_path_factory.mktemp("recalc")
    source = folder / "台账.xlsx"
    make_ledger(source)
    output = folder / "台账_评级.xlsx"
    with pytest.MonkeyPatch.context() as patch:
        if request.param in ("streamed", "parts"):
            patch.setattr(report_workbook, "TABLE_LIMIT", 0)
        if request.param == "parts":
            patch.setattr(sheet_parts, "SHEET_DATA_ROWS", PART_ROWS)
        result = grade_workbook(source, output)
    return output, result, folder


@pytest.fixture(scope="module")
def recalculated(graded: tuple[Path, RunResult, Path]) -> Path:
    output, _, folder = graded
    return recalculate(output, folder / "plain")


@pytest.mark.parametrize(
    ("sheet", "column"),
    [("评分信息", 6), ("等级信息", 5), ("等级信息", 2), ("等级信息", 3), ("等级信息", 4)],
    ids=["scores-total", "tiers-total", "tier", "tier-colour", "tier-level"],
)
def test_libreoffice_recomputes_every_stored_value(graded, recalculated, sheet, column) -> None:
    output, _, _ = graded
    stored = values(output, sheet, column)
    assert None not in stored
    assert values(recalculated, sheet, column) == stored


def test_libreoffice_recomputes_the_overview_tier_table(graded, recalculated) -> None:
    output, result, _ = graded
    tiers = len(result.rules.tiers)

    def table(path: Path) -> list[tuple[Any, ...]]:
        ws = openpyxl.load_workbook(path, data_only=True)["概览"]
        rows = list(ws.iter_rows(values_only=True))
        start = next(i for i, row in enumerate(rows) if row[0] == "等级名称" and row[1] == "客户数")
        return [
            tuple(round(v, 6) if isinstance(v, float) else v for v in row[:12])
            for row in rows[start + 1 : start + 2 + tiers]
        ]

    assert table(recalculated) == table(output)
    counts = [row[1] for row in table(output)[:tiers]]
    assert counts == [result.customers["tier_name"].eq(t.name).sum() for t in result.rules.tiers]


def test_a_weight_and_cutoff_edited_in_the_result_regrade_as_custgrade_would(graded) -> None:
    output, result, folder = graded
    book = openpyxl.load_workbook(output)
    names = book.defined_names

    def cell(name: str) -> openpyxl.cell.Cell:
        sheet, ref = next(iter(names[name].destinations))
        return book[sheet][ref.replace("$", "")]

    cell("权重_购买频率").value = 10
    cell("权重_互动情况").value = 35
    cell("最低分_2").value = 60
    edited = folder / "edited.xlsx"
    book.save(edited)
    recomputed = recalculate(edited, folder / "edited")

    rules = folder / "rules.toml"
    rules.write_text(
        "[dimensions.frequency]\nweight = 10\n[dimensions.amount]\nweight = 40\n"
        "[dimensions.activity]\nweight = 15\n[dimensions.interaction]\nweight = 35\n"
        + "".join(
            f'[[tiers]]\nname = "{t.name}"\nmin_score = {60 if i == 1 else t.min_score}\n'
            f'color = "{t.color}"\n'
            for i, t in enumerate(result.rules.tiers)
        ),
        encoding="utf-8",
    )
    regraded = grade_workbook(Path(result.input_path), rules_file=rules, write=False)
    expected = regraded.customers["tier_name"].tolist()
    assert values(recomputed, "等级信息", 2) == expected
    assert expected != result.customers["tier_name"].tolist()  # the edit moved someone
