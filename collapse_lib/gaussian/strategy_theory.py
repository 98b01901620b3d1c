"""Exact expectations for the univariate Gaussian chain under "mix" and "accumulate".

Notation (CONTRIBUTING.md): M = ``n_samples``, D the variance divisor (M for "mle",
M - 1 for "unbiased"), q = (M - 1)/M, f = ``real_fraction``; v_n = E sigma_n^2 and
m_n = E (mu_n - mu)^2, with v_0 = sigma^2 and m_0 = 0 (generation 0 is the real
N(mu, sigma^2)). Both strategies are those of :func:`~collapse_lib.gaussian.simulate_chain`.

**Mix** (derived here). Each generation pools M_r = round(f M) fresh real points with
M_s = M - M_r points of the previous model and fits them (divisor D of the pooled M).
The pooled mean and sum of squares (Chan et al., 1979) give a linear recursion:

    m_n = [M_r sigma^2 + M_s v_{n-1} + M_s^2 m_{n-1}] / M^2
    v_n = [q (M_r sigma^2 + M_s v_{n-1}) + (M_r M_s / M) m_{n-1}] / D

(the second because E SS = E sum (x - mu)^2 - M m_n = M_r sigma^2 + M_s (v_{n-1} +
m_{n-1}) - M m_n). For M_r >= 1 the map contracts to the fixed point

    Delta = D (M + M_s) - M_s (M + M_s - 1)
    v* = sigma^2 M_r (M + M_s - 1) / Delta,        m* = sigma^2 D / Delta

that is v* = sigma^2 [1 + M_s / (M(M-1) - M_s^2)] > sigma^2 and
m* = sigma^2 (M-1) / (M(M-1) - M_s^2) for "unbiased" (the mixture of real points and
a displaced model overshoots the real variance), and v* = sigma^2 (1 - M/Delta),
m* = sigma^2 M/Delta, Delta = M^2 - M_s^2 + M_s, for "mle". With M_r = 0 (f = 0, or
f M <= 1/2) it is the replace chain of :mod:`.theory` (Shumailov et al., Nature 2024);
with M_r = M (f = 1) every generation is a fresh fit, v_n = sigma^2 (M-1)/D and
m_n = sigma^2/M for n >= 1. The expectations converge for every M_r >= 1, but with a
single real point and the unbiased estimator sigma_n^2 is heavy-tailed: E sigma_n^4
grows without bound (the leading part of the fourth-order moment recursion has spectral
radius 1.56 for M = 2, 1.08 for M = 10, 1.008 for M = 100), so the mean v* = 2 sigma^2
of M = 10, f = 0.1 is carried by rare chains (the median is near 0.8 sigma^2). Two or
more real points, or the MLE, keep it finite (checked for M <= 100).

**Accumulate** (strategy of Gerstgrasser et al., arXiv:2404.01413; formulas derived
here). Generation n fits all n M points; block b = 1..n is drawn from model b - 1. Its
mean is mu_{b-1} + sigma_{b-1} Z_b / sqrt(M), so the fitted mean is a martingale,
mu_b = mu_{b-1} + sigma_{b-1} Z_b / (b sqrt(M)), and with D_n = n M ("mle") or
n M - 1 ("unbiased"):

    m_n = sum_{b=1..n} v_{b-1} / (M b^2)            (<= sigma^2 pi^2 / (6M))
    v_n = M [sum_{b<n} (v_b + m_b) - n m_n] / D_n
        = sigma^2 (M-1)/D_1 prod_{k=2..n} (1 - 1 / (k D_k))

so v_n = sigma^2 prod_{k=1..n} (1 - 1/(M k^2)) -> sigma^2 sin(pi/sqrt(M)) / (pi/sqrt(M))
("mle") and v_n = sigma^2 prod_{k=2..n} (1 - 1/(k (kM - 1))) -> sigma^2 Gamma(2 - 1/M)
/ [Gamma(2 - r_+) Gamma(2 - r_-)], r_+- = (1 +- sqrt(1 + 4M)) / (2M) ("unbiased";
(2n + 1)/(3n) sigma^2 for M = 2): the variance shrinks, but to a positive limit.

For "mle", E sigma_n^2 + E (mu_n - mu)^2 = sigma^2 at every generation under every
strategy: the MLE's sigma_n^2 + (mu_n - mu)^2 is the mean of (x - mu)^2 over its data.

Every function takes the generation index ``n`` (an int or an array of ints >= 0) first
and returns a float for an int, an array of n's shape otherwise.

References
----------
Shumailov, Shumaylov, Zhao, Papernot, Anderson, Gal (2024). AI models collapse when
trained on recursively generated data. Nature 631, 755-759. arXiv:2305.17493.
Gerstgrasser et al. (2024). Is model collapse inevitable? Breaking the curse of recursion
by accumulating real and synthetic data. arXiv:2404.01413.
Chan, Golub, LeVeque (1979). Updating formulae and a pairwise algorithm for computing
sample variances.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.arrays import readonly
from ..core.checks import check_float, fail
from ..core.resources import check_memory
from ..core.strategies import real_count
from .estimators import divisor
from .theory import _result, _theory_args

__all__ = [
    "MixMoments", "mix_moments", "expected_variance_mix", "expected_mean_drift_mix",
    "stationary_mix_moments", "expected_variance_accumulate",
    "expected_mean_drift_accumulate",
]


@dataclass(frozen=True)
class MixMoments:
    """E sigma_n^2 and E (mu_n - mu)^2 of the mix chain (see :func:`mix_moments`).

    Attributes
    ----------
    variance : float or ndarray
        v_n = E sigma_n^2, the shape of ``n`` (read-only if an array).
    mean_drift : float or ndarray
        m_n = E (mu_n - mu)^2, the shape of ``n`` (read-only if an array).
    """

    variance: float | np.ndarray
    mean_drift: float | np.ndarray


# ---------------------------------------------------------------------------------------
# Checks and returns
# ---------------------------------------------------------------------------------------

def _real_points(n_samples, real_fraction):
    real_fraction = check_float("real_fraction", real_fraction, minimum=0.0, maximum=1.0)
    return real_fraction, real_count(n_samples=n_samples, real_fraction=real_fraction)


def _scaled(values, n, n_samples, sigma):
    """sigma^2 times a result computed for sigma = 1, returned as every formula's is."""
    with np.errstate(over="ignore", under="ignore"):
        return _result(sigma ** 2 * values, n, n_samples, sigma)


