"""Exact theory of the discrete chain under the "mix" strategy (fresh real data each generation).

Generation n >= 1 of ``simulate_chain(p0, strategy="mix", real_fraction=f)`` draws
M_r = round(f M) fresh points from the real p_0 and M_s = M - M_r points from p_{n-1}, and
p_n = counts / M. One category of real probability p then has the count

    count_n = A + B,   A ~ Binomial(M_r, p),   B ~ Binomial(M_s, count_{n-1} / M),

with A and B independent: the Wright-Fisher chain with a constant inflow of real draws
(:func:`mix_transition_matrix`). With M_r >= 1 no category of p > 0 is ever absorbed: the
count chain is irreducible and aperiodic and settles to a stationary law.

- E x_n = p for every n (x_n = p_n(k)), and the heterozygosity E[1 - sum_k p_n(k)^2]
  relaxes geometrically, at rate M_s (M_s - 1) / M^2, to a level > 0 (for M >= 2)
  (:func:`expected_heterozygosity_mix`);
- the expected number of categories present, E[#{k : p_n(k) > 0}], falls to a positive
  level at rate M_s / M (:func:`expected_surviving_categories_mix`,
  :func:`stationary_surviving_categories_mix`).

With M_r = 0 (f = 0, or f M <= 1/2) the chain is the replace chain and every function
returns exactly what :mod:`.theory` returns.

Functions of a generation index take ``n`` (an int or an array of ints) right after the
probability vector ``p0``; sizes are keyword-only.

References
----------
Wright-Fisher model: Ewens, W. J. (2004). Mathematical Population Genetics I. Springer.
Bertrand, Bose, Duplessis, Jiralerspong, Gidel (2024). On the stability of iterative
retraining of generative models on their own data. ICLR 2024. arXiv:2310.00429 (retraining
on a mix of real and synthetic data).
Gerstgrasser et al. (2024). Is model collapse inevitable? Breaking the curse of recursion by
accumulating real and synthetic data. arXiv:2404.01413 (replace versus accumulate).
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy.stats import binom

from ..core.arrays import finite_result, float_or_array, readonly
from ..core.checks import check_int, check_int_array, check_probability, check_probability_vector
from ..core.resources import LOOP_STEP_COST, check_memory, check_steps
from ..core.strategies import check_strategy, real_count
from .theory import _check_matrix_size, expected_surviving_categories, transition_matrix

__all__ = ["mix_transition_matrix", "expected_heterozygosity_mix",
           "expected_surviving_categories_mix", "stationary_surviving_categories_mix"]

# A generation past which the forward law equals the stationary one to this absolute
# accuracy (summed over categories) is not iterated: the stationary value is returned.
_SETTLED = 1e-17
# One pass of the shift loop of a convolution (two numpy calls on one shifted slice).
_SHIFT_COST = LOOP_STEP_COST // 10


def _mix_sizes(n_samples, real_fraction) -> tuple[int, int, int]:
    """(M, M_r, M_s), checked: M >= 1, real_fraction in [0, 1], M_r = round(f M)."""
    n_samples = check_int("n_samples", n_samples, minimum=1)
    _, real_fraction = check_strategy("mix", real_fraction)
    n_real = real_count(n_samples=n_samples, real_fraction=real_fraction)
    return n_samples, n_real, n_samples - n_real


@lru_cache(maxsize=8)
def _synthetic_matrix(n_samples: int, n_synthetic: int) -> np.ndarray:
    """B[i, b] = Binomial(b; M_s, i/M): the synthetic draws' count given count i, (M+1, M_s+1)."""
    states = np.arange(n_samples + 1)
    return readonly(binom.pmf(np.arange(n_synthetic + 1)[None, :], n_synthetic,
                              states[:, None] / n_samples))


def _real_laws(p: np.ndarray, n_real: int) -> np.ndarray:
    """Binomial(M_r, p) for each p, shape (p.size, M_r + 1)."""
    return binom.pmf(np.arange(n_real + 1)[None, :], n_real, p.ravel()[:, None])


def _convolve_rows(rows: np.ndarray, kernels: np.ndarray) -> np.ndarray:
    """Each row of ``rows`` convolved with the matching row of ``kernels`` (broadcast).

    Direct (no FFT, so probabilities stay >= 0 and exact to rounding): one pass per entry
    of the shorter of the two, each adding a shifted copy of the longer one.
    """
    long, short = (rows, kernels) if rows.shape[-1] >= kernels.shape[-1] else (kernels, rows)
    width = long.shape[-1]
    batch = np.broadcast_shapes(rows.shape[:-1], kernels.shape[:-1])
    out = np.zeros(batch + (rows.shape[-1] + kernels.shape[-1] - 1,))
    term = np.empty(batch + (width,))
    for shift in range(short.shape[-1]):
        np.multiply(long, short[..., shift:shift + 1], out=term)
        window = out[..., shift:shift + width]
        np.add(window, term, out=window)
    return out


