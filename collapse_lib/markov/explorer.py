"""The discrete world's explorer (notebook 02)."""
from __future__ import annotations

import functools

import ipywidgets as widgets
import numpy as np

from ..core.explorer import REPLICATE_RULES, Explorer, replicate_controls, slider
from .chain import simulate_chain, zipf
from .plots import plot_support, plot_survival, plot_transition_matrix
from .theory import expected_surviving_categories, survival_probability, transition_matrix

__all__ = ["tail_explorer"]


@functools.lru_cache(maxsize=64)
def _tail_theory(n_samples: int, K: int, exponent: float, n_generations: int):
    """Exact E[support] and the rarest category's survival curve (cached: seed-independent)."""
    p0 = zipf(K=K, exponent=exponent)
    n = np.arange(n_generations + 1)
    return (expected_surviving_categories(p0, n, n_samples=n_samples),
            survival_probability(p0[-1], n, n_samples=n_samples))


def tail_explorer(*, n_samples: int = 50, K: int = 50, exponent: float = 1.0,
                  n_generations: int = 50, n_chains: int = 300, strategy: str = "replace",
                  real_fraction: float = 0.2, seed: int = 0) -> Explorer:
    """Explore how resampling a categorical distribution loses its tail (notebook 02).

    The real distribution is Zipf over K categories with the chosen exponent (0 is
    uniform). Controls: M (1..200), K (2..100), exponent (0..2), generations (1..100),
    chains (1..1000), strategy, real fraction and seed. "real fraction" is disabled
    unless the strategy is "mix", the only one that uses it. Top left: the number of
    surviving categories per generation (simulation; exact expectation for "replace").
    Top right: the survival probability of the rarest category: simulation, the exact
    Markov chain and the naive guess that freezes its probability p₀. Bottom: the
    transition matrix of one category's count (for M up to 200).

    Parameters
    ----------
    n_samples, K, exponent, n_generations, n_chains, strategy, real_fraction, seed :
        The controls' starting values.

    Returns
    -------
    Explorer

    Examples
    --------
    >>> explorer = tail_explorer(K=20)
    >>> "K = 20" in explorer.figure.axes[0].get_title()
    True
    """
    controls = {
        "n_samples": slider("n_samples", "M (draws)", n_samples, 1, 200),
        "K": slider("K", "categories K", K, 2, 100),
        "exponent": slider("exponent", "Zipf exponent", exponent, 0.0, 2.0, 0.1, kind=widgets.FloatSlider),
        "n_generations": slider("n_generations", "generations n", n_generations, 1, 100),
        **replicate_controls(n_chains=n_chains, strategy=strategy,
                             real_fraction=real_fraction, seed=seed),
    }

    def draw(axes, *, n_samples, K, exponent, n_generations, n_chains, strategy,
             real_fraction, seed):
        p0 = zipf(K=K, exponent=exponent)
        chain = simulate_chain(p0, n_samples=n_samples, n_generations=n_generations,
                               n_chains=n_chains, strategy=strategy,
                               real_fraction=real_fraction if strategy == "mix" else 0.0,
                               seed=seed)
        support, survival = (_tail_theory(n_samples, K, round(exponent, 6), n_generations)
                             if strategy == "replace" else (None, None))
        plot_support(axes[0], chain, theory=support)
        plot_survival(axes[1], chain, K - 1, exact=survival)
        plot_transition_matrix(axes[2], transition_matrix(n_samples=n_samples), colorbar=False)
        if strategy == "replace":
            return "Dashed: exact Markov-chain theory. The rarest categories vanish first."
        return "No closed form for this strategy: compare its support with the replace chain."

    return Explorer(controls, draw, rules=REPLICATE_RULES, ncols=2, nrows=2, n_axes=3,
                    height=7.4)
