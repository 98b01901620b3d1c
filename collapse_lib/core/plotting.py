"""The course's figure style and the plots every world uses.

Conventions: theory is a dashed line drawn over the simulation (solid lines or points);
colours come from the Okabe-Ito palette, which colour-blind readers can tell apart, and
every series also has its own line style; fonts are sized for a projector; each figure
gets a one-line caption saying what to look at. Plot functions take a matplotlib
``Axes`` and draw on it, so the same code serves a static notebook figure and an
explorer's redraw. Worlds keep their own plots in their folder and build on these.
"""
from __future__ import annotations

import io
import textwrap

import matplotlib as mpl
import matplotlib.ticker  # noqa: F401 - mpl.ticker below
import numpy as np
from cycler import cycler
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from .checks import check_int
from .statistics import mean_and_standard_error, quantiles

__all__ = [
    "BLACK", "ORANGE", "SKY_BLUE", "GREEN", "YELLOW", "BLUE", "VERMILLION", "PURPLE",
    "OKABE_ITO", "SERIES_COLORS", "SERIES_STYLES", "SIMULATION_COLOR", "THEORY_COLOR",
    "REAL_COLOR", "PATH_COLOR", "THEORY_STYLE", "TINY", "STYLE", "FIGURE_WIDTH",
    "use_course_style", "describe_figure", "course_style", "new_figure", "set_log", "figure_svg",
    "clear_axes", "add_caption", "plot_theory", "plot_simulation", "plot_paths",
    "plot_mean_vs_theory", "plot_spread", "plot_error_vs_generation", "plot_strategy_comparison",
]

# Okabe & Ito (2008), "Color universal design", by name.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"        # bluish green
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"       # reddish purple
OKABE_ITO = (BLACK, ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILLION, PURPLE)

SIMULATION_COLOR = BLUE          # what the simulation shows
THEORY_COLOR = VERMILLION        # what the formula says
REAL_COLOR = BLACK               # the real distribution
PATH_COLOR = SKY_BLUE            # individual chains
THEORY_STYLE = dict(color=THEORY_COLOR, linestyle="--", linewidth=2.5)
# Several series on one axes (strategies, estimators, settings): colour and line style.
SERIES_COLORS = (BLUE, ORANGE, GREEN, PURPLE, VERMILLION, BLACK)
SERIES_STYLES = ("-", "-.", ":", (0, (5, 1, 1, 1)), "-", (0, (3, 1)))
TINY = 1e-300                    # values below this are drawn at it on log axes

# Legibility on a projector: no text smaller than 12 pt at the size a notebook column
# shows it (tests/test_figure_legibility.py). JupyterLab at 1280x720 gives an output
# 848 CSS px wide and scales a wider PNG down to it, so a figure FIGURE_WIDTH inches wide
# at 100 dpi is shown at 0.84 of its size: its smallest text, 14 pt, reads as 12 pt.
# Wider figures need larger text; stack panels instead. Font sizes are set here only.
FIGURE_WIDTH = 10.0

STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 14,                 # the smallest text, also of ax.text and annotations
    "axes.titlesize": 15,
    "axes.titley": 1.0,  # a fixed title position skips a costly layout pass per redraw
    "axes.titlepad": 8.0,
    "axes.labelsize": 14,
    "xtick.labelsize": 14,
    "ytick.labelsize": 14,
    "legend.fontsize": 14,
    "legend.title_fontsize": 14,
    "figure.titlesize": 16,          # suptitle
    "figure.labelsize": 14,          # supxlabel: the caption
    "legend.handlelength": 1.8,      # compact legends at 14 pt
    "legend.labelspacing": 0.35,
    "legend.borderaxespad": 0.3,
    "lines.linewidth": 2.2,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "axes.prop_cycle": cycler(color=list(SERIES_COLORS)) + cycler(linestyle=list(SERIES_STYLES)),
}


def use_course_style() -> None:
    """Apply the course style to matplotlib's global settings (notebooks call this once).

    In a notebook it also makes every figure shown carry a text alternative: the PNG
    output's metadata gets ``alt`` = :func:`describe_figure` (the book shows it as the
    image's alt text; screen readers read it).

    Examples
    --------
    >>> use_course_style()
    >>> mpl.rcParams["legend.fontsize"]
    14.0
    """
    mpl.rcParams.update(STYLE)
    _describe_figures_in_notebooks()


