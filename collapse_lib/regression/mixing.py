"""Exact model error of the regression chain under the strategy "mix" (fresh designs).

Each generator fits OLS on T0 fresh Gaussian rows (covariance Sigma): T_r =
round(f T0) real rows labelled by w0 and T_s = T0 - T_r synthetic rows labelled by the
previous model, all with label noise N(0, sigma0^2) (f = ``real_fraction``). With
Delta_n = w_hat_n - w0, W = X'X and W_s = X_s'X_s (the synthetic rows),

    Delta_n = A_n Delta_{n-1} + W^-1 X'E_n,    A_n = W^-1 W_s,

so e_n = E ||Delta_n||_Sigma^2 obeys e_n = gamma e_{n-1} + sigma0^2 d/(T0-d-1), e_0 = 0:

- the noise term is sigma0^2 E tr(Sigma W^-1) = sigma0^2 d/(T0-d-1) (T0 >= d + 2), and
  its cross term with Delta_{n-1} averages to 0 (fresh noise, mean 0);
- the propagation factor gamma comes from E[A_n' Sigma A_n] = gamma Sigma. In whitened
  coordinates write the design as U W^1/2 (polar form): U, uniform on the Stiefel
  manifold, is independent of the Wishart W, H = U U' is the hat matrix (a uniformly
  random rank-d projection of R^N, N = T0) and Q = U_s'U_s its synthetic block, so
  A_n = W^-1/2 Q W^1/2 and gamma = E tr(Q W^-1 Q W)/d. The rotation invariance of Q gives

      gamma = m2/d + (m2 - m1/d)/(N - d - 1),   m2 = E tr Q^2 = E sum_{i,j synthetic} H_ij^2,
                                            m1 = E (tr Q)^2 = E (sum_{i synthetic} H_ii)^2,

  with E[tr W tr W^-1] = d(dN - 2)/(N - d - 1), and from the moments of a random
  projection (E H_ii^2 = d(d+2)/(N(N+2)), E H_ij^2 = d(N-d)/(N(N-1)(N+2)),
  E H_ii H_jj = d(dN+d-2)/(N(N-1)(N+2)), i != j):

      m2/d         = T_s [(d+2)(N-1) + (T_s-1)(N-d)] / (N(N-1)(N+2)),
      m2 - m1/d    = T_s T_r (d+2)(d-1) / (N(N-1)(N+2)).

  The first part alone, m2/d = E tr(A_n^2)/d, is not the propagation factor: A_n is
  not symmetric, and the second part (0 only for d = 1, T_r = 0 or T_s = 0) comes from
  the spread of W's eigenvalues, E[tr W tr W^-1] > d^2. gamma does not depend on Sigma.

gamma = 1 at f = 0 (the replace chain's random walk) and gamma = 0 at f = 1, but gamma is not
always below 1: with T0 close to d and a few real rows (d = 10, T0 = 13, f = 0.3:
gamma = 1.48) the error grows geometrically, faster than under replace. A_n is a
contraction in the norm of its own W (W_s W^-1 W_s <= W), yet the next generation's
fresh W measures it in another norm.
With a reused design the recurrence does not hold (A_n is the same matrix every
generation); no formula for it here.

References
----------
Dohmatob, Feng, Kempe (2024). Model collapse demystified: the case of regression.
NeurIPS 2024. arXiv:2402.07712 (the chain and its replace formula).
The mixing recurrence is derived here from the hat-matrix moments of a uniformly
random projection and the Wishart moment E[tr W tr W^-1].
"""
from __future__ import annotations

import math

import numpy as np

from ..core.arrays import finite_result
from ..core.checks import check_float, check_int, check_int_array, check_scale
from ..core.strategies import real_count
from .formulas import _result, ols_term

__all__ = ["mix_propagation", "mix_model_error", "mix_model_error_level"]


