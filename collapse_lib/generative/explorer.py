"""The generative world's explorer (notebook 08): a mixture of digits that draws its own data."""
from __future__ import annotations

import dataclasses

import ipywidgets as widgets
from matplotlib.ticker import MaxNLocator

from ..core import plotting
from ..core.explorer import REPLICATE_RULES, Explorer, choice, seed_control, slider
from ..core.run_cache import RunCache
from .chain import PER_GENERATION, GenerativeChain, simulate_chain
from .plots import measure_values, plot_image_grid

__all__ = ["generative_explorer"]

# settings (all but the generations) -> the longest run simulated so far
_RUNS = RunCache(size=16)


def _run(*, n_generations, **settings) -> GenerativeChain:
    """The chain for these settings: a longer cached run cut to ``n_generations``."""
    key = tuple(sorted((name, round(value, 6) if isinstance(value, float) else value)
                       for name, value in settings.items()))
    return _RUNS.get(key=key, n_generations=n_generations, cut=_cut,
                     simulate=lambda n: simulate_chain(n_generations=n, **settings))


def _cut(run: GenerativeChain, n_generations: int) -> GenerativeChain:
    kept = slice(0, n_generations + 1)
    cut = {name: getattr(run, name)[:, kept] for name in PER_GENERATION}
    return dataclasses.replace(run, images=run.images[kept], **cut)


def generative_explorer(*, strategy: str = "replace", real_fraction: float = 0.2,
                        n_generations: int = 10, n_components: int = 10,
                        minority_share: float = 0.05, temperature: float = 0.8,
                        repair: str = "off", seed: int = 0) -> Explorer:
    """Explore a Gaussian mixture of real digits retrained on its own drawings (notebook 08).

    Controls: the strategy (replace, accumulate, mix), the real fraction f (only for mix),
    the generations (1..20), the mixture's components K (1..20), the
    minority digit 8's share of the real images (0.02..0.3), the sampling temperature t
    (0.5..1; 1 is plain sampling), algorithmic reparation (off/on) and the seed. One chain
    with d = 20 principal components. Top left: ten drawn digits per generation (rows
    n = 0, 1, 2, 5, 10, 20, and the last). Top right: the log-likelihood of held-out real
    images and of the model's own drawings. Bottom: the minority's share of the drawings
    (the real share dotted) and the drawings' spread. A run is simulated once per setting
    and cached: lowering the generations, or coming back to a setting, redraws at once. A
    setting too big to simulate in about 10 s (accumulate's training set grows by M images
    a generation; at K = 20 and 20 generations it is refused) shows a message instead.

    Parameters
    ----------
    strategy, real_fraction, n_generations, n_components, minority_share, temperature, seed :
        The controls' starting values (see :func:`~collapse_lib.generative.simulate_chain`).
    repair : {"off", "on"}
        Algorithmic reparation's starting value.

    Returns
    -------
    Explorer

    Examples
    --------
    >>> explorer = generative_explorer(n_generations=2)
    >>> explorer.figure.axes[0].get_title()
    'replace, t = 0.8'
    >>> [label.get_text() for label in explorer.figure.axes[0].get_yticklabels()]
    ['n = 0', 'n = 1', 'n = 2']
    """
    controls = {
        "strategy": choice("strategy", "strategy", ("replace", "accumulate", "mix"), strategy),
        "real_fraction": slider("real_fraction", "real fraction f", real_fraction, 0.0, 1.0,
                                0.05, kind=widgets.FloatSlider),
        "n_generations": slider("n_generations", "generations n", n_generations, 1, 20),
        "n_components": slider("n_components", "components K", n_components, 1, 20),
        "minority_share": slider("minority_share", "share of 8s", minority_share, 0.02, 0.3,
                                 0.01, kind=widgets.FloatSlider),
        "temperature": slider("temperature", "temperature t", temperature, 0.5, 1.0, 0.05,
                              kind=widgets.FloatSlider),
        "repair": choice("repair", "reparation", ("off", "on"), repair,
                         kind=widgets.ToggleButtons),
        "seed": seed_control(seed),
    }

    def draw(axes, *, strategy, real_fraction, n_generations, n_components, minority_share,
             temperature, repair, seed):
        run = _run(n_generations=n_generations, strategy=strategy,
                   real_fraction=real_fraction if strategy == "mix" else 0.0,
                   n_components=n_components, minority_share=minority_share,
                   temperature=temperature, repair=repair == "on", seed=seed)
        label = f"mix, {100 * real_fraction:.0f} % real" if strategy == "mix" else strategy
        plot_image_grid(axes[0], run, title=f"{label}, t = {temperature:g}"
                        + (", repaired" if repair == "on" else ""))
        x = run.generations
        for measure, name, color, style in (
                ("heldout_ll", "held-out real images", plotting.BLUE, "-"),
                ("own_ll", "its own drawings", plotting.ORANGE, "-.")):
            axes[1].plot(x, measure_values(run, measure=measure)[0], color=color,
                         linestyle=style, marker="o", label=name)
        axes[1].set_yscale("symlog", linthresh=100)
        axes[1].set(xlabel="generation n", ylabel="log-likelihood (nats / image)",
                    title=f"K = {n_components} components")
        axes[2].plot(x, run.minority_share[0], color=plotting.VERMILLION, marker="o",
                     label="drawn 8s")
        axes[2].axhline(run.real.shares[run.real.minority_digit], color=plotting.REAL_COLOR,
                        linestyle=":", label="real share")
        axes[2].set(xlabel="generation n", ylabel="share of the drawings",
                    title="The minority digit 8", ylim=(0, None))
        axes[3].plot(x, measure_values(run, measure="spread")[0], color=plotting.GREEN,
                     marker="o", label="drawings")
        axes[3].set(xlabel="generation n", ylabel="spread (ink, geometric-mean SD)",
                    title="Diversity",
                    ylim=(0, None))
        for ax in axes[1:]:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.legend(loc="best")
        return "Simulation only (no formula): one chain, d = 20 principal components."

    return Explorer(controls, draw, rules=REPLICATE_RULES, ncols=2, nrows=2)