def _describe_figures_in_notebooks() -> None:
    """In IPython, wrap the PNG formatter of figures so that it adds the alt text."""
    try:
        from IPython import get_ipython
    except ImportError:                     # pragma: no cover - IPython ships with Jupyter
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    import matplotlib.pyplot as plt

    plt.close(plt.figure())                 # the inline backend registers its formatter now
    formatter = shell.display_formatter.formatters["image/png"]
    try:
        draw_png = formatter.lookup_by_type(Figure)
    except KeyError:
        return
    if getattr(draw_png, "adds_alt_text", False):
        return

    def png_with_alt_text(figure, *args, **kwargs):
        data = draw_png(figure, *args, **kwargs)
        return (data, {"alt": describe_figure(figure)}) if data else data

    png_with_alt_text.adds_alt_text = True
    formatter.for_type(Figure, png_with_alt_text)


def describe_figure(figure: Figure) -> str:
    """A text alternative for a figure, from what is drawn on it.

    Says how many panels there are and, for each, its title, what is plotted against
    what, the legend's entries and, for an image, its row labels; then the caption. It
    describes the figure's content; the text around the figure says what it shows.

    Parameters
    ----------
    figure : matplotlib.figure.Figure

    Returns
    -------
    str

    Examples
    --------
    >>> figure, axes = new_figure()
    >>> _ = axes[0].plot([0, 1], [1, 2], label="simulation")
    >>> _ = axes[0].set(title="Variance", xlabel="generation n", ylabel="σ²")
    >>> _ = axes[0].legend()
    >>> add_caption(figure, "Solid: the median.")
    >>> describe_figure(figure)
    'Figure, 1 panel. "Variance": σ² against generation n; legend: simulation. Caption: Solid: the median.'
    """
    panels = [ax for ax in figure.axes if ax.get_visible() and ax.axison]
    parts = [f"Figure, {len(panels)} panel{'s' if len(panels) != 1 else ''}."]
    for ax in panels:
        title = ax.get_title() or ax.get_title(loc="left")
        words = [f'"{title}":' if title else "A panel:"]
        if ax.images:
            rows = [label.get_text() for label in ax.get_yticklabels() if label.get_text()]
            words.append("an image" + (f" with rows {', '.join(rows)}" if rows else "")
                         + (";" if ax.get_legend() else "."))
        else:
            y, x = ax.get_ylabel(), ax.get_xlabel()
            words.append(f"{y or 'values'} against {x or 'position'}"
                         + (";" if ax.get_legend() else "."))
        legend = ax.get_legend()
        if legend is not None:
            entries = [text.get_text() for text in legend.get_texts() if text.get_text()]
            words.append("legend: " + ", ".join(entries) + ".")
        parts.append(" ".join(words))
    caption = figure.get_supxlabel()
    if caption:
        parts.append("Caption: " + " ".join(caption.split()))
    return " ".join(parts)


def course_style():
    """Context manager applying the course style to everything drawn inside it.

    Returns
    -------
    contextlib.AbstractContextManager

    Examples
    --------
    >>> with course_style():
    ...     figure, axes = new_figure()
    """
    return mpl.rc_context(STYLE)


# Fixed margins in inches: room for the style's tick labels, axis labels, titles and the
# caption (constrained layout would double the time of every redraw).
_MARGINS = {"left": 0.95, "right": 0.2, "top": 0.45, "bottom": 1.05, "between_columns": 1.0,
            "between_rows": 1.1}
_ROW_HEIGHT = 4.8


