"""The discrete world: re-estimate a categorical distribution from its own samples.

Notation (course-wide): K categories, M = ``n_samples`` draws per generation, p_n the
estimated probability vector at generation n, p_0 the real one (column 0).

One generation of the *replace* chain is the (haploid) Wright-Fisher model of population
genetics:

    counts_n ~ Multinomial(M, p_{n-1}),        p_n = counts_n / M.

Facts the course checks by simulation (COURSE.md section 8):

- each p_n(k) is a martingale, and the vertices (one category has everything) absorb;
- a single category's count is itself a Markov chain on {0, ..., M} with the
  (M+1) x (M+1) transition matrix P[i, j] = Binomial(j; M, i/M) (:func:`transition_matrix`);
- it is fixed (reaches M) with probability p_0(k) (:func:`fixation_probability`);
- a category of probability q is lost in one generation with probability (1 - q)^M;
- E[p_n (1 - p_n)] = p_0 (1 - p_0) (1 - 1/M)^n (heterozygosity decays geometrically);
- the mean absorption time solves (I - Q) t = 1 on the transient states (the fundamental
  matrix, :func:`expected_absorption_time`) and is close to Kimura's diffusion value
  -2M [p ln p + (1 - p) ln(1 - p)] for large M (:func:`diffusion_absorption_time`).

References
----------
Shumailov et al. (2024). AI models collapse when trained on recursively generated data.
Nature 631, 755-759. arXiv:2305.17493 (section 3: the discrete case).
Kimura, M. (1955). Solution of a process of random genetic drift with a continuous model.
PNAS 41(3), 144-150.
Suresh, Thangaraj, Khandavally (2024). Rate of model collapse in recursive training.
arXiv:2412.17646.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

import numpy as np
from scipy.stats import binom

from ._arrays import float_or_array, readonly
from ._chains import STRATEGIES, ChainAxes, check_strategy, real_count
from ._checks import as_generator, check_choice, check_float, check_int, check_int_array

PROBABILITY_TOLERANCE = 1e-9

__all__ = [
    "STRATEGIES", "CategoricalChain", "simulate_chain", "check_probabilities", "zipf",
    "transition_matrix", "count_distribution", "loss_probability", "survival_probability",
    "fixation_probability", "expected_heterozygosity", "expected_absorption_time",
    "diffusion_absorption_time", "expected_surviving_categories", "Absorption",
    "simulate_absorption",
]


def check_probabilities(p, name: str = "p0") -> np.ndarray:
    """Validate a probability vector: finite, non-empty, >= 0, summing to 1 within 1e-9.

    Returns it as a float array, renormalised to sum exactly to 1.
    """
    array = np.asarray(p, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-d probability vector; got shape "
                         f"{array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite probabilities; got {p!r}")
    if np.any(array < 0):
        raise ValueError(f"{name} must hold probabilities >= 0; got a minimum of "
                         f"{array.min()!r}")
    total = array.sum()
    if abs(total - 1.0) > PROBABILITY_TOLERANCE:
        raise ValueError(f"{name} must sum to 1 (within {PROBABILITY_TOLERANCE:g}); got a "
                         f"sum of {total!r}")
    return array / total


def _check_probability(name: str, p) -> np.ndarray:
    """A probability (scalar or array) in [0, 1]."""
    array = np.asarray(p, dtype=float)
    if array.size == 0 or not np.all(np.isfinite(array)) or np.any(array < 0) \
            or np.any(array > 1):
        raise ValueError(f"{name} must be a probability in [0, 1] (or an array of them); "
                         f"got {p!r}")
    return array


def zipf(K, exponent) -> np.ndarray:
    """A Zipf probability vector: p_k proportional to k^(-exponent), k = 1..K.

    ``exponent`` = 0 gives the uniform distribution; larger exponents give a heavier
    head and a longer tail of rare categories. Shape (K,).
    """
    K = check_int("K", K, minimum=1)
    exponent = check_float("exponent", exponent, minimum=0.0)
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


def simulate_chain(p0, n_samples, n_generations, *, n_chains=1, strategy="replace",
                   real_fraction=0.0, seed=None) -> CategoricalChain:
    """Simulate ``n_chains`` independent resampling chains of a categorical distribution.

    Generation n >= 1 estimates p_n as the category frequencies of its training data:

    - "replace": M draws from p_{n-1} (Wright-Fisher);
    - "accumulate": all earlier generations' draws plus M fresh draws from p_{n-1}, so
      generation n trains on n*M draws, the first M real;
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
    strategy : {"replace", "accumulate", "mix"}
    real_fraction : float in [0, 1], only with strategy "mix"
    seed : int, numpy.random.Generator or None

    Returns
    -------
    CategoricalChain with ``p`` of shape (n_chains, n_generations + 1, K).

    Examples
    --------
    >>> chain = simulate_chain([0.5, 0.3, 0.2], 10, 40, n_chains=3, seed=0)
    >>> chain.p.shape
    (3, 41, 3)
    >>> bool(np.allclose(chain.p.sum(axis=-1), 1.0))
    True
    """
    p0 = check_probabilities(p0)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    n_generations = check_int("n_generations", n_generations, minimum=0)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    strategy, real_fraction = check_strategy(strategy, real_fraction)
    rng = as_generator(seed)

    p = np.empty((n_chains, n_generations + 1, p0.size))
    p[:, 0] = p0
    n_real = real_count(n_samples, real_fraction) if strategy == "mix" else 0
    real = np.broadcast_to(p0, (n_chains, p0.size))
    pile = np.zeros((n_chains, p0.size))  # accumulated counts
    for g in range(1, n_generations + 1):
        counts = rng.multinomial(n_samples - n_real, p[:, g - 1]).astype(float)
        if n_real:
            counts += rng.multinomial(n_real, real)
        if strategy == "accumulate":
            pile += counts
            p[:, g] = pile / (g * n_samples)
        else:
            p[:, g] = counts / n_samples
    return CategoricalChain(readonly(p), n_samples, strategy, real_fraction)


@lru_cache(maxsize=16)
def _transition_matrix(n_samples: int) -> np.ndarray:
    states = np.arange(n_samples + 1)
    matrix = binom.pmf(states[None, :], n_samples, states[:, None] / n_samples)
    return readonly(matrix)


def transition_matrix(n_samples) -> np.ndarray:
    """The Wright-Fisher transition matrix of one category's count.

    P[i, j] = P(count_{n+1} = j | count_n = i) = C(M, j) (i/M)^j (1 - i/M)^(M-j),
    shape (M + 1, M + 1); rows sum to 1; states 0 and M are absorbing. Cached per M
    (read-only).
    """
    return _transition_matrix(check_int("n_samples", n_samples, minimum=1))


def _count_laws(p: np.ndarray, n_samples: int, n_max: int) -> np.ndarray:
    """Law of M p_n for n = 1..n_max of categories with initial probabilities ``p``.

    Returns shape (n_max, p.size, M + 1): row n - 1 is Binomial(M, p) P^(n-1).
    """
    matrix = _transition_matrix(n_samples)
    law = binom.pmf(np.arange(n_samples + 1)[None, :], n_samples, p.ravel()[:, None])
    laws = np.empty((n_max, p.size, n_samples + 1))
    for step in range(n_max):
        laws[step] = law
        law = law @ matrix
    return laws


def count_distribution(p, n_samples, n_generations) -> np.ndarray:
    """Exact law of a category's count M p_n after n >= 1 generations of the replace chain.

    The first generation draws Binomial(M, p); each later one applies the transition
    matrix: law = Binomial(M, p) P^(n-1). Returns shape (M + 1,) for scalar ``p`` (entry j
    is P(M p_n = j)), or (len(p), M + 1) for an array of initial probabilities.
    """
    p = _check_probability("p", p)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    n_generations = check_int("n_generations", n_generations, minimum=1)
    law = _count_laws(p, n_samples, n_generations)[-1]
    return law[0] if p.ndim == 0 else law


def loss_probability(p, n_samples, n_generations):
    """Exact P(a category of initial probability p is gone by generation n): P(M p_n = 0).

    For n = 1 this is (1 - p)^M. ``n_generations`` may be an int or an array of ints
    >= 0 (n = 0 gives 0 for p > 0); ``p`` a probability or an array of them. Returns
    shape ``np.broadcast_shapes(shape of n, shape of p)`` (an int n and a scalar p give a float).
    """
    p = _check_probability("p", p)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    n = check_int_array("n_generations", n_generations)
    n_max = int(n.max())
    table = np.empty((n_max + 1, p.size))
    table[0] = (p.ravel() == 0).astype(float)
    if n_max:
        table[1:] = _count_laws(p, n_samples, n_max)[:, :, 0]
    result = table[n[..., None], np.arange(p.size)] if n.ndim else table[n]
    result = result.reshape(n.shape + p.shape)
    return float_or_array(result)


def survival_probability(p, n_samples, n_generations):
    """1 - :func:`loss_probability`: P(the category still has p_n > 0). Same shapes."""
    return 1.0 - loss_probability(p, n_samples, n_generations)


def fixation_probability(p):
    """P(a category of initial probability p ends with everything) = p (martingale)."""
    p = _check_probability("p", p)
    return float_or_array(p.copy())


def expected_heterozygosity(p, n_samples, n_generations):
    """Exact E[p_n (1 - p_n)] = p (1 - p) (1 - 1/M)^n for the replace chain.

    Shapes broadcast as in :func:`loss_probability`.
    """
    p = _check_probability("p", p)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    n = check_int_array("n_generations", n_generations)
    result = np.multiply.outer((1 - 1 / n_samples) ** n, p * (1 - p))
    return float_or_array(result)


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


def expected_absorption_time(p, n_samples):
    """Exact mean number of generations until a category is lost or fixed.

    With Q the transition matrix restricted to the transient counts 1..M-1 and
    N = (I - Q)^-1 the fundamental matrix, t = N 1 is the mean time from each count.
    Generation 1 draws Binomial(M, p), so from initial probability p:
    E T = 1 + sum_j Binomial(j; M, p) t_j for 0 < p < 1, and 0 at p in {0, 1}.
    For p = i/M this is t_i. Returns a float for scalar ``p``, else an array.
    """
    p = _check_probability("p", p)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    times = _absorption_times(n_samples)
    first = binom.pmf(np.arange(n_samples + 1)[None, :], n_samples, p.ravel()[:, None])
    result = np.where((p.ravel() > 0) & (p.ravel() < 1), 1.0 + first @ times, 0.0)
    result = result.reshape(p.shape)
    return float_or_array(result)


def diffusion_absorption_time(p, n_samples):
    """Kimura's diffusion approximation of the mean absorption time, in generations:

        t(p) = -2 M [p ln p + (1 - p) ln(1 - p)]      (Kimura 1955; 0 at p in {0, 1}).

    Accurate to O(1) generations for large M; compare :func:`expected_absorption_time`.
    """
    p = _check_probability("p", p)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -(np.where(p > 0, p * np.log(p), 0.0)
                    + np.where(p < 1, (1 - p) * np.log1p(-p), 0.0))
    result = 2 * n_samples * entropy
    return float_or_array(result)


def expected_surviving_categories(p0, n_samples, n_generations):
    """Exact E[number of categories with p_n > 0] for the replace chain.

    Each category's count is marginally a Wright-Fisher chain, so the expectation is
    sum_k P(category k survives to n) = sum_k [1 - loss_probability(p0_k, M, n)].
    ``n_generations``: an int or an array of ints >= 0; returns a float or an array of
    that shape. Cost O(n K M^2): meant for M up to a few hundred.
    """
    p0 = check_probabilities(p0)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    n = check_int_array("n_generations", n_generations)
    unique, multiplicity = np.unique(p0, return_counts=True)
    survival = survival_probability(unique, n_samples, n)
    result = (survival * multiplicity).sum(axis=-1)
    return float_or_array(result)


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


def simulate_absorption(p, n_samples, *, n_chains=1, max_generations=1_000_000,
                        seed=None) -> Absorption:
    """Run two-category replace chains from probability ``p`` until each is absorbed.

    Only the count of the category matters (it is Binomial(M, count/M) each generation),
    so chains advance together with one vectorised binomial draw per generation and stop
    as they are absorbed. Raises ``RuntimeError`` if some chain is still running after
    ``max_generations``.
    """
    p = float(_check_probability("p", p))
    n_samples = check_int("n_samples", n_samples, minimum=1)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    max_generations = check_int("max_generations", max_generations, minimum=1)
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
        raise RuntimeError(f"{running.sum()} chains were not absorbed within "
                           f"max_generations={max_generations}")
    return Absorption(time, fraction == 1)
