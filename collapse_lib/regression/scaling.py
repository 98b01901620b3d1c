"""Power laws: spectra and sources for scaling-law experiments, and fitting exponents.

Sigma has eigenvalues s_j = j^-beta (beta > 1) and the true weights have coefficients
w0_j in its eigenbasis with s_j w0_j^2 = j^(-1 - 2 beta r) (the "source condition", r > 0).
With ridge lambda = T^-l the clean error scales like T^(-2 l min(r, 1)) +
sigma^2 T^-(1 - l/beta); l_crit = beta / (2 beta min(r, 1) + 1) balances the two
(Dohmatob, Feng, Kempe 2024, section 5).
"""
from __future__ import annotations

import numpy as np

from ..core.arrays import finite_result
from ..core.checks import check_float, check_int, check_real_array

__all__ = ["power_law_spectrum", "power_law_source", "critical_exponent", "fit_power_law"]


def power_law_spectrum(*, d, beta) -> np.ndarray:
    """Eigenvalues s_j = j^-beta, j = 1..d (beta > 1).

    Parameters
    ----------
    d : int in [1, 10^8]
    beta : float in (1, 100]

    Returns
    -------
    ndarray, shape (d,)

    Examples
    --------
    >>> power_law_spectrum(d=3, beta=2.0).tolist()
    [1.0, 0.25, 0.1111111111111111]
    """
    d = check_int("d", d, minimum=1, maximum=10 ** 8)
    beta = check_float("beta", beta, minimum=1.0, strict_minimum=True, maximum=100.0)
    with np.errstate(under="ignore"):
        return np.arange(1, d + 1, dtype=float) ** -beta


def power_law_source(*, d, beta, r) -> np.ndarray:
    """Coefficients w0_j >= 0 of w0 with s_j w0_j^2 = j^(-1 - 2 beta r), s_j = j^-beta.

    Parameters
    ----------
    d : int >= 1
    beta : float in (1, 100]
    r : float in (0, 100]
        The source exponent.

    Returns
    -------
    ndarray, shape (d,)

    Examples
    --------
    >>> power_law_source(d=2, beta=2.0, r=0.5) ** 2 * power_law_spectrum(d=2, beta=2.0)
    array([1.   , 0.125])
    """
    d = check_int("d", d, minimum=1, maximum=10 ** 8)
    beta = check_float("beta", beta, minimum=1.0, strict_minimum=True, maximum=100.0)
    r = check_float("r", r, minimum=0.0, strict_minimum=True, maximum=100.0)
    j = np.arange(1, d + 1, dtype=float)
    # w0_j = sqrt(j^(-1 - 2 beta r) / j^-beta), as one power: no underflow, no division
    with np.errstate(over="ignore", under="ignore"):
        source = j ** ((beta - 1.0 - 2.0 * beta * r) / 2)
    return finite_result(source, inputs=f"d = {d}, beta = {beta:g}, r = {r:g}")


def critical_exponent(*, beta, r) -> float:
    """l_crit = beta / (2 beta min(r, 1) + 1): the ridge exponent in lambda = T^-l_crit.

    Parameters
    ----------
    beta : float in (1, 100]
    r : float in (0, 100]

    Returns
    -------
    float

    Examples
    --------
    >>> critical_exponent(beta=2.0, r=0.5)
    0.6666666666666666
    """
    beta = check_float("beta", beta, minimum=1.0, strict_minimum=True, maximum=100.0)
    r = check_float("r", r, minimum=0.0, strict_minimum=True, maximum=100.0)
    return beta / (2.0 * beta * min(r, 1.0) + 1.0)


def fit_power_law(x, y) -> tuple[float, float]:
    """Least-squares fit of y = prefactor * x^exponent on log-log axes.

    Parameters
    ----------
    x, y : array (L,), L >= 2
        Positive and finite.

    Returns
    -------
    (exponent, prefactor) : (float, float)

    Examples
    --------
    >>> exponent, prefactor = fit_power_law([1, 10, 100], [3, 0.3, 0.03])
    >>> round(exponent, 6), round(prefactor, 6)
    (-1.0, 3.0)
    """
    x = check_real_array("x", x, ndim=1)
    y = check_real_array("y", y, ndim=1)
    if x.shape != y.shape or x.size < 2:
        raise ValueError(f"x and y must be 1-d arrays of the same length >= 2; got shapes "
                         f"{x.shape} and {y.shape}")
    if not (np.all(x > 0) and np.all(y > 0)):
        raise ValueError("x and y must hold values > 0 (a power law is fitted on log-log "
                         "axes)")
    exponent, log_prefactor = np.polyfit(np.log(x), np.log(y), 1)
    return float(exponent), float(np.exp(log_prefactor))
