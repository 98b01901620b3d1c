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
At lambda = 0 (T > d) its variance is sigma^2 d/(T - d), an asymptotic equivalent; the
exact finite-sample OLS value is sigma^2 d/(T - d - 1).

References
----------
Dohmatob, Feng, Kempe (2024). Model collapse demystified: the case of regression.
NeurIPS 2024. arXiv:2402.07712.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.arrays import finite_result, float_or_array
from ..core.checks import SCALE_LIMIT, check_int, check_int_array, check_real_array, check_scale
from ..core.resources import check_memory
from .setting import check_spectrum, check_w0

__all__ = ["RidgeError", "degrees_of_freedom", "effective_regularisation",
           "ridge_test_error", "optimal_ridge"]


def _check_penalty(name, values, spectrum) -> np.ndarray:
    """Penalties (lambda or t) >= 0 and <= 1e150, with memory for one row per eigenvalue."""
    values = check_real_array(name, values, minimum=0.0)
    if np.any(values > SCALE_LIMIT):
        raise ValueError(f"{name} must hold values <= 1e150; got a maximum of {values.max():g}")
    check_memory(4 * values.size * spectrum.size, what=f"{name} x spectrum work arrays",
                 smaller=f"the size of {name} or of the spectrum")
    return values


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


def degrees_of_freedom(spectrum, *, t, m: int = 1):
    """df_m(t) = sum_j (s_j / (s_j + t))^m, vectorised over ``t``.

    Parameters
    ----------
    spectrum : array (d,)
        Eigenvalues of Sigma, > 0.
    t : float or array of floats >= 0
    m : int in [1, 64]
        The power.

    Returns
    -------
    float, or ndarray of the shape of ``t``

    Examples
    --------
    >>> degrees_of_freedom([1.0, 1.0], t=1.0)
    1.0
    """
    spectrum = check_spectrum(spectrum)
    t = _check_penalty("t", t, spectrum)
    m = check_int("m", m, minimum=1, maximum=64)
    ratio = spectrum / (spectrum + t[..., None])
    return float_or_array((ratio ** m).sum(axis=-1))


# kappa values per work block: blocks of about 2^21 numbers (16 MB) stay in cache.
_BLOCK_NUMBERS = 2 ** 21


