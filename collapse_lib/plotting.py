"""The course's figure style and the plots that recur across notebooks and explorers.

Conventions (COURSE.md sections 3 and 6): theory is a dashed line drawn over the
simulation (solid lines or points); colours come from the Okabe-Ito palette, which
colour-blind readers can tell apart, and every series also has its own line style;
fonts are sized for a projector; each figure gets a one-line caption saying what to
look at. Plot functions take a matplotlib ``Axes`` and draw on it, so the same code
serves a static notebook figure and an explorer's redraw.
"""
from __future__ import annotations

import io

import matplotlib as mpl
import matplotlib.ticker  # noqa: F401 - mpl.ticker below
import numpy as np
from cycler import cycler
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from . import gaussian

# Okabe & Ito (2008), "Color universal design": black, orange, sky blue, bluish green,
# yellow, blue, vermillion, reddish purple.
OKABE_ITO = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
             "#CC79A7")
SIMULATION_COLOR = "#0072B2"   # blue: what the simulation shows
THEORY_COLOR = "#D55E00"       # vermillion: what the formula says
REAL_COLOR = "#000000"         # black: the real distribution
PATH_COLOR = "#56B4E9"         # sky blue: individual chains
THEORY_STYLE = dict(color=THEORY_COLOR, linestyle="--", linewidth=2.5)
TINY = 1e-300                  # values below this are drawn at it on log axes

STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 14,
    "axes.titlesize": 15,
    "axes.titley": 1.0,  # a fixed title position skips a costly layout pass per redraw
    "axes.titlepad": 8.0,
    "axes.labelsize": 14,
    "legend.fontsize": 11,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "lines.linewidth": 2.2,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "axes.prop_cycle": cycler(color=[OKABE_ITO[i] for i in (5, 1, 3, 7, 0, 6)])
    + cycler(linestyle=["-", "-.", ":", (0, (5, 1, 1, 1)), "-", (0, (3, 1))]),
}


def use_course_style() -> None:
    """Apply the course style to matplotlib's global settings (notebooks call this once)."""
    mpl.rcParams.update(STYLE)


def course_style():
    """Context manager applying the course style to everything drawn inside it."""
    return mpl.rc_context(STYLE)


def new_figure(ncols: int = 1, nrows: int = 1, *, width: float = 6.0,
               height: float = 4.2) -> tuple[Figure, np.ndarray]:
    """A pyplot-free Figure in the course style with a grid of axes (for explorers).

    Returns the figure and a flat array of its ``nrows * ncols`` axes.
    """
    with course_style():
        figure = Figure(figsize=(width * ncols, height * nrows))
        axes = figure.subplots(nrows, ncols, squeeze=False).ravel()
        # Fixed margins: constrained layout would double the time of every redraw.
        figure.subplots_adjust(left=0.09 / ncols ** 0.5, right=0.98, top=0.9,
                               bottom=0.2 if nrows == 1 else 0.12, wspace=0.25, hspace=0.35)
    return figure, axes


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
    projector. Call it after plotting: over two decades or more the ticks are powers of ten
    (10⁻⁴); over a narrower range of the data they are 1-2-5 steps as plain numbers.
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
    projector size; explorers show it in an ``ipywidgets.Image`` (format "svg+xml"),
    where each figure's element ids stay private to its own image.
    """
    buffer = io.BytesIO()
    with mpl.rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg")
    return buffer.getvalue()


def clear_axes(ax) -> None:
    """Remove what a plot function drew (lines, collections, patches, texts, legend).

    Cheaper than ``ax.cla()``: the axis and its ticks survive, which roughly halves the
    time of an explorer's redraw. Autoscaling is switched back on.
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
    """Write a one-line caption under the figure, saying what to look at."""
    figure.supxlabel(text, fontsize=12, style="italic", color="#333333")


def plot_theory(ax, x, y, label: str = "theory", **style) -> None:
    """Draw a formula as a dashed line (the course convention: theory dashed, on top)."""
    ax.plot(x, y, label=label, zorder=4, **{**THEORY_STYLE, **style})


