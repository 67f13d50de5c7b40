"""The CDNOW transaction history: fetched at benchmark time, split into calibration and holdout.

CDNOW (Fader & Hardie's CD retailer panel: 23,570 customers who first bought
in Q1 1997, every purchase up to 1998-06-30) ships inside the `lifetimes`
0.11.3 wheel on PyPI as ``lifetimes/datasets/CDNOW_master.txt``.  The wheel
is downloaded with ``pip download --no-deps`` into the git-ignored
``benchmarks/data/`` and read as a zip, so the data is never committed and
lifetimes itself (which no longer installs on current pandas) is never
imported.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

CACHE_DIR = Path(__file__).parent / "data" / "cdnow"
WHEEL_SPEC = "lifetimes==0.11.3"
MEMBER = "lifetimes/datasets/CDNOW_master.txt"

CALIBRATION_START = pd.Timestamp(1997, 1, 1)
CALIBRATION_END = pd.Timestamp(1997, 12, 31)
HOLDOUT_START = pd.Timestamp(1998, 1, 1)
HOLDOUT_END = pd.Timestamp(1998, 6, 30)
AS_OF = dt.date(1997, 12, 31)


@dataclass
class Split:
    """Calibration orders, the customers to grade and what each spent in the holdout."""

    orders: pd.DataFrame  # customer_id, date, amount, quantity: one row per customer-day
    customers: pd.Index  # everyone with a purchase in the calibration period
    holdout_spend: pd.Series  # per customer, 0 for those who did not buy again


def fetch_wheel(cache_dir: Path = CACHE_DIR) -> Path:
    """The lifetimes wheel in the cache, downloaded on first use."""
    found = sorted(cache_dir.glob("[Ll]ifetimes-0.11.3-*.whl"))
    if found:
        return found[0]
    cache_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--no-deps", WHEEL_SPEC, "-d"]
    subprocess.run([*command, str(cache_dir)], check=True, capture_output=True)
    return sorted(cache_dir.glob("[Ll]ifetimes-0.11.3-*.whl"))[0]


def parse_transactions(text: bytes) -> pd.DataFrame:
    """CDNOW_master.txt (customer id, YYYYMMDD, number of CDs, dollars) as typed columns.

    Several rows of one customer on one day are one order, as in the
    BG/NBD literature (Fader, Hardie & Lee 2005 count repeat purchase days),
    so the rows are summed per customer and day.
    """
    raw = pd.read_csv(
        io.BytesIO(text),
        sep=r"\s+",
        names=["customer_id", "date", "quantity", "amount"],
        header=0,
        dtype={"customer_id": str, "date": str},
    )
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    daily = raw.groupby(["customer_id", "date"], as_index=False)[["quantity", "amount"]].sum()
    return daily.sort_values(["customer_id", "date"], ignore_index=True)


def load_transactions(cache_dir: Path = CACHE_DIR) -> pd.DataFrame:
    """Every CDNOW order, one row per customer and day."""
    with zipfile.ZipFile(fetch_wheel(cache_dir)) as wheel:
        return parse_transactions(wheel.read(MEMBER))


def split_periods(orders: pd.DataFrame) -> Split:
    """Calibration 1997 and holdout 1998-01-01..1998-06-30, for the calibration customers."""
    calibration = orders[orders["date"].between(CALIBRATION_START, CALIBRATION_END)]
    holdout = orders[orders["date"].between(HOLDOUT_START, HOLDOUT_END)]
    customers = pd.Index(calibration["customer_id"].unique(), name="customer_id")
    spend = holdout.groupby("customer_id")["amount"].sum()
    return Split(
        orders=calibration.reset_index(drop=True),
        customers=customers,
        holdout_spend=spend.reindex(customers, fill_value=0.0),
    )
