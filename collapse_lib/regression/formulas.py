"""Exact formulas for the regression chain (each checked against simulation in the tests).

- OLS downstream, T, T0 >= d + 2, any Sigma:  E = sigma^2 d/(T-d-1) + n sigma0^2 d/(T0-d-1)
  (:func:`ols_test_error`; Dohmatob, Feng, Kempe 2024);
- over-parameterised generators, T0 <= d - 2, Sigma = I, psi = T0/d:
  E ||w_hat_n - w0||^2 = ||w0||^2 (1 - psi^n) + sigma0^2 T0/(d-T0-1) (1-psi^n)/(1-psi)
  (:func:`overparameterised_error`): without any noise the chain still collapses to 0;
- accumulate with a reused design: E ||w_hat_n - w0||_Sigma^2 =
  sigma0^2 d/(T0-d-1) sum_{i=1..n} 1/i^2 < (pi^2/6) sigma0^2 d/(T0-d-1)
  (:func:`accumulate_test_error`; Gerstgrasser et al. 2024, Dey & Donoho 2024).

Every formula takes the generation index ``n`` (an int or an array of ints >= 0) first;
sizes and noise levels are keyword-only: T0, sigma0 always belong to the generators and
T, sigma to the downstream model.

References
----------
Dohmatob, Feng, Kempe (2024). Model collapse demystified: the case of regression.
NeurIPS 2024. arXiv:2402.07712.
Gerstgrasser et al. (2024). Is model collapse inevitable? arXiv:2404.01413.
Dey, Donoho (2024). Universality of the pi^2/6 pathway in avoiding model collapse.
arXiv:2410.22812.
"""
from __future__ import annotations

import numpy as np
from scipy.special import polygamma

from ..core.arrays import finite_result, float_or_array
from ..core.checks import SCALE_LIMIT, check_float, check_int, check_int_array, check_scale

__all__ = ["ols_term", "ols_test_error", "overparameterised_error", "accumulate_test_error",
           "expected_model_error"]


def _result(values, n):
    """A formula's return: finite (else a ValueError naming n), a float or an array."""
    return float_or_array(finite_result(values, inputs=lambda: f"n up to {int(np.max(n))}"))


def ols_term(*, rows: int, d: int, name: str = "T") -> float:
    """d / (rows - d - 1) = tr E[(X'X)^-1 Sigma] for a T x d Gaussian design; rows >= d + 2.

    Parameters
    ----------
    rows : int
        T or T0.
    d : int
    name : str
        The caller's name for ``rows`` ("T" or "T0"), for the error message.

    Returns
    -------
    float

    Examples
    --------
    >>> ols_term(rows=12, d=5)
    0.8333333333333334
    """
    if rows < d + 2:
        raise ValueError(f"{name} must be >= d + 2 = {d + 2} for the OLS formula (the "
                         f"expected error is infinite below); got {name} = {rows}")
    return d / (rows - d - 1)


def ols_test_error(n, *, d, T, T0, sigma=1.0, sigma0=1.0):
    """Exact E[test error] with OLS everywhere (lambda = 0), any Sigma:

        E ||w_pred - w0||_Sigma^2 = sigma^2 d/(T-d-1) + n sigma0^2 d/(T0-d-1),

    linear in the number of generations n (Dohmatob, Feng, Kempe 2024).

    Parameters
    ----------
    n : int or array of int >= 0
    d : int >= 1
    T : int >= d + 2
        Downstream rows.
    T0 : int >= d + 2
        Rows per generator.
    sigma, sigma0 : float >= 0
        Downstream and generator label noise.

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> ols_test_error(0, d=10, T=21, T0=21)
    1.0
    >>> ols_test_error([0, 2], d=10, T=21, T0=21).tolist()
    [1.0, 3.0]
    """
    n = check_int_array("n", n)
    d = check_int("d", d, minimum=1)
    T = check_int("T", T, minimum=1)
    T0 = check_int("T0", T0, minimum=1)
    sigma = check_scale("sigma", sigma, allow_zero=True)
    sigma0 = check_scale("sigma0", sigma0, allow_zero=True)
    clean = sigma ** 2 * ols_term(rows=T, d=d, name="T")
    with np.errstate(over="ignore"):
        values = clean + n * (sigma0 ** 2 * ols_term(rows=T0, d=d, name="T0"))
    return _result(values, n)