def mix_transition_matrix(p, *, n_samples, real_fraction) -> np.ndarray:
    """Transition matrix of one category's count under the "mix" strategy.

    With M_r = round(f M) real and M_s = M - M_r synthetic draws, count_{n+1} = A + B,
    A ~ Binomial(M_r, p) and B ~ Binomial(M_s, count_n / M) independent, so row i is the
    convolution of the two laws:

        P[i, j] = sum_a Binomial(a; M_r, p) Binomial(j - a; M_s, i/M).

    Rows sum to 1. With M_r = 0 this is exactly the Wright-Fisher
    :func:`~collapse_lib.markov.theory.transition_matrix` (the same read-only array); with
    M_r >= 1 and 0 < p < 1 every count can reach every other in two steps (irreducible and
    aperiodic, no absorbing state). Cost O(M^2 min(M_r, M_s)).

    Parameters
    ----------
    p : float in [0, 1]
        The category's real probability p_0(k).
    n_samples : int >= 1
        M, draws per generation.
    real_fraction : float in [0, 1]
        f; round(f M) of the M draws are real (Python's round, half to even).

    Returns
    -------
    ndarray, shape (M + 1, M + 1)
        Read-only; P[i, j] = P(count_{n+1} = j | count_n = i).

    Examples
    --------
    >>> mix_transition_matrix(0.5, n_samples=2, real_fraction=0.5).round(12).tolist()
    [[0.5, 0.5, 0.0], [0.25, 0.5, 0.25], [0.0, 0.5, 0.5]]
    >>> bool(np.array_equal(mix_transition_matrix(0.3, n_samples=5, real_fraction=0.0),
    ...                     transition_matrix(n_samples=5)))
    True
    """
    p = check_probability("p", p)
    if p.ndim != 0:
        raise ValueError(f"p must be a single probability in [0, 1]; got an array of shape "
                         f"{p.shape}")
    n_samples, n_real, n_synthetic = _mix_sizes(n_samples, real_fraction)
    if n_real == 0:
        return transition_matrix(n_samples=n_samples)
    _check_matrix_size(n_samples)
    check_steps((n_samples + 1) * (n_samples + 1) * (min(n_real, n_synthetic) + 1),
                what="multiply-adds (M^2 min(M_r, M_s))", smaller="n_samples")
    matrix = _convolve_rows(_synthetic_matrix(n_samples, n_synthetic), _real_laws(p, n_real))
    return readonly(matrix)


def expected_heterozygosity_mix(p0, n, *, n_samples, real_fraction):
    """Exact E[1 - sum_k p_n(k)^2] of the "mix" chain.

    For one category, x_n = p_n(k), p = p_0(k): E[x_n | x_{n-1}] = (M_r p + M_s x_{n-1})/M
    and Var[x_n | x_{n-1}] = (M_r p(1 - p) + M_s x_{n-1}(1 - x_{n-1}))/M^2, so E x_n = p and
    s_n = E x_n^2 obeys the affine recursion s_n = a s_{n-1} + b with

        a = M_s (M_s - 1) / M^2,
        b = [M_r p(1 - p) + M_s p + (M_r^2 + 2 M_r M_s) p^2] / M^2,

    hence s_n = s_inf + a^n (p^2 - s_inf), s_inf = b / (1 - a), where
    1 - a = [M_r (2M - M_r) + M_s] / M^2. In terms of the heterozygosity
    h_n = E x_n(1 - x_n) = p - s_n, every category relaxes by the same factor, so summed
    over categories (H_n = E[1 - sum_k p_n(k)^2], H_0 = 1 - sum_k p_0(k)^2):

        H_n = H_inf + a^n (H_0 - H_inf),
        H_inf = H_0 M_r (2M - M_r - 1) / [M_r (2M - M_r) + M_s].

    With M_r = 0, a = 1 - 1/M and H_inf = 0: the replace chain's H_0 (1 - 1/M)^n
    (:func:`~collapse_lib.markov.theory.expected_heterozygosity`, summed over categories;
    computed the same way, so bit for bit equal when p0 sums exactly to 1). With M_s = 0
    (all real) H_n = H_0 (1 - 1/M) for every n >= 1.
    Wright-Fisher moments (Ewens 2004) with the real share of Bertrand et al. (ICLR 2024).

    Parameters
    ----------
    p0 : array (K,)
        The real distribution.
    n : int or array of ints >= 0
        Generation(s).
    n_samples : int >= 1
        M.
    real_fraction : float in [0, 1]
        f; M_r = round(f M).

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> expected_heterozygosity_mix([0.5, 0.5], [0, 1, 5], n_samples=2,
    ...                             real_fraction=0.5).tolist()
    [0.5, 0.25, 0.25]
    >>> round(expected_heterozygosity_mix([0.5, 0.5], 10**6, n_samples=10,
    ...                                   real_fraction=0.1), 6)  # 0.5 * 18 / 28
    0.321429
    """
    p0 = check_probability_vector("p0", p0)
    n = check_int_array("n", n)
    n_samples, n_real, n_synthetic = _mix_sizes(n_samples, real_fraction)
    check_memory(3 * (n.size + 1) * p0.size, what="the heterozygosity of each category at "
                 "each n, shape n.shape + (K,)", smaller="the number of n asked for or K")
    # Python integers: exact, and 1 - M / M^2 is bit for bit the replace chain's 1 - 1/M.
    relaxed = n_real * (2 * n_samples - n_real) + n_synthetic        # (1 - a) M^2
    rate = 1 - relaxed / n_samples ** 2
    level = n_real * (2 * n_samples - n_real - 1) / relaxed           # H_inf / H_0
    start = p0 * (1 - p0)
    settled = start * level
    per_category = settled + np.multiply.outer(rate ** n, start - settled)
    return finite_result(float_or_array(per_category.sum(axis=-1)),
                         inputs=lambda: f"n_samples = {n_samples}")


