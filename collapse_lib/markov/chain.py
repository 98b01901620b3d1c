"""The discrete chain: re-estimate a categorical distribution from its own samples.

One generation of the replace chain is the (haploid) Wright-Fisher model of population
genetics: counts_n ~ Multinomial(M, p_{n-1}), p_n = counts_n / M.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..core.arrays import readonly
from ..core.chains import ChainAxes
from ..core.checks import (check_float, check_int, check_probability,
                           check_probability_vector)
from ..core.resources import LOOP_STEP_COST, check_memory, check_steps
from ..core.seeding import as_generator
from ..core.strategies import (check_strategy, comparison_settings, real_count,
                               subsample_indices)

__all__ = ["zipf", "CategoricalChain", "simulate_chain", "compare_strategies",
           "Absorption", "simulate_absorption"]


def zipf(*, K, exponent) -> np.ndarray:
    """A Zipf probability vector: p_k proportional to k^(-exponent), k = 1..K.

    ``exponent`` = 0 gives the uniform distribution; larger exponents give a heavier
    head and a longer tail of rare categories.

    Parameters
    ----------
    K : int >= 1
        Number of categories.
    exponent : float in [0, 100]

    Returns
    -------
    ndarray, shape (K,)

    Examples
    --------
    >>> zipf(K=3, exponent=0.0).tolist()
    [0.3333333333333333, 0.3333333333333333, 0.3333333333333333]
    """
    K = check_int("K", K, minimum=1)
    exponent = check_float("exponent", exponent, minimum=0.0, maximum=100.0)
    check_memory(2 * K, what="the K probabilities", smaller="K")
    weights = np.arange(1, K + 1, dtype=float) ** -exponent
    return weights / weights.sum()


@dataclass(frozen=True)
class CategoricalChain(ChainAxes):
    """Result of :func:`simulate_chain`.

    Attributes
    ----------
    p : ndarray, shape (n_chains, n_generations + 1, K)
        Estimated probabilities; index 0 along axis 1 is the real p_0.
    n_samples : int
        M, draws per generation.
    strategy : str
    real_fraction : float
    """

    p: np.ndarray
    n_samples: int
    strategy: str
    real_fraction: float = 0.0
    _by_generation: ClassVar[str] = "p"

    @property
    def support_size(self) -> np.ndarray:
        """Number of categories with p_n > 0, shape (n_chains, n_generations + 1)."""
        return (self.p > 0).sum(axis=-1)


def simulate_chain(p0, *, n_samples, n_generations, n_chains=1, strategy="replace",
                   real_fraction=0.0, seed=None) -> CategoricalChain:
    """Simulate ``n_chains`` independent resampling chains of a categorical distribution.

    Generation n >= 1 estimates p_n as the category frequencies of its training data:

    - "replace": M draws from p_{n-1} (Wright-Fisher);
    - "accumulate": all earlier generations' draws plus M fresh draws from p_{n-1}, so
      generation n trains on n*M draws, the first M real;
    - "accumulate-subsample": M draws taken without replacement from that growing pool
      (M distinct positions of the pool, read off its cumulative counts);
    - "mix": round(real_fraction * M) fresh real draws from p_0 plus the rest from p_{n-1}.

    Each generation is one vectorised ``Generator.multinomial`` call over all chains.

    Parameters
    ----------
    p0 : array (K,)
        The real distribution: finite, >= 0, summing to 1 within 1e-9.
    n_samples : int >= 1
        M.
    n_generations : int >= 0
    n_chains : int >= 1
    strategy : {"replace", "accumulate", "accumulate-subsample", "mix"}
    real_fraction : float in [0, 1], only with strategy "mix"
    seed : int, numpy.random.Generator or None

    Returns
    -------
    CategoricalChain
        ``p`` of shape (n_chains, n_generations + 1, K).

    Examples
    --------
    >>> chain = simulate_chain([0.5, 0.3, 0.2], n_samples=10, n_generations=40, n_chains=3,
    ...                        seed=0)
    >>> chain.p.shape
    (3, 41, 3)
    >>> bool(np.allclose(chain.p.sum(axis=-1), 1.0))
    True
    """
    p0 = check_probability_vector("p0", p0)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    n_generations = check_int("n_generations", n_generations, minimum=0)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    strategy, real_fraction = check_strategy(strategy, real_fraction)
    check_memory(n_chains * (n_generations + 4) * p0.size,
                 what="p of shape (n_chains, n_generations + 1, K)",
                 smaller="n_chains, n_generations or K")
    subsampling = strategy == "accumulate-subsample"
    check_steps(n_generations * (LOOP_STEP_COST + 4 * n_chains * (p0.size
                                                                + subsampling * n_samples)),
                what="steps (one generation at a time)",
                smaller="n_generations, n_chains, n_samples or K" if subsampling
                else "n_generations, n_chains or K")
    rng = as_generator(seed)

    p = np.empty((n_chains, n_generations + 1, p0.size))
    p[:, 0] = p0
    n_real = real_count(n_samples=n_samples, real_fraction=real_fraction) if strategy == "mix" else 0
    real = np.broadcast_to(p0, (n_chains, p0.size))
    pile = np.zeros((n_chains, p0.size))  # accumulated counts
    for g in range(1, n_generations + 1):
        counts = rng.multinomial(n_samples - n_real, p[:, g - 1]).astype(float)
        if n_real:
            counts += rng.multinomial(n_real, real)
        if strategy.startswith("accumulate"):
            pile += counts
        if strategy == "accumulate":
            p[:, g] = pile / (g * n_samples)
        elif subsampling:
            p[:, g] = _subsample_counts(rng, pile, n_samples) / n_samples
        else:
            p[:, g] = counts / n_samples
    return CategoricalChain(readonly(p), n_samples, strategy, real_fraction)


def _subsample_counts(rng, pile: np.ndarray, budget: int) -> np.ndarray:
    """Category counts of ``budget`` draws without replacement from each chain's pile.

    Every chain's pile holds the same number of draws, N = g * M: pick ``budget`` distinct
    positions among them (:func:`~collapse_lib.core.strategies.subsample_indices`) and
    read each position's category off the pile's cumulative counts, for all chains in one
    sorted search (row r's positions and counts shifted by r * N). O(budget + K) per chain.
    """
    n_chains, K = pile.shape
    total = int(round(pile[0].sum()))
    positions = subsample_indices(rng, pool_size=total, budget=budget, n_chains=n_chains)
    shift = np.arange(n_chains, dtype=np.int64)[:, None] * total
    edges = (np.cumsum(pile, axis=1).astype(np.int64) + shift).ravel()
    categories = np.searchsorted(edges, (positions + shift).ravel(), side="right")
    return np.bincount(categories, minlength=n_chains * K).reshape(n_chains, K).astype(float)


def compare_strategies(p0, *, n_samples, n_generations, n_chains, real_fraction=0.1,
                       seed=None) -> dict:
    """Mean number of surviving categories per generation under replace, accumulate, mix.

    Parameters
    ----------
    p0 : array (K,)
        The real distribution.
    n_samples : int >= 1
        M.
    n_generations : int >= 0
    n_chains : int >= 1
    real_fraction : float in (0, 1]
        The real share of each generation under "mix".
    seed : int, numpy.random.Generator or None
        Every strategy is simulated from the same seed.

    Returns
    -------
    dict of str -> ndarray, shape (n_generations + 1,)
        Legend label ("replace", "accumulate", "mix, 10 % real") -> mean support size.

    Examples
    --------
    >>> support = compare_strategies([0.9, 0.1], n_samples=5, n_generations=10,
    ...                              n_chains=20, seed=0)
    >>> [curve[0] for curve in support.values()]
    [np.float64(2.0), np.float64(2.0), np.float64(2.0)]
    """
    curves = {}
    for label, strategy, fraction in comparison_settings(real_fraction):
        chain = simulate_chain(p0, n_samples=n_samples, n_generations=n_generations,
                               n_chains=n_chains, strategy=strategy, real_fraction=fraction,
                               seed=seed)
        curves[label] = chain.support_size.mean(axis=0)
    return curves


@dataclass(frozen=True)
class Absorption:
    """Result of :func:`simulate_absorption`, one entry per chain (shape (n_chains,)).

    Attributes
    ----------
    time : ndarray of int
        The generation at which the category was lost or fixed.
    fixed : ndarray of bool
        True where it ended with everything (p_n = 1), False where it was lost.
    """

    time: np.ndarray
    fixed: np.ndarray


def simulate_absorption(p, *, n_samples, n_chains=1, max_generations=1_000_000,
                        seed=None) -> Absorption:
    """Run two-category replace chains from probability ``p`` until each is absorbed.

    Only the count of the category matters (it is Binomial(M, count/M) each generation),
    so chains advance together with one vectorised binomial draw per generation and stop
    as they are absorbed.

    Parameters
    ----------
    p : float in [0, 1]
        The category's initial probability.
    n_samples : int >= 1
        M.
    n_chains : int >= 1
    max_generations : int >= 1
        A ``ValueError`` is raised if some chain is still running after this many.
    seed : int, numpy.random.Generator or None

    Returns
    -------
    Absorption
        ``time`` and ``fixed``, shape (n_chains,).

    Examples
    --------
    >>> run = simulate_absorption(0.5, n_samples=10, n_chains=5, seed=0)
    >>> run.time.shape, bool(np.all(run.time >= 1))
    ((5,), True)
    """
    p = check_probability("p", p)
    if p.ndim != 0:
        raise ValueError(f"p must be a single probability in [0, 1]; got an array of shape "
                         f"{p.shape}")
    p = float(p)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    max_generations = check_int("max_generations", max_generations, minimum=1)
    # The mean absorption time is at most 2 ln 2 M (Kimura); chains rarely run past 4 M.
    check_steps(min(max_generations, 4 * n_samples) * (LOOP_STEP_COST + n_chains),
                what="steps (one generation at a time, up to about 4 M generations)",
                smaller="n_samples or n_chains")
    check_memory(3 * n_chains, what="the chains' states", smaller="n_chains")
    rng = as_generator(seed)
    fraction = np.full(n_chains, p)
    time = np.zeros(n_chains, dtype=np.int64)
    running = (fraction > 0) & (fraction < 1)
    for generation in range(1, max_generations + 1):
        if not running.any():
            break
        fraction[running] = rng.binomial(n_samples, fraction[running]) / n_samples
        absorbed = running & ((fraction == 0) | (fraction == 1))
        time[absorbed] = generation
        running &= ~absorbed
    if running.any():
        raise ValueError(f"max_generations must be large enough for every chain to be "
                         f"absorbed (the mean time is up to 1.39 n_samples = "
                         f"{1.39 * n_samples:.0f} generations); got {max_generations}, and "
                         f"{running.sum()} chains were still running")
    return Absorption(readonly(time), readonly(fraction == 1))