# ---------------------------------------------------------------------------------------
# Mix: a 2-d affine recursion, in closed form
# ---------------------------------------------------------------------------------------

def _mix_map(n_samples, n_real, estimator):
    """The linear part A of one mix generation's map (v, m) -> A (v, m) + b, and det A.

    Row-major A = [[q M_s/D, M_r M_s/(M D)], [M_s/M^2, M_s^2/M^2]]; the constant
    b = sigma^2 (q M_r/D, M_r/M^2) enters only through the fixed point x* = (I - A)^-1 b
    (:func:`_mix_fixed_point`). Every entry is a ratio of exact integers, rounded once (so
    f = 0 reproduces the replace chain's (M-1)/D bit for bit).
    det A = M_s^2 ((M-1) M_s - M_r) / (M^3 D) >= 0.
    """
    M, p, s = n_samples, n_real, n_samples - n_real
    D = divisor(n_points=M, estimator=estimator)
    a = ((M - 1) * s / (M * D), p * s / (M * D), s / M ** 2, s * s / M ** 2)
    det = s * s * ((M - 1) * s - p) / (M ** 3 * D)
    return a, det


def _matrix_power(a, det, n):
    """Entries of A^n for the 2x2 nonnegative A = ``a`` (row-major), one per entry of ``n``.

    Sylvester: A^n = l2^n I + d_n (A - l2 I), d_n = (l1^n - l2^n)/(l1 - l2) (n l1^(n-1)
    if l1 = l2), l1 >= l2 >= 0 the (real) eigenvalues. d_n is computed as
    l1^(n-1) (1 - (l2/l1)^n) / (1 - l2/l1) with expm1 and log1p, exact to rounding for any
    n (no loop, no cancellation when the eigenvalues are close).
    """
    a11, a12, a21, a22 = a
    nf = n.astype(float)
    if a11 == a12 == a21 == a22 == 0.0:             # f = 1: one step forgets the start
        eye = (n == 0).astype(float)
        return eye, np.zeros_like(eye), np.zeros_like(eye), eye
    if a12 * a21 == 0.0:                             # triangular (f M <= 1/2: replace)
        l1, l2 = max(a11, a22), min(a11, a22)
        gap = l1 - l2
    else:
        half_gap = float(np.hypot((a11 - a22) / 2, np.sqrt(a12 * a21)))
        l1 = (a11 + a22) / 2 + half_gap
        l2 = det / l1
        gap = 2 * half_gap
    with np.errstate(under="ignore", divide="ignore", over="ignore"):
        if gap == 0.0:                               # a Jordan block (the unbiased replace chain)
            d = nf * l1 ** (nf - 1)
        else:
            ratio = min(gap / l1, 1.0)
            steps = np.maximum(nf, 1.0)
            d = np.where(n == 0, 0.0,
                         l1 ** (steps - 1) * -np.expm1(steps * np.log1p(-ratio)) / ratio)
        l2n = l2 ** nf
    return l2n + d * (a11 - l2), d * a12, d * a21, l2n + d * (a22 - l2)


