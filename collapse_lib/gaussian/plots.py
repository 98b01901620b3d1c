"""The Gaussian world's figures: the variance fan, one generation's points, estimators."""
from __future__ import annotations

import numpy as np

from ..core import plotting
from ..core.checks import check_choice, check_int
from .chain import GaussianChain, simulate_chain
from .estimators import describe_estimator
from .theory import (expected_log_variance, expected_mean_drift, expected_variance,
                     expected_w2_squared, median_variance)

__all__ = ["ESTIMATOR_STATISTICS", "plot_variance_fan", "plot_generation_histogram",
           "plot_estimator_comparison", "plot_expectation_and_spread"]

# Each estimator's series: its colour, and a dash pattern of its own for its formula.
_ESTIMATOR_STYLE = {"mle": (plotting.BLUE, (0, (6, 2))), "unbiased": (plotting.GREEN, (0, (2, 1.5)))}


def plot_variance_fan(ax, chain: GaussianChain, *, max_paths: int = 60) -> None:
    """sigma_n^2 of single chains on a log axis, their mean and median, and the theory.

    Theory (replace chains only, where a formula exists): the exact mean
    :func:`~collapse_lib.gaussian.theory.expected_variance` and the median
    :func:`~collapse_lib.gaussian.theory.median_variance`, both dashed.

    Parameters
    ----------
    ax : matplotlib Axes
    chain : GaussianChain
    max_paths : int
        Single chains drawn at most.

    Examples
    --------
    >>> figure, axes = plotting.new_figure()
    >>> chain = simulate_chain(n_generations=20, n_samples=10, n_chains=50, seed=0)
    >>> plot_variance_fan(axes[0], chain)
    >>> "E σ²ₙ (exact)" in [line.get_label() for line in axes[0].lines]
    True
    """
    n = chain.generations
    plotting.plot_paths(ax, n, chain.sigma2, max_paths=max_paths, floor=plotting.TINY)
    plotting.plot_simulation(ax, n, np.maximum(chain.sigma2.mean(axis=0), plotting.TINY),
                             label=f"mean of {chain.n_chains} chains")
    plotting.plot_simulation(ax, n, np.maximum(np.median(chain.sigma2, axis=0), plotting.TINY),
                             label="median", color=plotting.GREEN, linestyle="-.")
    if chain.strategy == "replace":
        theory = dict(n_samples=chain.n_samples, sigma=np.sqrt(chain.sigma2[0, 0]),
                      estimator=chain.estimator)
        plotting.plot_theory(ax, n, expected_variance(n, **theory), label="E σ²ₙ (exact)")
        plotting.plot_theory(ax, n, median_variance(n, **theory), label="median (theory)",
                             color=plotting.PURPLE, linestyle=(0, (2, 1)))
    plotting.set_log(ax)
    ax.set_xlabel("generation n")
    ax.set_ylabel("fitted variance σ²ₙ")
    ax.set_title(f"σ²ₙ, M = {chain.n_samples}, {describe_estimator(chain.estimator)}, "
                 f"{chain.strategy}")
    ax.legend(loc="lower left")


def _normal_density(x, mean, variance):
    variance = max(variance, plotting.TINY)
    return np.exp(-0.5 * (x - mean) ** 2 / variance) / np.sqrt(2 * np.pi * variance)


def plot_generation_histogram(ax, chain: GaussianChain, generation: int | None = None,
                              *, seed=0, legend: bool = True) -> None:
    """Histogram of the M points one chain's generation-n model produces, vs the real density.

    Draws chain 0's data (``GaussianChain.draw``) on fixed bins over mu +- 4 sigma, the
    real density N(mu, sigma^2) (read from column 0 of the chain) dashed and the fitted
    density solid (clipped to the axes).

    Parameters
    ----------
    ax : matplotlib Axes
    chain : GaussianChain
    generation : int, optional
        Default: the last one.
    seed : int, numpy.random.Generator or None
        For drawing the points.
    legend : bool

    Examples
    --------
    >>> figure, axes = plotting.new_figure()
    >>> chain = simulate_chain(n_generations=5, n_samples=10, seed=0)
    >>> plot_generation_histogram(axes[0], chain, 5)
    >>> axes[0].get_title()
    'generation 5: σ²ₙ = 0.92'
    """
    generation = chain.n_generations if generation is None else generation
    mu, sigma = chain.mu[0, 0], np.sqrt(chain.sigma2[0, 0])
    points = chain.draw(generation, seed=seed)
    x = np.linspace(mu - 4 * sigma, mu + 4 * sigma, 400)
    real = _normal_density(x, mu, sigma ** 2)
    fitted_var = chain.sigma2[0, generation]
    fitted = _normal_density(x, chain.mu[0, generation], fitted_var)
    heights, edges = np.histogram(np.clip(points, x[0], x[-1]),
                                  bins=np.linspace(x[0], x[-1], 33), density=True)
    ax.stairs(heights, edges, fill=True, color=plotting.PATH_COLOR, alpha=0.6,
              label=f"its M = {chain.n_samples} points")
    plotting.plot_simulation(ax, x, fitted, label=f"fitted, generation {generation}")
    plotting.plot_theory(ax, x, real, label="real N(μ, σ²)", color=plotting.REAL_COLOR)
    ax.set_ylim(0, 2.5 * real.max())
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.set_title(f"generation {generation}: σ²ₙ = {fitted_var:.2g}")
    if legend:
        ax.legend(loc="upper right")