def new_figure(*, ncols: int = 1, nrows: int = 1, width: float = FIGURE_WIDTH,
               height: float | None = None, width_ratios=None,
               n_axes: int | None = None) -> tuple[Figure, np.ndarray]:
    """A pyplot-free Figure in the course style with a grid of axes (for explorers).

    The margins are fixed, in inches, with room for the style's text and a caption
    (:func:`add_caption`). At the default width the figure's text stays legible where a
    notebook column shows it (see :data:`FIGURE_WIDTH`).

    Parameters
    ----------
    ncols, nrows : int
        The grid of axes.
    width : float
        The figure's width in inches (default :data:`FIGURE_WIDTH`).
    height : float, optional
        The figure's height in inches (default 4.8 per row).
    width_ratios : sequence of float, optional
        Relative widths of the columns.
    n_axes : int, optional
        How many cells of the grid, row by row, get axes (default all); the rest stay empty.

    Returns
    -------
    figure : matplotlib.figure.Figure
    axes : ndarray of Axes, shape (n_axes,)

    Examples
    --------
    >>> figure, axes = new_figure(ncols=2)
    >>> axes.shape, figure.get_size_inches().tolist()
    ((2,), [10.0, 4.8])
    """
    height = _ROW_HEIGHT * nrows if height is None else height
    n_axes = check_int("n_axes", nrows * ncols if n_axes is None else n_axes, minimum=1,
                       maximum=nrows * ncols)
    margin = _MARGINS
    axes_width = (width - margin["left"] - margin["right"]
                  - (ncols - 1) * margin["between_columns"]) / ncols
    axes_height = (height - margin["top"] - margin["bottom"]
                   - (nrows - 1) * margin["between_rows"]) / nrows
    if axes_width <= 0 or axes_height <= 0:
        raise ValueError(f"width and height must leave room for the axes; got width = {width}, "
                         f"height = {height} for {nrows} x {ncols} axes")
    with course_style():
        figure = Figure(figsize=(width, height))
        axes = figure.subplots(nrows, ncols, squeeze=False,
                               width_ratios=width_ratios).ravel()
        figure.subplots_adjust(left=margin["left"] / width, right=1 - margin["right"] / width,
                               top=1 - margin["top"] / height,
                               bottom=margin["bottom"] / height,
                               wspace=margin["between_columns"] / axes_width,
                               hspace=margin["between_rows"] / axes_height)
        for ax in axes[n_axes:]:
            figure.delaxes(ax)
    return figure, axes[:n_axes]


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten(value, _position=None) -> str:
    """Tick label 10⁻⁴ in plain Unicode: mathtext would cost ~10 ms a tick per redraw."""
    if value <= 0:
        return ""
    exponent = np.log10(value)
    if abs(exponent - round(exponent)) > 1e-9:
        return ""
    return "10" + str(int(round(exponent))).translate(_SUPERSCRIPTS)


def _plain_number(value, _position=None) -> str:
    return f"{value:g}"


def set_log(ax, which: str = "y") -> None:
    """Log scale on the ``which`` ("x" or "y") axis with Unicode tick labels.

    Fast to draw (mathtext labels would cost ~10 ms each per redraw) and readable on a
    projector. Call it after plotting: over two decades or more the ticks are powers of
    ten (10⁻⁴); over a narrower range of the data they are 1-2-5 steps as plain numbers.

    Parameters
    ----------
    ax : matplotlib Axes
    which : {"x", "y"}

    Examples
    --------
    >>> figure, axes = new_figure()
    >>> _ = axes[0].plot([1, 2, 3], [1e-4, 1e-2, 1.0])
    >>> set_log(axes[0])
    >>> axes[0].get_yscale()
    'log'
    """
    axis = ax.yaxis if which == "y" else ax.xaxis
    (ax.set_yscale if which == "y" else ax.set_xscale)("log")
    low, high = (ax.dataLim.y0, ax.dataLim.y1) if which == "y" else (ax.dataLim.x0, ax.dataLim.x1)
    if low > 0 and np.isfinite(high) and high / low < 100:
        axis.set_major_locator(mpl.ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
        axis.set_major_formatter(mpl.ticker.FuncFormatter(_plain_number))
    else:
        axis.set_major_locator(mpl.ticker.LogLocator(numticks=8))
        axis.set_major_formatter(mpl.ticker.FuncFormatter(_power_of_ten))
    axis.set_minor_locator(mpl.ticker.NullLocator())


def figure_svg(figure: Figure) -> bytes:
    """Render a figure to SVG bytes, with text left as text for the browser to draw.

    Twice as fast as PNG (no glyph rasterising, no compression) and sharp at any
    projector size; explorers show it in an ``ipywidgets.Image`` (format "svg+xml").

    Parameters
    ----------
    figure : matplotlib.figure.Figure

    Returns
    -------
    bytes

    Examples
    --------
    >>> figure_svg(new_figure()[0]).startswith(b"<?xml")
    True
    """
    buffer = io.BytesIO()
    with mpl.rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg")
    return buffer.getvalue()


def clear_axes(ax) -> None:
    """Remove what a plot function drew (lines, collections, patches, texts, legend).

    Cheaper than ``ax.cla()``: the axis and its ticks survive, which roughly halves the
    time of an explorer's redraw. Autoscaling is switched back on.

    Parameters
    ----------
    ax : matplotlib Axes

    Examples
    --------
    >>> figure, axes = new_figure()
    >>> _ = axes[0].plot([0, 1], [0, 1])
    >>> clear_axes(axes[0])
    >>> len(axes[0].lines)
    0
    """
    for container in list(ax.containers):  # error bars: their lines and the container
        container.remove()
    for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.images]:
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.relim()
    ax.set_autoscale_on(True)


