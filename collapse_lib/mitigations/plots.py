"""Figures of the mitigations chapter (notebook 06): strategies side by side, levels against f.

Two figures recur in notebook 06, in every world:

- :func:`plot_strategies`: one world's measure against the generation n under several
  strategies (or curations), each in its own colour and line style: the median of the
  chains in a 10-90 % band (heavy-tailed measures) or the mean in a +-2 SE band
  (light-tailed ones), with the exact expectation dashed in the same colour where one
  exists;
- :func:`plot_levels`: the level a "mix" chain settles at, against the real fraction f:
  the exact level dashed, the simulated chains at a late generation as points (their mean
  with +-2 SE bars, or their median with 10-90 % bars and their mean beside it).

Both follow the course's conventions (:mod:`collapse_lib.core.plotting`): theory dashed
over simulation, Okabe-Ito colours by name, the style's font sizes.
"""
from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..core import plotting
from ..core.checks import check_choice
from ..core.statistics import mean_and_standard_error, quantiles

__all__ = ["SUMMARIES", "plot_strategies", "plot_levels"]

SUMMARIES = ("median", "mean")


def _summary(samples, summary):
    """(line, low, high) over the chains (axis 0): median and 10-90 %, or mean and +-2 SE."""
    samples = np.asarray(samples, dtype=float)
    if summary == "median":
        low, middle, high = quantiles(samples, (0.1, 0.5, 0.9))
        return middle, low, high
    mean, standard_error = mean_and_standard_error(samples)
    return mean, mean - 2 * standard_error, mean + 2 * standard_error


def plot_strategies(ax, x, samples: dict, theory: dict | None = None, *,
                    summary: str = "median", bands=None, log: bool = False,
                    legend_loc: str = "best") -> None:
    """Several strategies' chains against n: a summary line in a band, the exact mean dashed.

    Each entry of ``samples`` gets the next colour and line style of
    :data:`~collapse_lib.core.plotting.SERIES_COLORS` / ``SERIES_STYLES``: its summary
    over the chains (solid or its own style), a shaded band, and its entry of ``theory``
    (if given and not None) dashed in the same colour. The legend names the strategies
    once each and explains the dashes and the shading with two grey entries.

    Parameters
    ----------
    ax : matplotlib Axes
    x : array_like, shape (L,)
        Generations.
    samples : dict of str -> array_like, shape (n_chains, L)
        Legend label -> the measure of every chain at every generation.
    theory : dict of str -> array_like (L,) or None, optional
        Legend label -> the exact expectation (None, or a missing label: no formula).
    summary : {"median", "mean"}
        "median": the median in a 10-90 % band of the chains (for heavy tails);
        "mean": the mean in a +-2 standard-error band (for light tails).
    bands : collection of str, optional
        The labels that get a band (default: all).
    log : bool
        A log y axis: values are floored at :data:`~collapse_lib.core.plotting.TINY`, and
        a generation where every chain (or the exact mean) is exactly 0 is not drawn.
    legend_loc : str
        Where the legend goes (matplotlib's ``loc``).

    Examples
    --------
    >>> from collapse_lib.core.plotting import new_figure
    >>> figure, axes = new_figure()
    >>> chains = np.random.default_rng(0).normal(1.0, 0.1, size=(50, 4))
    >>> plot_strategies(axes[0], np.arange(4), {"replace": chains, "mix": chains + 1},
    ...                 {"replace": np.ones(4), "mix": None})
    >>> [text.get_text() for text in axes[0].get_legend().get_texts()]
    ['replace', 'mix', 'exact mean (dashed)', '10–90 % of chains']
    """
    summary = check_choice("summary", summary, SUMMARIES)
    theory = theory or {}
    handles = []
    for (label, chains), color, style in zip(samples.items(), plotting.SERIES_COLORS,
                                             plotting.SERIES_STYLES):
        line, low, high = _summary(chains, summary)
        if log:
            # a generation where every chain is exactly 0 (n = 0 of the regression error)
            # has nothing to draw on a log axis; tiny positive values are floored
            empty = np.all(np.asarray(chains) == 0, axis=0)
            line, low, high = (np.where(empty, np.nan, np.maximum(values, plotting.TINY))
                               for values in (line, low, high))
        if bands is None or label in bands:
            ax.fill_between(x, low, high, color=color, alpha=0.15, linewidth=0)
        plotting.plot_simulation(ax, x, line, label=label, color=color, linestyle=style)
        handles.append(ax.lines[-1])
        if theory.get(label) is not None:
            exact = np.asarray(theory[label], dtype=float)
            exact = np.where(exact > 0, exact, np.nan) if log else exact
            plotting.plot_theory(ax, x, exact, label="_exact", color=color)
    if any(value is not None for value in theory.values()):
        handles.append(Line2D([], [], color="#555555", linestyle="--",
                              label="exact mean (dashed)"))
    band = "10–90 % of chains" if summary == "median" else "mean ± 2 SE"
    handles.append(Patch(color="#555555", alpha=0.25, label=band))
    if log:
        plotting.set_log(ax)
    ax.set_xlabel("generation n")
    ax.legend(handles=handles, loc=legend_loc)


def plot_levels(ax, x, samples, *, theory_x, theory, label: str = "",
                summary: str = "median", color: str = plotting.BLUE,
                marker: str = "o") -> None:
    """The level of a "mix" chain against f: the exact level dashed, the chains as points.

    Parameters
    ----------
    ax : matplotlib Axes
    x : array_like, shape (L,)
        The real fractions simulated.
    samples : array_like, shape (n_chains, L)
        The measure of every chain at a late generation, for each real fraction.
    theory_x, theory : array_like, shape (K,)
        The real fractions and exact levels of the dashed line.
    label : str
        What is drawn, put in front of each legend entry ("" for none).
    summary : {"median", "mean"}
        "median": the median with 10-90 % bars, and the mean as open markers beside it
        (heavy tails); "mean": the mean with +-2 SE bars (light tails).
    color, marker : str
        Of the simulated points; the exact level is dashed in the same colour.

    Examples
    --------
    >>> from collapse_lib.core.plotting import new_figure
    >>> figure, axes = new_figure()
    >>> chains = np.random.default_rng(0).normal(1.0, 0.1, size=(50, 3))
    >>> plot_levels(axes[0], [0.1, 0.5, 0.9], chains, theory_x=[0.1, 0.9],
    ...             theory=[1.0, 1.0], label="σ²")
    >>> [text.get_text() for text in axes[0].get_legend().get_texts()]
    ['σ²: exact level', 'σ²: mean of chains', 'σ²: median, 10–90 % of chains']
    """
    summary = check_choice("summary", summary, SUMMARIES)
    x = np.asarray(x, dtype=float)
    prefix = f"{label}: " if label else ""
    plotting.plot_theory(ax, theory_x, theory, label=f"{prefix}exact level", color=color)
    line, low, high = _summary(samples, summary)
    if summary == "median":
        mean = np.asarray(samples, dtype=float).mean(axis=0)
        ax.plot(x, mean, linestyle="", marker=marker, markersize=8, markerfacecolor="none",
                color=color, label=f"{prefix}mean of chains", zorder=3)
        name = f"{prefix}median, 10–90 % of chains"
    else:
        name = f"{prefix}mean of chains ± 2 SE"
    ax.errorbar(x, line, yerr=[line - low, high - line], fmt=marker, color=color,
                markersize=6, capsize=3, label=name, zorder=3)
    ax.set_xlabel("real fraction f")
    ax.legend()
