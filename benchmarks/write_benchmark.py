"""Time writing the graded workbook alone, on the largest realistic result.

Run from the repository root::

    python -m benchmarks.write_benchmark                    # the 100k-customer result, 3 runs
    python -m benchmarks.write_benchmark --customers 1000000   # the result repeated to 1M

`run_benchmark` times the whole command; this one separates the writer,
whose cost the report features (formulas, Tables, charts) add to.  The
input of `run_benchmark --size` is graded once without writing and the
RunResult is pickled into benchmarks/data/ (git-ignored); each repetition
then loads it in a fresh subprocess and times `write_workbook` only, with
the peak resident memory of that subprocess (``/usr/bin/time -v``).
CPU seconds (user + system, start-up and unpickling included) are recorded
beside the wall time: on a shared machine they are the steadier figure.
``--customers N`` repeats the customers (with fresh IDs) up to N rows, to
see how time and memory grow past the largest real input.
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.run_benchmark import HERE, TIME_BIN, ensure_input

WRITE_SCRIPT = (
    "import pickle, sys, time\n"
    "from pathlib import Path\n"
    "from custgrade.report import write_workbook\n"
    "result = pickle.loads(Path(sys.argv[1]).read_bytes())\n"
    "started = time.perf_counter()\n"
    "write_workbook(result, Path(sys.argv[2]))\n"
    "print(f'{time.perf_counter() - started:.3f}')\n"
)


def graded_result(size: str, data_dir: Path) -> Path:
    """The pickled RunResult of the benchmark input of a size, graded once."""
    path = data_dir / f"result_{size}.pickle"
    if not path.exists():
        from custgrade import grade_workbook

        result = grade_workbook(ensure_input(size, data_dir), write=False)
        path.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def scaled_result(source: Path, customers: int, folder: Path) -> Path:
    """The result with its customers repeated (IDs made unique) up to ``customers`` rows."""
    import pandas as pd

    result = pickle.loads(source.read_bytes())
    frame = result.customers
    copies = -(-customers // len(frame))
    big = pd.concat([frame] * copies, ignore_index=True).head(customers)
    big["customer_id"] = [f"X{i:07d}" for i in range(len(big))]
    result.customers = big
    path = folder / f"result_{customers}.pickle"
    path.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def measure(pickled: Path, output: Path) -> dict[str, float]:
    """Seconds inside write_workbook and the subprocess's peak RSS in MiB."""
    cmd = [sys.executable, "-c", WRITE_SCRIPT, str(pickled), str(output)]
    full = [str(TIME_BIN), "-v", *cmd] if TIME_BIN.exists() else cmd
    # run outside the repository, so the interpreter's installed custgrade is the one timed
    done = subprocess.run(full, capture_output=True, text=True, check=True, cwd=output.parent)
    peak, cpu = 0.0, 0.0
    for line in done.stderr.splitlines():
        if "Maximum resident set size" in line:
            peak = int(line.rsplit(":", 1)[1]) / 1024
        if "User time" in line or "System time" in line:
            cpu += float(line.rsplit(":", 1)[1])
    seconds = float(done.stdout.strip().splitlines()[-1])
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mib": round(peak, 1),
    }


def run(size: str, customers: int | None, repeat: int, data_dir: Path) -> dict[str, Any]:
    """Write the result ``repeat`` times; the medians and every run."""
    data_dir.mkdir(parents=True, exist_ok=True)
    pickled = graded_result(size, data_dir)
    with tempfile.TemporaryDirectory() as tmp:
        if customers:
            pickled = scaled_result(pickled, customers, Path(tmp))
        runs = [measure(pickled, Path(tmp) / f"out{i}.xlsx") for i in range(repeat)]
        rows = len(pickle.loads(pickled.read_bytes()).customers)
    return {
        "size": size,
        "customers": rows,
        "repeat": repeat,
        "median_seconds": statistics.median(r["seconds"] for r in runs),
        "median_cpu_seconds": statistics.median(r["cpu_seconds"] for r in runs),
        "median_peak_rss_mib": statistics.median(r["peak_rss_mib"] for r in runs),
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    """Parse options, time the writer, print the medians and store them in results.json."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.write_benchmark", description=__doc__)
    p.add_argument("--size", choices=("large", "small"), default="large")
    p.add_argument("--customers", type=int, default=None)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--data-dir", type=Path, default=HERE / "data")
    p.add_argument("--results", type=Path, default=HERE / "results.json")
    p.add_argument("--label", default="write", help="key suffix in results.json")
    args = p.parse_args(argv)
    result = run(args.size, args.customers, args.repeat, args.data_dir)
    print(json.dumps(result, indent=1))
    stored = json.loads(args.results.read_text(encoding="utf-8")) if args.results.exists() else {}
    stored[f"{args.size}/{result['customers']}/{args.label}"] = result
    args.results.write_text(json.dumps(stored, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
