"""The Gaussian world's explorer (notebook 01)."""
from __future__ import annotations

import ipywidgets as widgets

from ..core.explorer import REPLICATE_RULES, Explorer, choice, replicate_controls, slider
from .chain import simulate_chain
from .estimators import ESTIMATORS
from .plots import plot_generation_histogram, plot_variance_fan

__all__ = ["gaussian_explorer"]


def gaussian_explorer(*, n_samples: int = 10, n_generations: int = 100,
                      estimator: str = "unbiased", n_chains: int = 200,
                      strategy: str = "replace", real_fraction: float = 0.2,
                      seed: int = 0) -> Explorer:
    """Explore the Gaussian fit-and-sample chain (notebook 01).

    Controls: M (points per generation, 2..200), generations (1..300), estimator, number
    of chains (1..1000), strategy, real fraction and seed. "real fraction" is disabled
    unless the strategy is "mix", the only one that uses it. Left: a fan of σ²ₙ paths on
    a log axis with the simulated mean and median and, for the replace chain, the exact
    mean and the theory median (dashed). Right: the M points that one chain's last
    generation produces, against the real density.

    Parameters
    ----------
    n_samples, n_generations, estimator, n_chains, strategy, real_fraction, seed :
        The controls' starting values (see :func:`~collapse_lib.gaussian.simulate_chain`).

    Returns
    -------
    Explorer

    Examples
    --------
    >>> explorer = gaussian_explorer(n_samples=20)
    >>> explorer.controls["n_generations"].value = 30
    >>> "M = 20" in explorer.figure.axes[0].get_title()
    True
    """
    controls = {
        "n_samples": slider("n_samples", "M (points)", n_samples, 2, 200),
        "n_generations": slider("n_generations", "generations n", n_generations, 1, 300),
        "estimator": choice("estimator", "estimator", ESTIMATORS, estimator,
                            kind=widgets.ToggleButtons),
        **replicate_controls(n_chains=n_chains, strategy=strategy,
                             real_fraction=real_fraction, seed=seed),
    }

    def draw(axes, *, n_samples, n_generations, n_chains, estimator, strategy,
             real_fraction, seed):
        chain = simulate_chain(
            n_generations=n_generations, n_samples=n_samples, estimator=estimator,
            n_chains=n_chains, strategy=strategy,
            real_fraction=real_fraction if strategy == "mix" else 0.0, seed=seed)
        plot_variance_fan(axes[0], chain)
        plot_generation_histogram(axes[1], chain, seed=seed)
        if strategy == "replace":
            return "Dashed: exact theory. The mean can stay put while the median falls to 0."
        return "No closed form for this strategy: compare its median with the replace chain."

    return Explorer(controls, draw, rules=REPLICATE_RULES, ncols=2)
