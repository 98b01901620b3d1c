"""The univariate Gaussian chain: fit a normal, sample from the fit, refit, repeat.

One generation of the replace chain (Shumailov et al., Nature 2024, section 3):

    mu_n      = mu_{n-1} + sigma_{n-1} Z / sqrt(M),            Z ~ N(0, 1)
    sigma_n^2 = sigma_{n-1}^2 * chi2_{M-1} / D,                 D = M (MLE) or M - 1 (unbiased)

because the sample mean and the sum of squared deviations of M normal points are
independent, normal and sigma^2 chi-square with M - 1 degrees of freedom. That is what
``method="exact"`` draws (O(1) work per generation and chain); ``method="samples"``
draws the M points themselves and fits them, and both agree in distribution.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..core.arrays import readonly
from ..core.chains import ChainAxes
from ..core.checks import SCALE_LIMIT, check_choice, check_float, check_int, check_scale
from ..core.resources import LOOP_STEP_COST, check_memory, check_steps
from ..core.seeding import as_generator
from ..core.strategies import (check_strategy, comparison_settings, real_count,
                               subsample_indices)
from .estimators import ESTIMATORS, divisor

__all__ = ["METHODS", "GaussianChain", "simulate_chain", "compare_strategies"]

METHODS = ("exact", "samples")


@dataclass(frozen=True)
class GaussianChain(ChainAxes):
    """Result of :func:`simulate_chain`: the fitted parameters of every generation.

    Attributes
    ----------
    mu, sigma2 : ndarray, shape (n_chains, n_generations + 1)
        Fitted mean and variance; column 0 is the real distribution.
    log_sigma2 : ndarray, shape (n_chains, n_generations + 1)
        log sigma_n^2, accumulated in the log domain by the exact replace chain (finite
        where sigma_n^2 underflows to 0); log(sigma2) for the other paths.
    n_samples : int
        M, the number of points each generation draws.
    estimator, strategy : str
        The variance estimator ("mle" or "unbiased") and the data strategy used.
    real_fraction : float
        Share of real points in each generation's M (strategy "mix"; 0 otherwise).
    """

    mu: np.ndarray
    sigma2: np.ndarray
    log_sigma2: np.ndarray
    n_samples: int
    estimator: str
    strategy: str
    real_fraction: float = 0.0
    _by_generation: ClassVar[str] = "mu"

    @property
    def w2_squared(self) -> np.ndarray:
        """Squared 2-Wasserstein distance from each fitted N(mu_n, sigma_n^2) to the real one.

        W2^2 = (mu_n - mu_0)^2 + (sigma_n - sigma_0)^2, shape (n_chains, n_generations + 1).
        """
        sigma = np.sqrt(self.sigma2)
        return (self.mu - self.mu[:, :1]) ** 2 + (sigma - sigma[:, :1]) ** 2

    def draw(self, generation: int, *, size: int | None = None, chain: int = 0,
             seed=None) -> np.ndarray:
        """Draw ``size`` points (default M) from the model fitted at ``generation``.

        These are the data generation ``generation`` hands on to the next one.
        Returns an array of shape (size,).
        """
        generation = check_int("generation", generation, minimum=0, maximum=self.n_generations)
        chain = check_int("chain", chain, minimum=0, maximum=self.n_chains - 1)
        size = self.n_samples if size is None else check_int("size", size, minimum=1)
        rng = as_generator(seed)
        return self.mu[chain, generation] + np.sqrt(self.sigma2[chain, generation]) * \
            rng.standard_normal(size)


def _draw_block(rng, method, n_points, mean, var, n_chains):
    """Mean and sum of squared deviations of ``n_points`` draws from N(mean, var) per chain.

    ``method="exact"`` draws the two sufficient statistics (normal, var * chi2_{N-1});
    ``method="samples"`` draws the points, shape (n_chains, n_points), and reduces them.
    """
    if method == "exact":
        block_mean = mean + np.sqrt(var / n_points) * rng.standard_normal(n_chains)
        if n_points == 1:
            return block_mean, np.zeros(n_chains)
        return block_mean, var * rng.chisquare(n_points - 1, n_chains)
    points = mean[:, None] + np.sqrt(var)[:, None] * rng.standard_normal((n_chains, n_points))
    block_mean = points.mean(axis=1)
    return block_mean, ((points - block_mean[:, None]) ** 2).sum(axis=1)


def _pool(count_a, mean_a, ss_a, count_b, mean_b, ss_b):
    """Pool two data sets' (count, mean, sum of squared deviations) (Chan et al., 1979)."""
    count = count_a + count_b
    delta = mean_b - mean_a
    mean = mean_a + delta * (count_b / count)
    ss = ss_a + ss_b + delta ** 2 * (count_a * count_b / count)
    return count, mean, ss