def plot_simulation(ax, x, y, label: str = "simulation", **style) -> None:
    """Draw a simulated statistic as a solid line (points if ``marker`` is given)."""
    ax.plot(x, y, label=label, zorder=3, **{"color": SIMULATION_COLOR, "linestyle": "-", **style})


def plot_paths(ax, x, paths, *, max_paths: int = 60, floor: float | None = None,
               label: str | None = "single chains") -> None:
    """Draw up to ``max_paths`` rows of ``paths`` (shape (n_chains, len(x))) as thin lines.

    One LineCollection, so a fan of many chains draws in milliseconds. With ``floor``
    (for log axes) values below it are drawn at it.
    """
    paths = np.asarray(paths)[:max_paths]
    if floor is not None:
        paths = np.maximum(paths, floor)
    segments = np.stack([np.broadcast_to(x, paths.shape), paths], axis=-1)
    ax.add_collection(LineCollection(segments, colors=PATH_COLOR, linewidths=0.8, alpha=0.35,
                                     label=label, zorder=2))
    ax.autoscale_view()


def describe_estimator(estimator: str) -> str:
    """The estimator's convention, for plot titles: 'MLE (÷M)' or 'unbiased (÷(M−1))'."""
    return "MLE (÷M)" if estimator == "mle" else "unbiased (÷(M−1))"


def plot_variance_fan(ax, chain: gaussian.GaussianChain, *, max_paths: int = 60) -> None:
    """sigma_n^2 of single chains on a log axis, their mean and median, and the theory.

    Theory (replace chains only, where a formula exists): the exact mean
    :func:`~collapse_lib.gaussian.expected_variance` and the median
    :func:`~collapse_lib.gaussian.median_variance`, both dashed.
    """
    n = chain.generations
    plot_paths(ax, n, chain.sigma2, max_paths=max_paths, floor=TINY)
    plot_simulation(ax, n, np.maximum(chain.sigma2.mean(axis=0), TINY),
                    label=f"mean of {chain.n_chains} chains")
    plot_simulation(ax, n, np.maximum(np.median(chain.sigma2, axis=0), TINY),
                    label="median", color="#009E73", linestyle="-.")
    if chain.strategy == "replace":
        theory = dict(sigma=np.sqrt(chain.sigma2[0, 0]), estimator=chain.estimator)
        plot_theory(ax, n, gaussian.expected_variance(n, chain.n_samples, **theory),
                    label="E σ²ₙ (exact)")
        plot_theory(ax, n, gaussian.median_variance(n, chain.n_samples, **theory),
                    label="median (theory)", color="#CC79A7", linestyle=(0, (2, 1)))
    set_log(ax)
    ax.set_xlabel("generation n")
    ax.set_ylabel("fitted variance σ²ₙ")
    ax.set_title(f"σ²ₙ, M = {chain.n_samples}, {describe_estimator(chain.estimator)}, "
                 f"{chain.strategy}", fontsize=13)
    ax.legend(loc="lower left")


def plot_generation_histogram(ax, chain: gaussian.GaussianChain, generation: int | None = None,
                              *, seed=0, legend: bool = True) -> None:
    """Histogram of the M points one chain's generation-n model produces, vs the real density.

    Draws chain 0's data (``GaussianChain.draw``) on fixed bins over mu +- 4 sigma, the
    real density N(mu, sigma^2) (read from column 0 of the chain) dashed and the fitted
    density solid (clipped to the axes).
    """
    generation = chain.n_generations if generation is None else generation
    mu, sigma = chain.mu[0, 0], np.sqrt(chain.sigma2[0, 0])
    points = chain.draw(generation, seed=seed)
    x = np.linspace(mu - 4 * sigma, mu + 4 * sigma, 400)
    real = np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))
    fitted_mu, fitted_var = chain.mu[0, generation], chain.sigma2[0, generation]
    fitted = np.exp(-0.5 * (x - fitted_mu) ** 2 / max(fitted_var, TINY)) / \
        np.sqrt(2 * np.pi * max(fitted_var, TINY))
    heights, edges = np.histogram(np.clip(points, x[0], x[-1]), bins=np.linspace(x[0], x[-1], 33),
                                  density=True)
    ax.stairs(heights, edges, fill=True, color=PATH_COLOR, alpha=0.6,
              label=f"its M = {chain.n_samples} points")
    plot_simulation(ax, x, fitted, label=f"fitted, generation {generation}")
    ax.plot(x, real, color=REAL_COLOR, linestyle="--", linewidth=2.5,
            label="real N(μ, σ²)", zorder=4)
    ax.set_ylim(0, 2.5 * real.max())
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.set_title(f"generation {generation}: σ²ₙ = {fitted_var:.2g}", fontsize=13)
    if legend:
        ax.legend(loc="upper right")


