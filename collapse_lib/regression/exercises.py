"""Checks for the regression world's coding exercises, notebooks 03-05.

See :mod:`collapse_lib.core.exercises`. Each ``check_*`` takes the learner's function,
runs it, and returns a one-line :class:`~collapse_lib.core.exercises.Feedback`; it
never raises.
"""
from __future__ import annotations

import numpy as np

from ..core.exercises import Feedback, call_learner, compare_mean, compare_values, first_failure
from .formulas import ols_test_error
from .ridge_theory import degrees_of_freedom, effective_regularisation
from .scaling import power_law_spectrum
from .scaling_law import fitted_exponent, predicted_exponent

__all__ = ["check_ols_generation", "check_ols_test_error", "check_effective_regularisation",
           "check_variance_term", "check_scaling_exponent", "check_fitted_slope"]

_SPECTRA = {"isotropic": np.ones(30), "power law": power_law_spectrum(d=30, beta=1.5)}


def check_ols_generation(ols_generation) -> Feedback:
    """Check one generation of the regression chain with an OLS generator.

    The learner writes ``ols_generation(w, *, T0, sigma0, rng)``: a fresh T0 x d design
    X with N(0, 1) entries, labels Y = X w + sigma0 * noise, and the least-squares fit
    (for one chain: ``w`` has shape (d,)). Checked over 4,000 runs at d = 5, T0 = 20:
    E (w_next - w) = 0 and E ||w_next - w||^2 = sigma0^2 d / (T0 - d - 1) (the mean of an
    inverse Wishart matrix; Dohmatob, Feng, Kempe 2024) within five standard errors, and
    w_next = w exactly when sigma0 = 0.

    Parameters
    ----------
    ols_generation : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def ols_generation(w, *, T0, sigma0, rng):
    ...     X = rng.standard_normal((T0, w.size))
    ...     Y = X @ w + sigma0 * rng.standard_normal(T0)
    ...     return np.linalg.lstsq(X, Y, rcond=None)[0]
    >>> check_ols_generation(ols_generation).passed
    True
    """
    d, T0, runs = 5, 20, 4000
    w = np.linspace(1.0, -1.0, d)
    rng = np.random.default_rng(20243)
    steps = {}

    def noiseless():
        got = call_learner(ols_generation, w.copy(), T0=T0, sigma0=0.0, rng=rng)
        return compare_values("without noise (σ₀ = 0) the fit", got, w, rtol=1e-8, atol=1e-8)

    def noisy():
        rows = []
        for _ in range(runs):
            got = np.asarray(call_learner(ols_generation, w.copy(), T0=T0, sigma0=0.7, rng=rng),
                             dtype=float)
            if got.shape != w.shape:
                return Feedback(False, f"the fit should have shape {w.shape}; yours has {got.shape}")
            rows.append(got - w)
        steps["delta"] = np.array(rows)
        return None

    return first_failure(
        noiseless, noisy,
        lambda: compare_mean("E (ŵ₁ − ŵ₀)[0]", steps["delta"][:, 0], 0.0),
        lambda: compare_mean("E ‖ŵ₁ − ŵ₀‖² (d = 5, T₀ = 20, σ₀ = 0.7)",
                             (steps["delta"] ** 2).sum(axis=1), 0.49 * d / (T0 - d - 1)),
    ) or Feedback(True, "one OLS generation adds an error of mean σ₀² d/(T₀ − d − 1).")