# statistic name -> (what to compute from a chain, its formula, y-axis label)
ESTIMATOR_STATISTICS = {
    "log_variance": (lambda chain: chain.log_sigma2, expected_log_variance, "E log σ²ₙ"),
    "mean_drift": (lambda chain: (chain.mu - chain.mu[:, :1]) ** 2, expected_mean_drift,
                   "E (μₙ − μ₀)²"),
    "w2_squared": (lambda chain: chain.w2_squared, expected_w2_squared, "E W₂²"),
}


def plot_estimator_comparison(ax, statistic: str, *, n_generations, n_samples, n_chains,
                              seed=None) -> None:
    """One statistic of the chain under both estimators: simulated mean (±2 SE) and formula.

    Both estimators are simulated from the same seed (sigma = 1, replace). Each formula is
    dashed in its estimator's colour with a dash pattern of its own. For light-tailed
    statistics (log sigma_n^2); heavy-tailed ones (the mean's drift, W2^2) belong in
    :func:`plot_expectation_and_spread`.

    Parameters
    ----------
    ax : matplotlib Axes
    statistic : {"log_variance", "mean_drift", "w2_squared"}
    n_generations : int >= 0
    n_samples : int >= 2
        M.
    n_chains : int >= 2
    seed : int, numpy.random.Generator or None

    Examples
    --------
    >>> figure, axes = plotting.new_figure()
    >>> plot_estimator_comparison(axes[0], "log_variance", n_generations=10, n_samples=10,
    ...                           n_chains=50, seed=0)
    >>> axes[0].get_ylabel()
    'E log σ²ₙ'
    """
    statistic = check_choice("statistic", statistic, tuple(ESTIMATOR_STATISTICS))
    n_generations = check_int("n_generations", n_generations, minimum=0)
    measure, formula, ylabel = ESTIMATOR_STATISTICS[statistic]
    for estimator, (color, dashes) in _ESTIMATOR_STYLE.items():
        chain = simulate_chain(n_generations=n_generations, n_samples=n_samples,
                               estimator=estimator, n_chains=n_chains, seed=seed)
        n = chain.generations
        plotting.plot_mean_vs_theory(ax, n, measure(chain),
                                     formula(n, n_samples=n_samples, estimator=estimator),
                                     color=color, label=describe_estimator(estimator),
                                     theory_label=f"{describe_estimator(estimator)}: exact",
                                     theory_color=color, theory_linestyle=dashes)
    ax.set_xlabel("generation n")
    ax.set_ylabel(ylabel)
    ax.legend()


def plot_expectation_and_spread(ax, statistic: str, *, estimator, n_generations, n_samples,
                                n_chains, seed=None, levels=(0.1, 0.5, 0.9)) -> None:
    """A heavy-tailed statistic of the chain: its exact expectation next to what chains do.

    Draws the formula (dashed), the mean over the simulated chains (thin solid: no +-2 SE
    band, which means nothing for a heavy-tailed quantity), and the median of the chains
    inside a band between two quantiles, on a log axis. For the unbiased estimator the
    expectations of (mu_n - mu_0)^2 and W2^2 grow like n sigma^2 / M while each chain's
    value converges (sigma_n -> 0 almost surely): the expectation is carried by rare chains
    and the median levels off.

    Parameters
    ----------
    ax : matplotlib Axes
    statistic : {"mean_drift", "w2_squared", "log_variance"}
    estimator : {"unbiased", "mle"}
    n_generations : int >= 0
    n_samples : int >= 2
        M.
    n_chains : int >= 2
    seed : int, numpy.random.Generator or None
    levels : (low, middle, high)
        Quantiles for the band and the line (default 10 %, median, 90 %).

    Examples
    --------
    >>> figure, axes = plotting.new_figure()
    >>> plot_expectation_and_spread(axes[0], "mean_drift", estimator="unbiased",
    ...                             n_generations=10, n_samples=10, n_chains=50, seed=0)
    >>> [line.get_label() for line in axes[0].lines]
    ['median of chains', 'mean of 50 chains', 'E (μₙ − μ₀)² (exact)']
    """
    statistic = check_choice("statistic", statistic, tuple(ESTIMATOR_STATISTICS))
    measure, formula, ylabel = ESTIMATOR_STATISTICS[statistic]
    chain = simulate_chain(n_generations=n_generations, n_samples=n_samples,
                           estimator=estimator, n_chains=n_chains, seed=seed)
    n, values = chain.generations, measure(chain)
    if statistic != "log_variance":   # generation 0 is exactly 0: off a log axis
        n, values = n[1:], values[:, 1:]
    plotting.plot_spread(ax, n, values, levels=levels, color=plotting.GREEN)
    plotting.plot_simulation(ax, n, np.maximum(values.mean(axis=0), plotting.TINY),
                             label=f"mean of {chain.n_chains} chains", color=plotting.BLUE,
                             linewidth=1.2)
    plotting.plot_theory(ax, n, formula(n, n_samples=n_samples, estimator=chain.estimator),
                         label=f"{ylabel} (exact)")
    if statistic != "log_variance":
        plotting.set_log(ax)
    ax.set_xlabel("generation n")
    ax.set_ylabel(ylabel.removeprefix("E ") if statistic != "log_variance" else ylabel)
    ax.set_title(f"{describe_estimator(chain.estimator)}, M = {n_samples}")
