"""The mitigations explorer (notebook 06): any world, any strategy, against replace."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..core import plotting
from ..core.explorer import EnabledWhen, Explorer, choice, slider
from ..core.strategies import STRATEGIES
from .comparison import WORLDS, simulate_world, training_set_size, world_theory

__all__ = ["mitigation_explorer"]

_CHAINS = 200
_RULES = {"real_fraction": EnabledWhen(lambda values: values["strategy"] == "mix",
                                       "used only by the strategy 'mix'")}


def mitigation_explorer(*, world: str = "Gaussian", strategy: str = "mix",
                        real_fraction: float = 0.2, budget: int = 20,
                        n_generations: int = 100, seed: int = 0) -> Explorer:
    """Compare a strategy with replace in any world (notebook 06).

    Controls: the world, the strategy, the real fraction (only for "mix"), the budget
    (M points per generation; T₀ rows in regression, 12..100 so that T₀ >= d + 2 with
    d = 10), the generations (1..100) and the seed; 200 chains each. The ranges keep
    every redraw near a second at most, even for accumulate-subsample in regression,
    which keeps every row it ever drew. Left: the world's measure of
    the model trained at generation n (fitted variance, categories left, or model error)
    for the strategy and for replace: the median of the chains with their 10-90 % band,
    and the exact expectation dashed where one exists. Right: the cost, the training-set
    size of each generation.

    Parameters
    ----------
    world, strategy, real_fraction, budget, n_generations, seed :
        The controls' starting values (see
        :func:`~collapse_lib.mitigations.comparison.simulate_world`).

    Returns
    -------
    Explorer

    Examples
    --------
    >>> explorer = mitigation_explorer(world="discrete", n_generations=20)
    >>> explorer.figure.axes[0].get_title()
    'discrete: mix, 20 % real vs replace (M = 20)'
    """
    controls = {
        "world": choice("world", "world", WORLDS, world, kind=widgets.ToggleButtons),
        "strategy": choice("strategy", "strategy", STRATEGIES, strategy),
        "real_fraction": slider("real_fraction", "real fraction f", real_fraction, 0.0, 1.0,
                                0.05, kind=widgets.FloatSlider),
        "budget": slider("budget", "budget M (T₀)", budget, 12, 100),
        "n_generations": slider("n_generations", "generations n", n_generations, 1, 100),
        "seed": slider("seed", "seed", seed, 0, 99),
    }

    def draw(axes, *, world, strategy, real_fraction, budget, n_generations, seed):
        fraction = real_fraction if strategy == "mix" else 0.0
        generations = np.arange(n_generations + 1)
        # Regression's generation 0 is w0 itself (error 0): its log axis starts at n = 1.
        shown = slice(1, None) if world == "regression" else slice(None)
        runs = [("replace", 0.0)] if strategy == "replace" else [("replace", 0.0),
                                                                  (strategy, fraction)]
        missing = []
        for (name, share), color in zip(runs, plotting.SERIES_COLORS):
            label = _label(name, share)
            run = simulate_world(world=world, strategy=name, real_fraction=share,
                                 budget=budget, n_generations=n_generations,
                                 n_chains=_CHAINS, seed=seed)
            plotting.plot_spread(axes[0], generations[shown], run.measure[:, shown],
                                 color=color, label=label)
            theory = world_theory(generations, world=world, strategy=name,
                                  real_fraction=share, budget=budget)
            if theory is None:
                missing.append(label)
            else:
                plotting.plot_theory(axes[0], generations[shown], theory[shown], color=color,
                                     label=f"{label}: exact mean")
        if world == "discrete":       # a count of categories: linear
            axes[0].set_yscale("linear")
        else:                         # variances and errors span decades: log
            plotting.set_log(axes[0])
        size = "T₀" if world == "regression" else "M"
        label_shown = _label(strategy, fraction)
        axes[0].set(xlabel="generation n", ylabel=run.label,
                    title=f"{world}: {label_shown}"
                          + ("" if strategy == "replace" else " vs replace")
                          + f" ({size} = {budget})")
        axes[0].legend(handles=axes[0].lines, loc="best")       # lines only: bands in caption
        later = generations[1:]
        for name, color, style in zip(STRATEGIES, plotting.SERIES_COLORS,
                                      plotting.SERIES_STYLES):
            axes[1].plot(later, training_set_size(later, strategy=name, budget=budget),
                         color=color, linestyle=style, linewidth=2.5,
                         label=_label(name, real_fraction))
        plotting.set_log(axes[1])
        axes[1].set(xlabel="generation n", ylabel=f"training-set size ({size})",
                    title="Cost per generation")
        axes[1].legend(loc="center right", bbox_to_anchor=(1.0, 0.3))
        note = ("No closed form for " + " and ".join(missing) + ": simulation only."
                if missing else "Dashed: exact expectation.")
        return note + " Solid: median of 200 chains; shaded: 10–90 % of chains."

    return Explorer(controls, draw, rules=_RULES, ncols=2, width_ratios=(1.7, 1))


def _label(strategy: str, real_fraction: float) -> str:
    return f"mix, {100 * real_fraction:.0f} % real" if strategy == "mix" else strategy