def _settling_generation(n_categories: int, n_samples: int, n_synthetic: int) -> int:
    """A generation from which the forward law equals the stationary one within _SETTLED.

    |P(count_n = 0) - pi(0)| <= M_s (M_s / M)^(n - 1) for every category (see
    :func:`stationary_surviving_categories_mix`); summed over K categories.
    """
    if n_synthetic == 0:
        return 1
    ratio = n_synthetic / n_samples
    return 1 + max(0, math.ceil(math.log(_SETTLED / (n_categories * n_synthetic))
                                / math.log(ratio)))


def _forward_zero_probabilities(p: np.ndarray, n_samples: int, n_real: int,
                                generations: np.ndarray) -> np.ndarray:
    """P(count_n = 0) at each of ``generations`` (sorted ints >= 1), shape (len, p.size).

    law_1 = Binomial(M, p); law_{n+1} = (law_n B) convolved with Binomial(M_r, p), all
    categories at once (one matrix product and one row-wise convolution per generation).
    """
    n_synthetic = n_samples - n_real
    size, states, largest = p.size, n_samples + 1, int(generations[-1])
    check_memory(len(generations) * size + 4 * size * states + states * (n_synthetic + 1),
                 what="the count laws of every category", smaller="len(p0) or n_samples")
    per_generation = (LOOP_STEP_COST + (min(n_real, n_synthetic) + 1) * _SHIFT_COST
                      + size * (n_synthetic + 1) * (states + n_real + 1))
    check_steps(largest * per_generation, what="steps (one generation at a time, K M M_s "
                "multiply-adds each)", smaller="n, len(p0) or n_samples")
    synthetic = _synthetic_matrix(n_samples, n_synthetic)
    real = _real_laws(p, n_real)
    law = binom.pmf(np.arange(states)[None, :], n_samples, p.ravel()[:, None])
    zeros = np.empty((len(generations), size))
    wanted = {int(g): i for i, g in enumerate(generations)}
    for step in range(1, largest + 1):
        if step in wanted:
            zeros[wanted[step]] = law[:, 0]
        if step < largest:
            law = _convolve_rows(law @ synthetic, real)
    return np.clip(zeros, 0.0, 1.0)


