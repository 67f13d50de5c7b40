"""How merging duplicate customers scales: 10,000 and 100,000 customers.

Run from the repository root::

    python -m benchmarks.dedupe                  # 10k and 100k customers, 3 runs each
    python -m benchmarks.dedupe --sizes 10000 --repeat 5

Each size draws a cleaned customer frame (what `merge_duplicates` gets
from the cleaning stage) with the mess real sheets have: common names
repeated (namesakes), 10 % planted duplicates of six kinds (same ID, same
phone under the 繁体 spelling, same e-mail, company-suffix variants at one
address, a one-character name typo at one address, exact copies), and
company switchboards that dozens of different customers give as their
phone.  It reports the median time of `merge_duplicates`, and checks the
result against what was planted: how many planted duplicates were merged
(recall) and how many customers hold rows of more than one real person
(false merges).

Measured on the 2-core reference machine while it was shared (load ≈ 6, so
wall time is about twice the CPU time)::

    rows     customers merged wall_s cpu_s recall false_merges shared_lines
    9996     9090      906    0.89   0.44  1.000  0            5
    99999    90909     9090   8.06   3.99  1.000  0            50
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

import numpy as np
import opencc  # type: ignore[import-untyped,unused-ignore]
import pandas as pd

from benchmarks import vocab
from custgrade.dedupe import merge_duplicates

KINDS = ("same_id", "phone_traditional", "same_email", "suffix_variant", "name_typo", "exact")
SWITCHBOARD_SIZE = (10, 30)  # customers behind one switchboard number


def _pick(rng: np.random.Generator, words: tuple[Any, ...], n: int, at: int = 0) -> np.ndarray:
    """n words drawn uniformly; ``at`` picks the element of tuple entries."""
    table = [w[at] if isinstance(w, tuple) else w for w in words]
    return np.asarray(table, dtype=object)[rng.integers(0, len(words), n)]


def base_customers(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """n distinct people and companies; ``person`` is the truth the benchmark checks against."""
    weights = np.array([w[2] for w in vocab.SURNAMES])
    surname = np.asarray([w[0] for w in vocab.SURNAMES], dtype=object)[
        rng.choice(len(weights), n, p=weights / weights.sum())
    ]
    given = _pick(rng, vocab.GIVEN_MALE + vocab.GIVEN_FEMALE, n)
    city = _pick(rng, vocab.CITIES, n, at=1)
    brand, trade = _pick(rng, vocab.BRANDS, n), _pick(rng, vocab.TRADES, n)
    company = rng.random(n) < 0.25
    core = city + brand + trade + pd.Series(np.arange(n) % 97).astype(str).to_numpy()
    name = np.where(company, core + "有限公司", surname + given)
    road = _pick(rng, vocab.ROADS, n) + rng.integers(1, 300, n).astype(str) + "弄"
    number = rng.integers(1, 2000, n).astype(str)
    registered = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 1800, n), unit="D")
    return pd.DataFrame(
        {
            "customer_id": [f"C{i:07d}" for i in range(n)],
            "name": name,
            "phone": [f"13{i:09d}" for i in range(n)],
            "email": np.where(rng.random(n) < 0.6, [f"u{i}@example.cn" for i in range(n)], None),
            "address": city + "市" + road + number + "号",
            "registered_at": registered.astype("datetime64[us]"),
            "purchase_count": rng.integers(0, 20, n).astype(float),
            "total_amount": rng.gamma(2.0, 800.0, n).round(2),
            "person": np.arange(n),
            "company_core": np.where(company, core, None),
        }
    )


def plant_duplicates(rng: np.random.Generator, base: pd.DataFrame, share: float) -> pd.DataFrame:
    """Duplicate rows of ``share`` of the customers, the six kinds in turn."""
    t2s = opencc.OpenCC("s2t")
    companies = base.index[base["company_core"].notna()].to_numpy()
    people = base.index[base["company_core"].isna()].to_numpy()
    k = int(len(base) * share / len(KINDS))
    rows = []
    taken = set()
    for kind in KINDS:
        pool = companies if kind in ("suffix_variant", "name_typo") else people
        pool = np.asarray([i for i in rng.permutation(pool)[: 3 * k] if i not in taken][:k])
        taken.update(pool.tolist())
        dup = base.loc[pool].copy()
        dup["kind"] = kind
        new_ids = [f"D{kind[:2]}{i:07d}" for i in pool]
        if kind == "same_id":
            dup["address"] = dup["address"] + "2栋"
        elif kind == "phone_traditional":
            dup["customer_id"], dup["email"] = new_ids, None
            dup["name"] = [t2s.convert(str(v)) for v in dup["name"]]
        elif kind == "same_email":
            dup["customer_id"], dup["phone"] = new_ids, None
            dup["email"] = [f"u{i}@example.cn" for i in pool]
            base.loc[pool, "email"] = dup["email"].to_numpy()
        elif kind == "suffix_variant":
            dup["customer_id"], dup["phone"], dup["email"] = new_ids, None, None
            dup["name"] = dup["company_core"] + "（集团）股份有限公司"
        elif kind == "name_typo":
            dup["customer_id"], dup["phone"], dup["email"] = new_ids, None, None
            # one character of the brand mistyped: 广州华通科技37 -> 广州华彤科技37
            core = dup["company_core"].astype(str)
            dup["name"] = core.str[:3] + "彤" + core.str[4:] + "有限公司"
        if kind != "exact":
            dup["registered_at"] = dup["registered_at"] + pd.Timedelta(days=90)
        rows.append(dup)
    return pd.concat([base.assign(kind="original"), *rows], ignore_index=True)


def add_switchboards(rng: np.random.Generator, frame: pd.DataFrame, count: int) -> None:
    """Give ``count`` switchboard numbers to groups of different companies (in place)."""
    companies = frame.index[(frame["kind"] == "original") & frame["company_core"].notna()]
    chosen = rng.permutation(companies.to_numpy())
    at = 0
    for board in range(count):
        size = int(rng.integers(*SWITCHBOARD_SIZE))
        frame.loc[chosen[at : at + size], "phone"] = f"020-8{board:07d}"
        at += size


def make_frame(n: int, seed: int = 7) -> pd.DataFrame:
    """The benchmark input: about n rows, shuffled, with ``row`` and ``sheet``."""
    rng = np.random.default_rng(seed)
    frame = plant_duplicates(rng, base_customers(rng, int(n / 1.1)), share=0.1)
    add_switchboards(rng, frame, count=max(1, n // 2000))
    frame = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    frame["row"] = np.arange(2, len(frame) + 2)
    frame["sheet"] = "客户信息"
    return frame


def check(frame: pd.DataFrame) -> dict[str, Any]:
    """Time `merge_duplicates` once and score its groups against the planted truth."""
    inputs = frame.drop(columns=["person", "kind", "company_core"])
    started, cpu = time.perf_counter(), time.process_time()
    result = merge_duplicates(inputs)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    row_to_customer = {}
    for customer, rows in zip(
        result.customers["customer_id"], result.customers["source_rows"], strict=True
    ):
        for ref in str(rows).split("; "):
            row_to_customer[int(ref.split("!")[1])] = customer
    customer = frame["row"].map(row_to_customer)
    dup = frame["kind"] != "original"
    source = frame[~dup].set_index("person")["row"].map(row_to_customer)
    found = (customer[dup].to_numpy() == frame.loc[dup, "person"].map(source).to_numpy()).mean()
    people = pd.DataFrame({"c": customer, "p": frame["person"]}).groupby("c")["p"].nunique()
    return {
        "rows": len(frame),
        "customers": len(result.customers),
        "merged": result.merged_rows,
        "seconds": seconds,
        "cpu": cpu,
        "recall": float(found),
        "false_merges": int((people > 1).sum()),
        "shared_lines": int(result.issues["code"].isin(["shared-phone", "shared-email"]).sum()),
    }


def main() -> None:
    """Print one line per size: rows, time, merges, recall, false merges."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("rows     customers merged wall_s cpu_s recall false_merges shared_lines")
    for n in args.sizes:
        frame = make_frame(n)
        runs = [check(frame) for _ in range(args.repeat)]
        last = runs[-1]
        wall = statistics.median(r["seconds"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        print(
            f"{last['rows']:<8} {last['customers']:<9} {last['merged']:<6} {wall:<6.2f} "
            f"{cpu:<5.2f} {last['recall']:<6.3f} {last['false_merges']:<12} {last['shared_lines']}"
        )


if __name__ == "__main__":
    main()
