"""Generate realistic customer workbooks: CRM exports, hand-kept ledgers, GB18030 CSVs.

Run from the repository root::

    python -m benchmarks.make_data --kind crm --customers 400 --orders 3000 \\
        --interactions 1500 -o 客户导出_CRM.xlsx --planted planted.json
    python -m benchmarks.make_data --sample-data sample_data

The same seed and sizes always give the same cell values.  What was
planted (duplicates, bad cells, rejected rows, with their Excel rows) is
printed as JSON and, with ``--planted``, stored under the file's name so
tests can hold the pipeline's 问题数据 and ledger against it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.aggregated import make_aggregated
from benchmarks.crm import make_crm
from benchmarks.sheets import write_csv, write_xlsx

KINDS = ("crm", "aggregated", "csv")
#: The committed sample files and the arguments that made them.
SAMPLES: tuple[dict[str, Any], ...] = (
    {
        "file": "客户导出_CRM.xlsx",
        "kind": "crm",
        "seed": 20250630,
        "customers": 400,
        "orders": 3000,
        "interactions": 1500,
    },
    {
        "file": "手工客户台账.xlsx",
        "kind": "aggregated",
        "seed": 20250701,
        "customers": 150,
        "orders": 0,
        "interactions": 0,
    },
    {
        "file": "客户导出_GBK.csv",
        "kind": "csv",
        "seed": 20250702,
        "customers": 100,
        "orders": 0,
        "interactions": 0,
        "numeric_ids": True,
    },
)
#: A character outside GBK (U+4DAE), so only a GB18030 reader decodes the CSV fully.
GB18030_ONLY_NAME = "刘䶮"


def make_file(
    kind: str,
    path: Path,
    seed: int,
    customers: int,
    orders: int = 0,
    interactions: int = 0,
    numeric_ids: bool = False,
) -> dict[str, Any]:
    """Write one generated file and return the record of what was planted in it."""
    if kind == "crm":
        sheets, record = make_crm(seed, customers, orders, interactions, numeric_ids)
        write_xlsx(path, sheets)
    elif kind == "aggregated":
        sheets, record = make_aggregated(seed, customers)
        write_xlsx(path, sheets)
    elif kind == "csv":
        sheets, crm_record = make_crm(seed, customers, max(orders, 50), 0, numeric_ids, title=None)
        record = crm_record["customers"]
        record["gb18030_only_name_rows"] = [_plant_gb18030_name(sheets[0].columns[1], record)]
        record["encoding"] = "gb18030"
        write_csv(path, sheets[0], "gb18030")
    else:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    args = {
        "customers": customers,
        "orders": orders,
        "interactions": interactions,
        "numeric_ids": numeric_ids,
    }
    return {"kind": kind, "seed": seed, "args": args, **record}


def _plant_gb18030_name(names: list[Any], record: dict[str, Any]) -> int:
    """Rename the first unmarked customer; returns its line number in the CSV."""
    marked = {r for rows in record["rows_by_problem"].values() for r in rows}
    header = record["header_row"]
    index = next(
        i
        for i, v in enumerate(names)
        if isinstance(v, str) and len(v) <= 3 and header + 1 + i not in marked
    )
    names[index] = GB18030_ONLY_NAME
    return int(header + 1 + index)


def write_sample_data(directory: Path) -> dict[str, dict[str, Any]]:
    """Regenerate every committed sample file in ``directory``; returns planted.json's content."""
    directory.mkdir(parents=True, exist_ok=True)
    planted: dict[str, dict[str, Any]] = {}
    for spec in SAMPLES:
        planted[spec["file"]] = make_file(
            spec["kind"],
            directory / spec["file"],
            spec["seed"],
            spec["customers"],
            spec["orders"],
            spec["interactions"],
            spec.get("numeric_ids", False),
        )
    return planted


def save_planted(path: Path, name: str, record: dict[str, Any]) -> None:
    """Store a file's record under its name in a JSON file, keeping the other entries."""
    existing = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    existing[name] = record
    path.write_text(dump(existing), encoding="utf-8")


def dump(data: Any) -> str:
    """JSON as committed: readable Chinese, sorted keys are not used (sheet order matters)."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def summary(record: dict[str, Any]) -> dict[str, Any]:
    """The record with row lists shortened to counts, for printing on a terminal."""

    def shorten(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: shorten(v) for k, v in value.items()}
        if isinstance(value, list) and len(value) > 10:
            return f"{len(value)} rows"
        return value

    return {k: shorten(v) for k, v in record.items()}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options; sizes default to the committed CRM sample."""
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.make_data",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--kind", choices=KINDS, default="crm")
    p.add_argument("--customers", type=int, default=400)
    p.add_argument("--orders", type=int, default=3000)
    p.add_argument("--interactions", type=int, default=1500)
    p.add_argument("--seed", type=int, default=20250630)
    p.add_argument("--numeric-ids", action="store_true", help="IDs 100001 ... instead of C000001")
    p.add_argument("-o", "--output", type=Path, help="file to write")
    p.add_argument("--planted", type=Path, help="JSON file to record the planted problems in")
    p.add_argument(
        "--sample-data",
        type=Path,
        metavar="DIR",
        help="regenerate the committed sample files and planted.json in DIR",
    )
    args = p.parse_args(argv)
    if args.sample_data is None and args.output is None:
        p.error("give -o OUTPUT or --sample-data DIR")
    return args


def main(argv: list[str] | None = None) -> int:
    """Generate what the options ask for and print the planted counts as JSON."""
    args = parse_args(argv)
    started = time.perf_counter()
    if args.sample_data is not None:
        planted = write_sample_data(args.sample_data)
        (args.sample_data / "planted.json").write_text(dump(planted), encoding="utf-8")
        print(dump({name: summary(r) for name, r in planted.items()}), end="")
        return 0
    record = make_file(
        args.kind,
        args.output,
        args.seed,
        args.customers,
        args.orders,
        args.interactions,
        args.numeric_ids,
    )
    if args.planted is not None:
        save_planted(args.planted, args.output.name, record)
    seconds = time.perf_counter() - started
    size = args.output.stat().st_size
    print(
        dump(
            {
                "file": str(args.output),
                "bytes": size,
                "seconds": round(seconds, 1),
                **summary(record),
            }
        ),
        end="",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
