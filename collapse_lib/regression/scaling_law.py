"""Scaling laws of the downstream ridge model, clean and with synthetic data.

The setting of :mod:`.scaling`: eigenvalues s_j = j^-beta (beta > 1) and a source with
s_j w0_j^2 = j^(-1 - 2 beta r) (r > 0). Write m = min(r, 1). With the ridge penalty
lambda = T^-l (l >= 0) the deterministic equivalent of :mod:`.ridge_theory` behaves like

    E(T) ~ T^(-2 min(l, beta) m)  +  (sigma^2 + n sigma0^2 / rho) T^-(1 - min(l, beta)/beta)

when each generator sees T0 = rho T rows with rho T >> d (the "proportional" regime):
the generators' error then acts like extra label noise of variance n sigma0^2 / rho.
Noiseless clean data (sigma = 0, n = 0) with lambda small (l >= beta) reach the fast
rate T^(-2 beta m); any synthetic generation adds the slow term, and the best exponent,
-2 beta m / (2 beta m + 1), is reached at l_crit = beta / (2 beta m + 1), where the two
terms fall at the same rate (adaptive regularisation). With T0 held fixed (the "fixed"
regime) the generators' error does not shrink as T grows: the error tends to the floor
n sigma0^2 d / (T0 - d - 1) and a fitted exponent depends on the range of T.

(Dohmatob, Feng, Kempe 2024, section 5.)

References
----------
Dohmatob, Feng, Kempe (2024). Model collapse demystified: the case of regression.
NeurIPS 2024. arXiv:2402.07712.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.checks import check_choice, check_float, check_int, check_int_array, check_real_array
from .ridge_theory import RidgeError, _ridge_test_error, ridge_test_error
from .scaling import fit_power_law

__all__ = ["REGIMES", "generator_rows", "ScalingGrid", "scaling_grid",
           "error_along_exponent", "predicted_exponent", "fitted_exponent", "fitted_exponents",
           "scaling_curves"]

REGIMES = ("proportional", "fixed")


def _check_sizes(sizes) -> np.ndarray:
    """T values: a non-empty 1-d array of integers >= 1, increasing."""
    if np.size(sizes) == 0:
        raise ValueError("sizes must be a non-empty increasing 1-d array of integers >= 1 "
                         "(values of T); got an empty array")
    sizes = check_int_array("sizes", sizes, minimum=1)
    if sizes.ndim != 1 or sizes.size == 0 or np.any(np.diff(sizes) <= 0):
        raise ValueError(f"sizes must be a non-empty increasing 1-d array of integers >= 1 "
                         f"(values of T); got {sizes.tolist()}")
    return sizes


def _rows_per_size(T0, sizes) -> np.ndarray:
    """T0 as one value per size: an int is repeated; an array must have the shape of sizes."""
    T0 = np.broadcast_to(np.asarray(T0), sizes.shape) if np.ndim(T0) == 0 else np.asarray(T0)
    if T0.shape != sizes.shape:
        raise ValueError(f"T0 must be an int or an array of the shape of sizes {sizes.shape}; "
                         f"got shape {T0.shape}")
    return T0


def generator_rows(sizes, *, d, regime, T0_ratio=None, T0=None) -> np.ndarray:
    """T0 for each downstream size T: rho T ("proportional") or one T0 ("fixed").

    Parameters
    ----------
    sizes : array (S,) of increasing ints >= 1
        The downstream sizes T.
    d : int >= 1
    regime : {"proportional", "fixed"}
    T0_ratio : float > 0, only with "proportional"
        rho in T0 = ceil(rho T).
    T0 : int, only with "fixed"

    Returns
    -------
    ndarray of int64, shape (S,)
        Every value >= d + 2 (OLS generators), or a ValueError saying what to raise.

    Examples
    --------
    >>> generator_rows([10, 100], d=50, regime="proportional", T0_ratio=20).tolist()
    [200, 2000]
    >>> generator_rows([10, 100], d=50, regime="fixed", T0=400).tolist()
    [400, 400]
    """
    sizes = _check_sizes(sizes)
    d = check_int("d", d, minimum=1)
    regime = check_choice("regime", regime, REGIMES)
    if regime == "proportional":
        if T0 is not None:
            raise ValueError(f'T0 is used only with regime "fixed"; got T0 = {T0} with '
                             f'regime "proportional" (give T0_ratio)')
        if T0_ratio is None:
            raise ValueError('T0_ratio must be given with regime "proportional" (T0 = rho T); '
                             'got None')
        ratio = check_float("T0_ratio", T0_ratio, minimum=0.0, strict_minimum=True,
                            maximum=1e12)
        rows = np.ceil(ratio * sizes).astype(np.int64)
        if rows[0] < d + 2:
            raise ValueError(f"T0_ratio must be >= (d + 2) / T = {(d + 2) / sizes[0]:g} for "
                             f"OLS generators at the smallest T = {sizes[0]} (T0 = rho T >= "
                             f"d + 2 = {d + 2}); got T0_ratio = {ratio:g} (raise T0_ratio or "
                             f"the smallest of sizes)")
        return rows
    if T0_ratio is not None:
        raise ValueError(f'T0_ratio is used only with regime "proportional"; got T0_ratio = '
                         f'{T0_ratio} with regime "fixed" (give T0)')
    if T0 is None:
        raise ValueError('T0 must be given with regime "fixed" (one T0 for every T); got None')
    T0 = check_int("T0", T0, minimum=d + 2, minimum_label="d + 2 (OLS generators)")
    return np.full(sizes.shape, T0, dtype=np.int64)


@dataclass(frozen=True)
class ScalingGrid:
    """The deterministic equivalent over sizes T (rows) and penalties lambda (columns).

    Attributes
    ----------
    sizes : ndarray (S,)
    ridges : ndarray (L,)
    T0 : ndarray (S,)
        The generators' rows at each T.
    n : int
    error : RidgeError
        bias, variance, collapse and total, each of shape (S, L).
    """

    sizes: np.ndarray
    ridges: np.ndarray
    T0: np.ndarray
    n: int
    error: RidgeError

    @property
    def best_ridge(self) -> np.ndarray:
        """The lambda of the grid with the least total error at each T, shape (S,)."""
        return self.ridges[np.argmin(self.error.total, axis=1)]

    @property
    def best_error(self) -> np.ndarray:
        """The least total error over the grid's lambdas at each T, shape (S,)."""
        return self.error.total.min(axis=1)


