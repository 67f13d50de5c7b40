"""Time and peak memory of ``custgrade run`` on every hostile case, and on the largest inputs.

Run from the repository root: ``python -m benchmarks.hostile`` (the small
cases, about two minutes) or ``python -m benchmarks.hostile --large`` (adds a
1,048,575-row customer sheet and a 2,000,000-row CSV, generated into
benchmarks/data/ on first use; several minutes).  Each case runs in a child
process, measured with wait4 as in tests/test_hostile.py; prints a table.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from tests import test_hostile as cases

DATA = Path(__file__).parent / "data"
LARGE = {
    "customers_1048575.xlsx": ["--kind", "aggregated", "--customers", "1048574"],
    "customers_2000000.csv": ["--kind", "csv", "--customers", "2000000"],
}


def small_cases(folder: Path) -> dict[str, Callable[[], Path]]:
    """Each hostile case as a builder of its input file in ``folder``."""
    sheet, xml = cases._SHEET, cases._sheet_xml
    members = cases.minimal_xlsx

    def lying() -> Path:
        member = cases.bomb(sheet, 1.5, cases.PADDING)
        member.size = 4096
        return cases.write_zip(folder / "lying.xlsx", members(folder, member))

    def text_xlsx() -> Path:
        (folder / "text.xlsx").write_text("客户编号,客户名称\nC1,张三\n", encoding="utf-8")
        return folder / "text.xlsx"

    def long_cell() -> Path:
        path = folder / "long_cell.csv"
        path.write_text("客户编号,备注\nC1," + "很长的备注" * 420_000 + "\n", encoding="utf-8")
        return path

    return {
        "cell bomb 3 GB": lambda: cases.write_zip(
            folder / "bomb.xlsx", members(folder, cases.bomb(sheet, 3))
        ),
        "padding bomb 3 GB": lambda: cases.write_zip(
            folder / "pad.xlsx", members(folder, cases.bomb(sheet, 3, cases.PADDING))
        ),
        "sizes that lie": lying,
        "lying <dimension>": lambda: cases.write_zip(
            folder / "dim.xlsx",
            members(folder, cases.deflated(sheet, xml(b'<dimension ref="A1:XFD1048576"/>'))),
        ),
        "text named .xlsx": text_xlsx,
        "2 MB CSV cell": long_cell,
    }


def measure(path: Path) -> tuple[int, float, int]:
    """Exit code, seconds and peak RSS (MiB) of one child run."""
    run = cases.run_child(path)
    for extra in path.parent.glob(f"{path.stem}_评级.xlsx"):
        extra.unlink()
    return run.code, run.seconds, run.peak_bytes >> 20


def large_inputs() -> dict[str, Path]:
    DATA.mkdir(exist_ok=True)
    for name, args in LARGE.items():
        if not (DATA / name).exists():
            command = [sys.executable, "-m", "benchmarks.make_data", *args, "-o", str(DATA / name)]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return {name: DATA / name for name in LARGE}


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--large", action="store_true", help="also the largest inputs")
    options = parser.parse_args()
    print("| case | exit | seconds | peak MiB |\n|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for label, build in small_cases(folder).items():
            code, seconds, peak = measure(build())
            print(f"| {label} | {code} | {seconds:.1f} | {peak} |", flush=True)
    if options.large:
        for label, path in large_inputs().items():
            code, seconds, peak = measure(path)
            print(f"| {label} | {code} | {seconds:.1f} | {peak} |", flush=True)


if __name__ == "__main__":
    main()