def simulate_chain(*, n_generations, n_samples, mu=0.0, sigma=1.0, estimator="unbiased",
                   n_chains=1, strategy="replace", real_fraction=0.0, method="exact",
                   seed=None) -> GaussianChain:
    """Simulate ``n_chains`` independent fit-and-sample chains of a univariate Gaussian.

    Generation 0 is the real distribution N(mu, sigma^2). Generation n >= 1 fits a normal
    (sample mean and ``estimator`` variance) to its training data, which depends on
    ``strategy``:

    - "replace": M points drawn from the generation n-1 model (the classic chain);
    - "accumulate": everything generation n-1 trained on plus M fresh points from the
      generation n-1 model, so generation n trains on n*M points (the first M real);
    - "accumulate-subsample": M points drawn without replacement from that growing pool
      (a fixed training budget; the points themselves are drawn whatever ``method``);
    - "mix": round(real_fraction * M) fresh real points plus the rest from the
      generation n-1 model.

    Parameters
    ----------
    n_generations : int >= 0
        n, the number of refits after the real distribution.
    n_samples : int >= 2
        M, points drawn per generation.
    mu : float, |mu| <= 1e150
        Mean of the real distribution.
    sigma : float in [1e-150, 1e150]
        Standard deviation of the real distribution (its square must be a double).
    estimator : {"unbiased", "mle"}
        Variance divisor N - 1 or N (N = points in the training data).
    n_chains : int >= 1
        Independent replicates, simulated together.
    strategy : {"replace", "accumulate", "accumulate-subsample", "mix"}
    real_fraction : float in [0, 1]
        Only with strategy "mix" (must be 0 otherwise).
    method : {"exact", "samples"}
        Draw the sufficient statistics (fast) or the points themselves.
    seed : int, numpy.random.Generator or None

    Returns
    -------
    GaussianChain
        ``mu`` and ``sigma2`` of shape (n_chains, n_generations + 1).

    Examples
    --------
    >>> chain = simulate_chain(n_generations=50, n_samples=10, n_chains=4, seed=0)
    >>> chain.sigma2.shape
    (4, 51)
    >>> bool((chain.sigma2[:, 0] == 1.0).all())
    True
    """
    n_generations = check_int("n_generations", n_generations, minimum=0)
    n_samples = check_int("n_samples", n_samples, minimum=2)
    mu = check_float("mu", mu, minimum=-SCALE_LIMIT, maximum=SCALE_LIMIT)
    sigma = check_scale("sigma", sigma)
    estimator = check_choice("estimator", estimator, ESTIMATORS)
    n_chains = check_int("n_chains", n_chains, minimum=1)
    strategy, real_fraction = check_strategy(strategy, real_fraction)
    method = check_choice("method", method, METHODS)
    cells = n_chains * (n_generations + 1)
    check_memory(4 * cells, what="mu and sigma2 of shape (n_chains, n_generations + 1) and "
                 "their random steps", smaller="n_chains or n_generations")
    if method == "samples":
        check_memory(n_chains * n_samples, what="one generation's points (n_chains, M)",
                     smaller="n_chains or n_samples")
    if strategy == "accumulate-subsample":
        check_memory(2 * n_chains * n_samples * max(n_generations, 1),
                     what="the pool of points (n_chains, n_generations * M) and its keys",
                     smaller="n_chains, n_generations or n_samples")
        check_steps(n_chains * n_samples * n_generations ** 2 // 2 + 1,
                    what="pool points drawn from (n_chains x M x n_generations^2 / 2)",
                    smaller="n_chains, n_generations or n_samples")
    if method == "samples" or strategy != "replace":
        per_generation = LOOP_STEP_COST + n_chains * (n_samples if method == "samples" else 1)
        check_steps(n_generations * per_generation, what="steps (one generation at a time)",
                    smaller="n_generations, n_chains or n_samples")
    rng = as_generator(seed)

    # Every strategy is location-scale equivariant: simulate N(0, 1) and map back at the
    # end, so a large mu or an extreme sigma costs no precision along the way.
    if strategy == "replace" and method == "exact":
        mean, var, log_var = _replace_exact(rng, n_generations, n_samples, 0.0, 1.0,
                                            estimator, n_chains)
    elif strategy == "accumulate-subsample":
        mean, var = _subsample_loop(rng, n_generations, n_samples, estimator, n_chains)
        with np.errstate(divide="ignore"):
            log_var = np.log(var)
    else:
        mean, var = _generation_loop(rng, n_generations, n_samples, 0.0, 1.0, estimator,
                                     n_chains, strategy, real_fraction, method)
        with np.errstate(divide="ignore"):
            log_var = np.log(var)
    mean, log_var = mu + sigma * mean, log_var + 2 * np.log(sigma)
    with np.errstate(under="ignore"):
        var = sigma ** 2 * var
    return GaussianChain(readonly(mean), readonly(var), readonly(log_var), n_samples,
                         estimator, strategy, real_fraction)