def check_ols_test_error(ols_error) -> Feedback:
    """Check the exact OLS formula sigma^2 d/(T-d-1) + n sigma0^2 d/(T0-d-1).

    The learner writes ``ols_error(n, *, d, T, T0, sigma, sigma0)``; compared with
    :func:`~collapse_lib.regression.formulas.ols_test_error` on an array of n.

    Parameters
    ----------
    ols_error : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def ols_error(n, *, d, T, T0, sigma, sigma0):
    ...     return sigma**2 * d / (T - d - 1) + n * sigma0**2 * d / (T0 - d - 1)
    >>> check_ols_test_error(ols_error).passed
    True
    """
    n = np.arange(6)
    cases = [dict(d=20, T=60, T0=60, sigma=1.0, sigma0=1.0),
             dict(d=10, T=40, T0=100, sigma=0.5, sigma0=2.0),
             dict(d=3, T=5, T0=8, sigma=1.5, sigma0=0.3)]

    def compare(case):
        return lambda: compare_values(
            "E error for " + ", ".join(f"{k} = {v:g}" for k, v in case.items()),
            call_learner(ols_error, n.copy(), **case), ols_test_error(n, **case))

    return first_failure(*(compare(case) for case in cases)) or Feedback(
        True, "the clean OLS error plus n times the error one generator adds.")


def check_effective_regularisation(kappa_fixed_point) -> Feedback:
    """Check kappa, the effective regularisation, found by fixed-point iteration.

    The learner writes ``kappa_fixed_point(spectrum, *, T, ridge)`` returning kappa with
    kappa = lambda + kappa df_1(kappa) / T; compared with
    :func:`~collapse_lib.regression.ridge_theory.effective_regularisation` for an
    isotropic and a power-law spectrum (d = 30) and lambda in {0.01, 0.1, 1}, to a
    relative tolerance of 1e-5.

    Parameters
    ----------
    kappa_fixed_point : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def kappa_fixed_point(spectrum, *, T, ridge):
    ...     kappa = ridge
    ...     for _ in range(500):
    ...         kappa = ridge + kappa * np.sum(spectrum / (spectrum + kappa)) / T
    ...     return kappa
    >>> check_effective_regularisation(kappa_fixed_point).passed
    True
    """
    def compare(name, spectrum, T, ridge):
        return lambda: compare_values(
            f"κ for the {name} spectrum, T = {T}, λ = {ridge:g}",
            call_learner(kappa_fixed_point, spectrum.copy(), T=T, ridge=ridge),
            effective_regularisation(spectrum, T=T, ridge=ridge), rtol=1e-5)

    return first_failure(*(compare(name, spectrum, T, ridge)
                           for name, spectrum in _SPECTRA.items()
                           for T in (20, 100) for ridge in (0.01, 0.1, 1.0))) or Feedback(
        True, "κ = λ + κ df₁(κ)/T: the random design regularises more than λ alone.")


def check_variance_term(variance_term) -> Feedback:
    """Check the variance term sigma^2 u / (1 - u), u = df_2(kappa) / T.

    The learner writes ``variance_term(spectrum, kappa, *, T, sigma)``; compared with
    sigma^2 u/(1 - u) from :func:`~collapse_lib.regression.ridge_theory.degrees_of_freedom`
    (the variance part of :func:`~collapse_lib.regression.ridge_theory.ridge_test_error`).

    Parameters
    ----------
    variance_term : callable

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def variance_term(spectrum, kappa, *, T, sigma):
    ...     u = np.sum(spectrum**2 / (spectrum + kappa)**2) / T
    ...     return sigma**2 * u / (1 - u)
    >>> check_variance_term(variance_term).passed
    True
    """
    def compare(name, spectrum, T, ridge, sigma):
        def check():
            kappa = effective_regularisation(spectrum, T=T, ridge=ridge)
            u = degrees_of_freedom(spectrum, t=kappa, m=2) / T
            return compare_values(
                f"the variance for the {name} spectrum, T = {T}, λ = {ridge:g}, σ = {sigma:g}",
                call_learner(variance_term, spectrum.copy(), kappa, T=T, sigma=sigma),
                sigma ** 2 * u / (1 - u), rtol=1e-7)
        return check

    return first_failure(*(compare(name, spectrum, T, ridge, sigma)
                           for name, spectrum in _SPECTRA.items()
                           for T, ridge, sigma in ((20, 0.1, 1.0), (100, 0.01, 0.5), (60, 1.0, 2.0)))
                         ) or Feedback(True, "the variance is σ² u/(1 − u) with u = df₂(κ)/T.")