def scaling_grid(spectrum, n, *, sizes, ridges, T0, w0=None, sigma=1.0,
                 sigma0=1.0) -> ScalingGrid:
    """The ridge test error at every (T, lambda) of a grid, in one vectorised call.

    The deterministic equivalent of :func:`~collapse_lib.regression.ridge_test_error`
    with ``T = sizes[:, None]``, ``T0 = T0[:, None]`` and ``ridge = ridges[None, :]``;
    kappa is solved for every pair at once (Newton's method, vectorised in blocks).

    Parameters
    ----------
    spectrum : array (d,)
        Eigenvalues of Sigma, > 0.
    n : int >= 0
        Generations of synthetic data.
    sizes : array (S,) of increasing ints >= 1
        Downstream sizes T.
    ridges : array (L,) of floats >= 0
        Penalties lambda (0 needs T >= d + 2 at every T).
    T0 : int or array (S,) of ints >= d + 2
        The generators' rows, e.g. from :func:`generator_rows`.
    w0 : array (d,), optional
        True weights (default all 1/sqrt(d)).
    sigma, sigma0 : float >= 0

    Returns
    -------
    ScalingGrid

    Examples
    --------
    >>> from collapse_lib.regression import power_law_spectrum
    >>> grid = scaling_grid(power_law_spectrum(d=200, beta=2.0), 1, sizes=[10, 100],
    ...                     ridges=[1e-3, 1e-2, 1e-1], T0=1000)
    >>> grid.error.total.shape, grid.best_ridge.shape
    ((2, 3), (2,))
    """
    sizes = _check_sizes(sizes)
    n = check_int("n", n, minimum=0)
    ridges = check_real_array("ridges", ridges, minimum=0.0, ndim=1)
    T0 = _rows_per_size(T0, sizes)
    error = _ridge_test_error(spectrum, n, T=sizes[:, None], T0=T0[:, None],
                              ridge=ridges[None, :], w0=w0, sigma=sigma, sigma0=sigma0,
                              ridge_name="ridges")
    error = RidgeError(*(np.broadcast_to(part, (sizes.size, ridges.size))
                         for part in (error.bias, error.variance, error.collapse,
                                      error.total)))
    return ScalingGrid(sizes=sizes, ridges=ridges, T0=np.array(T0, dtype=np.int64), n=n,
                       error=error)


