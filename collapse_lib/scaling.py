"""Power laws: spectra and sources for scaling-law experiments, and fitting exponents.

Course notation: Sigma has eigenvalues lambda_j = j^-beta (beta > 1) and the true weights
have coefficients c_j in its eigenbasis with lambda_j c_j^2 = j^(-1 - 2 beta r) (the
"source condition", r > 0). With ridge lambda = T^-l the clean error scales like
T^(-2 l min(r, 1)) + sigma^2 T^-(1 - l/beta); l_crit = beta / (2 beta min(r, 1) + 1)
balances the two (Dohmatob, Feng, Kempe 2024, section 5).
"""
from __future__ import annotations

import numpy as np

from ._checks import check_float, check_int

__all__ = ["power_law_spectrum", "power_law_source", "critical_exponent", "fit_power_law"]


def power_law_spectrum(d, beta) -> np.ndarray:
    """Eigenvalues lambda_j = j^-beta, j = 1..d (beta > 1). Shape (d,)."""
    d = check_int("d", d, minimum=1)
    beta = check_float("beta", beta, minimum=1.0, strict_minimum=True)
    return np.arange(1, d + 1, dtype=float) ** -beta


def power_law_source(d, beta, r) -> np.ndarray:
    """Coefficients c_j >= 0 of w0 with lambda_j c_j^2 = j^(-1 - 2 beta r). Shape (d,)."""
    spectrum = power_law_spectrum(d, beta)
    r = check_float("r", r, minimum=0.0, strict_minimum=True)
    j = np.arange(1, d + 1, dtype=float)
    return np.sqrt(j ** (-1.0 - 2.0 * beta * r) / spectrum)


def critical_exponent(beta, r) -> float:
    """l_crit = beta / (2 beta min(r, 1) + 1): the ridge exponent lambda = T^-l_crit."""
    beta = check_float("beta", beta, minimum=1.0, strict_minimum=True)
    r = check_float("r", r, minimum=0.0, strict_minimum=True)
    return beta / (2.0 * beta * min(r, 1.0) + 1.0)


def fit_power_law(x, y) -> tuple[float, float]:
    """Least-squares fit of y = prefactor * x^exponent on log-log axes.

    Returns (exponent, prefactor). ``x`` and ``y`` must be positive, finite, same length >= 2.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1 or x.size < 2:
        raise ValueError(f"x and y must be 1-d arrays of the same length >= 2; got shapes "
                         f"{x.shape} and {y.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y)) and np.all(x > 0)
            and np.all(y > 0)):
        raise ValueError("x and y must hold finite values > 0 (a power law is fitted on "
                         "log-log axes)")
    exponent, log_prefactor = np.polyfit(np.log(x), np.log(y), 1)
    return float(exponent), float(np.exp(log_prefactor))