def _replace_exact(rng, n_generations, n_samples, mu, sigma, estimator, n_chains):
    """The replace chain from sufficient statistics, vectorised over generations too.

    log sigma_n^2 is a random walk with steps log(chi2_{M-1}/D); working on the log scale
    keeps the long chains of small M from underflowing before the final exp.
    """
    steps = np.log(rng.chisquare(n_samples - 1, (n_chains, n_generations))) \
        - np.log(divisor(n_points=n_samples, estimator=estimator))
    log_var = 2 * np.log(sigma) + np.concatenate(
        [np.zeros((n_chains, 1)), np.cumsum(steps, axis=1)], axis=1)
    with np.errstate(under="ignore"):
        var = np.exp(log_var)
        kicks = np.sqrt(var[:, :-1] / n_samples) * rng.standard_normal((n_chains, n_generations))
    mean = mu + np.concatenate([np.zeros((n_chains, 1)), np.cumsum(kicks, axis=1)], axis=1)
    return mean, var, log_var


def _generation_loop(rng, n_generations, n_samples, mu, sigma, estimator, n_chains,
                     strategy, real_fraction, method):
    """Every strategy and method, one generation at a time (vectorised over chains)."""
    mean = np.empty((n_chains, n_generations + 1))
    var = np.empty((n_chains, n_generations + 1))
    mean[:, 0], var[:, 0] = mu, sigma ** 2
    real_mean, real_var = np.full(n_chains, mu), np.full(n_chains, sigma ** 2)
    n_real = real_count(n_samples=n_samples, real_fraction=real_fraction) if strategy == "mix" else 0
    pooled = None  # (count, mean, sum of squares) of all data so far, for "accumulate"
    for g in range(1, n_generations + 1):
        blocks = []
        if n_real:
            blocks.append((n_real, *_draw_block(rng, method, n_real, real_mean, real_var,
                                                n_chains)))
        if n_real < n_samples:
            blocks.append((n_samples - n_real, *_draw_block(
                rng, method, n_samples - n_real, mean[:, g - 1], var[:, g - 1], n_chains)))
        data = blocks[0] if len(blocks) == 1 else _pool(*blocks[0], *blocks[1])
        if strategy == "accumulate":
            pooled = data if pooled is None else _pool(*pooled, *data)
            data = pooled
        count, mean[:, g], ss = data
        var[:, g] = ss / divisor(n_points=count, estimator=estimator)
    return mean, var


def _subsample_loop(rng, n_generations, n_samples, estimator, n_chains):
    """"accumulate-subsample" from N(0, 1): M points of the pool, one generation at a time."""
    mean = np.empty((n_chains, n_generations + 1))
    var = np.empty((n_chains, n_generations + 1))
    mean[:, 0], var[:, 0] = 0.0, 1.0
    pool = np.empty((n_chains, n_samples * n_generations))
    for g in range(1, n_generations + 1):
        fresh = rng.standard_normal((n_chains, n_samples))
        pool[:, (g - 1) * n_samples:g * n_samples] = (
            mean[:, g - 1, None] + np.sqrt(var[:, g - 1, None]) * fresh)
        chosen = np.take_along_axis(pool, subsample_indices(
            rng, pool_size=g * n_samples, budget=n_samples, n_chains=n_chains), axis=1)
        mean[:, g] = chosen.mean(axis=1)
        var[:, g] = ((chosen - mean[:, g, None]) ** 2).sum(axis=1) / divisor(
            n_points=n_samples, estimator=estimator)
    return mean, var


def compare_strategies(*, n_generations, n_samples, n_chains, real_fraction=0.1,
                       estimator="unbiased", seed=None) -> dict:
    """Median fitted variance per generation under replace, accumulate and mix.

    The median, not the mean: under replace the mean of sigma_n^2 can stay at sigma^2
    while almost every chain collapses (the median shows the typical chain).

    Parameters
    ----------
    n_generations : int >= 0
    n_samples : int >= 2
        M.
    n_chains : int >= 1
    real_fraction : float in (0, 1]
        The real share of each generation under "mix".
    estimator : {"unbiased", "mle"}
    seed : int, numpy.random.Generator or None
        Every strategy is simulated from the same seed.

    Returns
    -------
    dict of str -> ndarray, shape (n_generations + 1,)
        Legend label ("replace", "accumulate", "mix, 10 % real") -> median sigma_n^2.

    Examples
    --------
    >>> medians = compare_strategies(n_generations=20, n_samples=10, n_chains=100, seed=0)
    >>> list(medians)
    ['replace', 'accumulate', 'mix, 10 % real']
    """
    curves = {}
    for label, strategy, fraction in comparison_settings(real_fraction):
        chain = simulate_chain(n_generations=n_generations, n_samples=n_samples,
                               n_chains=n_chains, estimator=estimator, strategy=strategy,
                               real_fraction=fraction, seed=seed)
        curves[label] = np.median(chain.sigma2, axis=0)
    return curves