def overparameterised_error(n, *, d, T0, w0_norm2=1.0, sigma0=0.0):
    """Exact E ||w_hat_n - w0||^2 of over-parameterised generators (T0 <= d - 2, Sigma = I):

        ||w0||^2 (1 - psi^n) + sigma0^2 T0/(d-T0-1) (1 - psi^n)/(1 - psi),   psi = T0/d.

    Each minimum-norm fit keeps only the projection onto T0 random directions, so even
    with sigma0 = 0 the chain forgets w0 exponentially fast and collapses to the zero
    predictor.

    Parameters
    ----------
    n : int or array of int >= 0
    d : int >= 3
    T0 : int in [1, d - 2]
    w0_norm2 : float >= 0
        ||w0||^2.
    sigma0 : float >= 0

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> overparameterised_error(1, d=10, T0=5)
    0.5
    """
    n = check_int_array("n", n)
    d = check_int("d", d, minimum=1)
    T0 = check_int("T0", T0, minimum=1)
    if T0 > d - 2:
        raise ValueError(f"T0 must be <= d - 2 = {d - 2} for the over-parameterised formula; "
                         f"got T0 = {T0}")
    w0_norm2 = check_float("w0_norm2", w0_norm2, minimum=0.0, maximum=SCALE_LIMIT)
    sigma0 = check_scale("sigma0", sigma0, allow_zero=True)
    psi = T0 / d
    forgotten = 1.0 - psi ** n
    return _result(w0_norm2 * forgotten + sigma0 ** 2 * T0 / (d - T0 - 1) * forgotten
                   / (1.0 - psi), n)


def accumulate_test_error(n, *, d, T0, sigma0=1.0):
    """Exact E ||w_hat_n - w0||_Sigma^2 when the generators accumulate, reusing one design:

        sigma0^2 d/(T0-d-1) sum_{i=1..n} 1/i^2  <  (pi^2/6) sigma0^2 d/(T0-d-1)

    (each generation adds T0 rows with noise sigma0; generation 1 fits the real data).
    Replace would give n sigma0^2 d/(T0-d-1). With a fresh design each generation the
    error is a little lower still: the bound holds, the exact sum does not. Dey & Donoho
    (2024), Gerstgrasser et al. (2024).

    Parameters
    ----------
    n : int or array of int >= 0
    d : int >= 1
    T0 : int >= d + 2
        Rows each generation adds.
    sigma0 : float >= 0

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> accumulate_test_error(2, d=10, T0=21)
    1.25
    """
    n = check_int_array("n", n)
    d = check_int("d", d, minimum=1)
    T0 = check_int("T0", T0, minimum=1)
    sigma0 = check_scale("sigma0", sigma0, allow_zero=True)
    # sum_{i<=n} 1/i^2 = pi^2/6 - trigamma(n + 1): exact, O(1) whatever n is
    partial_sums = np.where(n > 0, np.pi ** 2 / 6 - polygamma(1, n + 1.0), 0.0)
    return _result(sigma0 ** 2 * ols_term(rows=T0, d=d, name="T0") * partial_sums, n)


def expected_model_error(n, *, d, T0, sigma0=1.0, w0_norm2=1.0):
    """Exact E ||w_hat_n - w0||_Sigma^2, the model error of the replace chain.

    The model error is the error of the model trained at generation n itself (not of a
    downstream model trained on its labels, which is ``test_error``).

    T0 >= d + 2 (under-parameterised, any Sigma): n sigma0^2 d/(T0-d-1), a random walk.
    T0 <= d - 2 (over-parameterised, Sigma = I): :func:`overparameterised_error`.
    In between the expectation is infinite (T0 = d - 1, d, d + 1): a ValueError says so.

    Parameters
    ----------
    n : int or array of int >= 0
    d : int >= 1
    T0 : int, <= d - 2 or >= d + 2
    sigma0 : float >= 0
    w0_norm2 : float >= 0
        ||w0||^2 (used when over-parameterised).

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> expected_model_error(3, d=10, T0=21)
    3.0
    """
    d = check_int("d", d, minimum=1)
    T0 = check_int("T0", T0, minimum=1)
    if T0 <= d - 2:
        return overparameterised_error(n, d=d, T0=T0, w0_norm2=w0_norm2, sigma0=sigma0)
    if T0 < d + 2:
        raise ValueError(f"T0 must be <= d - 2 or >= d + 2 (d = {d}): the generators' "
                         f"expected error is infinite in between; got T0 = {T0}")
    n = check_int_array("n", n)
    sigma0 = check_scale("sigma0", sigma0, allow_zero=True)
    with np.errstate(over="ignore"):
        values = n * (sigma0 ** 2 * ols_term(rows=T0, d=d, name="T0"))
    return _result(values, n)