def _mix_unit(n, n_samples, n_real, estimator):
    """(v_n, m_n) of the mix chain for sigma = 1, arrays of n's shape."""
    a, det = _mix_map(n_samples, n_real, estimator)
    p11, p12, p21, p22 = _matrix_power(a, det, n)
    if n_real == 0:                                  # b = 0: (v_n, m_n) = A^n (1, 0)
        return p11, p21
    v_star, m_star = _mix_fixed_point(n_samples, n_real, estimator)
    # x_n = x* + A^n (x_0 - x*), x_0 = (1, 0)
    return (v_star + p11 * (1.0 - v_star) - p12 * m_star,
            m_star + p21 * (1.0 - v_star) - p22 * m_star)


def _mix_fixed_point(n_samples, n_real, estimator):
    """(v*, m*) for sigma = 1 and M_r >= 1, from exact integers."""
    M, p, s = n_samples, n_real, n_samples - n_real
    D = divisor(n_points=M, estimator=estimator)
    delta = D * (M + s) - s * (M + s - 1)            # > 0 when M_r >= 1
    return p * (M + s - 1) / delta, D / delta


def mix_moments(n, *, n_samples, real_fraction, sigma=1.0, estimator="unbiased") -> MixMoments:
    """Exact E[sigma_n^2] and E[(mu_n - mu)^2] of the chain with real data mixed in.

    Each generation fits M_r = round(f M) fresh real points pooled with M_s = M - M_r
    points of the previous model (``simulate_chain(strategy="mix")``). With v_n and m_n
    the two expectations, v_0 = sigma^2, m_0 = 0 and q = (M - 1)/M (derived here):

        m_n = [M_r sigma^2 + M_s v_{n-1} + M_s^2 m_{n-1}] / M^2
        v_n = [q (M_r sigma^2 + M_s v_{n-1}) + (M_r M_s / M) m_{n-1}] / D

    solved in closed form, (v_n, m_n) = x* + A^n (x_0 - x*) with A^n from the two
    eigenvalues of A (exact for every n, no loop). For M_r >= 1 it converges
    geometrically to :func:`stationary_mix_moments`; for M_r = 0 it is the replace chain
    (Shumailov et al., Nature 2024): :func:`~collapse_lib.gaussian.expected_variance` and
    :func:`~collapse_lib.gaussian.expected_mean_drift`.

    Parameters
    ----------
    n : int or array of int >= 0
        Generation(s).
    n_samples : int >= 2
        M, the points of each generation (real and synthetic together).
    real_fraction : float in [0, 1]
        f; the real count is round(f M) (Python's round: half to even).
    sigma : float in [1e-150, 1e150]
        Real standard deviation.
    estimator : {"unbiased", "mle"}
        D = M - 1 or M.

    Returns
    -------
    MixMoments
        ``variance`` (E sigma_n^2) and ``mean_drift`` (E (mu_n - mu)^2): floats for an
        int ``n``, read-only arrays of the shape of ``n`` otherwise.

    Examples
    --------
    >>> moments = mix_moments([0, 1, 100], n_samples=10, real_fraction=0.5, estimator="mle")
    >>> moments.variance.round(6).tolist(), moments.mean_drift.round(6).tolist()
    ([1.0, 0.9, 0.875], [0.0, 0.1, 0.125])
    """
    n, n_samples, sigma, estimator = _theory_args(n, n_samples, sigma, estimator)
    _, n_real = _real_points(n_samples, real_fraction)
    variance, drift = _mix_unit(n, n_samples, n_real, estimator)
    variance, drift = (_scaled(values, n, n_samples, sigma) for values in (variance, drift))
    if isinstance(variance, np.ndarray):
        variance, drift = readonly(variance), readonly(drift)
    return MixMoments(variance, drift)