def plot_mean_vs_theory(ax, x, samples, theory, *, label: str = "simulation",
                        theory_label: str = "theory", color: str = SIMULATION_COLOR,
                        theory_color: str = THEORY_COLOR) -> None:
    """Simulated mean over replicates (solid, with a +-2 standard-error band) and the
    formula (dashed) on top.

    ``samples`` has shape (n_replicates, len(x)); ``theory`` has shape (len(x),).
    """
    samples = np.asarray(samples, dtype=float)
    mean = samples.mean(axis=0)
    standard_error = samples.std(axis=0, ddof=1) / np.sqrt(samples.shape[0])
    ax.fill_between(x, mean - 2 * standard_error, mean + 2 * standard_error, color=color,
                    alpha=0.2, linewidth=0)
    plot_simulation(ax, x, mean, label=f"{label} (±2 SE)", color=color)
    plot_theory(ax, x, theory, label=theory_label, color=theory_color)


# --------------------------------------------------------------------------------------
# The discrete world (notebook 02)
# --------------------------------------------------------------------------------------

def plot_support(ax, chain, *, theory=None, max_paths: int = 40) -> None:
    """Number of surviving categories per generation: single chains, their mean, theory.

    ``theory`` (optional): the exact expected count per generation, e.g. from
    :func:`collapse_lib.markov.expected_surviving_categories`, drawn dashed.
    """
    n = chain.generations
    support = chain.support_size
    plot_paths(ax, n, support, max_paths=max_paths)
    plot_simulation(ax, n, support.mean(axis=0), label=f"mean of {chain.n_chains} chains")
    if theory is not None:
        plot_theory(ax, n, theory, label="exact E (Markov chain)")
    ax.set_xlabel("generation n")
    ax.set_ylabel("categories with pₙ > 0")
    ax.set_ylim(0, chain.p.shape[-1] * 1.05)
    ax.set_title(f"Surviving support, K = {chain.p.shape[-1]}, M = {chain.n_samples}, "
                 f"{chain.strategy}", fontsize=13)
    ax.legend(loc="upper right")


def plot_survival(ax, chain, category: int, *, exact=None) -> None:
    """P(one category still alive at generation n): simulation, exact, and the naive guess.

    The naive guess freezes the category's probability at q = p_0(category), so each
    generation loses it with probability (1 - q)^M: survival (1 - (1 - q)^M)^n.
    ``exact`` (optional): the exact survival curve, drawn dashed.
    """
    n = chain.generations
    q = chain.p[0, 0, category]
    alive = (chain.p[:, :, category] > 0).mean(axis=0)
    plot_simulation(ax, n, alive, label=f"simulation ({chain.n_chains} chains)")
    if exact is not None:
        plot_theory(ax, n, exact, label="exact (Markov chain)")
    naive = (1 - (1 - q) ** chain.n_samples) ** n
    ax.plot(n, naive, color="#009E73", linestyle=":", linewidth=2.5,
            label="q frozen: (1 − (1 − q)ᴹ)ⁿ")
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("generation n")
    ax.set_ylabel("P(category alive)")
    ax.set_title(f"Rarest category, q = {q:.2g}", fontsize=13)
    ax.legend(loc="upper right")