def error_along_exponent(spectrum, n, *, sizes, ell, T0, w0=None, sigma=1.0,
                         sigma0=1.0) -> RidgeError:
    """The ridge test error at each T with the penalty lambda = T^-l.

    Parameters
    ----------
    spectrum : array (d,)
    n : int >= 0
    sizes : array (S,) of increasing ints >= 1
    ell : float in [0, 100]
        The exponent l of lambda = T^-l.
    T0 : int or array (S,) of ints >= d + 2
    w0 : array (d,), optional
    sigma, sigma0 : float >= 0

    Returns
    -------
    RidgeError
        bias, variance, collapse and total, each of shape (S,).

    Examples
    --------
    >>> from collapse_lib.regression import power_law_spectrum
    >>> error_along_exponent(power_law_spectrum(d=100, beta=2.0), 0, sizes=[10, 100],
    ...                      ell=0.5, T0=102, sigma=0.0).total.shape
    (2,)
    """
    sizes = _check_sizes(sizes)
    ell = check_float("ell", ell, minimum=0.0, maximum=100.0)
    T0 = _rows_per_size(T0, sizes)
    with np.errstate(under="ignore"):
        ridges = sizes.astype(float) ** -ell
    return ridge_test_error(spectrum, check_int("n", n, minimum=0), T=sizes, T0=T0,
                            ridge=ridges, w0=w0, sigma=sigma, sigma0=sigma0)


def predicted_exponent(*, beta, r, ell, noisy) -> float:
    """The exponent of T in the error's scaling law with lambda = T^-l.

    With m = min(r, 1) and l' = min(l, beta) (a penalty below T^-beta acts like T^-beta):
    clean noiseless data give -2 l' m; with label noise, or with synthetic data whose
    generators' error does not shrink with T (many features d >> T and d/T0 fixed), the
    slower of the two terms wins: -min(2 l' m, 1 - l'/beta) (Dohmatob, Feng and Kempe,
    2024, section 5). Zero is returned as +0.0, never -0.0.

    Parameters
    ----------
    beta : float in (1, 100]
    r : float in (0, 100]
    ell : float in [0, 100]
    noisy : bool
        True with synthetic data (n >= 1) or label noise; False for clean noiseless data.

    Returns
    -------
    float

    Examples
    --------
    >>> predicted_exponent(beta=2.0, r=0.5, ell=3.0, noisy=False)
    -2.0
    >>> round(predicted_exponent(beta=2.0, r=0.5, ell=2 / 3, noisy=True), 6)
    -0.666667
    """
    beta = check_float("beta", beta, minimum=1.0, strict_minimum=True, maximum=100.0)
    r = check_float("r", r, minimum=0.0, strict_minimum=True, maximum=100.0)
    ell = check_float("ell", ell, minimum=0.0, maximum=100.0)
    if not isinstance(noisy, (bool, np.bool_)):
        raise TypeError(f"noisy must be True or False; got {noisy!r}")
    effective = min(ell, beta)
    bias_rate = 2.0 * effective * min(r, 1.0)
    if not noisy:
        return 0.0 - bias_rate
    return 0.0 - min(bias_rate, 1.0 - effective / beta)


def fitted_exponent(sizes, errors, *, T_min, T_max) -> float:
    """The slope of log error against log T, fitted over T_min <= T <= T_max.

    Parameters
    ----------
    sizes : array (S,) of increasing ints >= 1
    errors : array (S,) of floats > 0
    T_min, T_max : float
        The range fitted; at least two sizes must lie in it.

    Returns
    -------
    float

    Examples
    --------
    >>> round(fitted_exponent([1, 10, 100, 1000], [5.0, 0.5, 0.05, 1.0], T_min=1, T_max=100), 6)
    -1.0
    """
    sizes = _check_sizes(sizes)
    errors = check_real_array("errors", errors, ndim=1)
    if np.any(errors <= 0):
        raise ValueError(f"errors must hold values > 0 (fitted on log-log axes); got a minimum "
                         f"of {errors.min():g}")
    if errors.shape != sizes.shape:
        raise ValueError(f"errors must have the shape of sizes {sizes.shape}; got "
                         f"{errors.shape}")
    T_min = check_float("T_min", T_min, minimum=0.0, strict_minimum=True)
    T_max = check_float("T_max", T_max, minimum=0.0, strict_minimum=True)
    if T_max <= T_min:
        raise ValueError(f"T_max must be > T_min = {T_min:g}; got T_max = {T_max:g}")
    inside = (sizes >= T_min) & (sizes <= T_max)
    if inside.sum() < 2:
        raise ValueError(f"T_min and T_max must hold at least two sizes; got [{T_min:g}, "
                         f"{T_max:g}] with sizes from {sizes[0]} to {sizes[-1]}")
    exponent, _ = fit_power_law(sizes[inside], errors[inside])
    return exponent