def check_scaling_exponent(function) -> Feedback:
    """Check the exponent of T in the error with synthetic data and lambda = T^-l.

    The learner writes ``scaling_exponent(*, beta, r, ell)``: with m = min(r, 1) and
    l' = min(l, beta), the slower of the bias T^(-2 l' m) and the noise term
    T^-(1 - l'/beta), that is -min(2 l' m, 1 - l'/beta) (Dohmatob, Feng, Kempe 2024,
    section 5); compared with
    :func:`~collapse_lib.regression.scaling_law.predicted_exponent` (``noisy=True``) for
    beta in {1.5, 2, 3}, r in {0.25, 0.5, 1.5} and l from 0 to 4, l_crit included.

    Parameters
    ----------
    function : callable
        The learner's ``scaling_exponent``.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def scaling_exponent(*, beta, r, ell):
    ...     m, ell = min(r, 1.0), min(ell, beta)
    ...     return -min(2 * ell * m, 1 - ell / beta)
    >>> check_scaling_exponent(scaling_exponent).passed
    True
    """
    def compare(beta, r, ell):
        expected = predicted_exponent(beta=beta, r=r, ell=ell, noisy=True)
        return lambda: compare_values(
            f"the exponent for β = {beta:g}, r = {r:g}, ℓ = {ell:.3g}",
            call_learner(function, beta=beta, r=r, ell=ell), expected, rtol=1e-9)

    cases = [(beta, r, ell) for beta in (1.5, 2.0, 3.0) for r in (0.25, 0.5, 1.5)
             for ell in (0.0, 0.3, beta / (2 * beta * min(r, 1.0) + 1), 1.0, 2.5, 4.0)]
    return first_failure(*(compare(*case) for case in cases)) or Feedback(
        True, "the slower term wins: −min(2ℓ′m, 1 − ℓ′/β), steepest at ℓ_crit.")


def check_fitted_slope(function) -> Feedback:
    """Check a power-law fit: the slope of log error against log T over [T_min, T_max].

    The learner writes ``fitted_slope(sizes, errors, *, T_min, T_max)``; compared with
    :func:`~collapse_lib.regression.scaling_law.fitted_exponent` on an exact power law,
    on a curve that bends (two power laws added, as with synthetic data) fitted over
    three ranges, and on a curve with a floor, to a relative tolerance of 1e-6.

    Parameters
    ----------
    function : callable
        The learner's ``fitted_slope``.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def fitted_slope(sizes, errors, *, T_min, T_max):
    ...     inside = (sizes >= T_min) & (sizes <= T_max)
    ...     return np.polyfit(np.log(sizes[inside]), np.log(errors[inside]), 1)[0]
    >>> check_fitted_slope(fitted_slope).passed
    True
    """
    sizes = np.unique(np.geomspace(10, 100_000, 17).round()).astype(int)
    bending = sizes ** -2.0 + 0.1 * sizes ** -0.5
    cases = [("T^−0.5", 3.0 * sizes ** -0.5, 10, 100_000),
             ("T^−2 + 0.1 T^−0.5", bending, 10, 1_000),
             ("T^−2 + 0.1 T^−0.5", bending, 1_000, 100_000),
             ("T^−2 + 0.1 T^−0.5", bending, 10, 100_000),
             ("T^−0.7 + 0.001", sizes ** -0.7 + 1e-3, 100, 100_000)]

    def compare(name, errors, T_min, T_max):
        return lambda: compare_values(
            f"the slope of {name} (T from {T_min:,} to {T_max:,})",
            call_learner(function, sizes.copy(), errors.copy(), T_min=T_min, T_max=T_max),
            fitted_exponent(sizes, errors, T_min=T_min, T_max=T_max), rtol=1e-6)

    return first_failure(*(compare(*case) for case in cases)) or Feedback(
        True, "a straight line through log error against log T, over the range chosen.")
