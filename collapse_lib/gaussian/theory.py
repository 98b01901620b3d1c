"""Exact expectations for the Gaussian replace chain (univariate and d-dimensional).

With q = (M - 1)/M and D the estimator's divisor (M for MLE, M - 1 for unbiased):

    E sigma_n^2          = sigma^2 q^n (MLE),        sigma^2 (unbiased: a martingale)
    E (mu_n - mu_0)^2    = sigma^2 (1 - q^n) (MLE),  n sigma^2 / M (unbiased)
    E log sigma_n^2      = log sigma^2 + n [digamma((M-1)/2) + log(2/D)]  (< log sigma^2)
    E W2^2               = 2 sigma^2 (1 - b^n) (MLE);  n sigma^2/M + 2 sigma^2 (1 - a^n) (unbiased)

with a = sqrt(2/(M-1)) Gamma(M/2)/Gamma((M-1)/2) = E sigma_n/sigma_{n-1} (unbiased) and
b = sqrt(2/M) Gamma(M/2)/Gamma((M-1)/2) (MLE). Even the unbiased chain, whose mean
variance never moves, has E log sigma_n^2 -> -infinity: sigma_n^2 -> 0 almost surely.
Every function takes the generation index ``n`` (an int or an array of ints >= 0) first
and returns a float for an int, an array of n's shape otherwise.

References
----------
Shumailov, Shumaylov, Zhao, Papernot, Anderson, Gal (2024). AI models collapse when
trained on recursively generated data. Nature 631, 755-759. arXiv:2305.17493.
"""
from __future__ import annotations

import numpy as np
from scipy.special import digamma, gammaln, polygamma

from ..core.arrays import finite_result, float_or_array
from ..core.checks import check_choice, check_int, check_int_array, check_scale
from ..core.resources import check_memory
from .estimators import ESTIMATORS, divisor

__all__ = [
    "expected_variance", "expected_mean_drift", "expected_log_variance", "median_variance",
    "expected_w2_squared", "expected_trace_ratio", "expected_det_ratio",
    "expected_log_det_change",
]


def _theory_args(n, n_samples, sigma, estimator):
    generations = check_int_array("n", n)
    n_samples = check_int("n_samples", n_samples, minimum=2)
    sigma = check_scale("sigma", sigma)
    estimator = check_choice("estimator", estimator, ESTIMATORS)
    return generations, n_samples, sigma, estimator


def _result(values, n, n_samples, sigma):
    """Every formula's return: finite (or a ValueError naming the inputs), float or array."""
    def inputs():
        largest = int(np.max(n)) if np.size(n) else 0
        return f"n up to {largest}, n_samples = {n_samples}, sigma = {sigma:g}"
    return float_or_array(finite_result(values, inputs=inputs))


def expected_variance(n, *, n_samples, sigma=1.0, estimator="unbiased"):
    """Exact E[sigma_n^2] of the replace chain.

    E sigma_n^2 = sigma^2 ((M-1)/D)^n: sigma^2 q^n with q = (M-1)/M for "mle",
    sigma^2 for "unbiased" (a martingale). Shumailov et al., Nature 2024.

    Parameters
    ----------
    n : int or array of int >= 0
        Generation(s).
    n_samples : int >= 2
        M.
    sigma : float in [1e-150, 1e150]
        Real standard deviation.
    estimator : {"unbiased", "mle"}

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> expected_variance(1, n_samples=10, estimator="mle")
    0.9
    >>> expected_variance([0, 5], n_samples=10).tolist()
    [1.0, 1.0]
    """
    n, n_samples, sigma, estimator = _theory_args(n, n_samples, sigma, estimator)
    ratio = (n_samples - 1) / divisor(n_points=n_samples, estimator=estimator)
    return _result(sigma ** 2 * ratio ** n, n, n_samples, sigma)   # ratio <= 1: no overflow


def expected_mean_drift(n, *, n_samples, sigma=1.0, estimator="unbiased"):
    """Exact E[(mu_n - mu_0)^2]: the mean's random walk.

    E (mu_n - mu_0)^2 = sum_{k<n} E sigma_k^2 / M = sigma^2 (1 - q^n) for "mle"
    (q = (M-1)/M, bounded) and n sigma^2 / M for "unbiased" (the expectation grows
    without bound, carried by rare chains: almost every chain's mean converges).

    Parameters
    ----------
    n : int or array of int >= 0
    n_samples : int >= 2
        M.
    sigma : float in [1e-150, 1e150]
    estimator : {"unbiased", "mle"}

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> expected_mean_drift(10, n_samples=10)
    1.0
    """
    n, n_samples, sigma, estimator = _theory_args(n, n_samples, sigma, estimator)
    with np.errstate(over="ignore", under="ignore"):
        if estimator == "unbiased":
            drift = n * (sigma ** 2 / n_samples)
        else:
            drift = sigma ** 2 * (1.0 - ((n_samples - 1) / n_samples) ** n)
    return _result(drift, n, n_samples, sigma)


