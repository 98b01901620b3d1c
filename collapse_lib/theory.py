"""Deterministic equivalents for the downstream ridge model of the regression chain.

With Sigma's eigenvalues s_j (``spectrum``), define the degrees of freedom

    df_m(t) = tr Sigma^m (Sigma + t I)^-m = sum_j (s_j / (s_j + t))^m.

The effective regularisation kappa solves  kappa - lambda = kappa df_1(kappa) / T  (unique
for lambda > 0, and for lambda = 0 when T < d; kappa = 0 for lambda = 0 when T >= d), and
u = df_2(kappa) / T. Then the downstream ridge model trained on T points labelled by the
generation-n model has test error (excess risk) approximately

    bias      = kappa^2 w0' Sigma (Sigma + kappa I)^-2 w0 / (1 - u)
    variance  = sigma^2 u / (1 - u)
    collapse  = n sigma0^2 / (T0 - d - 1) [df_2(kappa) + kappa^2 tr (Sigma + kappa I)^-2 u/(1-u)]
    total     = bias + variance + collapse

(Dohmatob, Feng, Kempe 2024, Theorem 4.1), exact in the limit d, T -> infinity at fixed
d/T and accurate to a few per cent at d ~ 100. For isotropic Sigma = I,
kappa = [(lambda + phi - 1) + sqrt((lambda + phi - 1)^2 + 4 lambda)] / 2 with phi = d/T.

References
----------
Dohmatob, Feng, Kempe (2024). Model collapse demystified: the case of regression.
NeurIPS 2024. arXiv:2402.07712.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._arrays import float_or_array
from ._checks import check_float, check_int, check_int_array
from .regression import _ols_term, check_spectrum

__all__ = ["RidgeError", "effective_regularisation", "degrees_of_freedom", "ridge_test_error",
           "optimal_ridge"]


@dataclass(frozen=True)
class RidgeError:
    """The parts of the deterministic-equivalent test error; arrays broadcast together.

    Each of ``bias``, ``variance``, ``collapse`` and ``total`` has the shape
    ``np.broadcast_shapes(np.shape(ridge), np.shape(n))`` (floats for scalars).
    """

    bias: np.ndarray
    variance: np.ndarray
    collapse: np.ndarray
    total: np.ndarray


def _as_spectrum(spectrum) -> np.ndarray:
    values = np.asarray(spectrum, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"spectrum must be a non-empty 1-d array of eigenvalues; got shape "
                         f"{values.shape}")
    return check_spectrum(values, values.size)


def _check_ridge(ridge) -> np.ndarray:
    values = np.asarray(ridge, dtype=float)
    if values.size == 0 or not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ValueError(f"ridge must be a finite lambda >= 0 (or an array of them); "
                         f"got {ridge!r}")
    return values


def degrees_of_freedom(spectrum, t, m: int = 1):
    """df_m(t) = sum_j (s_j / (s_j + t))^m, vectorised over ``t`` (any shape)."""
    spectrum = _as_spectrum(spectrum)
    t = np.asarray(t, dtype=float)
    ratio = spectrum / (spectrum + t[..., None])
    return (ratio ** m).sum(axis=-1)


def effective_regularisation(spectrum, T, ridge):
    """kappa, the effective regularisation of ridge with lambda = ``ridge`` on T samples.

    Solves kappa - lambda = kappa df_1(kappa) / T. Isotropic spectra (all eigenvalues
    equal to s) use the closed form s * k(lambda/s, d/T); otherwise Newton's method runs
    from the upper bracket lambda + tr Sigma / T, where the function is increasing and
    convex, so the iterates fall monotonically onto the root. Vectorised over ``ridge``;
    returns a float or an array of its shape.
    """
    spectrum = _as_spectrum(spectrum)
    T = check_int("T", T, minimum=1)
    ridge = _check_ridge(ridge)
    d = spectrum.size
    if np.all(spectrum == spectrum[0]):
        scale = spectrum[0]
        shifted = ridge / scale + d / T - 1.0
        kappa = scale * (shifted + np.sqrt(shifted ** 2 + 4 * ridge / scale)) / 2
        kappa = np.where((ridge == 0) & (T >= d), 0.0, kappa)
        return float_or_array(kappa)
    kappa = ridge + spectrum.sum() / T
    for _ in range(200):
        ratio = spectrum / (spectrum + kappa[..., None])
        excess = kappa - ridge - kappa * ratio.sum(axis=-1) / T
        slope = 1.0 - (ratio ** 2).sum(axis=-1) / T
        step = excess / slope
        kappa = np.maximum(kappa - step, 0.0)
        if np.all(np.abs(step) <= 1e-13 * (kappa + ridge + 1e-300)):
            break
    return float_or_array(kappa)


def ridge_test_error(spectrum, w0_coeffs, T, T0, n, *, ridge, sigma=1.0, sigma0=1.0) -> RidgeError:
    """Deterministic equivalent of the downstream ridge test error after n generations.

    Parameters
    ----------
    spectrum : array (d,)
        Eigenvalues of Sigma, > 0.
    w0_coeffs : array (d,)
        True weights in the eigenbasis of Sigma.
    T : int
        Downstream training-set size.
    T0 : int >= d + 2
        Rows per generator (OLS generators; the collapse term is exact in T0).
    n : int or array of int >= 0
        Generations.
    ridge : float or array >= 0
        lambda; broadcast against ``n`` (e.g. ``ridge[:, None]`` and ``n[None, :]``).
    sigma, sigma0 : float >= 0
        Label noise downstream and in the generators.

    Returns
    -------
    RidgeError with bias, variance, collapse and total (see the module docstring).
    """
    spectrum = _as_spectrum(spectrum)
    d = spectrum.size
    w0 = np.asarray(w0_coeffs, dtype=float)
    if w0.shape != (d,) or not np.all(np.isfinite(w0)):
        raise ValueError(f"w0_coeffs must be a finite vector of length d = {d}; got shape "
                         f"{w0.shape}")
    T = check_int("T", T, minimum=1)
    T0 = check_int("T0", T0, minimum=1)
    generator_term = _ols_term("T0", T0, d)  # validates T0 >= d + 2
    n = check_int_array("n", n)
    ridge = _check_ridge(ridge)
    sigma = check_float("sigma", sigma, minimum=0.0)
    sigma0 = check_float("sigma0", sigma0, minimum=0.0)
    if np.any((ridge == 0)) and T <= d + 1:
        raise ValueError(f"ridge = 0 needs T >= d + 2 = {d + 2} (the OLS variance is "
                         f"infinite below); got T = {T}")

    kappa = np.asarray(effective_regularisation(spectrum, T, ridge))
    ratio = spectrum / (spectrum + kappa[..., None])                 # s / (s + kappa)
    u = (ratio ** 2).sum(axis=-1) / T
    bias = kappa ** 2 * (spectrum * w0 ** 2 / (spectrum + kappa[..., None]) ** 2).sum(axis=-1) \
        / (1 - u)
    variance = sigma ** 2 * u / (1 - u)
    resolvent = (kappa ** 2)[..., None] / (spectrum + kappa[..., None]) ** 2
    per_generation = sigma0 ** 2 * generator_term / d * (
        (ratio ** 2).sum(axis=-1) + resolvent.sum(axis=-1) * u / (1 - u))
    shape = np.broadcast_shapes(ridge.shape, n.shape)
    bias, variance, per_generation = (np.broadcast_to(x, shape) for x in
                                      (bias, variance, per_generation))
    collapse = n * per_generation
    total = bias + variance + collapse
    return RidgeError(*(float_or_array(np.array(part)) for part in
                        (bias, variance, collapse, total)))


def optimal_ridge(spectrum, w0_coeffs, T, T0, n, *, ridges, sigma=1.0, sigma0=1.0):
    """The lambda among ``ridges`` (1-d) that minimises the theory's total error, per n.

    Returns an array of the shape of ``n`` (a float for scalar n).
    """
    ridges = _check_ridge(ridges)
    if ridges.ndim != 1:
        raise ValueError(f"ridges must be a 1-d array of lambdas; got shape {ridges.shape}")
    n = check_int_array("n", n)
    error = ridge_test_error(spectrum, w0_coeffs, T, T0, n[..., None], ridge=ridges,
                             sigma=sigma, sigma0=sigma0).total
    best = ridges[np.argmin(error, axis=-1)]
    return float_or_array(best)