def expected_variance_mix(n, *, n_samples, real_fraction, sigma=1.0, estimator="unbiased"):
    """Exact E[sigma_n^2] of the mix chain: the ``variance`` of :func:`mix_moments`.

    v_n = [q (M_r sigma^2 + M_s v_{n-1}) + (M_r M_s / M) m_{n-1}] / D, with M_r =
    round(f M) real points per generation, M_s = M - M_r, q = (M - 1)/M (derived here;
    f = 0 is the replace chain of Shumailov et al., Nature 2024).

    Parameters
    ----------
    n : int or array of int >= 0
    n_samples : int >= 2
        M.
    real_fraction : float in [0, 1]
        f.
    sigma : float in [1e-150, 1e150]
    estimator : {"unbiased", "mle"}

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> round(expected_variance_mix(1000, n_samples=10, real_fraction=0.5), 6)
    1.076923
    >>> expected_variance_mix(3, n_samples=10, real_fraction=0.0)
    1.0
    """
    n, n_samples, sigma, estimator = _theory_args(n, n_samples, sigma, estimator)
    _, n_real = _real_points(n_samples, real_fraction)
    return _scaled(_mix_unit(n, n_samples, n_real, estimator)[0], n, n_samples, sigma)


def expected_mean_drift_mix(n, *, n_samples, real_fraction, sigma=1.0, estimator="unbiased"):
    """Exact E[(mu_n - mu)^2] of the mix chain: the ``mean_drift`` of :func:`mix_moments`.

    m_n = [M_r sigma^2 + M_s v_{n-1} + M_s^2 m_{n-1}] / M^2, with M_r = round(f M) real
    points per generation and M_s = M - M_r (derived here). Bounded for M_r >= 1; n
    sigma^2/M (unbiased) for f = 0, the replace chain (Shumailov et al., Nature 2024).

    Parameters
    ----------
    n : int or array of int >= 0
    n_samples : int >= 2
        M.
    real_fraction : float in [0, 1]
        f.
    sigma : float in [1e-150, 1e150]
    estimator : {"unbiased", "mle"}

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> round(expected_mean_drift_mix(10**6, n_samples=10, real_fraction=0.1), 6)
    1.0
    >>> expected_mean_drift_mix(10**6, n_samples=10, real_fraction=0.0)
    100000.0
    """
    n, n_samples, sigma, estimator = _theory_args(n, n_samples, sigma, estimator)
    _, n_real = _real_points(n_samples, real_fraction)
    return _scaled(_mix_unit(n, n_samples, n_real, estimator)[1], n, n_samples, sigma)


