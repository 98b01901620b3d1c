"""Kernel ridge on real digits, retrained on its own labels (Dohmatob, Feng & Kempe, 2024).

Generation 0 fits kernel ridge regression (RBF kernel) to T₀ real images drawn from the
training pool with their real one-hot labels. Generation n >= 1 draws T₀ fresh images
from the pool and labels them with the generation n − 1 model's predictions plus noise,
ŷ = fₙ₋₁(x) + σ₀ Z (Z standard normal, one per target), then fits a new model to:

- "replace": those T₀ rows;
- "accumulate": every row so far, (n + 1) T₀ in all, each with the labels it got;
- "mix": the T₀ rows, of which round(f T₀) keep their real labels.

Only the labels are synthetic: the images stay real, as in the regression chain of
notebooks 03-05. The ridge penalty follows those notebooks: with T training rows and
kernel (Gram) matrix G, the fit solves (G + λT I) a = Y, the kernel form of (X'X/T + λI)
(scikit-learn's ``KernelRidge`` takes ``alpha = λT``). The test error of generation n
is the squared error against the real one-hot labels, summed over the 10 targets and
averaged over the 497 held-out images; the accuracy is the share of test images whose
largest prediction is the right digit.

Reference: Dohmatob, Feng, Kempe (2024). Model collapse demystified: the case of
regression. NeurIPS 2024, arXiv:2402.07712 (their kernel ridge experiment on MNIST).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from scipy.linalg import cho_factor, cho_solve

from ..core.arrays import readonly
from ..core.chains import ChainAxes
from ..core.checks import check_int, check_scale
from ..core.resources import check_memory, check_steps
from ..core.seeding import as_generator
from ..core.strategies import check_strategy, real_count
from .data import digits_data

__all__ = ["DigitsChain", "simulate_chain"]

# What a chain-generation costs in the steps of core.resources (1e9 a second), measured:
# about 0.5 ms of drawing and indexing, and a T x T solve (with the kernel blocks around
# it) about 10 times faster than T³ elementary steps. Priced with a margin of about 2.
GENERATION_COST, SOLVE_STEPS = 2 * 10 ** 6, 10


@dataclass(frozen=True)
class DigitsChain(ChainAxes):
    """Result of :func:`simulate_chain`; arrays of shape (n_chains, n_generations + 1).

    Attributes
    ----------
    test_error : ndarray
        Squared error on the real test labels (summed over the 10 targets, averaged
        over the test images) of the model fitted at each generation.
    accuracy : ndarray
        Share of test images classified right (largest prediction).
    T0, ridge, sigma0, strategy, real_fraction
        The settings.
    """

    test_error: np.ndarray
    accuracy: np.ndarray
    T0: int
    ridge: float
    sigma0: float
    strategy: str
    real_fraction: float
    _by_generation: ClassVar[str] = "test_error"


def simulate_chain(*, n_generations, T0=200, ridge=1e-3, sigma0=0.1, strategy="replace",
                   real_fraction=0.0, n_chains=1, seed=None) -> DigitsChain:
    """Retrain kernel ridge on real digits labelled by the previous generation's model.

    Parameters
    ----------
    n_generations : int >= 0
    T0 : int in [10, 1300]
        Images drawn per generation (the pool holds 1,300).
    ridge : float > 0
        λ: the fit solves (G + λT I) a = Y with T its training rows.
    sigma0 : float >= 0
        σ₀, standard deviation of the noise added to each synthetic label.
    strategy : {"replace", "accumulate", "mix"}
    real_fraction : float in [0, 1], only with "mix"
    n_chains : int >= 1
    seed : int, Generator or None

    Returns
    -------
    DigitsChain

    Examples
    --------
    >>> chain = simulate_chain(n_generations=3, T0=100, sigma0=0.5, n_chains=2, seed=0)
    >>> chain.test_error.shape, bool(chain.accuracy[:, 0].min() > 0.8)
    ((2, 4), True)
    """
    n_generations = check_int("n_generations", n_generations, minimum=0)
    data = digits_data()
    T0 = check_int("T0", T0, minimum=10, maximum=data.pool.size)
    ridge = check_scale("ridge", ridge)
    sigma0 = check_scale("sigma0", sigma0, allow_zero=True)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    strategy, real_fraction = check_strategy(strategy, real_fraction)
    if strategy == "accumulate-subsample":
        raise ValueError("strategy must be 'replace', 'accumulate' or 'mix' for the digits "
                         "chain; got 'accumulate-subsample'")
    if strategy == "accumulate":    # one chain's solve at a time; weights over the pool
        values = data.pool.size * (data.pool.size + data.test.size) + n_chains * (
            data.pool.size * 10 + T0 * data.pool.size)
    else:
        values = n_chains * T0 * (T0 + data.test.size)
    check_memory(values, what="the kernel blocks",
                 smaller="n_chains, T0 or n_generations")
    check_steps(n_chains * _solve_steps(T0, n_generations, data.pool.size, strategy),
                what="steps for the kernel solves", smaller="n_chains, T0 or n_generations")
    rng = as_generator(seed)
    n_real = real_count(n_samples=T0, real_fraction=real_fraction) if strategy == "mix" else 0
    test = np.broadcast_to(data.test, (n_chains, data.test.size))
    pool = np.broadcast_to(data.pool, (n_chains, data.pool.size))
    # accumulate: how often each pool image was drawn, and the sum of its labels
    counts = np.zeros((n_chains, data.pool.size))
    label_sums = np.zeros((n_chains, data.pool.size, 10))
    errors, accuracies = [], []
    for generation in range(n_generations + 1):
        slots = np.stack([rng.choice(data.pool.size, size=T0, replace=False)
                          for _ in range(n_chains)])
        draw = data.pool[slots]
        if generation == 0:
            labels = data.targets[draw]
        else:
            labels = _predict(data.kernel, rows, weights, draw)
            labels += sigma0 * rng.standard_normal(labels.shape)
            labels[:, :n_real] = data.targets[draw[:, :n_real]]
        if strategy == "accumulate":
            chain_index = np.arange(n_chains)[:, None]
            counts[chain_index, slots] += 1
            label_sums[chain_index, slots] += labels
            rows = pool
            weights = _fit_counts(data.kernel, data.pool, counts, label_sums, ridge)
        else:
            rows, weights = draw, _fit(data.kernel, draw, labels, ridge)
        predictions = _predict(data.kernel, rows, weights, test)
        errors.append(((predictions - data.targets[data.test]) ** 2).sum(axis=-1).mean(-1))
        accuracies.append((predictions.argmax(-1) == data.labels[data.test]).mean(-1))
    return DigitsChain(readonly(np.stack(errors, axis=1)), readonly(np.stack(accuracies, axis=1)),
                       T0, ridge, sigma0, strategy, real_fraction)


def _solve_steps(T0: int, n_generations: int, pool: int, strategy: str) -> int:
    """Priced steps of one chain: accumulate solves for at most min(pool, (k + 1) T0)
    distinct images at generation k, the other strategies for T0."""
    if strategy != "accumulate":
        return (n_generations + 1) * (GENERATION_COST + T0 ** 3 // SOLVE_STEPS)
    growing = min(n_generations + 1, -(-pool // T0))       # generations with (k+1)T0 < pool
    steps = sum(min(pool, (k + 1) * T0) ** 3 for k in range(growing))
    steps += (n_generations + 1 - growing) * pool ** 3
    return (n_generations + 1) * GENERATION_COST + steps // SOLVE_STEPS


def _fit(kernel, rows, labels, ridge) -> np.ndarray:
    """(G + λT I)⁻¹ Y for each chain: rows (chains, T), labels (chains, T, 10)."""
    gram = kernel[rows[:, :, None], rows[:, None, :]]
    size = rows.shape[1]
    gram[:, np.arange(size), np.arange(size)] += ridge * size
    return np.linalg.solve(gram, labels)


def _fit_counts(kernel, pool, counts, label_sums, ridge) -> np.ndarray:
    """Kernel ridge on an accumulated data set, from how often each pool image was drawn.

    Pool image u stands for its cᵤ training rows, T = Σ cᵤ. Minimising
    Σᵢ ‖f(xᵢ) − yᵢ‖² + λT ‖f‖² over f = Σᵤ aᵤ k(·, xᵤ) gives (C G + λT I) a = S, with
    C = diag(c) and S the label sums; with b = a / √c this is the symmetric positive
    definite system (√C G √C + λT I) b = S / √c, solved by Cholesky on the images drawn
    so far only. So the accumulated set costs one solve of at most 1,300 unknowns however
    many rows it holds. Returns a over the whole pool, (chains, pool, 10) (0 if never drawn).
    """
    weights = np.zeros(label_sums.shape)
    for chain, (count, sums) in enumerate(zip(counts, label_sums)):
        drawn = np.flatnonzero(count)
        root = np.sqrt(count[drawn])
        gram = root[:, None] * kernel[np.ix_(pool[drawn], pool[drawn])] * root[None, :]
        gram[np.diag_indices_from(gram)] += ridge * count.sum()
        factor = cho_factor(gram)
        weights[chain, drawn] = root[:, None] * cho_solve(factor, sums[drawn] / root[:, None])
    return weights


def _predict(kernel, rows, weights, points) -> np.ndarray:
    """f(x) = Σᵢ aᵢ k(x, xᵢ) at ``points`` (chains, P): shape (chains, P, 10).

    When every chain has the same rows and points (broadcast views, as for accumulate's
    pool and the test set), the kernel block is gathered once for all chains.
    """
    if rows.strides[0] == 0 and points.strides[0] == 0:
        block = kernel[np.ix_(points[0], rows[0])]                       # (P, R)
        chains, size, targets = weights.shape
        flat = block @ weights.transpose(1, 0, 2).reshape(size, chains * targets)
        return flat.reshape(-1, chains, targets).transpose(1, 0, 2)
    return kernel[points[:, :, None], rows[:, None, :]] @ weights
