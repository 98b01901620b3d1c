"""Exact theory of the Wright-Fisher resampling chain (replace strategy).

- each p_n(k) is a martingale, and the vertices (one category has everything) absorb;
- a single category's count is itself a Markov chain on {0, ..., M} with the
  (M+1) x (M+1) transition matrix P[i, j] = Binomial(j; M, i/M) (:func:`transition_matrix`);
- it is fixed (reaches M) with probability p_0(k) (:func:`fixation_probability`);
- a category of probability p is lost in one generation with probability (1 - p)^M;
- E[p_n (1 - p_n)] = p_0 (1 - p_0) (1 - 1/M)^n (heterozygosity decays geometrically);
- the mean absorption time solves (I - Q) t = 1 on the transient states (the fundamental
  matrix, :func:`expected_absorption_time`) and is close to Kimura's diffusion value
  -2M [p ln p + (1 - p) ln(1 - p)] for large M (:func:`diffusion_absorption_time`).

Functions of a generation index take ``n`` (an int or an array of ints) right after the
probability ``p``; sizes are keyword-only.

References
----------
Kimura, M. (1955). Solution of a process of random genetic drift with a continuous model.
PNAS 41(3), 144-150.
Shumailov et al. (2024). AI models collapse when trained on recursively generated data.
Nature 631, 755-759. arXiv:2305.17493.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.stats import binom

from ..core.arrays import float_or_array, readonly
from ..core.checks import (check_int, check_int_array, check_probability,
                           check_probability_vector)
from ..core.resources import LOOP_STEP_COST, check_memory, check_steps

__all__ = ["transition_matrix", "count_distribution", "loss_probability",
           "survival_probability", "fixation_probability", "expected_heterozygosity",
           "expected_absorption_time", "diffusion_absorption_time",
           "expected_surviving_categories"]


@lru_cache(maxsize=16)
def _transition_matrix(n_samples: int) -> np.ndarray:
    states = np.arange(n_samples + 1)
    matrix = binom.pmf(states[None, :], n_samples, states[:, None] / n_samples)
    return readonly(matrix)


def _check_matrix_size(n_samples: int) -> int:
    """M, refused when the (M+1) x (M+1) matrix would not fit in memory."""
    check_memory(3 * (n_samples + 1) ** 2, what="the (M + 1) x (M + 1) transition matrix",
                 smaller="n_samples")
    return n_samples


def transition_matrix(*, n_samples) -> np.ndarray:
    """The Wright-Fisher transition matrix of one category's count.

    P[i, j] = P(count_{n+1} = j | count_n = i) = C(M, j) (i/M)^j (1 - i/M)^(M-j);
    rows sum to 1; states 0 and M are absorbing. Cached per M (read-only).

    Parameters
    ----------
    n_samples : int >= 1
        M.

    Returns
    -------
    ndarray, shape (M + 1, M + 1)

    Examples
    --------
    >>> P = transition_matrix(n_samples=4)
    >>> P.shape, float(P[0, 0]), float(P[4, 4])
    ((5, 5), 1.0, 1.0)
    """
    return _transition_matrix(_check_matrix_size(check_int("n_samples", n_samples, minimum=1)))


def _laws_at(p: np.ndarray, n_samples: int, generations: np.ndarray) -> np.ndarray:
    """Law of M p_n at each of ``generations`` (ints >= 1) for initial probabilities ``p``.

    Binomial(M, p) P^(n-1): either iterated once up to the largest n, keeping only the
    requested generations, or, when that is cheaper (few generations far away), with
    P^(n-1) by repeated squaring (O(M^3 log n)). Returns shape (len(generations),
    p.size, M + 1).
    """
    _check_matrix_size(n_samples)
    size, states, largest = p.size, n_samples + 1, int(max(generations))
    check_memory((len(generations) + 2) * size * states + 3 * states ** 2,
                 what="the laws of the requested generations", smaller="the number of "
                 "generations asked for, len(p) or n_samples")
    iterate_cost = largest * (LOOP_STEP_COST + size * states ** 2)
    power_cost = len(generations) * (states ** 3 * max(1, largest.bit_length()) * 2
                                     + size * states ** 2 + LOOP_STEP_COST)
    check_steps(min(iterate_cost, power_cost), what="multiply-adds (for the laws of the "
                "requested generations)", smaller="n, len(p) or n_samples")
    matrix = _transition_matrix(n_samples)
    first = binom.pmf(np.arange(states)[None, :], n_samples, p.ravel()[:, None])
    laws = np.empty((len(generations), size, states))
    if power_cost < iterate_cost:
        for index, generation in enumerate(generations):
            laws[index] = first @ np.linalg.matrix_power(matrix, int(generation) - 1)
        return laws
    wanted = {int(g): i for i, g in enumerate(generations)}
    law = first
    for step in range(1, largest + 1):
        if step in wanted:
            laws[wanted[step]] = law
        if step < largest:
            law = law @ matrix
    return laws


def count_distribution(p, n, *, n_samples) -> np.ndarray:
    """Exact law of a category's count M p_n after n >= 1 generations of the replace chain.

    The first generation draws Binomial(M, p); each later one applies the transition
    matrix: law = Binomial(M, p) P^(n-1).

    Parameters
    ----------
    p : float or array (L,) of floats in [0, 1]
        Initial probability (or probabilities) of the category.
    n : int >= 1
        Generation.
    n_samples : int >= 1
        M.

    Returns
    -------
    ndarray, shape p.shape + (M + 1,): (M + 1,) for a scalar ``p`` (entry j is
    P(M p_n = j)), (L, M + 1) for L initial probabilities

    Examples
    --------
    >>> count_distribution(0.5, 1, n_samples=2).round(12).tolist()
    [0.25, 0.5, 0.25]
    """
    p = check_probability("p", p)
    n = check_int("n", n, minimum=1)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    law = _laws_at(p, n_samples, np.array([n]))[0]
    return law.reshape(p.shape + (n_samples + 1,))


def loss_probability(p, n, *, n_samples):
    """Exact P(a category of initial probability p is gone by generation n): P(M p_n = 0).

    For n = 1 this is (1 - p)^M; n = 0 gives 0 for p > 0.

    Parameters
    ----------
    p : float or array of floats in [0, 1]
    n : int or array of ints >= 0
    n_samples : int >= 1
        M.

    Returns
    -------
    float, or ndarray of shape n.shape + p.shape

    Examples
    --------
    >>> round(loss_probability(0.1, 1, n_samples=10), 4)
    0.3487
    """
    p = check_probability("p", p)
    n = check_int_array("n", n)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    steps, where = np.unique(n, return_inverse=True)
    table = np.empty((steps.size, p.size))         # one row per distinct generation asked
    positive = steps > 0
    table[~positive] = (p.ravel() == 0).astype(float)
    if positive.any():
        table[positive] = _laws_at(p, n_samples, steps[positive])[:, :, 0]
    result = table[where.reshape(n.shape)]
    return float_or_array(result.reshape(n.shape + p.shape))


def survival_probability(p, n, *, n_samples):
    """1 - :func:`loss_probability`: P(the category still has p_n > 0).

    Parameters
    ----------
    p : float or array of floats in [0, 1]
    n : int or array of ints >= 0
    n_samples : int >= 1
        M.

    Returns
    -------
    float, or ndarray of shape n.shape + p.shape

    Examples
    --------
    >>> survival_probability(0.5, 0, n_samples=10)
    1.0
    """
    return 1.0 - loss_probability(p, n, n_samples=n_samples)


def fixation_probability(p):
    """P(a category of initial probability p ends with everything) = p (a martingale).

    Parameters
    ----------
    p : float or array of floats in [0, 1]

    Returns
    -------
    float, or ndarray of the shape of ``p``

    Examples
    --------
    >>> fixation_probability(0.3)
    0.3
    """
    return float_or_array(check_probability("p", p).copy())


def expected_heterozygosity(p, n, *, n_samples):
    """Exact E[p_n (1 - p_n)] = p (1 - p) (1 - 1/M)^n for the replace chain.

    Parameters
    ----------
    p : float or array of floats in [0, 1]
    n : int or array of ints >= 0
    n_samples : int >= 1
        M.

    Returns
    -------
    float, or ndarray of shape n.shape + p.shape

    Examples
    --------
    >>> expected_heterozygosity(0.5, 1, n_samples=2)
    0.125
    """
    p = check_probability("p", p)
    n = check_int_array("n", n)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    return float_or_array(np.multiply.outer((1 - 1 / n_samples) ** n, p * (1 - p)))


@lru_cache(maxsize=16)
def _absorption_times(n_samples: int) -> np.ndarray:
    """t_i, the mean absorption time from count i, i = 0..M (fundamental matrix)."""
    matrix = _transition_matrix(n_samples)
    transient = matrix[1:-1, 1:-1]
    times = np.zeros(n_samples + 1)
    if n_samples > 1:
        times[1:-1] = np.linalg.solve(np.eye(n_samples - 1) - transient,
                                      np.ones(n_samples - 1))
    return readonly(times)


def expected_absorption_time(p, *, n_samples):
    """Exact mean number of generations until a category is lost or fixed.

    With Q the transition matrix restricted to the transient counts 1..M-1 and
    N = (I - Q)^-1 the fundamental matrix, t = N 1 is the mean time from each count.
    Generation 1 draws Binomial(M, p), so from initial probability p:
    E T = 1 + sum_j Binomial(j; M, p) t_j for 0 < p < 1, and 0 at p in {0, 1}.

    Parameters
    ----------
    p : float or array of floats in [0, 1]
    n_samples : int >= 1
        M.

    Returns
    -------
    float, or ndarray of the shape of ``p``

    Examples
    --------
    >>> round(expected_absorption_time(0.5, n_samples=2), 3)
    2.0
    """
    p = check_probability("p", p)
    n_samples = _check_matrix_size(check_int("n_samples", n_samples, minimum=1))
    check_steps(n_samples ** 3 // 3, what="operations to solve the fundamental matrix (M^3/3)",
                smaller="n_samples (or use diffusion_absorption_time for large M)")
    check_memory(p.size * (n_samples + 1), what="the first generation's laws",
                 smaller="len(p) or n_samples")
    times = _absorption_times(n_samples)
    first = binom.pmf(np.arange(n_samples + 1)[None, :], n_samples, p.ravel()[:, None])
    result = np.where((p.ravel() > 0) & (p.ravel() < 1), 1.0 + first @ times, 0.0)
    return float_or_array(result.reshape(p.shape))


def diffusion_absorption_time(p, *, n_samples):
    """Kimura's diffusion approximation of the mean absorption time, in generations:

        t(p) = -2 M [p ln p + (1 - p) ln(1 - p)]      (Kimura 1955; 0 at p in {0, 1}).

    Accurate to O(1) generations for large M; compare :func:`expected_absorption_time`.

    Parameters
    ----------
    p : float or array of floats in [0, 1]
    n_samples : int >= 1
        M.

    Returns
    -------
    float, or ndarray of the shape of ``p``

    Examples
    --------
    >>> round(diffusion_absorption_time(0.5, n_samples=100), 1)
    138.6
    """
    p = check_probability("p", p)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -(np.where(p > 0, p * np.log(p), 0.0)
                    + np.where(p < 1, (1 - p) * np.log1p(-p), 0.0))
    return float_or_array(2 * n_samples * entropy)


def expected_surviving_categories(p0, n, *, n_samples):
    """Exact E[number of categories with p_n > 0] for the replace chain.

    Each category's count is marginally a Wright-Fisher chain, so the expectation is
    sum_k P(category k survives to n). Cost O(n K M^2): meant for M up to a few hundred.

    Parameters
    ----------
    p0 : array (K,)
        The real distribution.
    n : int or array of ints >= 0
    n_samples : int >= 1
        M.

    Returns
    -------
    float, or ndarray of the shape of ``n``

    Examples
    --------
    >>> expected_surviving_categories([0.5, 0.5], 0, n_samples=10)
    2.0
    """
    p0 = check_probability_vector("p0", p0)
    n = check_int_array("n", n)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    unique, multiplicity = np.unique(p0, return_counts=True)
    survival = survival_probability(unique, n, n_samples=n_samples)
    return float_or_array((survival * multiplicity).sum(axis=-1))