def _blocks(count: int, d: int):
    step = max(1, _BLOCK_NUMBERS // d)
    return (slice(start, start + step) for start in range(0, count, step))


def _newton_kappa(spectrum, T, ridge) -> np.ndarray:
    """kappa for flat float arrays T and ridge (same size), by Newton's method per block.

    f(kappa) = kappa - lambda - kappa df_1(kappa)/T is convex with f' = 1 - df_2(kappa)/T,
    and increasing at and above the root; from the upper bracket lambda + tr Sigma / T the
    iterates fall monotonically onto it. Converged points leave the active set.
    """
    kappa = ridge + spectrum.sum() / T
    kappa[(ridge == 0) & (T >= spectrum.size)] = 0.0        # lambda = 0, T >= d: no shrinkage
    for block in _blocks(kappa.size, spectrum.size):
        values, penalties, sizes = kappa[block], ridge[block], T[block]
        active = np.flatnonzero(values > 0)
        for _ in range(200):
            if active.size == 0:
                break
            current = values[active]
            ratio = spectrum / (spectrum + current[:, None])
            excess = current - penalties[active] - current * ratio.sum(axis=-1) / sizes[active]
            slope = 1.0 - (ratio ** 2).sum(axis=-1) / sizes[active]
            step = excess / slope
            values[active] = np.maximum(current - step, 0.0)
            converged = np.abs(step) <= 1e-13 * (values[active] + penalties[active] + 1e-300)
            active = active[~converged]
        kappa[block] = values
    return kappa


def effective_regularisation(spectrum, *, T, ridge):
    """kappa, the effective regularisation of ridge with lambda = ``ridge`` on T samples.

    Solves kappa - lambda = kappa df_1(kappa) / T. Isotropic spectra (all eigenvalues
    equal to s) use the closed form s * k(lambda/s, d/T); otherwise Newton's method runs
    from the upper bracket lambda + tr Sigma / T, where the function is increasing and
    convex, so the iterates fall monotonically onto the root (vectorised over every
    (T, lambda) pair, in blocks). The closed form is evaluated without cancellation or
    overflow: k = (b + hypot(b, 2 sqrt(r)))/2 for b >= 0 and k = 2r / (hypot(b, 2 sqrt(r))
    - b) for b < 0, with r = lambda/s and b = r + d/T - 1.

    Parameters
    ----------
    spectrum : array (d,)
        Eigenvalues of Sigma, > 0.
    T : int or array of int >= 1
        Training-set size(s); broadcast against ``ridge``.
    ridge : float or array of floats >= 0
        lambda.

    Returns
    -------
    float, or ndarray of shape broadcast(T, ridge)

    Examples
    --------
    >>> effective_regularisation(np.ones(50), T=100, ridge=0.0)
    0.0
    >>> round(effective_regularisation(np.ones(200), T=100, ridge=0.0), 6)
    1.0
    >>> effective_regularisation(np.ones(200), T=np.array([[100], [400]]), ridge=[0.0, 1.0]).shape
    (2, 2)
    """
    spectrum = check_spectrum(spectrum)
    T = check_int_array("T", T, minimum=1)
    ridge = _check_penalty("ridge", ridge, spectrum)
    shape = _broadcast("T", T, "ridge", ridge)
    T, ridge = (np.broadcast_to(x, shape).astype(float).ravel() for x in (T, ridge))
    d = spectrum.size
    if np.all(spectrum == spectrum[0]):
        scale = spectrum[0]
        relative = ridge / scale
        shifted = relative + d / T - 1.0
        root = np.hypot(shifted, 2 * np.sqrt(relative))
        with np.errstate(divide="ignore", invalid="ignore"):
            small = np.where(root - shifted > 0, 2 * relative / (root - shifted), 0.0)
        kappa = scale * np.where(shifted >= 0, (shifted + root) / 2, small)
    else:
        kappa = _newton_kappa(spectrum, T, ridge)
    return float_or_array(kappa.reshape(shape))


def _broadcast(*named) -> tuple:
    """The broadcast shape of (name, array) pairs, or a ValueError naming them."""
    names, arrays = named[0::2], named[1::2]
    try:
        return np.broadcast_shapes(*(np.shape(a) for a in arrays))
    except ValueError:
        shapes = " and ".join(f"{n} {np.shape(a)}" for n, a in zip(names, arrays))
        raise ValueError(f"{', '.join(names)} must broadcast together (e.g. ridge[:, None] "
                         f"and n[None, :]); got shapes {shapes}") from None


def _spectral_sums(spectrum, w0, kappa) -> tuple:
    """df_2(kappa), kappa^2 tr (Sigma + kappa I)^-2 and kappa^2 w0' Sigma (Sigma + kappa I)^-2 w0.

    Flat ``kappa`` of any size, computed per block; kappa / (s + kappa) is formed directly
    (not as 1 - s/(s + kappa)), so small kappa loses no digits.
    """
    df2, resolvent, bias = (np.empty(kappa.size) for _ in range(3))
    signal = spectrum * w0 ** 2
    for block in _blocks(kappa.size, spectrum.size):
        denominator = spectrum + kappa[block, None]
        ratio = spectrum / denominator                                   # s / (s + kappa)
        shrink = (kappa[block, None] / denominator) ** 2                 # (kappa / (s + kappa))^2
        df2[block] = (ratio ** 2).sum(axis=-1)
        resolvent[block] = shrink.sum(axis=-1)
        bias[block] = shrink @ signal
    return df2, resolvent, bias


def ridge_test_error(spectrum, n, *, T, T0, ridge, w0=None, sigma=1.0,
                     sigma0=1.0) -> RidgeError:
    """Deterministic equivalent of the downstream ridge test error after n generations.

    Parameters
    ----------
    spectrum : array (d,)
        Eigenvalues of Sigma, > 0.
    n : int or array of int >= 0
        Generations.
    T : int or array of int >= 1
        Downstream training-set size.
    T0 : int or array of int >= d + 2
        Rows per generator (OLS generators; the collapse term is exact in T0).
    ridge : float or array >= 0
        lambda. ``n``, ``T``, ``T0`` and ``ridge`` broadcast together (e.g. ``ridge[:, None]``
        and ``n[None, :]``, or ``T[:, None]`` and ``ridge[None, :]`` for a scaling grid).
    w0 : array (d,), optional
        True weights in the eigenbasis of Sigma (default: all 1/sqrt(d)).
    sigma, sigma0 : float >= 0
        Label noise downstream and in the generators.

    Returns
    -------
    RidgeError
        bias, variance, collapse and total, of shape broadcast(n, T, T0, ridge).

    Examples
    --------
    >>> error = ridge_test_error(np.ones(10), 0, T=40, T0=40, ridge=0.1)
    >>> round(error.total, 4) == round(error.bias + error.variance, 4)
    True
    >>> ridge_test_error(np.ones(10), 2, T=np.array([[20], [40]]), T0=40, ridge=[0.1, 1.0]).total.shape
    (2, 2)
    """
    return _ridge_test_error(spectrum, n, T=T, T0=T0, ridge=ridge, w0=w0, sigma=sigma,
                             sigma0=sigma0, ridge_name="ridge")


def _ridge_test_error(spectrum, n, *, T, T0, ridge, w0, sigma, sigma0,
                      ridge_name) -> RidgeError:
    spectrum = check_spectrum(spectrum)
    d = spectrum.size
    n = check_int_array("n", n)
    w0 = check_w0(w0, d=d)
    T = check_int_array("T", T, minimum=1)
    T0 = check_int_array("T0", T0, minimum=1)
    if np.any(T0 < d + 2):
        raise ValueError(f"T0 must be >= d + 2 = {d + 2} for the OLS formula (the expected "
                         f"error is infinite below); got T0 = {T0.min()}")
    ridge = _check_penalty(ridge_name, ridge, spectrum)
    sigma = check_scale("sigma", sigma, allow_zero=True)
    sigma0 = check_scale("sigma0", sigma0, allow_zero=True)
    shape = _broadcast(ridge_name, ridge, "n", n, "T", T, "T0", T0)
    kappa_shape = np.broadcast_shapes(ridge.shape, T.shape)
    check_memory(6 * int(np.prod(shape)) + 8 * int(np.prod(kappa_shape)),
                 what="the error's parts over (ridge, n, T, T0)",
                 smaller=f"the sizes of {ridge_name}, n and T")
    if np.any((np.broadcast_to(ridge, kappa_shape) == 0)
              & (np.broadcast_to(T, kappa_shape) <= d + 1)):
        raise ValueError(f"{ridge_name} = 0 needs T >= d + 2 = {d + 2} (the OLS variance is "
                         f"infinite below); got T = {T.min()}")

    kappa = np.asarray(effective_regularisation(spectrum, T=T, ridge=ridge)).ravel()
    df2, resolvent, bias_sum = (x.reshape(kappa_shape)
                                for x in _spectral_sums(spectrum, w0, kappa))
    sizes = np.broadcast_to(T, kappa_shape)
    u = df2 / sizes
    bias = bias_sum / (1 - u)
    variance = sigma ** 2 * u / (1 - u)
    # sigma0^2 d/(T0 - d - 1) is one OLS generator's error; spread over d directions:
    per_generation = sigma0 ** 2 / (T0 - d - 1.0) * (df2 + resolvent * u / (1 - u))
    bias, variance, per_generation = (np.broadcast_to(x, shape) for x in
                                      (bias, variance, per_generation))
    with np.errstate(over="ignore"):
        collapse = n * per_generation
        total = bias + variance + collapse
    def inputs():
        return f"n up to {int(n.max())}, sigma = {sigma:g}, sigma0 = {sigma0:g}"
    return RidgeError(*(float_or_array(finite_result(np.array(part), inputs=inputs))
                        for part in (bias, variance, collapse, total)))


def optimal_ridge(spectrum, n, *, T, T0, ridges, w0=None, sigma=1.0, sigma0=1.0):
    """The lambda among ``ridges`` that minimises the theory's total error, per n.

    Parameters
    ----------
    spectrum : array (d,)
    n : int or array of int >= 0
    T, T0 : int
        As in :func:`ridge_test_error`.
    ridges : array (L,) of floats >= 0
        The candidate lambdas.
    w0 : array (d,), optional
    sigma, sigma0 : float >= 0

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> grid = np.logspace(-3, 1, 41)
    >>> bool(optimal_ridge(np.ones(20), 10, T=40, T0=40, ridges=grid)
    ...      > optimal_ridge(np.ones(20), 0, T=40, T0=40, ridges=grid))
    True
    """
    ridges = check_real_array("ridges", ridges, minimum=0.0, ndim=1)
    n = check_int_array("n", n)
    error = _ridge_test_error(spectrum, n[..., None], T=T, T0=T0, ridge=ridges, w0=w0,
                              sigma=sigma, sigma0=sigma0, ridge_name="ridges").total
    return float_or_array(ridges[np.argmin(error, axis=-1)])