def stationary_mix_moments(*, n_samples, real_fraction, sigma=1.0,
                           estimator="unbiased") -> MixMoments:
    """The fixed point (v*, m*) that the mix chain's E sigma_n^2, E (mu_n - mu)^2 approach.

    With M_r = round(f M) >= 1 real points, M_s = M - M_r (derived here):

        Delta = D (M + M_s) - M_s (M + M_s - 1)
        v* = sigma^2 M_r (M + M_s - 1) / Delta,       m* = sigma^2 D / Delta

    "unbiased": v* = sigma^2 [1 + M_s/(M(M-1) - M_s^2)], above sigma^2 whenever some
    points are synthetic; "mle": v* + m* = sigma^2. For large M, m* ~ sigma^2 / (M f (2 - f)).

    With no real point (f = 0, or f M <= 1/2) the chain is the replace chain and the map
    has the eigenvalue 1 (m_n = m_{n-1} + v_{n-1}/M): "unbiased" keeps v_n = sigma^2 while
    m_n = n sigma^2/M grows without bound (no fixed point, no limit); "mle" tends to the
    collapsed (0, sigma^2), one of a line of fixed points (0, m). Either way there is no
    stationary balance, and a ValueError naming ``real_fraction`` says so.

    Parameters
    ----------
    n_samples : int >= 2
        M.
    real_fraction : float in [0, 1] with round(f M) >= 1
        f.
    sigma : float in [1e-150, 1e150]
    estimator : {"unbiased", "mle"}

    Returns
    -------
    MixMoments
        ``variance`` v* and ``mean_drift`` m*, floats.

    Examples
    --------
    >>> fixed = stationary_mix_moments(n_samples=10, real_fraction=0.5)
    >>> fixed.variance == 70 / 65, fixed.mean_drift == 9 / 65
    (True, True)
    >>> stationary_mix_moments(n_samples=10, real_fraction=0.0)
    Traceback (most recent call last):
    ...
    ValueError: real_fraction must be > 0.05 for n_samples = 10, so that round(real_fraction * n_samples) >= 1 (with no real point the mix chain is the replace chain, which has no fixed point); got 0.0
    """
    _, n_samples, sigma, estimator = _theory_args(0, n_samples, sigma, estimator)
    real_fraction, n_real = _real_points(n_samples, real_fraction)
    if n_real == 0:
        fail("real_fraction", real_fraction,
             f"> {0.5 / n_samples:g} for n_samples = {n_samples}, so that "
             "round(real_fraction * n_samples) >= 1 (with no real point the mix chain is "
             "the replace chain, which has no fixed point)")
    v_star, m_star = _mix_fixed_point(n_samples, n_real, estimator)
    none = np.zeros((), dtype=np.int64)
    return MixMoments(_scaled(np.float64(v_star), none, n_samples, sigma),
                      _scaled(np.float64(m_star), none, n_samples, sigma))


# ---------------------------------------------------------------------------------------
# Accumulate: a product and a sum over generations
# ---------------------------------------------------------------------------------------

