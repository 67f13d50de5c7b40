"""The CLV anchor: BG/NBD purchase counts times Gamma-Gamma order values.

Both are fitted by maximum likelihood with scipy.optimize, on the
calibration summary (x repeat purchase days, t_x the time of the last
purchase and T the time observed, both from the first purchase, in weeks).
Formulas: Fader, Hardie & Lee, "Counting Your Customers the Easy Way"
(Marketing Science 2005, eqs. 6 and 10) and "The Gamma-Gamma Model of
Monetary Value" (2013 note, eqs. 1 and 5).  lifetimes implements the same
models but no longer installs on current pandas, so they are written here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import gammaln, hyp2f1

WEEK = 7.0


@dataclass(frozen=True)
class Summary:
    """The calibration summary per customer, as BG/NBD and Gamma-Gamma need it."""

    x: np.ndarray  # repeat purchase days
    t_x: np.ndarray  # weeks from first to last purchase
    T: np.ndarray  # weeks from first purchase to the end of calibration
    m: np.ndarray  # mean value of the repeat purchases (NaN without one)


def summarise(orders: pd.DataFrame, customers: pd.Index, end: pd.Timestamp) -> Summary:
    """x, t_x, T and the mean repeat order value from one-row-per-day orders."""
    by = orders.groupby("customer_id")
    first, last = by["date"].min(), by["date"].max()
    first_amount = orders.loc[by["date"].idxmin(), ["customer_id", "amount"]]
    count = by.size().reindex(customers)
    repeat_total = by["amount"].sum() - first_amount.set_index("customer_id")["amount"]
    x = (count - 1).to_numpy(dtype=float)
    m = (repeat_total.reindex(customers) / (count - 1).where(count > 1)).to_numpy(dtype=float)
    return Summary(
        x=x,
        t_x=((last - first).dt.days.reindex(customers) / WEEK).to_numpy(dtype=float),
        T=((end - first).dt.days.reindex(customers) / WEEK).to_numpy(dtype=float),
        m=m,
    )


def _fit(neg_ll: Callable[[np.ndarray], float], size: int) -> np.ndarray:
    """Maximise a likelihood over positive parameters (searched on their logarithms).

    L-BFGS-B finds the basin, Nelder-Mead polishes it: Nelder-Mead alone,
    started at 1, drifts along the Gamma-Gamma ridge (p large, v small) on
    CDNOW's 1997 summary and stops far from the optimum.
    """

    def objective(log_p: np.ndarray) -> float:
        return neg_ll(np.exp(log_p))

    start = minimize(objective, np.zeros(size), method="L-BFGS-B").x
    polished = minimize(
        objective,
        start,
        method="Nelder-Mead",
        options={"maxiter": 4000, "xatol": 1e-7, "fatol": 1e-10},
    )
    return np.asarray(np.exp(polished.x), dtype=float)


def bgnbd_log_likelihood(params: np.ndarray, s: Summary) -> np.ndarray:
    """Each customer's BG/NBD log-likelihood (FHL 2005 eq. 6)."""
    r, alpha, a, b = params
    x, t_x, T = s.x, s.t_x, s.T
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):  # x = 0 rows are masked
        a4 = np.where(x > 0, np.log(a) - np.log(b + x - 1) - (r + x) * np.log(alpha + t_x), -np.inf)
    return np.asarray(a1 + a2 + np.logaddexp(a3, a4))


def fit_bgnbd(s: Summary) -> np.ndarray:
    """r, alpha, a, b by maximum likelihood."""
    return _fit(lambda p: -float(bgnbd_log_likelihood(p, s).mean()), 4)


def bgnbd_expected(params: np.ndarray, s: Summary, t: float) -> np.ndarray:
    """Expected purchases in the next ``t`` weeks given each history (FHL 2005 eq. 10)."""
    r, alpha, a, b = params
    x, t_x, T = s.x, s.t_x, s.T
    z = t / (alpha + T + t)
    head = (a + b + x - 1) / (a - 1)
    tail = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
    log_alive_odds = np.log(a) - np.log(np.maximum(b + x - 1, 1e-12))
    log_alive_odds += (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
    denominator = 1 + np.where(x > 0, np.exp(np.minimum(log_alive_odds, 700)), 0.0)
    return np.asarray(head * tail / denominator)


def gamma_gamma_log_likelihood(params: np.ndarray, x: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Each repeat buyer's Gamma-Gamma log-likelihood of its mean order value."""
    p, q, v = params
    px = p * x
    return np.asarray(
        gammaln(px + q)
        - gammaln(px)
        - gammaln(q)
        + q * np.log(v)
        + (px - 1) * np.log(m)
        + px * np.log(x)
        - (px + q) * np.log(x * m + v)
    )


def fit_gamma_gamma(s: Summary) -> np.ndarray:
    """p, q, v by maximum likelihood over customers with a repeat purchase of positive value."""
    use = (s.x > 0) & (s.m > 0)
    x, m = s.x[use], s.m[use]
    return _fit(lambda p: -float(gamma_gamma_log_likelihood(p, x, m).mean()), 3)


def gamma_gamma_expected(params: np.ndarray, s: Summary) -> np.ndarray:
    """Expected order value given each history; the population mean without a repeat."""
    p, q, v = params
    x = s.x
    m = np.nan_to_num(s.m)
    return np.asarray(p * (v + x * m) / (p * x + q - 1))


def expected_value(
    orders: pd.DataFrame, customers: pd.Index, end: pd.Timestamp, days: int
) -> pd.Series:
    """BG/NBD x Gamma-Gamma expected spend in the ``days`` after ``end``, per customer."""
    s = summarise(orders, customers, end)
    purchases = bgnbd_expected(fit_bgnbd(s), s, days / WEEK)
    value = gamma_gamma_expected(fit_gamma_gamma(s), s)
    return pd.Series(purchases * value, index=customers)