def add_caption(figure: Figure, text: str) -> None:
    """Write a one-line caption under the figure, saying what to look at.

    A caption longer than the figure is wide is wrapped onto more lines: text sticking
    out would widen the notebook's image, which the column then shrinks, text and all.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
    text : str

    Examples
    --------
    >>> figure, _ = new_figure()
    >>> add_caption(figure, "Look at the dashed line.")
    >>> figure.texts[-1].get_text()
    'Look at the dashed line.'
    >>> add_caption(figure, "A caption far too long for one line of the figure. " * 3)
    >>> len(figure.texts[-1].get_text().splitlines())
    2
    """
    size = STYLE["figure.labelsize"]
    # Prose in the style's font averages about half an em per character.
    fits = int(0.92 * figure.get_figwidth() * 72 / (0.52 * size))
    figure.supxlabel(textwrap.fill(text, fits) if len(text) > fits else text, fontsize=size,
                     style="italic", color="#333333")


def plot_theory(ax, x, y, label: str = "theory", **style) -> None:
    """Draw a formula as a dashed line (the course convention: theory dashed, on top).

    Parameters
    ----------
    ax : matplotlib Axes
    x, y : array_like, shape (L,)
    label : str
        Legend entry.
    **style
        Matplotlib line properties that override the theory style.

    Examples
    --------
    >>> figure, axes = new_figure()
    >>> plot_theory(axes[0], [0, 1], [1, 2], label="exact")
    >>> axes[0].lines[0].get_linestyle()
    '--'
    """
    ax.plot(x, y, label=label, zorder=4, **{**THEORY_STYLE, **style})


def plot_simulation(ax, x, y, label: str = "simulation", **style) -> None:
    """Draw a simulated statistic as a solid line (points if ``marker`` is given).

    Parameters
    ----------
    ax : matplotlib Axes
    x, y : array_like, shape (L,)
    label : str
    **style
        Matplotlib line properties (colour, line style, marker) that override the default.

    Examples
    --------
    >>> figure, axes = new_figure()
    >>> plot_simulation(axes[0], [0, 1], [1, 2])
    >>> axes[0].lines[0].get_linestyle()
    '-'
    """
    ax.plot(x, y, label=label, zorder=3, **{"color": SIMULATION_COLOR, "linestyle": "-", **style})


def plot_paths(ax, x, paths, *, max_paths: int = 60, floor: float | None = None,
               label: str | None = "single chains") -> None:
    """Draw up to ``max_paths`` rows of ``paths`` as thin lines (one LineCollection).

    Parameters
    ----------
    ax : matplotlib Axes
    x : array_like, shape (L,)
    paths : array_like, shape (n_chains, L)
    max_paths : int
        Rows drawn at most.
    floor : float, optional
        For log axes: values below it are drawn at it.
    label : str or None

    Examples
    --------
    >>> figure, axes = new_figure()
    >>> plot_paths(axes[0], np.arange(3), np.ones((100, 3)), max_paths=10)
    >>> len(axes[0].collections[0].get_paths())
    10
    """
    max_paths = check_int("max_paths", max_paths, minimum=0)
    paths = np.asarray(paths)[:max_paths]
    if floor is not None:
        paths = np.maximum(paths, floor)
    segments = np.stack([np.broadcast_to(x, paths.shape), paths], axis=-1)
    ax.add_collection(LineCollection(segments, colors=PATH_COLOR, linewidths=0.8, alpha=0.35,
                                     label=label, zorder=2))
    ax.autoscale_view()


def plot_mean_vs_theory(ax, x, samples, theory, *, label: str = "simulation",
                        theory_label: str = "theory", color: str = SIMULATION_COLOR,
                        theory_color: str = THEORY_COLOR, theory_linestyle="--") -> None:
    """Simulated mean over replicates (solid, with a +-2 standard-error band) and the
    formula (dashed) on top. For light-tailed quantities; see :mod:`.statistics`.

    Parameters
    ----------
    ax : matplotlib Axes
    x : array_like, shape (L,)
    samples : array_like, shape (n_replicates, L)
    theory : array_like, shape (L,)
    label, theory_label : str
    color, theory_color : str
    theory_linestyle : str or tuple
        A dash pattern, so several theory lines on one axes stay apart.

    Examples
    --------
    >>> figure, axes = new_figure()
    >>> samples = np.random.default_rng(0).normal(size=(50, 3))
    >>> plot_mean_vs_theory(axes[0], np.arange(3), samples, np.zeros(3))
    >>> [line.get_label() for line in axes[0].lines]
    ['simulation (±2 SE)', 'theory']
    """
    mean, standard_error = mean_and_standard_error(samples)
    ax.fill_between(x, mean - 2 * standard_error, mean + 2 * standard_error, color=color,
                    alpha=0.2, linewidth=0)
    plot_simulation(ax, x, mean, label=f"{label} (±2 SE)", color=color)
    plot_theory(ax, x, theory, label=theory_label, color=theory_color,
                linestyle=theory_linestyle)


