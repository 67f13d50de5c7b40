"""Time the installed ``custgrade run`` command on the largest realistic input.

Run from the repository root::

    python -m benchmarks.run_benchmark                 # 100k customers, 1M orders, 3 runs
    python -m benchmarks.run_benchmark --size small    # 10k customers, 100k orders
    python -m benchmarks.run_benchmark --step read     # the floor: reading with python_calamine
    python -m benchmarks.run_benchmark --size full-sheet --repeat 1   # a sheet to its last row
    python -m benchmarks.run_benchmark --size csv-2m --repeat 1       # a CSV of 2,100,001 records

The input is generated once into benchmarks/data/ (git-ignored).  Each
run is a fresh subprocess, so its wall time includes start-up, and its
peak resident memory is the child's own.  Medians go to the terminal and
to benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.make_data import make_file

HERE = Path(__file__).resolve().parent
SIZES: dict[str, dict[str, int]] = {
    "large": {"customers": 100_000, "orders": 1_000_000, "interactions": 200_000},
    "small": {"customers": 10_000, "orders": 100_000, "interactions": 20_000},
    # a hand-kept ledger filling one sheet: title, blank row, header, 1,048,570 customers,
    # 2 planted duplicate rows and the total row end on row 1,048,576, Excel's last
    "full-sheet": {"customers": 1_048_570, "orders": 0, "interactions": 0},
    # a CRM's customer list as a GB18030 CSV of 2,100,001 records (100,000 planted duplicates)
    "csv-2m": {"customers": 2_000_000, "orders": 0, "interactions": 0},
}
#: The generator's kind per size (a CRM export unless said).
KINDS: dict[str, str] = {"full-sheet": "aggregated", "csv-2m": "csv"}
#: The file extension of each generator kind.
SUFFIXES: dict[str, str] = {"csv": ".csv"}
SEED = 20250630
TIME_BIN = Path("/usr/bin/time")
# Reading every cell of every sheet is the floor any run has to pay.
READ_SCRIPT = (
    "import sys, python_calamine as pc\n"
    "book = pc.CalamineWorkbook.from_path(sys.argv[1])\n"
    "rows = sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)\n"
    "print(rows)\n"
)


def ensure_input(size: str, data_dir: Path) -> Path:
    """The benchmark workbook of a size, generated on first use."""
    kind = KINDS.get(size, "crm")
    suffix = SUFFIXES.get(kind, ".xlsx")
    path = data_dir / f"{kind}_{size}{suffix}"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp" + suffix)
        started = time.perf_counter()
        rows = SIZES[size]
        make_file(kind, partial, SEED, rows["customers"], rows["orders"], rows["interactions"])
        partial.replace(path)
        print(f"generated {path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def command_for(step: str, source: Path, output: Path) -> list[str]:
    """The command a step runs: the installed CLI, or only the read floor."""
    if step == "read":
        return [sys.executable, "-c", READ_SCRIPT, str(source)]
    exe = shutil.which("custgrade") or shutil.which(
        "custgrade", path=str(Path(sys.executable).parent)
    )
    base = [exe] if exe else [sys.executable, "-m", "custgrade"]
    return [*base, "run", str(source), "-o", str(output)]


def measure(cmd: list[str]) -> dict[str, float]:
    """Wall seconds and peak RSS (MiB) of one subprocess run; raises if it fails."""
    use_time = TIME_BIN.exists()
    full = [str(TIME_BIN), "-v", *cmd] if use_time else cmd
    started = time.perf_counter()
    done = subprocess.run(full, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        tail = "\n".join(done.stderr.splitlines()[-15:])
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}:\n{tail}")
    if use_time:
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        peak_kb = int(found.group(1)) if found else 0
    else:  # the largest child so far: exact only while runs grow, so said in README
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": round(seconds, 2), "peak_rss_mib": round(peak_kb / 1024, 1)}


def run(size: str, step: str, repeat: int, data_dir: Path) -> dict[str, Any]:
    """Measure a step ``repeat`` times on the input of a size; returns the medians."""
    source = ensure_input(size, data_dir)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):
            out = Path(tmp) / "result.xlsx"
            out.unlink(missing_ok=True)
            runs.append(measure(command_for(step, source, out)))
    return {
        "size": size,
        "step": step,
        "input": source.name,
        **SIZES[size],
        "input_mib": round(source.stat().st_size / 2**20, 1),
        "repeat": repeat,
        "median_seconds": statistics.median(r["seconds"] for r in runs),
        "median_peak_rss_mib": statistics.median(r["peak_rss_mib"] for r in runs),
        "runs": runs,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
    }


def table(result: dict[str, Any]) -> str:
    """A small table of one benchmark result."""
    rows = [
        ("input", f"{result['input']} ({result['input_mib']} MiB)"),
        (
            "rows",
            f"{result['customers']:,} customers, {result['orders']:,} orders, "
            f"{result['interactions']:,} interactions",
        ),
        ("step", result["step"]),
        ("runs", ", ".join(f"{r['seconds']} s" for r in result["runs"])),
        ("median wall time", f"{result['median_seconds']} s"),
        ("median peak RSS", f"{result['median_peak_rss_mib']} MiB"),
    ]
    return "\n".join(f"{k:<18}{v}" for k, v in rows)


def main(argv: list[str] | None = None) -> int:
    """Parse options, run the benchmark, print the table and store results.json."""
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.run_benchmark",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--size", choices=sorted(SIZES), default="large")
    p.add_argument("--step", choices=("run", "read"), default="run")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--data-dir", type=Path, default=HERE / "data")
    p.add_argument("--results", type=Path, default=HERE / "results.json")
    args = p.parse_args(argv)
    try:
        result = run(args.size, args.step, args.repeat, args.data_dir)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(table(result))
    stored = json.loads(args.results.read_text(encoding="utf-8")) if args.results.exists() else {}
    stored[f"{args.size}/{args.step}"] = result
    args.results.write_text(json.dumps(stored, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