def _check_setting(d, T0, real_fraction) -> tuple[int, int, float, int]:
    """Checked (d, T0, real_fraction, T_r); T0 >= d + 2 or a ValueError naming T0 and d."""
    d = check_int("d", d, minimum=1)
    T0 = check_int("T0", T0, minimum=1)
    real_fraction = check_float("real_fraction", real_fraction, minimum=0.0, maximum=1.0)
    if T0 < d + 2:
        reason = ("the generators' expected error is infinite for T0 = d - 1, d or d + 1"
                  if T0 > d - 2 else
                  "over-parameterised generators (T0 <= d - 2, minimum-norm fits) have no "
                  "mix formula here")
        raise ValueError(f"T0 must be >= d + 2 = {d + 2} for the mix formula ({reason}); "
                         f"got T0 = {T0} with d = {d}")
    return d, T0, real_fraction, real_count(n_samples=T0, real_fraction=real_fraction)


def _propagation_parts(d: int, T0: int, n_real: int) -> tuple[int, int]:
    """gamma = numerator/denominator exactly, in Python integers (1 - gamma: no cancellation)."""
    N, synthetic = T0, T0 - n_real
    denominator = N * (N - 1) * (N + 2) * (N - d - 1)
    numerator = synthetic * ((d + 2) * (N - 1) * (N - d - 1)
                             + (synthetic - 1) * (N - d) * (N - d - 1)
                             + n_real * (d + 2) * (d - 1))
    return numerator, denominator


def mix_propagation(*, d, T0, real_fraction) -> float:
    """Propagation factor gamma of the mix chain: E||A x||_Sigma^2 = gamma ||x||_Sigma^2.

    With N = T0, T_r = round(f N) real rows and T_s = N - T_r synthetic ones:

        gamma = T_s [(d+2)(N-1) + (T_s-1)(N-d)] / (N(N-1)(N+2))
            + T_s T_r (d+2)(d-1) / (N(N-1)(N+2)(N-d-1)),

    the same for every Sigma; gamma = 1 at f = 0 (replace), gamma = 0 at f = 1. The derivation
    (hat-matrix moments of a uniformly random projection, and E[tr W tr W^-1] of a
    Wishart W) is in the module docstring; the chain is Dohmatob, Feng, Kempe (2024).
    gamma exceeds 1 when T0 is close to d and there are few real rows.

    Parameters
    ----------
    d : int >= 1
    T0 : int >= d + 2
        Rows per generator.
    real_fraction : float in [0, 1]
        f; round(f T0) of the rows are real.

    Returns
    -------
    float

    Examples
    --------
    >>> mix_propagation(d=1, T0=4, real_fraction=0.5)
    0.3333333333333333
    >>> [mix_propagation(d=10, T0=20, real_fraction=f) for f in (0.0, 1.0)]
    [1.0, 0.0]
    >>> round(mix_propagation(d=10, T0=20, real_fraction=0.1), 4)
    0.9086
    """
    d, T0, _, n_real = _check_setting(d, T0, real_fraction)
    numerator, denominator = _propagation_parts(d, T0, n_real)
    return numerator / denominator


