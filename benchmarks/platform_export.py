"""Time ``custgrade run`` on a 淘宝 order export of a million lines, graded with no customer sheet.

Run from the repository root::

    python -m benchmarks.platform_export                  # 1,000,000 order lines
    python -m benchmarks.platform_export --lines 100000

The export is drawn with numpy into benchmarks/data/ (git-ignored) in the
layout of custgrade/layouts/taobao-orders.toml — the header of 淘宝's
ExportOrderList CSV (GB18030, order numbers wrapped as ="…", headers
with a trailing space) — and the run is checked against the purchases
and net spend counted from the drawn orders, so a fast wrong answer
fails.  Prints wall time, peak memory and the check.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import python_calamine

from benchmarks.run_benchmark import command_for, measure

HERE = Path(__file__).resolve().parent
AS_OF = pd.Timestamp("2025-06-30")
#: 淘宝 status words and how often they occur; only 交易成功 and the paid-not-yet-received
#: states are purchases (see the layout's [status]).
STATUSES = {
    "交易成功": 0.80,
    "卖家已发货，等待买家确认": 0.06,
    "买家已付款，等待卖家发货": 0.03,
    "交易关闭": 0.08,
    "等待买家付款": 0.03,
}
PURCHASE = {"交易成功", "卖家已发货，等待买家确认", "买家已付款，等待卖家发货"}


def draw_export(lines: int, seed: int = 20250630) -> tuple[pd.DataFrame, dict[str, float]]:
    """The export's rows and what a person would count from them (in the one-year window)."""
    rng = np.random.default_rng(seed)
    buyers = max(lines // 8, 1)
    # most lines come from buyers with one or a few orders, the rest from a heavy-tailed
    # core of regulars (zipf), as a shop's order history looks
    spread = rng.integers(0, buyers, lines)
    regulars = rng.zipf(1.6, lines) % buyers
    buyer = np.where(rng.random(lines) < 0.7, spread, regulars)
    days = rng.integers(0, 730, lines)
    placed = (
        AS_OF
        - pd.to_timedelta(days, unit="D")
        + pd.to_timedelta(rng.integers(0, 86400, lines), unit="s")
    )
    paid = np.round(rng.lognormal(4.5, 0.8, lines), 2)
    status = rng.choice(list(STATUSES), lines, p=list(STATUSES.values()))
    order_no = 1930679858170647 + np.arange(lines)
    frame = pd.DataFrame(
        {
            "订单编号": [f'="{n}"' for n in order_no.tolist()],
            "买家会员名": [f"tb_{b:07d}" for b in buyer.tolist()],
            "买家支付宝账号": "",
            "买家应付货款": paid,
            "买家应付邮费": 0,
            "买家实际支付金额": paid,
            "订单状态": status,
            "收货人姓名": [f"买家{b}" for b in buyer.tolist()],
            "收货地址 ": "浙江省 杭州市 西湖区 文三路 1 号",
            "联系手机": "'138****1234",
            "订单创建时间": placed.strftime("%Y-%m-%d %H:%M:%S"),
            "订单付款时间 ": placed.strftime("%Y-%m-%d %H:%M:%S"),
            "宝贝标题 ": "夏季新款T恤",
            "宝贝总数量": 1,
            "退款金额": 0,
        }
    )
    # the window is the year up to the latest day in the data: 2024-07-01 … 2025-06-30
    start, end = AS_OF - pd.DateOffset(years=1) + pd.Timedelta(days=1), AS_OF + pd.Timedelta(days=1)
    inside = (placed >= start) & (placed < end)
    buys = np.isin(status, list(PURCHASE)) & inside
    expected = {"purchases": int(buys.sum()), "net_spend": round(float(paid[buys].sum()), 2)}
    return frame, expected


def ensure_export(lines: int, data_dir: Path) -> tuple[Path, dict[str, float]]:
    path = data_dir / f"ExportOrderList_{lines}.csv"
    frame, expected = draw_export(lines)
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        frame.to_csv(partial, index=False, encoding="gb18030")
        partial.replace(path)
    return path, expected


def graded_totals(result: Path) -> dict[str, float]:
    """Purchases and net spend summed over 评分信息 of the result, read back."""
    book = python_calamine.CalamineWorkbook.from_path(str(result))
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python()
        header = [str(h) for h in rows[0]] if rows else []
        if "购买次数" in header and "净消费额" in header:
            table = pd.DataFrame(rows[1:], columns=header)
            return {
                "purchases": int(pd.to_numeric(table["购买次数"]).sum()),
                "net_spend": round(float(pd.to_numeric(table["净消费额"]).sum()), 2),
            }
    raise SystemExit("no sheet with 购买次数 and 净消费额 in the result")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.platform_export")
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--data-dir", type=Path, default=HERE / "data")
    args = parser.parse_args(argv)
    source, expected = ensure_export(args.lines, args.data_dir)
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "result.xlsx"
        figures = measure(command_for("run", source, output))
        got = graded_totals(output)
    report = {
        "lines": args.lines,
        "input_mib": round(source.stat().st_size / 2**20, 1),
        **figures,
        "expected": expected,
        "graded": got,
        "agrees": got["purchases"] == expected["purchases"]
        and abs(got["net_spend"] - expected["net_spend"]) < 0.01 * max(1, got["purchases"]),
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0 if report["agrees"] else 1


if __name__ == "__main__":
    sys.exit(main())