def _log_step_mean(n_samples, estimator):
    """E log(chi2_{M-1} / D) = digamma((M-1)/2) + log(2/D) (< 0 for both estimators)."""
    return digamma((n_samples - 1) / 2) + np.log(2.0 / divisor(n_points=n_samples, estimator=estimator))


def expected_log_variance(n, *, n_samples, sigma=1.0, estimator="unbiased"):
    """Exact E[log sigma_n^2] = log sigma^2 + n [digamma((M-1)/2) + log(2/D)].

    The bracket is negative for both estimators, so log sigma_n^2 drifts to -infinity
    linearly in n: sigma_n^2 -> 0 almost surely (strong law of large numbers), even when
    E sigma_n^2 stays at sigma^2.

    Parameters
    ----------
    n : int or array of int >= 0
    n_samples : int >= 2
        M.
    sigma : float in [1e-150, 1e150]
    estimator : {"unbiased", "mle"}

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> round(expected_log_variance(1, n_samples=10), 4)
    -0.1152
    """
    n, n_samples, sigma, estimator = _theory_args(n, n_samples, sigma, estimator)
    return _result(2 * np.log(sigma) + n * _log_step_mean(n_samples, estimator), n,
                   n_samples, sigma)


def median_variance(n, *, n_samples, sigma=1.0, estimator="unbiased"):
    """Median of sigma_n^2, from the exact cumulants of log sigma_n^2 (Cornish-Fisher).

    log(sigma_n^2/sigma^2) is a sum of n independent log(chi2_{M-1}/D) terms, with
    cumulants n k1, n k2, n k3: k1 = digamma(k/2) + log(2/D), k2 = trigamma(k/2),
    k3 = polygamma(2, k/2), k = M - 1. The Cornish-Fisher expansion at the median gives

        median sigma_n^2 ~= sigma^2 exp(n k1 - k3 / (6 k2)),     n >= 1,

    exact at n = 0. The error in the log is below 0.09 at n = 1, M = 2, below 0.01 for
    M >= 5, and shrinks like 1/n. This is the "typical" path: half the chains lie below.

    Parameters
    ----------
    n : int or array of int >= 0
    n_samples : int >= 2
        M.
    sigma : float in [1e-150, 1e150]
    estimator : {"unbiased", "mle"}

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> f"{median_variance(200, n_samples=10):.1e}"
    '1.0e-10'
    """
    n, n_samples, sigma, estimator = _theory_args(n, n_samples, sigma, estimator)
    k = (n_samples - 1) / 2
    correction = polygamma(2, k) / (6 * polygamma(1, k))
    log_median = 2 * np.log(sigma) + n * _log_step_mean(n_samples, estimator) \
        - np.where(n > 0, correction, 0.0)
    with np.errstate(under="ignore"):   # a median below 1e-308 is returned as 0
        return _result(np.exp(log_median), n, n_samples, sigma)


def _sigma_ratio_mean(n_samples, estimator):
    """E sigma_n / sigma_{n-1} = sqrt(2/D) Gamma(M/2) / Gamma((M-1)/2)  (a or b)."""
    return np.sqrt(2.0 / divisor(n_points=n_samples, estimator=estimator)) * \
        np.exp(gammaln(n_samples / 2) - gammaln((n_samples - 1) / 2))