def mix_model_error(n, *, d, T0, real_fraction, sigma0=1.0):
    """Exact E ||w_hat_n - w0||_Sigma^2 of the mix chain with a fresh design each generation.

    The recurrence e_n = gamma e_{n-1} + sigma0^2 d/(T0-d-1), e_0 = 0, gives

        e_n = sigma0^2 d/(T0-d-1) (1 - gamma^n)/(1 - gamma)   (n sigma0^2 d/(T0-d-1) if gamma = 1),

    with gamma = :func:`mix_propagation`, for any Sigma and T0 >= d + 2. At f = 0 this is
    the replace chain's random walk (Dohmatob, Feng, Kempe 2024); for gamma < 1 it rises to
    :func:`mix_model_error_level`; for gamma > 1 (T0 close to d, few real rows) it grows
    geometrically. The mixing recurrence is derived in the module docstring. The error's
    variance is finite only for T0 >= d + 4: below that simulated means settle slowly.

    Parameters
    ----------
    n : int or array of int >= 0
        Generations (0: the real model w0, error 0).
    d : int >= 1
    T0 : int >= d + 2
        Rows per generator.
    real_fraction : float in [0, 1]
        f; round(f T0) of each generator's rows are real.
    sigma0 : float >= 0
        Label noise of the generators.

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> mix_model_error([0, 1, 2, 3], d=1, T0=4, real_fraction=0.5).tolist()
    [0.0, 0.5, 0.6666666666666666, 0.7222222222222222]
    >>> mix_model_error(3, d=10, T0=21, real_fraction=0.0)
    3.0
    >>> round(mix_model_error(30, d=10, T0=20, real_fraction=0.1), 3)
    11.472
    """
    n = check_int_array("n", n)
    d, T0, _, n_real = _check_setting(d, T0, real_fraction)
    sigma0 = check_scale("sigma0", sigma0, allow_zero=True)
    noise = sigma0 ** 2 * ols_term(rows=T0, d=d, name="T0")
    numerator, denominator = _propagation_parts(d, T0, n_real)
    with np.errstate(over="ignore", invalid="ignore"):
        if numerator == denominator:                      # gamma = 1: the replace random walk
            steps = n.astype(float)
        elif numerator == 0:                              # gamma = 0: all rows real
            steps = (n > 0).astype(float)
        else:
            # sum_{k<n} gamma^k = expm1(n log gamma)/(gamma - 1), gamma - 1 exact (no
            # cancellation); log1p keeps log gamma accurate near 1, integer logs for tiny gamma
            c_minus_1 = (numerator - denominator) / denominator
            log_c = math.log1p(c_minus_1) if c_minus_1 > -0.5 else \
                math.log(numerator) - math.log(denominator)
            steps = np.expm1(n * log_c) / c_minus_1
        values = noise * steps
    return _result(values, n)


def mix_model_error_level(*, d, T0, real_fraction, sigma0=1.0) -> float:
    """The level the mix chain's model error settles at: lim E ||w_hat_n - w0||_Sigma^2.

        e* = sigma0^2 d / ((T0-d-1)(1 - gamma)),   gamma = :func:`mix_propagation` < 1,

    for any Sigma (fresh designs, T0 >= d + 2). Needs at least one real row per
    generation: with none (f = 0, or f T0 rounding to 0) the chain is the replace random
    walk of Dohmatob, Feng, Kempe (2024), which grows without bound; and when gamma >= 1 (T0
    close to d, few real rows) the expected error grows geometrically, with no level.

    Parameters
    ----------
    d : int >= 1
    T0 : int >= d + 2
        Rows per generator.
    real_fraction : float in (0, 1] with round(real_fraction * T0) >= 1
        f; round(f T0) of each generator's rows are real.
    sigma0 : float >= 0
        Label noise of the generators.

    Returns
    -------
    float

    Examples
    --------
    >>> mix_model_error_level(d=1, T0=4, real_fraction=0.5)
    0.75
    >>> round(mix_model_error_level(d=10, T0=20, real_fraction=0.1), 3)
    12.158
    """
    d, T0, real_fraction, n_real = _check_setting(d, T0, real_fraction)
    sigma0 = check_scale("sigma0", sigma0, allow_zero=True)
    if n_real == 0:
        rounded = "" if real_fraction == 0 else \
            f" (round({real_fraction!r} * T0) = 0 real rows of T0 = {T0})"
        raise ValueError(f"real_fraction must give at least one real row, round(real_fraction "
                         f"* T0) >= 1, for a level{rounded}: with no real rows the chain is "
                         f"the replace chain, whose error grows without bound (n sigma0^2 "
                         f"d/(T0-d-1)); got real_fraction = {real_fraction!r}")
    numerator, denominator = _propagation_parts(d, T0, n_real)
    if numerator >= denominator:
        raise ValueError(f"T0 and real_fraction must give a propagation factor gamma < 1 "
                         f"for a level; got T0 = {T0}, real_fraction = {real_fraction!r} "
                         f"(d = {d}): gamma = {numerator / denominator:.6g} >= 1, so the "
                         f"expected error grows geometrically without bound (raise T0 or "
                         f"real_fraction)")
    noise = sigma0 ** 2 * ols_term(rows=T0, d=d, name="T0")
    value = noise * (denominator / (denominator - numerator))
    return float(finite_result(value, inputs=lambda: f"sigma0 = {sigma0!r}, T0 = {T0}, d = {d}"))