def plot_spread(ax, x, samples, *, levels=(0.1, 0.5, 0.9), color: str = GREEN,
                label: str = "chains") -> None:
    """The median of the replicates (solid) inside a shaded band between two quantiles.

    For heavy-tailed quantities, where a mean and its standard error mislead: the median
    and the band show what a typical replicate does. Lines are floored at TINY for log axes.

    Parameters
    ----------
    ax : matplotlib Axes
    x : array_like, shape (L,)
    samples : array_like, shape (n_replicates, L)
    levels : (low, middle, high) floats in [0, 1]
        The band's edges and the line (default 10 %, 50 %, 90 %).
    color : str
    label : str
        What a replicate is, for the legend ("median of chains", "10–90 % of chains").

    Examples
    --------
    >>> figure, axes = new_figure()
    >>> plot_spread(axes[0], np.arange(3), np.random.default_rng(0).normal(size=(50, 3)))
    >>> [line.get_label() for line in axes[0].lines]
    ['median of chains']
    """
    low, middle, high = np.maximum(quantiles(samples, levels), TINY)
    ax.fill_between(x, low, high, color=color, alpha=0.18, linewidth=0,
                    label=f"{100 * levels[0]:g}–{100 * levels[2]:g} % of {label}")
    middle_name = "median" if levels[1] == 0.5 else f"{100 * levels[1]:g} % quantile"
    plot_simulation(ax, x, middle, label=f"{middle_name} of {label}", color=color)


def plot_error_vs_generation(ax, samples, theory=None, *, label: str = "simulation",
                             theory_label: str = "theory", ylabel: str = "test error",
                             color: str = SIMULATION_COLOR,
                             theory_color: str = THEORY_COLOR, marker: str = "o",
                             offset: float = 0.0) -> str:
    """Mean over replicates against n (points with +-2 SE bars) and the formula (dashed).

    ``marker`` and a small horizontal ``offset`` keep several series on one axes apart.

    Parameters
    ----------
    ax : matplotlib Axes
    samples : array_like, shape (n_chains, n_generations + 1)
    theory : array_like, shape (n_generations + 1,), optional
    label, theory_label, ylabel : str
    color, theory_color : str
    marker : str
        Matplotlib marker of the points.
    offset : float
        Shift of the points along n (the theory line is not shifted).

    Returns
    -------
    str
        A one-line summary of the slopes per generation (simulation and theory).

    Examples
    --------
    >>> figure, axes = new_figure()
    >>> samples = np.arange(4.0) + np.zeros((5, 4))
    >>> plot_error_vs_generation(axes[0], samples, np.arange(4.0))
    'slope per generation: simulation 1, theory 1'
    """
    samples = np.asarray(samples, dtype=float)
    n = np.arange(samples.shape[1])
    mean, standard_error = mean_and_standard_error(samples)
    ax.errorbar(n + offset, mean, yerr=2 * standard_error, fmt=marker, color=color,
                markersize=5, capsize=3, label=f"{label} (±2 SE)", zorder=3)
    slope = np.polyfit(n, mean, 1)[0] if n.size > 1 else float("nan")
    summary = f"slope per generation: simulation {slope:.3g}"
    if theory is not None:
        plot_theory(ax, n, theory, label=theory_label, color=theory_color)
        theory_slope = np.polyfit(n, theory, 1)[0] if n.size > 1 else float("nan")
        summary += f", theory {theory_slope:.3g}"
    ax.set_xlabel("generation n")
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left")
    return summary


def plot_strategy_comparison(ax, x, curves: dict, *, ylabel: str, title: str = "") -> None:
    """One solid line per strategy (its own colour and line style), for comparisons.

    Parameters
    ----------
    ax : matplotlib Axes
    x : array_like, shape (L,)
    curves : dict of str -> array_like, shape (L,)
        Legend label -> simulated statistic, in the order to draw.
    ylabel, title : str

    Examples
    --------
    >>> figure, axes = new_figure()
    >>> plot_strategy_comparison(axes[0], [0, 1], {"replace": [1, 0], "mix": [1, 1]},
    ...                          ylabel="σ²")
    >>> [line.get_label() for line in axes[0].lines]
    ['replace', 'mix']
    """
    for (label, curve), color, style in zip(curves.items(), SERIES_COLORS, SERIES_STYLES):
        plot_simulation(ax, x, curve, label=label, color=color, linestyle=style)
    ax.set_xlabel("generation n")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend()