def _stationary_zero_probabilities(p: np.ndarray, n_samples: int, n_real: int) -> np.ndarray:
    """pi_p(0), the stationary P(count = 0) of each category (M_r >= 1), shape (p.size,).

    Sample duality: Q_j = E_pi[(1 - x)^j] is the probability that j picks (with
    replacement) among a generation's M points all miss the category. The picks hit d
    distinct points (occupancy law occ(j, d)), r of them real (hypergeometric hyp(d, r): M
    points, M_r real, d drawn), each real one missing it with probability w = 1 - p, and
    the d - r synthetic ones are d - r picks from the generation before. So

        Q_j = sum_d occ(j, d) G_d,   G_d = sum_r hyp(d, r) w^r Q_{d - r},   Q_0 = 1,

    where only the term d = j, r = 0 (all picks distinct and synthetic, probability
    lambda_j = M_s!/(M_s - j)! / M^j < 1) holds Q_j itself: Q_j (1 - lambda_j) = (the
    rest), every term >= 0. pi_p(0) = w^M_r Q_{M_s}. O(K M_s (M_r + M_s)) operations; the
    laws for j follow from those for j - 1: occ(j, d) = occ(j-1, d) d/M +
    occ(j-1, d-1) (M - d + 1)/M, and hyp(d, r) = [hyp(d-1, r) (M_s - d + 1 + r) +
    hyp(d-1, r-1) (M_r - r + 1)] / (M - d + 1).
    """
    n_synthetic = n_samples - n_real
    size = p.size
    check_memory(size * (2 * n_synthetic + n_real + 6) + 4 * (n_synthetic + n_real + 2),
                 what="the stationary moments of every category", smaller="len(p0) or n_samples")
    check_steps(n_synthetic * LOOP_STEP_COST + 3 * size * n_synthetic * (n_real + n_synthetic),
                what="steps (K M_s (M_r + M_s) multiply-adds)", smaller="len(p0) or n_samples")
    avoid = 1.0 - p.ravel()
    powers = avoid[:, None] ** np.arange(n_real + 1)[None, :]          # w^r, (K, M_r + 1)
    distinct, real = np.arange(n_synthetic + 1), np.arange(n_real + 1)
    stay, grow = distinct / n_samples, (n_samples - distinct + 1) / n_samples
    occupancy = np.zeros(n_synthetic + 1)                              # occ(j, d), d <= M_s
    real_hit = np.zeros(n_real + 1)                                    # hyp(r; M, M_r, j)
    occupancy[0] = real_hit[0] = 1.0
    moments = np.empty((size, n_synthetic + 1))                        # Q_j
    gathered = np.empty((size, n_synthetic + 1))                       # G_d
    moments[:, 0] = gathered[:, 0] = 1.0
    diagonal = 1.0                                                     # lambda_j
    for j in range(1, n_synthetic + 1):
        # one more pick / one more distinct point drawn (both recursions: terms >= 0)
        shifted = occupancy[:-1] * grow[1:]
        occupancy *= stay
        occupancy[1:] += shifted
        shifted = real_hit[:-1] * (n_real - real[:-1]) / (n_samples - j + 1)
        real_hit *= (n_synthetic - j + 1 + real) / (n_samples - j + 1)
        real_hit[1:] += shifted
        reach = min(j, n_real)
        # G_j without its r = 0 term: at least one real point among the distinct ones
        through_real = (powers[:, 1:reach + 1] * moments[:, j - reach:j][:, ::-1]) \
            @ real_hit[1:reach + 1]
        diagonal *= (n_synthetic - j + 1) / n_samples
        moments[:, j] = (gathered[:, :j] @ occupancy[:j] + occupancy[j] * through_real) \
            / (1 - diagonal)
        gathered[:, j] = through_real + real_hit[0] * moments[:, j]
    return np.clip(avoid ** n_real * moments[:, -1], 0.0, 1.0)