def plot_transition_matrix(ax, matrix, *, colorbar: bool = True) -> None:
    """The Wright-Fisher transition matrix P[i, j] as a heat map (rows: count now).

    The colour scale is P^0.4, so the diagonal band shows next to the absorbing corners.

    Explorers pass ``colorbar=False``: their figure is reused, and a colorbar would take
    a new slice of it at every redraw.
    """
    size = matrix.shape[0] - 1
    image = ax.imshow(matrix, cmap="viridis", origin="upper", interpolation="nearest",
                      norm=mpl.colors.PowerNorm(gamma=0.4, vmin=0.0, vmax=1.0),
                      extent=(-0.5, size + 0.5, size + 0.5, -0.5))
    if colorbar:
        ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="P[i, j]")
    ax.set_xlabel("count next generation j")
    ax.set_ylabel("count now i")
    ax.set_title(f"Transition matrix, M = {size}", fontsize=13)
    ax.grid(False)


def plot_probability_paths(ax, chain, *, chain_index: int = 0) -> None:
    """p_n(k) of every category along one chain, one line per category."""
    n = chain.generations
    for k in range(chain.p.shape[-1]):
        ax.plot(n, chain.p[chain_index, :, k], label=f"category {k + 1}")
    ax.set_xlabel("generation n")
    ax.set_ylabel("pₙ(k)")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(loc="upper right", ncol=2)


def plot_count_law(ax, counts, law, *, title: str = "") -> None:
    """Simulated frequencies of a count (bars) against its exact law (dashed, markers).

    ``counts``: simulated integer counts, shape (n_chains,); ``law``: the exact
    probabilities of 0..M, e.g. :func:`collapse_lib.markov.count_distribution`.
    """
    states = np.arange(law.size)
    observed = np.bincount(counts, minlength=law.size) / counts.size
    ax.bar(states, observed, width=0.8, color=PATH_COLOR, alpha=0.7,
           label=f"simulation ({counts.size} chains)")
    plot_theory(ax, states, law, label="exact law", marker="o", markersize=4)
    ax.set_xlabel("count M pₙ")
    ax.set_ylabel("probability")
    ax.set_title(title, fontsize=13)
    ax.legend(loc="upper center")


# --------------------------------------------------------------------------------------
# The regression world (notebooks 03 and 04)
# --------------------------------------------------------------------------------------

def plot_error_vs_generation(ax, samples, theory=None, *, label: str = "simulation",
                             theory_label: str = "theory", ylabel: str = "test error",
                             color: str = SIMULATION_COLOR,
                             theory_color: str = THEORY_COLOR) -> str:
    """Mean error over trials against n (points with +-2 SE bars) and the formula (dashed).

    ``samples``: shape (n_trials, n_generations + 1); ``theory``: shape (n_generations + 1,)
    or None. Returns a one-line summary of the slopes (per generation) of both.
    """
    samples = np.asarray(samples, dtype=float)
    n = np.arange(samples.shape[1])
    mean = samples.mean(axis=0)
    standard_error = samples.std(axis=0, ddof=1) / np.sqrt(samples.shape[0]) \
        if samples.shape[0] > 1 else np.zeros_like(mean)
    ax.errorbar(n, mean, yerr=2 * standard_error, fmt="o", color=color,
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


def plot_ridge_curves(ax, ridges, theory_by_n: dict, simulated=None, *,
                      ylabel: str = "test error (excess risk)") -> None:
    """Error against lambda on a log axis, one curve per n, with each curve's minimum marked.

    ``theory_by_n``: {n: error over ``ridges``} drawn dashed; ``simulated``: optional
    (lambdas, {n: mean error}) drawn as points in the same colour.
    """
    colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00"]
    for (n, curve), color in zip(theory_by_n.items(), colors):
        ax.plot(ridges, curve, linestyle="--", color=color, linewidth=2.5, label=f"n = {n}")
        best = np.argmin(curve)
        ax.plot(ridges[best], curve[best], marker="v", markersize=12, color=color,
                markeredgecolor="black", linestyle="none")
        if simulated is not None:
            lambdas, means = simulated
            ax.plot(lambdas, means[n], "o", color=color, markersize=6)
    set_log(ax, "x")
    ax.set_xlabel("ridge λ")
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper right", title="dashed: theory, ● simulation", title_fontsize=10)