def expected_w2_squared(n, *, n_samples, sigma=1.0, estimator="unbiased"):
    """Exact E[W2^2] between the generation-n fit and the real N(mu, sigma^2).

    W2^2 = (mu_n - mu_0)^2 + (sigma_n - sigma)^2, so
    E W2^2 = E(mu_n - mu_0)^2 + E sigma_n^2 + sigma^2 - 2 sigma E sigma_n with
    E sigma_n = sigma c^n, c = sqrt(2/D) Gamma(M/2)/Gamma((M-1)/2):

        unbiased: n sigma^2/M + 2 sigma^2 (1 - a^n)   (diverges; Shumailov et al. 2024, Thm 3.1)
        MLE:      2 sigma^2 (1 - b^n)                 (bounded by 2 sigma^2)

    Only the expectation diverges: sigma_n -> 0 geometrically almost surely, so each
    chain's W2 stays bounded; the divergence is carried by rare chains.

    Parameters
    ----------
    n : int or array of int >= 0
    n_samples : int >= 2
        M.
    sigma : float in [1e-150, 1e150]
    estimator : {"unbiased", "mle"}

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> expected_w2_squared(0, n_samples=10)
    0.0
    """
    n, n_samples, sigma, estimator = _theory_args(n, n_samples, sigma, estimator)
    c = _sigma_ratio_mean(n_samples, estimator)
    drift = expected_mean_drift(n, n_samples=n_samples, sigma=sigma, estimator=estimator)
    variance = expected_variance(n, n_samples=n_samples, sigma=sigma, estimator=estimator)
    with np.errstate(over="ignore", under="ignore"):
        total = drift + variance + sigma ** 2 * (1.0 - 2 * c ** n)
    return _result(total, n, n_samples, sigma)


def _mvn_theory_args(n, n_samples, d, estimator):
    generations = check_int_array("n", n)
    d = check_int("d", d, minimum=1)
    n_samples = check_int("n_samples", n_samples, minimum=d + 1, minimum_label="d + 1")
    estimator = check_choice("estimator", estimator, ESTIMATORS)
    check_memory(d, what="one term per dimension", smaller="d")
    return generations, n_samples, d, estimator


def expected_trace_ratio(n, *, n_samples, d=1, estimator="unbiased"):
    """Exact E[tr Sigma_n] / tr Sigma_0 = ((M-1)/D)^n: q^n (MLE), 1 (unbiased).

    Holds for any Sigma_0 (each diagonal entry is a scaled chi-square). ``d`` only sets
    the allowed range M >= d + 1.

    Parameters
    ----------
    n : int or array of int >= 0
    n_samples : int >= d + 1
        M.
    d : int >= 1
    estimator : {"unbiased", "mle"}

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> round(expected_trace_ratio(2, n_samples=10, d=3, estimator="mle"), 2)
    0.81
    """
    n, n_samples, d, estimator = _mvn_theory_args(n, n_samples, d, estimator)
    return float_or_array(((n_samples - 1) / divisor(n_points=n_samples, estimator=estimator)) ** n)


def expected_det_ratio(n, *, n_samples, d, estimator="unbiased"):
    """Exact E[det Sigma_n] / det Sigma_0 = [prod_{i=1..d} (M-i)/D]^n.

    From E det W = det Sigma prod_{i=0}^{d-1} (m - i) for W ~ Wishart(m, Sigma),
    m = M - 1, and independence across generations. Below 1 for d >= 2 even for the
    unbiased estimator: the volume of the fitted distribution shrinks on average.

    Parameters
    ----------
    n : int or array of int >= 0
    n_samples : int >= d + 1
        M.
    d : int >= 1
    estimator : {"unbiased", "mle"}

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> round(expected_det_ratio(1, n_samples=10, d=2, estimator="mle"), 2)
    0.72
    """
    n, n_samples, d, estimator = _mvn_theory_args(n, n_samples, d, estimator)
    factor = np.prod((n_samples - np.arange(1, d + 1)) / divisor(n_points=n_samples, estimator=estimator))
    return float_or_array(factor ** n)


def expected_log_det_change(n, *, n_samples, d, estimator="unbiased"):
    """Exact E[log det Sigma_n - log det Sigma_0] = n sum_{i=1..d} [digamma((M-i)/2) + log(2/D)].

    The d-dimensional analogue of :func:`expected_log_variance` (Bartlett: log det is a
    sum of independent log chi-squares).

    Parameters
    ----------
    n : int or array of int >= 0
    n_samples : int >= d + 1
        M.
    d : int >= 1
    estimator : {"unbiased", "mle"}

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> expected_log_det_change(2, n_samples=10, d=1) == 2 * expected_log_variance(1, n_samples=10)
    True
    """
    n, n_samples, d, estimator = _mvn_theory_args(n, n_samples, d, estimator)
    step = np.sum(digamma((n_samples - np.arange(1, d + 1)) / 2)
                  + np.log(2.0 / divisor(n_points=n_samples, estimator=estimator)))
    return float_or_array(n * step)