def expected_surviving_categories_mix(p0, n, *, n_samples, real_fraction):
    """Exact E[number of categories with p_n > 0] for the "mix" chain.

    Each category's count is marginally the Markov chain of :func:`mix_transition_matrix`,
    so the expectation is sum_k [1 - P(count_n(k) = 0)]. Generation 0 is p_0 itself
    (category k is present iff p_0(k) > 0), and generation 1 draws
    Binomial(M_r, p) + Binomial(M_s, p) = Binomial(M, p) from it: the law of count_1 is
    Binomial(M, p_0(k)) whether or not M p_0(k) is an integer (no rounding of a starting
    count), as in :func:`~collapse_lib.markov.theory.expected_surviving_categories`; each
    later generation applies P_mix:

        E S_n = sum_k [1 - (Binomial(M, p_0(k)) P_mix(p_0(k))^(n-1))_0],   n >= 1.

    With M_r >= 1, E S_n approaches :func:`stationary_surviving_categories_mix` within
    K M_s (M_s/M)^(n-1); past the generation where that bound drops below 1e-17 the
    stationary value is returned (equal to the iterated one to double precision). With
    M_r = 0 this is :func:`~collapse_lib.markov.theory.expected_surviving_categories`
    itself. Cost O(min(n, n_settled) K M M_s) for the iteration: meant for K and M up to a
    few hundred. Wright-Fisher chain (Ewens 2004) with fresh real draws each generation
    (Bertrand et al., ICLR 2024).

    Parameters
    ----------
    p0 : array (K,)
        The real distribution.
    n : int or array of ints >= 0
        Generation(s).
    n_samples : int >= 1
        M.
    real_fraction : float in [0, 1]
        f; M_r = round(f M).

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> expected_surviving_categories_mix([0.5, 0.5], [0, 1], n_samples=2,
    ...                                   real_fraction=0.5).tolist()
    [2.0, 1.5]
    >>> p0 = [0.7, 0.2, 0.1]
    >>> curve = expected_surviving_categories_mix(p0, [1, 5, 50], n_samples=10,
    ...                                           real_fraction=0.1)
    >>> curve.round(4).tolist()  # n = 1: 3 - 0.3^10 - 0.8^10 - 0.9^10
    [2.5439, 2.0763, 1.981]
    >>> round(stationary_surviving_categories_mix(p0, n_samples=10, real_fraction=0.1), 4)
    1.981
    """
    p0 = check_probability_vector("p0", p0)
    n = check_int_array("n", n)
    n_samples, n_real, n_synthetic = _mix_sizes(n_samples, real_fraction)
    if n_real == 0:
        return expected_surviving_categories(p0, n, n_samples=n_samples)
    unique, multiplicity = np.unique(p0, return_counts=True)
    steps, where = np.unique(n, return_inverse=True)
    settled = _settling_generation(p0.size, n_samples, n_synthetic)
    table = np.empty((steps.size, unique.size))     # survival, one row per distinct n
    first = steps == 0
    near = (steps >= 1) & (steps < settled)
    far = steps >= settled
    table[first] = unique > 0
    if near.any():
        table[near] = 1.0 - _forward_zero_probabilities(unique, n_samples, n_real, steps[near])
    if far.any():
        table[far] = 1.0 - _stationary_zero_probabilities(unique, n_samples, n_real)
    table[:, unique == 0] = 0.0
    result = (table * multiplicity).sum(axis=-1)[where.reshape(n.shape)]
    return finite_result(float_or_array(result), inputs=lambda: f"n_samples = {n_samples}")


def stationary_surviving_categories_mix(p0, *, n_samples, real_fraction) -> float:
    """The level E S_n settles at: sum_k P_pi(count(k) > 0) for the "mix" chain.

    With M_r >= 1 and 0 < p < 1 the count chain of :func:`mix_transition_matrix` is
    irreducible and aperiodic; its stationary law pi_p has

        pi_p(0) = (1 - p)^M_r Q_{M_s},   Q_j = E_pi[(1 - x)^j],

    the real draws all missing the category and the M_s synthetic ones too. Q solves a
    triangular system with nonnegative terms (sample duality: j picks with replacement
    among a generation's M points hit d distinct points with the occupancy law
    occ(j, d), r of them real with the hypergeometric law hyp(r; M, M_r, d), each missing
    the category with probability 1 - p, and the other d - r are picks from the
    generation before):

        Q_j = sum_d occ(j, d) sum_r hyp(r; M, M_r, d) (1 - p)^r Q_{d-r},   Q_0 = 1,

    where Q_j itself appears only through d = j, r = 0, with weight
    lambda_j = M_s (M_s - 1) ... (M_s - j + 1) / M^j < 1, so Q_1, ..., Q_{M_s} follow in
    turn. It equals the solution of pi = pi P_mix, at cost O(K M_s (M_r + M_s)) instead of
    O(K M^3) for K linear solves. The approach is geometric:
    |E S_n - level| <= K M_s (M_s / M)^(n-1) (the expected number of traced picks that are
    still synthetic after n - 1 generations). A category with p = 0 never appears. With
    M_r = 0 (the replace chain) one category ends with everything: the level is 1.

    Parameters
    ----------
    p0 : array (K,)
        The real distribution.
    n_samples : int >= 1
        M.
    real_fraction : float in [0, 1]
        f; M_r = round(f M).

    Returns
    -------
    float

    Examples
    --------
    >>> stationary_surviving_categories_mix([0.5, 0.5], n_samples=2, real_fraction=0.5)
    1.5
    >>> stationary_surviving_categories_mix([0.5, 0.5], n_samples=10, real_fraction=0.0)
    1.0
    """
    p0 = check_probability_vector("p0", p0)
    n_samples, n_real, _ = _mix_sizes(n_samples, real_fraction)
    if n_real == 0:
        return 1.0
    unique, multiplicity = np.unique(p0, return_counts=True)
    survival = 1.0 - _stationary_zero_probabilities(unique, n_samples, n_real)
    survival[unique == 0] = 0.0
    return finite_result(float((survival * multiplicity).sum()),
                         inputs=lambda: f"n_samples = {n_samples}")