def _accumulate_unit(n, n_samples, estimator):
    """(v_n, m_n) of the accumulate chain for sigma = 1, arrays of n's shape.

    v_k for k = 0..max(n) by a cumulative product, m_k by a cumulative sum: O(max n)
    time and memory (three arrays of max(n) + 1, priced first), vectorised, in place.
    """
    top = int(n.max()) if n.size else 0
    check_memory(3 * (top + 1) + 2 * n.size,
                 what="three arrays of max(n) + 1 per-generation terms and the results",
                 smaller="n (the largest generation asked for)")
    k = np.arange(1, top + 1, dtype=float)
    factors = k * n_samples - (1.0 if estimator == "unbiased" else 0.0)    # D_k
    factors *= k
    np.divide(-1.0, factors, out=factors)
    factors += 1.0                                                          # 1 - 1/(k D_k)
    if top:
        factors[0] = (n_samples - 1) / divisor(n_points=n_samples, estimator=estimator)
    variance = np.empty(top + 1)
    variance[0] = 1.0
    np.cumprod(factors, out=variance[1:])
    del factors
    k *= k
    k *= n_samples                                                          # M k^2
    drift = np.empty(top + 1)
    drift[0] = 0.0
    np.divide(variance[:-1], k, out=drift[1:])
    np.cumsum(drift[1:], out=drift[1:])
    return variance[n], drift[n]


def expected_variance_accumulate(n, *, n_samples, sigma=1.0, estimator="unbiased"):
    """Exact E[sigma_n^2] when every generation fits all n M points drawn so far.

    Block b = 1..n is drawn from model b - 1 (model 0 the real one). With m_b the mean
    drift (:func:`expected_mean_drift_accumulate`) and D_n = n M or n M - 1,

        v_n = M [sum_{b<n} (v_b + m_b) - n m_n] / D_n
            = sigma^2 ((M-1)/D_1) prod_{k=2..n} (1 - 1/(k D_k))

    so v_n = sigma^2 prod_{k<=n} (1 - 1/(M k^2)) -> sigma^2 sin(pi/sqrt M)/(pi/sqrt M) for
    "mle", and decreases to a positive limit for "unbiased" ((2n+1)/(3n) sigma^2 for
    M = 2). Strategy: Gerstgrasser et al. (2024), arXiv:2404.01413; formula derived here.

    Parameters
    ----------
    n : int or array of int >= 0
        Generation(s); the work and memory are O(max n) (3 numbers per generation).
    n_samples : int >= 2
        M, the points each generation adds.
    sigma : float in [1e-150, 1e150]
    estimator : {"unbiased", "mle"}

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> expected_variance_accumulate([0, 1, 2, 3], n_samples=2).round(6).tolist()
    [1.0, 1.0, 0.833333, 0.777778]
    >>> round(expected_variance_accumulate(1, n_samples=10, estimator="mle"), 6)
    0.9
    """
    n, n_samples, sigma, estimator = _theory_args(n, n_samples, sigma, estimator)
    return _scaled(_accumulate_unit(n, n_samples, estimator)[0], n, n_samples, sigma)


def expected_mean_drift_accumulate(n, *, n_samples, sigma=1.0, estimator="unbiased"):
    """Exact E[(mu_n - mu)^2] when every generation fits all n M points drawn so far.

    The fitted mean is a martingale, mu_b = mu_{b-1} + sigma_{b-1} Z_b / (b sqrt M), so

        m_n = sum_{b=1..n} E sigma_{b-1}^2 / (M b^2)  <=  sigma^2 pi^2 / (6 M)

    with E sigma_b^2 from :func:`expected_variance_accumulate`: bounded, where the
    replace chain's n sigma^2/M (unbiased) is not. Strategy: Gerstgrasser et al. (2024),
    arXiv:2404.01413; formula derived here.

    Parameters
    ----------
    n : int or array of int >= 0
        Generation(s); the work and memory are O(max n) (3 numbers per generation).
    n_samples : int >= 2
        M.
    sigma : float in [1e-150, 1e150]
    estimator : {"unbiased", "mle"}

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> expected_mean_drift_accumulate([0, 1, 2], n_samples=2).tolist()
    [0.0, 0.5, 0.625]
    """
    n, n_samples, sigma, estimator = _theory_args(n, n_samples, sigma, estimator)
    return _scaled(_accumulate_unit(n, n_samples, estimator)[1], n, n_samples, sigma)