def fitted_exponents(spectrum, n, *, sizes, ells, T0, w0=None, sigma=0.0,
                     sigma0=1.0) -> np.ndarray:
    """The exponent fitted to E(T) over all of ``sizes``, with lambda = T^-l, for each l.

    One vectorised call of the deterministic equivalent over (n, l, T): kappa is solved
    once for every (l, T) and shared by all n.

    Parameters
    ----------
    spectrum : array (d,)
    n : int or array (N,) of ints >= 0
    sizes : array (S,) of increasing ints >= 1
    ells : array (L,) of floats in [0, 100]
    T0 : int or array (S,) of ints >= d + 2
    w0 : array (d,), optional
    sigma, sigma0 : float >= 0

    Returns
    -------
    ndarray, shape (L,) for an int n, (N, L) for an array

    Examples
    --------
    >>> from collapse_lib.regression import power_law_spectrum
    >>> fitted_exponents(power_law_spectrum(d=200, beta=2.0), 0, sizes=[10, 20, 40],
    ...                  ells=[0.0, 0.5], T0=202).round(2).tolist()
    [-0.04, -0.33]
    """
    sizes = _check_sizes(sizes)
    ells = check_real_array("ells", ells, minimum=0.0, ndim=1)
    if np.any(ells > 100):
        raise ValueError(f"ells must hold values in [0, 100]; got a maximum of {ells.max():g}")
    generations = np.asarray(n)
    if generations.ndim > 1:
        raise ValueError(f"n must be an int or a 1-d array of ints; got shape {generations.shape}")
    T0 = _rows_per_size(T0, sizes)
    with np.errstate(under="ignore"):
        ridges = sizes[None, :].astype(float) ** -ells[:, None]
    errors = np.broadcast_to(ridge_test_error(
        spectrum, np.atleast_1d(generations)[:, None, None], T=sizes, T0=T0, ridge=ridges,
        w0=w0, sigma=sigma, sigma0=sigma0).total, (generations.size, *ridges.shape))
    log_sizes = np.log(sizes)
    centred = log_sizes - log_sizes.mean()
    log_errors = np.log(np.maximum(errors, 1e-300))
    slopes = (log_errors - log_errors.mean(axis=-1, keepdims=True)) @ centred / (centred @ centred)
    return slopes[0] if generations.ndim == 0 else slopes


def scaling_curves(spectrum, n, *, sizes, ell, ell_crit, ridges, T0, beta, r, w0=None,
                   sigma=0.0, sigma0=1.0) -> tuple[dict, dict]:
    """The curves of notebook 05's explorer: E(T) clean and with n generations.

    Clean (n = 0) with lambda = T^-l; and, if n >= 1, with n generations at l, at
    l_crit, and with the best lambda of ``ridges`` at each T.

    Parameters
    ----------
    spectrum : array (d,)
    n : int >= 0
    sizes : array (S,)
    ell, ell_crit : float
    ridges : array (L,)
        The grid searched for the best lambda.
    T0 : int or array (S,)
    beta, r : float
        For the predicted exponents.
    w0 : array (d,), optional
    sigma, sigma0 : float >= 0

    Returns
    -------
    (dict of str -> array (S,), dict of str -> float)
        The curves by label, and the predicted exponent of each (the best-lambda curve
        has none: it is compared with l_crit's).

    Examples
    --------
    >>> from collapse_lib.regression import power_law_spectrum
    >>> curves, predicted = scaling_curves(power_law_spectrum(d=300, beta=2.0), 2,
    ...     sizes=[10, 30, 100], ell=1.0, ell_crit=2 / 3, ridges=[1e-3, 1e-1], T0=600,
    ...     beta=2.0, r=0.5)
    >>> list(curves)
    ['clean, ℓ = 1.00', 'n = 2, ℓ = 1.00', 'n = 2, ℓ_crit', 'n = 2, best λ']
    """
    ell = check_float("ell", ell, minimum=0.0, maximum=100.0)
    ell_crit = check_float("ell_crit", ell_crit, minimum=0.0, maximum=100.0)
    n = check_int("n", n, minimum=0)
    setting = dict(sizes=sizes, T0=T0, w0=w0, sigma=sigma, sigma0=sigma0)
    label = f"clean, ℓ = {ell:.2f}"
    curves = {label: error_along_exponent(spectrum, 0, ell=ell, **setting).total}
    predicted = {label: predicted_exponent(beta=beta, r=r, ell=ell, noisy=sigma > 0)}
    if n > 0:
        for label, exponent in ((f"n = {n}, ℓ = {ell:.2f}", ell), (f"n = {n}, ℓ_crit", ell_crit)):
            curves[label] = error_along_exponent(spectrum, n, ell=exponent, **setting).total
            predicted[label] = predicted_exponent(beta=beta, r=r, ell=exponent, noisy=True)
        curves[f"n = {n}, best λ"] = scaling_grid(spectrum, n, ridges=ridges,
                                                  **setting).best_error
    return curves, predicted
