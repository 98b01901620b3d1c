"""The tail-cut scaling law: a memorising model of tokens, trained on clean or tail-cut data.

Tokens k = 1..K have probabilities p_k (for example Zipf, p_k proportional to k^-alpha).
A *memorising* model trained on T tokens knows exactly the tokens it has seen, so its
test error is the probability that a fresh real token was never seen:

    R(T) = E error(T) = sum_k p_k (1 - p̃_k)^T,

where p̃ is the distribution the T training tokens were drawn from (the letter q is
taken course-wide). With clean data (p̃ = p) and a Zipf tail this decays like T^-(1 - 1/alpha) (Hutter 2021; Dohmatob, Feng,
Yang, Charton, Kempe 2024, "A Tale of Tails"). If the training data came from a model
that lost every token past rank ``cut`` (as resampling does, notebook 02), p̃ is p
restricted to the first ``cut`` ranks and renormalised, and the error can never fall
below the lost mass, the *plateau* sum_{k > cut} p_k.

References
----------
Dohmatob, Feng, Yang, Charton, Kempe (2024). A tale of tails: model collapse as a change
of scaling laws. ICML 2024. arXiv:2402.07043.
Hutter (2021). Learning curve theory. arXiv:2102.04074.
"""
from __future__ import annotations

import numpy as np

from ..core.arrays import float_or_array
from ..core.checks import check_float, check_int, check_int_array, check_probability_vector
from ..core.resources import check_memory, check_steps
from ..core.seeding import as_generator

__all__ = ["training_distribution", "tail_cut_plateau", "memorizer_error",
           "simulate_memorizer", "memorizer_exponent"]


def training_distribution(p, *, cut=None) -> np.ndarray:
    """p̃: the real distribution ``p`` with every token past rank ``cut`` lost, renormalised.

    Parameters
    ----------
    p : array (K,)
        Real token probabilities, in rank order.
    cut : int in [1, K], optional
        Ranks kept; None keeps all (p̃ = p).

    Returns
    -------
    ndarray, shape (K,)
        Zero past ``cut``.

    Examples
    --------
    >>> training_distribution([0.5, 0.3, 0.2], cut=2).round(3).tolist()
    [0.625, 0.375, 0.0]
    """
    p = check_probability_vector("p", p)
    if cut is None:
        return p
    cut = check_int("cut", cut, minimum=1, maximum=p.size)
    kept = p[:cut].sum()
    if kept <= 0:
        raise ValueError(f"cut = {cut} keeps no probability mass of p (the first {cut} "
                         f"probabilities are all 0); keep more ranks")
    p_cut = np.zeros_like(p)
    p_cut[:cut] = p[:cut] / kept
    return p_cut


def tail_cut_plateau(p, *, cut) -> float:
    """sum_{k > cut} p_k: the error a memoriser trained on tail-cut data can never beat.

    Parameters
    ----------
    p : array (K,)
    cut : int in [1, K]

    Returns
    -------
    float

    Examples
    --------
    >>> round(tail_cut_plateau([0.5, 0.3, 0.2], cut=2), 3)
    0.2
    """
    p = check_probability_vector("p", p)
    cut = check_int("cut", cut, minimum=1, maximum=p.size)
    return float(p[cut:].sum())


def memorizer_error(p, *, T, cut=None):
    """Exact R(T) = sum_k p_k (1 - p̃_k)^T of a memoriser trained on T tokens from p̃.

    p̃ is :func:`training_distribution` (p itself when ``cut`` is None). Evaluated as
    exp(T log1p(-p̃_k)), so large T and tiny p̃_k lose no precision.

    Parameters
    ----------
    p : array (K,)
    T : int or array of int >= 0
        Training-set sizes.
    cut : int in [1, K], optional

    Returns
    -------
    float, or ndarray of the shape of ``T``

    Examples
    --------
    >>> round(memorizer_error([0.5, 0.5], T=1), 3)
    0.5
    >>> round(memorizer_error([0.5, 0.3, 0.2], T=10 ** 6, cut=2), 3)
    0.2
    """
    p = check_probability_vector("p", p)
    p_cut = training_distribution(p, cut=cut)
    T = check_int_array("T", T, minimum=0)
    check_memory(T.size * p.size, what="one term per training size and token",
                 smaller="len(T) or the number of tokens")
    with np.errstate(divide="ignore", invalid="ignore"):
        log_miss = np.log1p(-p_cut)                    # -inf where p̃_k = 1
        exponent = np.where(T[..., None] == 0, 0.0, T[..., None] * log_miss)  # (1 - p̃)^0 = 1
    return float_or_array((p * np.exp(exponent)).sum(axis=-1))


def simulate_memorizer(p, *, T, cut=None, n_chains, seed=None) -> np.ndarray:
    """The memoriser's error over growing training sets, simulated by token counts.

    For each chain, tokens are drawn from p̃ in batches (Multinomial increments between
    consecutive sizes of ``T``), so every size extends the same training set; the error
    at size T is the real mass of the tokens still unseen.

    Parameters
    ----------
    p : array (K,)
    T : array of int >= 0, non-decreasing
    cut : int in [1, K], optional
    n_chains : int >= 1
    seed : int, numpy.random.Generator or None

    Returns
    -------
    ndarray, shape (n_chains, len(T))

    Examples
    --------
    >>> errors = simulate_memorizer([0.5, 0.3, 0.2], T=[0, 1000], cut=2, n_chains=4, seed=0)
    >>> errors[:, 0].tolist(), errors[:, 1].round(3).tolist()
    ([1.0, 1.0, 1.0, 1.0], [0.2, 0.2, 0.2, 0.2])
    """
    p = check_probability_vector("p", p)
    p_cut = training_distribution(p, cut=cut)
    T = np.atleast_1d(check_int_array("T", T, minimum=0))
    if T.ndim != 1 or np.any(np.diff(T) < 0):
        raise ValueError(f"T must be a non-decreasing 1-d sequence of sizes; got {T.tolist()}")
    n_chains = check_int("n_chains", n_chains, minimum=1)
    check_memory(n_chains * (p.size + T.size), what="token counts per chain",
                 smaller="n_chains or the number of tokens")
    check_steps(n_chains * p.size * T.size, what="token draws (chains x tokens x sizes)",
                smaller="n_chains, len(T) or the number of tokens")
    rng = as_generator(seed)
    seen = np.zeros((n_chains, p.size), dtype=bool)
    errors = np.empty((n_chains, T.size))
    previous = 0
    for index, size in enumerate(T):
        if size > previous:
            seen |= rng.multinomial(int(size - previous), p_cut, size=n_chains) > 0
            previous = size
        errors[:, index] = (~seen * p).sum(axis=1)
    return errors


def memorizer_exponent(*, alpha) -> float:
    """The clean scaling exponent 1 - 1/alpha of a memoriser on Zipf(alpha) tokens, alpha > 1.

    R(T) ~ T^-(1 - 1/alpha) for p_k proportional to k^-alpha over infinitely many
    tokens (Hutter 2021).

    Parameters
    ----------
    alpha : float > 1

    Returns
    -------
    float

    Examples
    --------
    >>> memorizer_exponent(alpha=2.0)
    0.5
    """
    alpha = check_float("alpha", alpha, minimum=1.0, strict_minimum=True, maximum=100.0)
    return 1.0 - 1.0 / alpha
